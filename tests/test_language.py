import pytest

from tests.factories import make_article

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
