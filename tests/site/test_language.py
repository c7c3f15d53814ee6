import re
from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from articles.models import Article
from comments.models import Comment
from newsroom.middleware import ReaderLanguageMiddleware
from tests.factories import make_article, make_comment, make_correction, make_section

pytestmark = pytest.mark.django_db


def _en(url):
    return f"/en{url}"


def _vary(response):
    return {word.strip().lower() for word in response.get("Vary", "").split(",") if word.strip()}


def _footer_links(html):
    """{language: href} of the footer's language links (the current language: None)."""
    start = html.index('<nav class="language-switch"')
    nav = html[start : html.index("</nav>", start)]
    links = {code: href for href, code in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"', nav)}
    for current in re.findall(r'<span aria-current="page">([^<]+)</span>', nav):
        links[{"Deutsch": "de", "English": "en"}[current]] = None
    return links


def _alternates(html):
    head = html[: html.index("</head>")]
    return dict(
        (code, href)
        for code, href in re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head
        )
    )


def test_german_at_the_plain_address_english_under_en(client):
    article = make_article()
    url = article.get_absolute_url()
    assert url == f"/artikel/{article.slug}/"
    with translation.override("en"):
        assert article.get_absolute_url() == f"/en/artikel/{article.slug}/"

    german = client.get(url)
    assert german["Content-Language"] == "de"
    html = german.content.decode()
    assert '<html lang="de">' in html and "Kommentar hinterlassen" in html

    english = client.get(_en(url))
    assert english["Content-Language"] == "en"
    html = english.content.decode()
    assert '<html lang="en">' in html and "Leave a comment" in html
    # The article itself stays German (its own lang attribute).
    assert '<article class="article" lang="de">' in html


def test_german_whatever_the_browser_prefers(client):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert "Kommentar hinterlassen" in response.content.decode()
    response = client.get(_en(article.get_absolute_url()), HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("cookie", ["en", "de", "xx-evil"])
def test_a_language_cookie_changes_no_reader_page(client, cookie):
    article = make_article()
    url = article.get_absolute_url()
    plain = Client()
    expected = {u: plain.get(u).content for u in (url, _en(url))}
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = cookie
    for u in (url, _en(url)):
        response = client.get(u)
        assert response["Content-Language"] == ("en" if u.startswith("/en/") else "de")
        assert _strip_tokens(response.content) == _strip_tokens(expected[u])


def _strip_tokens(content):
    """A page without what differs per response (CSRF token, form timestamp, CSP nonce)."""
    return re.sub(rb'(value|nonce)="[^"]*"', b"", content)


def test_reader_pages_do_not_vary_on_accept_language(client):
    section = make_section(slug="politik")
    tag, _ = Tag.objects.get_or_create(name="Wahl", slug="wahl")
    article = make_article(section=section, tags=[tag])
    urls = [
        "/",
        section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "wahl"}),
        "/suche/?q=Wahl",
    ]
    for url in urls:
        for address in (url, _en(url)):
            for _ in range(2):  # rendered, then from the page cache
                response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
                assert response.status_code == 200, address
                assert "accept-language" not in _vary(response), (address, response["Vary"])


