"""Error pages: German, helpful, revealing nothing, and working while the
database is down (400, 403, CSRF failure and 500 extend only their own
standalone base, templates/errors/base.html, and use no context that
queries)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db

# Nothing of the machinery may show on an error page.
REVEALING = [
    "Traceback",
    "RuntimeError",
    "secret internals",
    "internal reason",
    "internal detail",
    "/srv/",
    "settings.py",
    "SECRET_KEY",
    "DEBUG",
    "newsroom.",
    "CSRF token",
    "Referer",
]


def assert_reveals_nothing(html):
    for text in REVEALING:
        assert text not in html


def test_404_is_german_and_helpful(client):
    response = client.get("/artikel/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'href="/"' in html


@pytest.fixture
def errors(settings):
    settings.ROOT_URLCONF = "tests.security.urls_errors"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/boom/", 500, "Technischer Fehler"),
        ("/forbidden/", 403, "Zugriff verweigert"),
        ("/suspicious/", 400, "Ungültige Anfrage"),
    ],
)
def test_error_pages_are_german_and_reveal_nothing(errors, path, status, title):
    response = errors.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'href="/"' in html
    assert '<link rel="stylesheet" href="/static/css/error.css">' in html
    assert_reveals_nothing(html)


def test_a_disallowed_host_gets_the_400_page(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ungültige Anfrage" in html and "evil.example" not in html


def test_csrf_failure_has_its_own_german_page(errors):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/form/", {"x": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sicherheitsprüfung fehlgeschlagen" in html
    assert "Seite neu" in html
    assert_reveals_nothing(html)


def test_the_admin_login_without_csrf_token_gets_the_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Sicherheitsprüfung fehlgeschlagen" in response.content.decode()


@pytest.fixture
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/query/", 500, "Technischer Fehler"),
        ("/boom/", 500, "Technischer Fehler"),
        ("/forbidden/", 403, "Zugriff verweigert"),
        ("/suspicious/", 400, "Ungültige Anfrage"),
    ],
)
def test_error_pages_work_while_the_database_is_down(errors, database_down, path, status, title):
    response = errors.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert title in html
    assert "Connection refused" not in html
    assert_reveals_nothing(html)


def test_error_stylesheet_is_served(client):
    response = client.get("/static/css/error.css")
    assert response.status_code == 200
    assert b"font-family" in b"".join(response.streaming_content)
