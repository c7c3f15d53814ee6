"""The OpenAPI schema: served at a stable address, up to date with the code
(api/openapi.json is made by `manage.py api_schema`), and valid OpenAPI 3."""

import json

import pytest
from openapi_spec_validator import validate

from api import schema

from .helpers import get

pytestmark = pytest.mark.django_db

RESOURCES = ["articles", "sections", "tags", "authors", "sources"]


def test_the_schema_is_served_at_its_stable_address():
    response, data = get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content == schema.SCHEMA_FILE.read_bytes()
    assert data["openapi"].startswith("3.")


def test_the_stored_schema_is_what_the_code_describes():
    stored = schema.SCHEMA_FILE.read_text()
    assert stored == schema.dumps(schema.generate()), "run: python manage.py api_schema"


def test_the_schema_is_valid_openapi():
    validate(json.loads(schema.SCHEMA_FILE.read_text()))


def test_the_schema_describes_every_resource_its_filters_and_errors():
    data = json.loads(schema.SCHEMA_FILE.read_text())
    paths = data["paths"]
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in paths
        detail = "{id}" if resource == "articles" else "{slug}"
        assert f"/api/v1/{resource}/{detail}/" in paths
    listing = paths["/api/v1/articles/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert names == {"section", "tag", "author", "since", "until", "limit", "cursor"}
    assert set(listing["responses"]) == {"200", "400", "401", "429"}
    assert "Retry-After" in listing["responses"]["429"]["headers"]
    detail = paths["/api/v1/articles/{id}/"]["get"]["responses"]
    assert "404" in detail
    article = data["components"]["schemas"]["ArticleDetail"]["properties"]
    for field in ("kicker", "title", "lead", "body_html", "body_markdown", "hero_image",
                  "bylines", "citations", "corrections", "url"):  # fmt: skip
        assert field in article, field
    source = data["components"]["schemas"]["Source"]["properties"]
    assert "is_confidential" not in source and "internal_notes" not in source
    assert data["components"]["securitySchemes"]["ApiKey"]["in"] == "header"


def test_a_broken_schema_fails_validation():
    """The validator is not a formality: a schema without its responses fails."""
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    data = json.loads(schema.SCHEMA_FILE.read_text())
    del data["paths"]["/api/v1/articles/"]["get"]["responses"]
    with pytest.raises(OpenAPIValidationError):
        validate(data)


def test_a_web_process_loads_drf_only_for_the_api_and_never_the_schema_generator():
    """Memory per worker is a benchmark target: the URLconf and the admin
    load no Django REST framework (about 3 MiB) until the first API request,
    and drf-spectacular's generator (about 5 MiB more) only `manage.py
    api_schema` and the tests load."""
    import os
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup();"
        "from django.urls import resolve; from django.contrib import admin;"
        "view = resolve('/api/v1/articles/').func; admin.site.get_urls();"
        "print('rest_framework' in sys.modules);"
        "import api.views; print('rest_framework' in sys.modules);"
        "print('drf_spectacular.openapi' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
    )
    assert result.stdout.split() == ["False", "True", "False"], result.stderr
