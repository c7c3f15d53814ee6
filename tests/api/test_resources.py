"""Sections, tags, authors, sources: only what the reader's site shows of
them; never a confidential source, never what only hidden articles carry."""

import pytest
from django.test import Client

from articles.models import Article
from tests.factories import make_article, make_author, make_citation, make_source

from .helpers import get, world

pytestmark = pytest.mark.django_db


def slugs(data):
    return [item["slug"] for item in data["items"]]


def test_sections_are_public_like_the_navigation():
    world()
    response, data = get("/api/v1/sections/")
    assert response.status_code == 200
    assert set(slugs(data)) >= {"politik", "geheimressort"}
    item = next(i for i in data["items"] if i["slug"] == "politik")
    assert item == {
        "slug": "politik",
        "name": "Politik",
        "description": "",
        "url": "http://testserver/ressort/politik/",
    }
    assert get("/api/v1/sections/politik/")[1]["name"] == "Politik"
    assert get("/api/v1/sections/gibt-es-nicht/")[0].status_code == 404


def test_tags_only_of_published_articles():
    world()
    assert slugs(get("/api/v1/tags/")[1]) == ["klima"]
    assert get("/api/v1/tags/klima/")[1]["name"] == "Klima"
    response, data = get("/api/v1/tags/geheimthema/")
    assert response.status_code == 404 and data["error"]["code"] == "not_found"


def test_authors_only_with_a_published_byline():
    world()
    make_author(slug="ohne-artikel")
    assert slugs(get("/api/v1/authors/")[1]) == ["anna"]
    data = get("/api/v1/authors/anna/")[1]
    assert data["url"] == "http://testserver/autor/anna/"
    assert "user" not in data and "email" not in data
    for slug in ("noch-nicht", "ohne-artikel"):
        assert get(f"/api/v1/authors/{slug}/")[0].status_code == 404


def test_sources_only_cited_by_published_articles_and_never_confidential():
    w = world()
    make_source(slug="nie-zitiert")
    # A confidential source cited by a published article is still secret.
    make_citation(make_article(), make_source(slug="whistleblower", is_confidential=True))
    response, data = get("/api/v1/sources/")
    assert slugs(data) == ["ministerium"]
    text = response.content.decode()
    for leak in ("informant", "whistleblower", "internal_notes", "aliases", "is_confidential"):
        assert leak not in text
    detail = get("/api/v1/sources/ministerium/")[1]
    assert detail["page_url"] == "http://testserver/quelle/ministerium/"
    assert set(detail) == {"slug", "name", "kind", "role", "affiliation", "url", "page_url"}
    for slug in ("informant", "whistleblower", "kommende-quelle", "nie-zitiert"):
        assert get(f"/api/v1/sources/{slug}/")[0].status_code == 404, slug
    assert w["secret"].is_confidential


@pytest.mark.parametrize("resource", ["sections", "tags", "authors", "sources"])
def test_lists_page_by_cursor(resource):
    for _ in range(5):
        article = make_article(authors=[make_author()], tags=[f"t{_}"])
        make_citation(article)
    seen, url = [], f"/api/v1/{resource}/?limit=2"
    while url:
        data = get(url)[1]
        seen += slugs(data)
        url = data["meta"]["next"]
    assert len(seen) == 5 and seen == sorted(seen)


@pytest.mark.parametrize("resource", ["sections", "tags", "authors", "sources"])
@pytest.mark.parametrize("slug", ["%00", "a%20b", "x" * 230, "..%2F..%2Fetc"])
def test_hostile_slugs_are_404(resource, slug):
    response, data = get(f"/api/v1/{resource}/{slug}/")
    assert response.status_code == 404
    assert data["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/kommentare/", "/api/v1/articles/abc/"])
def test_other_addresses_under_the_api_are_404_in_json(path):
    response, data = get(path)
    assert response.status_code == 404
    assert data["error"] == {"code": "not_found", "en": "Not found.", "de": "Nicht gefunden."}


def test_a_missing_trailing_slash_still_redirects():
    response = get("/api/v1/articles")[0]
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/"


@pytest.mark.parametrize(
    ("resource", "most"),
    [("sections", 3), ("tags", 4), ("authors", 4), ("sources", 4)],
)
def test_lists_cost_a_fixed_number_of_queries(resource, most, django_assert_max_num_queries):
    for _ in range(10):
        article = make_article(authors=[make_author()], tags=[f"t{_}"])
        make_citation(article)
    with django_assert_max_num_queries(most):
        assert len(get(f"/api/v1/{resource}/")[1]["items"]) == 10


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(method):
    article = make_article()
    response = getattr(Client(), method)(f"/api/v1/articles/{article.pk}/", data={})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert Article.objects.filter(pk=article.pk).exists()
