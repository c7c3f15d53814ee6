from datetime import UTC, datetime

import pytest

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment, make_correction, make_section

pytestmark = pytest.mark.django_db


def test_german_by_default_whatever_the_browser_prefers(client):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert "Kommentar hinterlassen" in response.content.decode()


def test_reader_switches_to_english_and_back(client):
    article = make_article()
    response = client.post("/i18n/setlang/", {"language": "en", "next": article.get_absolute_url()})
    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Leave a comment" in html
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Kommentar hinterlassen" in client.get(article.get_absolute_url()).content.decode()


def test_unknown_language_cookie_falls_back_to_german(client):
    client.cookies["django_language"] = "xx-evil"
    article = make_article()
    assert client.get(article.get_absolute_url())["Content-Language"] == "de"


def test_open_redirect_after_switching_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.test/"})
    assert response.status_code == 302
    assert "evil.test" not in response["Location"]


def test_the_switch_needs_no_token_so_pages_stay_public(client):
    make_article()
    html = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in html  # the footer form carries none
    guarded = type(client)(enforce_csrf_checks=True)
    response = guarded.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["samesite"] == "Lax"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.test"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_another_site_cannot_switch_the_language(client, headers):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **headers)
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_the_same_origin_may_switch(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302


@pytest.mark.parametrize("language", ["", "fr", "x" * 500, "de\x00"])
def test_an_unknown_language_is_a_clear_400(client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 400
    assert "django_language" not in response.cookies


def test_switching_by_get_changes_nothing(client):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 405
    assert "django_language" not in response.cookies


# -- dates in the reader's language (newsroom/formats/<lang>/formats.py) ------------

PUBLISHED = datetime(2025, 11, 25, 14, 30, tzinfo=UTC)  # Tuesday, 15:30 in Vienna
UPDATED = datetime(2025, 11, 25, 19, 5, tzinfo=UTC)  # 20:05 in Vienna
COMMENTED = datetime(2025, 11, 26, 8, 7, tzinfo=UTC)  # 09:07 in Vienna


def _dated_article():
    """An article whose every date shown to readers is known: published,
    updated, corrected, commented on, and its comments closed a week later."""
    section = make_section(name="Chronik", slug="chronik", comments_close_after_days=7)
    article = make_article(section=section, publish_at=PUBLISHED)
    make_correction(article)
    make_comment(article)
    Article.objects.filter(pk=article.pk).update(updated_at=UPDATED)
    article.corrections.update(created_at=UPDATED)
    Comment.objects.filter(article=article).update(created_at=COMMENTED)
    return article


def _article_meta(html):
    """The text of the article's byline-and-dates paragraph."""
    start = html.index('<p class="meta">')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_german_reader_sees_german_dates(client):
    article = _dated_article()
    html = client.get(article.get_absolute_url()).content.decode()
    meta = _article_meta(html)
    assert ">Dienstag, 25. November 2025, 15:30</time>" in meta
    assert "Aktualisiert <time" in meta and ">25. November 2025, 20:05</time>" in meta
    assert ">25. November 2025, 20:05</time>: Ein Fehler wurde korrigiert." in html
    assert ">26. November 2025, 09:07</time>" in html  # the comment
    assert "Die Kommentare zu diesem Artikel wurden am 2. Dezember 2025 geschlossen." in html
    # The machine-readable form stays the same in every language.
    assert '<time datetime="2025-11-25T15:30:00+0100">' in html
    # Teasers on the home page too.
    home = client.get("/").content.decode()
    assert ">25. November 2025, 15:30</time>" in home


def test_english_reader_sees_english_dates(client):
    article = _dated_article()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(article.get_absolute_url()).content.decode()
    meta = _article_meta(html)
    assert ">Tuesday, November 25, 2025, 3:30 PM</time>" in meta
    assert "Updated <time" in meta and ">November 25, 2025, 8:05 PM</time>" in meta
    assert ">November 25, 2025, 8:05 PM</time>: Ein Fehler wurde korrigiert." in html
    assert ">November 26, 2025, 9:07 AM</time>" in html  # the comment
    assert "Comments on this article closed on December 2, 2025." in html
    assert '<time datetime="2025-11-25T15:30:00+0100">' in html
    for german in ("November 2025", "Dienstag", "Dezember"):
        assert german not in html
    home = client.get("/").content.decode()
    assert ">November 25, 2025, 3:30 PM</time>" in home
    assert "25. November" not in home
