"""OAI-PMH protocol errors, each answered as the spec says, over one published publication built once."""

import pytest

from tests.factories.research import publication
from tests.research.test_oai import OAI, error_codes, oai

pytestmark = pytest.mark.both_databases


@pytest.fixture(scope="module")
def module_publication(module_db):
    return publication()


@pytest.fixture
def one_publication(module_publication, db):
    return module_publication


@pytest.mark.parametrize(
    "params, code",
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-13-45"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-01", "until": "2025-02-01T00:00:00Z"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-03-01", "until": "2025-02-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:kms.example.org:publication/1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": "oai:kms.example.org:publication/999999", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "GetRecord", "identifier": "oai:elsewhere.org:1", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:kms.example.org:publication/999999"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "theme:nothing-here"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "resumptionToken": "forged-token"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ],
)
def test_protocol_errors(client, params, code, one_publication):
    root = oai(client, **params)
    assert error_codes(root) == [code]
    request = root.find(f"{OAI}request")
    if code in ("badVerb", "badArgument"):
        # The protocol: after badVerb or badArgument, the request element carries no attributes.
        assert dict(request.attrib) == {}
    else:
        assert request.get("verb") == params["verb"]
