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
