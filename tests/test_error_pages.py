import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_is_german_and_helpful(client):
    response = client.get("/artikel/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'href="/"' in html


def test_500_is_german_and_reveals_nothing(settings):
    settings.ROOT_URLCONF = "tests.urls_boom"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Technischer Fehler" in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
