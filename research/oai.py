"""OAI-PMH 2.0 data provider for publications (http://www.openarchives.org/OAI/openarchivesprotocol.html).

Libraries and aggregators harvest the repository's public publications as Dublin
Core. Records are ordered by datestamp (the last publication time, in UTC, to
the second); publications that left public view stay listed as deleted
("persistent"), so a harvester's copy follows. Resumption tokens are signed, so a
tampered or foreign token is refused with badResumptionToken.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from kms import public_url
from kms.converters import MAX_ID
from kms.taxonomy.models import Country, Theme
from kms.text import has_xml_illegal, xml_safe

from .citation import BIBTEX_LABELS, describe
from .models import DeletedPublication, PublicationPage
from .selectors import public_publications

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS)}
ARGUMENTS = {
    "Identify": ({"verb"}, set()),
    "ListMetadataFormats": ({"verb", "identifier"}, set()),
    "ListSets": ({"verb", "resumptionToken"}, set()),
    "ListIdentifiers": ({"verb", "metadataPrefix", "from", "until", "set", "resumptionToken"}, {"metadataPrefix"}),
    "ListRecords": ({"verb", "metadataPrefix", "from", "until", "set", "resumptionToken"}, {"metadataPrefix"}),
    "GetRecord": ({"verb", "identifier", "metadataPrefix"}, {"identifier", "metadataPrefix"}),
}
TOKEN_SALT = "research.oai.resumption"
DATESTAMP = "%Y-%m-%dT%H:%M:%SZ"
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def page_size():
    return settings.RESEARCH_OAI_PAGE_SIZE


def repository_identifier():
    return settings.RESEARCH_OAI_REPOSITORY_IDENTIFIER


def oai_identifier(page_id):
    return f"oai:{repository_identifier()}:publication/{page_id}"


def page_id_from(identifier):
    prefix = f"oai:{repository_identifier()}:publication/"
    number = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    # isdigit() also accepts digits such as "²" that int() refuses; ids past 64 bits match nothing.
    if not (number.isascii() and number.isdigit() and len(number) <= len(str(MAX_ID)) and int(number) <= MAX_ID):
        raise OAIError("idDoesNotExist", f"No record has the identifier {identifier!r}.")
    return int(number)


def format_datestamp(value):
    return value.astimezone(datetime.UTC).strftime(DATESTAMP)


def parse_datestamp(value, *, end_of_day=False):
    """(datetime, granularity) for a from/until argument; day granularity covers the whole day."""
    for pattern, granularity in (("%Y-%m-%d", "day"), (DATESTAMP, "seconds")):
        try:
            parsed = datetime.datetime.strptime(value, pattern).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        if granularity == "day" and end_of_day:
            parsed += datetime.timedelta(days=1, microseconds=-1)
        return parsed, granularity
    raise OAIError("badArgument", f"{value!r} is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")


# --- What the repository holds -----------------------------------------------------------------


def _publications():
    return public_publications().order_by("last_published_at", "pk")


def _sets_of(page):
    return [f"theme:{t.slug}" for t in page.themes.all()] + [f"country:{c.code.lower()}" for c in page.countries.all()]


def _live_filtered(set_spec, start, end):
    queryset = _publications()
    if set_spec:
        kind, _sep, value = set_spec.partition(":")
        if kind == "theme":
            queryset = queryset.filter(themes__slug=value)
        elif kind == "country":
            queryset = queryset.filter(countries__code__iexact=value)
        else:
            return queryset.none()
    if start:
        queryset = queryset.filter(last_published_at__gte=start)
    if end:
        queryset = queryset.filter(last_published_at__lte=end)
    return queryset.distinct()


def _deleted_filtered(set_spec, start, end, live_ids):
    queryset = DeletedPublication.objects.exclude(page_id__in=live_ids)
    if start:
        queryset = queryset.filter(deleted_at__gte=start)
    if end:
        queryset = queryset.filter(deleted_at__lte=end)
    return [d for d in queryset if not set_spec or set_spec in d.set_specs]


def matching_keys(set_spec, start, end):
    """Every matching record as (datestamp, page id, deleted?), in harvest order."""
    live = list(_live_filtered(set_spec, start, end).values_list("last_published_at", "pk"))
    live_ids = set(_publications().values_list("pk", flat=True))
    deleted = [(d.deleted_at, d.page_id) for d in _deleted_filtered(set_spec, start, end, live_ids)]
    keys = [(stamp, pk, False) for stamp, pk in live] + [(stamp, pk, True) for stamp, pk in deleted]
    return sorted(keys, key=lambda key: (key[0], key[1]))


# --- XML -----------------------------------------------------------------------------------------


def _sub(parent, tag, text=None, ns=OAI_NS, **attrs):
    # Stored titles and abstracts may hold control characters that XML cannot carry.
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", **{key: xml_safe(value) for key, value in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _envelope(request, arguments, *, echo=True):
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _sub(root, "responseDate", format_datestamp(timezone.now()))
    attrs = dict(arguments) if echo else {}
    _sub(root, "request", base_url(request), **attrs)
    return root


def base_url(request):
    return public_url.absolute(reverse("research:oai"))


def _response(root, status=200):
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _header(parent, page_id, datestamp, sets, deleted):
    header = _sub(parent, "header", **({"status": "deleted"} if deleted else {}))
    _sub(header, "identifier", oai_identifier(page_id))
    _sub(header, "datestamp", format_datestamp(datestamp))
    for spec in sets:
        _sub(header, "setSpec", spec)
    return header


def _dublin_core(parent, page, request):
    work = describe(page, version=page.latest_version, request=request)
    metadata = _sub(parent, "metadata")
    dc = etree.SubElement(metadata, f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")

    def add(tag, value):
        if value:
            _sub(dc, tag, value, ns=DC_NS)

    add("title", work.title)
    for author in work.authors:
        add("creator", author.family if author.is_organisation else f"{author.family}, {author.given}")
    for keyword in work.keywords:
        add("subject", keyword)
    for theme in page.themes.all():
        add("subject", theme.name_en)
    add("description", work.abstract)
    add("publisher", work.publisher)
    add("date", work.date.isoformat())
    add("type", "Dataset" if work.kind == "dataset" else "Text")
    add("type", BIBTEX_LABELS[work.kind])
    if page.primary_file is not None:
        add(
            "format",
            "application/pdf" if page.primary_file.file.name.lower().endswith(".pdf") else "application/octet-stream",
        )
    add("identifier", work.url)
    if work.doi:
        add("identifier", f"https://doi.org/{work.doi}")
    if work.handle:
        add("identifier", f"https://hdl.handle.net/{work.handle}")
    add("language", work.language)
    add("rights", page.licence_url or work.licence)
    add("rights", work.licence)
    for country in page.countries.all():
        add("coverage", country.name_en)
    if page.project_id and page.project is not None and page.project.live:
        add("relation", page.project.get_full_url(request))


# --- Verbs -----------------------------------------------------------------------------------


def identify(request, root, arguments):
    node = _sub(root, "Identify")
    _sub(node, "repositoryName", f"{settings.WAGTAIL_SITE_NAME}: research publications")
    _sub(node, "baseURL", base_url(request))
    _sub(node, "protocolVersion", "2.0")
    _sub(node, "adminEmail", settings.RESEARCH_OAI_ADMIN_EMAIL)
    earliest = [
        stamp
        for stamp in (
            _publications().order_by("last_published_at").values_list("last_published_at", flat=True).first(),
            DeletedPublication.objects.order_by("deleted_at").values_list("deleted_at", flat=True).first(),
        )
        if stamp
    ]
    _sub(node, "earliestDatestamp", format_datestamp(min(earliest) if earliest else EARLIEST))
    _sub(node, "deletedRecord", "persistent")
    _sub(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = _sub(node, "description")
    ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    oai_id = etree.SubElement(description, f"{{{ns}}}oai-identifier", nsmap={None: ns})
    oai_id.set(f"{{{XSI_NS}}}schemaLocation", f"{ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for tag, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_identifier()),
        ("delimiter", ":"),
        ("sampleIdentifier", oai_identifier(1)),
    ):
        _sub(oai_id, tag, value, ns=ns)


def list_metadata_formats(request, root, arguments):
    if "identifier" in arguments:
        _existing(page_id_from(arguments["identifier"]))
    node = _sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        fmt = _sub(node, "metadataFormat")
        _sub(fmt, "metadataPrefix", prefix)
        _sub(fmt, "schema", schema)
        _sub(fmt, "metadataNamespace", namespace)


def list_sets(request, root, arguments):
    if "resumptionToken" in arguments:
        raise OAIError(
            "badResumptionToken", "This repository lists all sets at once and issues no resumption token for them."
        )
    node = _sub(root, "ListSets")
    for theme in Theme.objects.all():
        item = _sub(node, "set")
        _sub(item, "setSpec", f"theme:{theme.slug}")
        _sub(item, "setName", f"Theme: {theme.name_en}")
    for country in Country.objects.all():
        item = _sub(node, "set")
        _sub(item, "setSpec", f"country:{country.code.lower()}")
        _sub(item, "setName", f"Country: {country.name_en}")


def _existing(page_id):
    """(page or None, deleted record or None) for an id; idDoesNotExist when the repository never showed it."""
    page = _publications().filter(pk=page_id).first()
    if page is not None:
        return page, None
    deleted = DeletedPublication.objects.filter(page_id=page_id).first()
    if deleted is not None:
        return None, deleted
    raise OAIError("idDoesNotExist", f"No record has the identifier {oai_identifier(page_id)!r}.")


def _check_prefix(prefix):
    if prefix not in METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"The metadata format {prefix!r} is not supported; use oai_dc.")


def get_record(request, root, arguments):
    _check_prefix(arguments["metadataPrefix"])
    page, deleted = _existing(page_id_from(arguments["identifier"]))
    node = _sub(root, "GetRecord")
    _write_records(request, node, [(page or deleted)], with_metadata=True)


def _write_records(request, parent, items, *, with_metadata):
    for item in items:
        if isinstance(item, DeletedPublication):
            record = _sub(parent, "record") if with_metadata else parent
            _header(record, item.page_id, item.deleted_at, item.set_specs, deleted=True)
            continue
        record = _sub(parent, "record") if with_metadata else parent
        _header(record, item.pk, item.last_published_at, _sets_of(item), deleted=False)
        if with_metadata:
            _dublin_core(record, item, request)


def _harvest_state(arguments):
    """The list request's parameters, from its arguments or from its resumption token."""
    if "resumptionToken" in arguments:
        if set(arguments) - {"verb", "resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        try:
            state = signing.loads(arguments["resumptionToken"], salt=TOKEN_SALT)
        except signing.BadSignature:
            raise OAIError("badResumptionToken", "The resumption token is invalid or has been altered.") from None
        if state.get("verb") != arguments["verb"]:
            raise OAIError("badResumptionToken", "The resumption token belongs to another verb.")
        return state
    _check_prefix(arguments["metadataPrefix"])
    start = end = None
    granularities = set()
    if "from" in arguments:
        start, granularity = parse_datestamp(arguments["from"])
        granularities.add(granularity)
    if "until" in arguments:
        end, granularity = parse_datestamp(arguments["until"], end_of_day=True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if start and end and start > end:
        raise OAIError("badArgument", "from is later than until.")
    return {
        "verb": arguments["verb"],
        "prefix": arguments["metadataPrefix"],
        "set": arguments.get("set", ""),
        "from": start.isoformat() if start else "",
        # A first request without until freezes "now", so later pages do not grow under the harvester.
        "until": (end or timezone.now()).isoformat(),
        "cursor": 0,
    }


def list_records(request, root, arguments, *, with_metadata=True):
    state = _harvest_state(arguments)
    start = datetime.datetime.fromisoformat(state["from"]) if state["from"] else None
    end = datetime.datetime.fromisoformat(state["until"])
    keys = matching_keys(state["set"], start, end)
    cursor = state["cursor"]
    if not keys:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    if cursor >= len(keys):
        raise OAIError("badResumptionToken", "The resumption token points past the end of the list.")
    chunk = keys[cursor : cursor + page_size()]
    live_ids = [pk for _stamp, pk, deleted in chunk if not deleted]
    pages = {
        page.pk: page
        for page in PublicationPage.objects.filter(pk__in=live_ids)
        .select_related("primary_file", "project", "locale")
        .prefetch_related("authors__affiliation", "keywords", "themes", "countries", "versions")
    }
    deleted = {
        d.page_id: d for d in DeletedPublication.objects.filter(page_id__in=[pk for _s, pk, gone in chunk if gone])
    }
    items = [item for _stamp, pk, gone in chunk if (item := (deleted if gone else pages).get(pk)) is not None]
    node = _sub(root, "ListRecords" if with_metadata else "ListIdentifiers")
    _write_records(request, node, items, with_metadata=with_metadata)
    next_cursor = cursor + len(chunk)
    if next_cursor < len(keys) or cursor > 0:
        token = signing.dumps({**state, "cursor": next_cursor}, salt=TOKEN_SALT) if next_cursor < len(keys) else None
        _sub(node, "resumptionToken", token, completeListSize=str(len(keys)), cursor=str(cursor))


def list_identifiers(request, root, arguments):
    list_records(request, root, arguments, with_metadata=False)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}


def _arguments(request):
    """The request's arguments; a repeated argument, or one holding characters XML cannot carry, is a badArgument."""
    source = request.POST if request.method == "POST" else request.GET
    arguments = {}
    for key in source:
        values = source.getlist(key)
        if has_xml_illegal(key) or any(has_xml_illegal(value) for value in values):
            raise OAIError("badArgument", "An argument name or value holds control characters.")
        if len(values) > 1:
            raise OAIError("badArgument", f"The argument {key!r} is repeated.")
        arguments[key] = values[0]
    return arguments


def _validate(arguments):
    verb = arguments.get("verb")
    if verb not in VERBS:
        message = "The verb is missing." if verb is None else f"{verb!r} is not an OAI-PMH verb."
        raise OAIError("badVerb", message)
    allowed, required = ARGUMENTS[verb]
    unknown = set(arguments) - allowed
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take the argument(s): {', '.join(sorted(unknown))}.")
    if "resumptionToken" not in arguments:
        missing = required - set(arguments)
        if missing:
            raise OAIError("badArgument", f"{verb} needs the argument(s): {', '.join(sorted(missing))}.")
    return verb


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    """The OAI-PMH base URL: one entry point, the verb chooses the request."""
    arguments = {}
    try:
        arguments = _arguments(request)
        verb = _validate(arguments)
        root = _envelope(request, arguments)
        VERBS[verb](request, root, arguments)
    except OAIError as error:
        echo = error.code not in ("badVerb", "badArgument")
        root = _envelope(request, arguments, echo=echo)
        _sub(root, "error", error.message, code=error.code)
    return _response(root)
