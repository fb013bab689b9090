"""The OpenAPI 3.1 description of the search API, served at /api/v1/openapi.json."""

from .params import RANKING_PARAMS
from .query import MAX_PAGE_SIZE, SORTS


def _param(name, description, schema, many=False):
    if many:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **({"style": "form", "explode": True} if many else {}),
    }


# One service as /{lang}/services/services.json returns it (cms_pages.mapping.opendata.record).
SERVICE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string", "description": "In the URL's language, else English"},
        "type": {"type": "string", "description": "Type of service: a code from the controlled list"},
        "type_label": {"type": "string"},
        "theme": {"type": "string", "description": "Slug of the taxonomy theme the type of service belongs to"},
        "organisation": {"type": "string"},
        "organisation_acronym": {"type": "string"},
        "country_code": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "country": {"type": "string"},
        "region": {"type": "string"},
        "place": {"type": "string", "description": "Governorate or city; empty for a country-wide service"},
        "latitude": {"type": ["number", "null"]},
        "longitude": {"type": ["number", "null"]},
        "population_groups": {
            "type": "array",
            "items": {
                "type": "string",
                "enum": [
                    "refugees",
                    "asylum_seekers",
                    "migrants_in_transit",
                    "returnees",
                    "idps",
                    "host_communities",
                    "children",
                    "survivors",
                ],
            },
        },
        "languages": {"type": "array", "items": {"type": "string"}, "description": "ISO 639-1 codes"},
        "contact_channel": {"type": "string", "enum": ["walk_in", "phone", "hotline", "email", "website", "referral"]},
        "contact": {"type": "string"},
        "status": {"type": "string", "enum": ["active", "planned", "ended"]},
        "start_date": {"type": ["string", "null"], "format": "date"},
        "end_date": {"type": ["string", "null"], "format": "date"},
        "url": {"type": "string", "format": "uri", "description": "The service's own page: a stable URL"},
    },
}


def _services_path():
    string = {"type": "string"}
    parameters = [
        {
            "name": "lang",
            "in": "path",
            "required": True,
            "description": "Language of the names and labels.",
            "schema": {"type": "string", "enum": ["en", "fr", "ar", "nl"]},
        },
        _param("country", "ISO 3166-1 alpha-2 country code.", string),
        _param("region", "Region slug.", string),
        _param("type", "Type of service (a code; see the `type` property).", string),
        _param("group", "Population group (a code; see `population_groups`).", string),
        _param("language", "A language spoken at the service (ISO 639-1).", string),
    ]
    return {
        "get": {
            "summary": "Who does what where: the services partner organisations offer, filtered",
            "description": "The same filters as the HTML page. `services.csv` gives the same rows as CSV, with "
            "HXL hashtags (https://hxlstandard.org) in its second row.",
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "The matching services",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "language": string,
                                    "count": {"type": "integer"},
                                    "services": {"type": "array", "items": SERVICE},
                                },
                            }
                        }
                    },
                }
            },
        }
    }