@pytest.mark.parametrize("path", ["/", "/en/", "/artikel/a/", "/en/artikel/a/", "/gibt/es/nicht/"])
def test_the_language_adds_no_vary_to_reader_pages(rf, path):
    """Vary: Cookie on a public page would make a CDN keep one copy per
    cookie, that is none. (Whatever else reads the session, the auth context
    processors for instance, adds its own: not the language.)"""
    request = rf.get(path, HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    response = ReaderLanguageMiddleware(lambda request: HttpResponse())(request)
    assert "Vary" not in response
    assert response["Content-Language"] == request.LANGUAGE_CODE
    assert request.LANGUAGE_CODE == ("en" if path.startswith("/en/") else "de")


def test_the_desk_varies_on_the_cookie_it_follows(rf):
    request = rf.get("/admin/", HTTP_COOKIE="django_language=en")
    response = ReaderLanguageMiddleware(lambda request: HttpResponse())(request)
    assert request.LANGUAGE_CODE == "en" and response["Vary"] == "Cookie"


def test_the_switcher_links_to_the_same_page_in_the_other_language(client):
    section = make_section(slug="politik")
    tag, _ = Tag.objects.get_or_create(name="Fußball", slug="fußball")
    article = make_article(section=section, tags=[tag])
    pages = [
        ("/", "/en/"),
        ("/ressort/politik/", "/en/ressort/politik/"),
        (f"/artikel/{article.slug}/", f"/en/artikel/{article.slug}/"),
        ("/thema/fu%C3%9Fball/", "/en/thema/fu%C3%9Fball/"),
        ("/suche/?q=Wahl+im+Land", "/en/suche/?q=Wahl+im+Land"),
        ("/ressort/politik/?page=2", "/en/ressort/politik/?page=2"),
    ]
    for german, english in pages:
        response = client.get(german)
        assert response.status_code == 200, german
        assert _footer_links(response.content.decode()) == {"de": None, "en": english}
        response = client.get(english)
        assert response.status_code == 200, english
        assert _footer_links(response.content.decode()) == {"de": german, "en": None}


def test_the_switcher_names_only_the_query_reader_pages_read(client):
    """Anything else in the address (utm_…) would be stored with the page and
    shown to every reader of the plain address (the cache ignores it)."""
    make_article()
    html = client.get("/suche/", {"q": "Wahl", "utm_source": "evil"}).content.decode()
    assert _footer_links(html)["en"] == "/en/suche/?q=Wahl"
    assert "utm_source" not in html


def test_hreflang_alternates_and_lang_match(client):
    article = make_article()
    url = article.get_absolute_url()
    expected = {
        "de": f"http://testserver{url}",
        "en": f"http://testserver/en{url}",
        "x-default": f"http://testserver{url}",
    }
    for address, language in ((url, "de"), (_en(url), "en")):
        html = client.get(address).content.decode()
        assert _alternates(html) == expected
        assert f'<html lang="{language}">' in html
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
        assert canonical == expected[language]


def test_list_pages_name_their_own_language_as_canonical(client):
    section = make_section(slug="politik")
    make_article(section=section)
    html = client.get("/en/ressort/politik/").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/ressort/politik/">' in html
    assert _alternates(html)["de"] == "http://testserver/ressort/politik/"


def test_english_pages_link_within_english(client):
    section = make_section(slug="politik")
    article = make_article(section=section)
    html = client.get("/en/").content.decode()
    assert f'href="/en/artikel/{article.slug}/"' in html
    assert 'href="/en/ressort/politik/"' in html
    assert 'action="/en/suche/"' in html
    assert 'href="/en/"' in html  # the site name
    html = client.get(_en(article.get_absolute_url())).content.decode()
    assert f'action="/en/artikel/{article.slug}/kommentar/#' in html


def test_a_missing_page_has_no_alternates_but_the_switcher_leads_home(client):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html and "Page not found" in html
    assert _alternates(html) == {}
    assert _footer_links(html) == {"de": "/", "en": None}
    response = client.get("/artikel/gibt-es-nicht/")
    assert response.status_code == 404 and _alternates(response.content.decode()) == {}


@pytest.mark.parametrize(
    "prefix", ["/de", "/fr", "/xx", "/en-us", "/en-gb", "/EN", "/En", "/en/en", "/de-at"]
)
def test_unknown_language_prefixes_are_404(client, prefix):
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/suche/?q=x"):
        response = client.get(f"{prefix}{url}")
        assert response.status_code == 404, f"{prefix}{url}"


@pytest.mark.parametrize("url", ["/en/feed/", "/en/sitemap.xml", "/en/robots.txt", "/en/admin/"])
def test_feeds_sitemaps_robots_and_the_desk_have_one_address(client, url):
    make_article()
    assert client.get(url).status_code == 404


def test_english_list_pages_point_to_the_german_feeds(client):
    make_section(slug="politik")
    html = client.get("/en/ressort/politik/").content.decode()
    assert 'href="http://testserver/ressort/politik/feed/"' in html


def test_robots_txt_keeps_crawlers_out_of_both_languages(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/suche/", "/en/suche/", "/artikel/*/kommentar/", "/en/artikel/*/kommentar/"):
        assert f"Disallow: {path}\n" in text


def test_the_page_cache_keeps_the_languages_apart(client):
    article = make_article()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "Kommentar hinterlassen" in first.content.decode()
    english = client.get(_en(url))
    assert english["X-Page-Cache"] == "miss" and "Leave a comment" in english.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    again = client.get(_en(url))
    assert again["X-Page-Cache"] == "hit" and "Leave a comment" in again.content.decode()


# -- the old switch (POST /i18n/setlang/) and the desk --------------------------------


def test_the_old_switch_redirects_to_the_page_in_the_chosen_language(client):
    article = make_article()
    url = article.get_absolute_url()
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == _en(url)
    response = client.post("/i18n/setlang/", {"language": "de", "next": _en(url)})
    assert response["Location"] == url
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/suche/?q=Wahl"})
    assert response["Location"] == "/en/suche/?q=Wahl"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/gibt-es-nicht/"})
    assert response["Location"] == "/gibt-es-nicht/"


def test_open_redirect_after_switching_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.test/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_pages_carry_no_form_for_the_language(client):
    make_article()
    html = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "/i18n/setlang/" not in html


def test_the_old_switch_needs_no_token(client):
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


def test_the_desk_follows_the_language_cookie(client):
    login = reverse("admin:login")
    response = client.get(login)
    assert response["Content-Language"] == "de"
    client.post("/i18n/setlang/", {"language": "en", "next": login})
    response = client.get(login)
    assert response["Content-Language"] == "en"
    assert "cookie" in _vary(response)  # private anyway: it depends on the cookie


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
    # Teasers on list pages too (front-page teasers carry no date line).
    listing = client.get(article.section.get_absolute_url()).content.decode()
    assert ">25. November 2025, 15:30</time>" in listing


def test_english_reader_sees_english_dates(client):
    article = _dated_article()
    html = client.get(_en(article.get_absolute_url())).content.decode()
    meta = _article_meta(html)
    assert ">Tuesday, November 25, 2025, 3:30 PM</time>" in meta
    assert "Updated <time" in meta and ">November 25, 2025, 8:05 PM</time>" in meta
    assert ">November 25, 2025, 8:05 PM</time>: Ein Fehler wurde korrigiert." in html
    assert ">November 26, 2025, 9:07 AM</time>" in html  # the comment
    assert "Comments on this article closed on December 2, 2025." in html
    assert '<time datetime="2025-11-25T15:30:00+0100">' in html
    for german in ("November 2025", "Dienstag", "Dezember"):
        assert german not in html
    listing = client.get(_en(article.section.get_absolute_url())).content.decode()
    assert ">November 25, 2025, 3:30 PM</time>" in listing
    assert "25. November" not in listing
