"""The OpenAPI schema: made with drf-spectacular when the API changes
(``manage.py api_schema``), kept in api/openapi.json and served from that
file. A web process never imports the schema generator (about 5 MiB per
worker); tests/api/test_schema.py fails when the file is out of date and
validates it against the OpenAPI 3 specification."""

import json
from functools import cache
from pathlib import Path

from django.http import HttpResponse

SCHEMA_FILE = Path(__file__).resolve().parent / "openapi.json"

SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Read-only JSON for published content (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}


@cache
def _api_key_scheme():
    """Tell drf-spectacular what api.authentication.ApiKeyAuthentication is (the
    extension registers itself when its class is made)."""
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class ApiKeyScheme(OpenApiAuthenticationExtension):
        target_class = "api.authentication.ApiKeyAuthentication"
        name = "ApiKey"

        def get_security_definition(self, auto_schema):
            return {
                "type": "apiKey",
                "in": "header",
                "name": "X-Api-Key",
                "description": "Optional: a partner's key raises the rate limit "
                "(also accepted as `Authorization: Api-Key <key>`).",
            }

    return ApiKeyScheme


ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "en", "de"],
            "properties": {
                "code": {"type": "string"},
                "en": {"type": "string", "description": "The message in English."},
                "de": {"type": "string", "description": "The message in German."},
                "parameter": {"type": "string", "description": "The query parameter at fault."},
                "retry_after": {"type": "integer", "description": "Seconds to wait (429)."},
            },
        }
    },
}
ERRORS = {
    "400": "A query parameter or the cursor cannot be read.",
    "401": "The API key is unknown or inactive.",
    "404": "Nothing published under this address.",
    "429": "Too many requests: wait Retry-After seconds.",
}


def _add_errors(schema: dict) -> None:
    schema["components"]["schemas"]["Error"] = ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema["paths"].items():
        detail = "{" in path  # one article, tag, ...: or what belongs to it
        for operation in operations.values():
            for status, description in ERRORS.items():
                if status == "404" and not detail:
                    continue
                operation["responses"][status] = {"description": description, "content": ref}
            operation["responses"]["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}
            }


def _patterns():
    """The API's routes with the views themselves (the URLconf imports them
    only on the first request, which the generator cannot see through)."""
    from django.urls import path

    from . import views
    from .routes import ROUTES

    return [
        path(f"api/v1/{route}", getattr(views, view).as_view(), name=name)
        for route, name, view, _params in ROUTES
    ]


def generate() -> dict:
    """The schema as the code describes it now."""
    from django.test.utils import override_settings

    with override_settings(
        REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"},
        SPECTACULAR_SETTINGS=SETTINGS,
    ):
        from drf_spectacular.generators import SchemaGenerator

        _api_key_scheme()
        generator = SchemaGenerator(patterns=_patterns())
        schema = generator.get_schema(request=None, public=True)
    # JSON types only (drf-spectacular leaves lazy strings and the like).
    schema = json.loads(json.dumps(schema, default=str))
    _add_errors(schema)
    return schema


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@cache
def _stored() -> bytes:
    return SCHEMA_FILE.read_bytes()


def openapi(request):
    """The stored schema; it changes with a deploy only, so the page cache
    is not needed: an edge may keep it five minutes."""
    response = HttpResponse(_stored(), content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    return response