def schema(server_url=""):
    string = {"type": "string"}
    switch = {
        "type": "integer",
        "enum": [0, 1],
        "default": 1,
        "description": "Results of a text query fuse three rankings (reciprocal rank fusion); each can be "
        "switched off here, and off in the site's settings it stays off.",
    }
    hit = {
        "type": "object",
        "properties": {
            "id": string,
            "kind": string,
            "title": string,
            "url": {"type": "string", "format": "uri"},
            "language": string,
            "date": {"type": ["string", "null"], "format": "date"},
            "snippet": {"type": "string", "description": "HTML-escaped text; matches wrapped in <mark>"},
            "also_in": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"id": string, "language": string, "url": string, "title": string},
                },
            },
            "found_via": {
                "type": ["object", "null"],
                "description": "Set when only a thesaurus translation of the query found this result",
                "properties": {"language": string, "term": string},
            },
            "found_by": {
                "type": "array",
                "description": "The rankings that found this result: keyword (the query's words), thesaurus "
                "(a translation of a concept the query names), semantic (closeness of meaning, in any language). "
                "Empty without search text.",
                "items": {"type": "string", "enum": list(RANKING_PARAMS)},
            },
        },
    }
    bucket = {"type": "object", "properties": {"value": {"type": ["string", "integer"]}, "count": {"type": "integer"}}}
    error = {"type": "object", "properties": {"error": string}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kms API: search and services",
            "version": "1.0.0",
            "description": "One search over pages, documents, publications and lessons learned, in en, fr, ar and nl. "
            "Results respect the caller's audiences: a signed-in session, or `Authorization: Bearer <token>` "
            "with a Wagtail API token (issued in the admin or with `manage.py api_tokens`).",
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
        "servers": [{"url": server_url or "/"}],
        "paths": {
            "/api/v1/autocomplete": {
                "get": {
                    "summary": "Titles starting with what the reader has typed",
                    "parameters": [
                        _param("q", "At least two characters; the last word is a prefix.", string),
                        _param("kind", "Only these kinds: document, publication, lesson, ...", string, many=True),
                    ],
                    "responses": {
                        "200": {
                            "description": "Up to 8 suggestions",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "suggestions": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "id": string,
                                                        "title": string,
                                                        "url": string,
                                                        "language": string,
                                                        "kind": string,
                                                    },
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "401": {
                            "description": "Invalid or revoked API token",
                            "content": {"application/json": {"schema": error}},
                        },
                        "429": {"description": "Too many requests", "content": {"application/json": {"schema": error}}},
                        "503": {
                            "description": "The search engine is unavailable",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
            "/{lang}/services/services.json": _services_path(),
            "/api/v1/search": {
                "get": {
                    "summary": "Search the library",
                    "parameters": [
                        _param("q", "Words to find, in any language (at most 500 characters).", string),
                        _param("lang", "Language filter: en, fr, ar, nl or neutral.", string, many=True),
                        _param(
                            "kind", "Kind filter: page, news, document, publication, lesson, ...", string, many=True
                        ),
                        _param("country", "ISO 3166-1 alpha-2 country code.", string, many=True),
                        _param("theme", "Theme slug.", string, many=True),
                        _param("organisation", "Organisation slug.", string, many=True),
                        _param("year", "Year of the item's date.", {"type": "integer"}, many=True),
                        _param(
                            "from", "Earliest date (YYYY-MM-DD, or a year YYYY); undated items are left out.", string
                        ),
                        _param("to", "Latest date (YYYY-MM-DD, or a year YYYY); undated items are left out.", string),
                        _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": 1000}),
                        _param(
                            "page_size",
                            "Results per page.",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        ),
                        _param("sort", "Order of results.", {"type": "string", "enum": list(SORTS)}),
                        *(
                            _param(name, description, switch)
                            for name, description in (
                                ("keyword", "0 leaves out the ranking by the query's own words."),
                                ("thesaurus", "0 leaves out what translations of the concepts the query names find."),
                                (
                                    "semantic",
                                    "0 leaves out the ranking by meaning (multilingual sentence embeddings), "
                                    "which finds texts in any language that share no word with the query.",
                                ),
                                (
                                    "correct",
                                    "0 keeps the text as typed. By default, when the query's own words find nothing"
                                    " and a spelling suggestion finds something, the suggestion's results are returned"
                                    " and corrected_from gives the text as typed.",
                                ),
                            )
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "Results",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "total": {"type": "integer"},
                                            "took_ms": {"type": "number"},
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "suggestion": string,
                                            "corrected_from": {"type": ["string", "null"]},
                                            "searched_for": string,
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": {"type": "array", "items": bucket},
                                            },
                                            "results": {"type": "array", "items": hit},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "A bad parameter, with a message saying which",
                            "content": {"application/json": {"schema": error}},
                        },
                        "401": {
                            "description": "Invalid or revoked API token",
                            "content": {"application/json": {"schema": error}},
                        },
                        "429": {"description": "Too many requests", "content": {"application/json": {"schema": error}}},
                        "503": {
                            "description": "The search engine is unavailable",
                            "content": {"application/json": {"schema": error}},
                        },
                    },
                }
            },
        },
    }
