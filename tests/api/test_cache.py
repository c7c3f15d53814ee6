"""The API's answers are reader pages for the page cache: stored for
anonymous clients, named by the same surrogate keys, and dropped by the
same changes (the publishing services) as the reader's pages."""

import pytest
from django.test import Client

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_author, make_citation, make_section

from .helpers import get

pytestmark = pytest.mark.django_db


def test_answers_carry_cache_headers_and_surrogate_keys():
    section = make_section(slug="politik")
    article = make_article(section=section, authors=[make_author(slug="anna")], tags=["Klima"])
    make_citation(article)
    expected = {
        "/api/v1/articles/": {"site", "feed", "schedule"},
        f"/api/v1/articles/{article.pk}/": {"site", f"article-{article.pk}"},
        "/api/v1/sections/": {"site"},
        "/api/v1/sections/politik/": {"site"},
        "/api/v1/tags/": {"site", "feed", "schedule"},
        "/api/v1/tags/klima/": {"site", f"tag-{article.tags.get().pk}", "schedule"},
        "/api/v1/authors/anna/": {"site", f"author-{article.authors.get().pk}", "schedule"},
        "/api/v1/sources/": {"site", "feed", "schedule"},
    }
    for url, surrogate_keys in expected.items():
        first, again = get(url)[0], get(url)[0]
        assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit"), url
        assert set(first["Surrogate-Key"].split()) == surrogate_keys, url
        assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
        assert again.content == first.content
        assert first["ETag"] == again["ETag"]
        assert get(url, HTTP_IF_NONE_MATCH=first["ETag"])[0].status_code == 304


def test_the_list_and_the_detail_are_dropped_by_the_publishing_services(editor):
    shown = make_article(title="Erster")
    draft = make_article(title="Zweiter", status=Article.Status.DRAFT)
    list_url, detail_url = "/api/v1/articles/", f"/api/v1/articles/{shown.pk}/"
    assert [i["title"] for i in get(list_url)[1]["items"]] == ["Erster"]
    assert get(detail_url)[1]["corrections"] == []

    publishing.publish(article=draft, user=editor)
    response, data = get(list_url)
    assert response["X-Page-Cache"] == "miss"
    assert [i["title"] for i in data["items"]] == ["Zweiter", "Erster"]

    publishing.add_correction(article=shown, user=editor, kind="correction", text="Berichtigt.")
    response, data = get(detail_url)
    assert response["X-Page-Cache"] == "miss"
    assert [c["text"] for c in data["corrections"]] == ["Berichtigt."]

    publishing.unpublish(article=shown, user=editor)
    assert get(detail_url)[0].status_code == 404
    assert [i["title"] for i in get(list_url)[1]["items"]] == ["Zweiter"]


def test_a_signed_in_user_gets_a_fresh_uncached_answer(editor):
    make_article()
    client = Client()
    client.force_login(editor)
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert "no-store" in response["Cache-Control"]


def test_errors_are_not_stored():
    for _ in range(2):
        response, data = get("/api/v1/articles/?limit=0")
        assert response.status_code == 400
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"


def test_parameters_a_view_does_not_read_share_its_entry():
    article = make_article()
    for url, other in [
        ("/api/v1/articles/", "?q=x&page=2&utm_source=y"),
        (f"/api/v1/articles/{article.pk}/", "?limit=5&cursor=abc&kommentare=2"),
        ("/api/v1/sections/", "?section=x&tag=y"),
    ]:
        assert get(url)[0]["X-Page-Cache"] == "miss"
        response = get(url + other)[0]
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit", url + other
