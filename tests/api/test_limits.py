"""The rate limit: anonymous clients per network, partners per key with a
higher limit; 429 with Retry-After and an English and German message. Only
requests the page cache cannot answer are counted. Keys in the admin."""

import itertools

import pytest
from django.test import Client

from api import keys
from api.models import ApiKey
from tests.factories import make_article

from .helpers import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limit(settings):
    settings.API_ANON_RATE = 3
    make_article()


_addresses = itertools.count()


def misses(n, client=None, **headers):
    """``n`` requests the page cache cannot answer (each a new address)."""
    return [
        get(f"/api/v1/articles/?tag=t{next(_addresses)}", client, **headers)[0] for _ in range(n)
    ]


def make_key(rate=10, active=True):
    api_key = ApiKey(name="Partner", rate=rate, active=active)
    raw = keys.new_key(api_key)
    api_key.save()
    return raw


def test_anonymous_clients_get_429_with_retry_after_in_english_and_german(low_limit):
    responses = misses(4)
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["retry_after"] == int(refused["Retry-After"])
    assert error["en"].startswith("Too many requests")
    assert error["de"].startswith("Zu viele Anfragen")


def test_the_limit_counts_per_network(low_limit):
    misses(3, REMOTE_ADDR="203.0.113.7")
    # The same /24: the same client.
    assert misses(1, REMOTE_ADDR="203.0.113.99")[0].status_code == 429
    # Another network has its own.
    assert misses(1, REMOTE_ADDR="198.51.100.1")[0].status_code == 200


def test_answers_from_the_page_cache_are_not_counted(low_limit):
    statuses = [get("/api/v1/articles/")[0] for _ in range(10)]
    assert [r.status_code for r in statuses] == [200] * 10
    assert [r["X-Page-Cache"] for r in statuses][:2] == ["miss", "hit"]


@pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_AUTHORIZATION"])
def test_a_key_raises_the_limit(low_limit, header):
    raw = make_key(rate=6)
    value = raw if header == "HTTP_X_API_KEY" else f"Api-Key {raw}"
    statuses = [r.status_code for r in misses(7, **{header: value})]
    assert statuses == [200] * 6 + [429]
    # The anonymous clients of the same network still have their own limit.
    assert [r.status_code for r in misses(4)] == [200, 200, 200, 429]


@pytest.mark.parametrize("header", ["nr_unknown", "x" * 500, "nr_\u00e9"])
def test_an_unknown_key_is_401(low_limit, header):
    response = misses(1, HTTP_X_API_KEY=header)[0]
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["error"]["code"] == "unknown_key"


def test_an_inactive_key_is_401(low_limit):
    raw = make_key(active=False)
    assert misses(1, HTTP_X_API_KEY=raw)[0].status_code == 401


def test_only_the_hash_of_a_key_is_stored():
    raw = make_key()
    stored = ApiKey.objects.get()
    assert raw not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == keys.hash_key(raw) and raw.startswith(stored.prefix)


def test_editors_make_keys_in_the_admin_and_see_the_key_once(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Zeitungs-App", "rate": "600", "active": "on"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    api_key = ApiKey.objects.get(name="Zeitungs-App")
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Der Schlüssel für „Zeitungs-App“") for m in shown), shown
    raw = next(word for m in shown for word in m.split() if word.startswith("nr_"))
    assert keys.hash_key(raw) == api_key.key_hash
    page = client.get(f"/admin/api/apikey/{api_key.pk}/change/").content.decode()
    assert raw not in page


def test_journalists_and_moderators_cannot_see_keys(journalist, moderator):
    make_key()
    for user in (journalist, moderator):
        client = Client()
        client.force_login(user)
        assert client.get("/admin/api/apikey/").status_code == 403


def test_a_new_key_replaces_the_old_one(superuser):
    old = make_key()
    client = Client()
    client.force_login(superuser)
    api_key = ApiKey.objects.get()
    client.post(
        "/admin/api/apikey/",
        {"action": "make_new_key", "_selected_action": [api_key.pk]},
    )
    api_key.refresh_from_db()
    assert api_key.key_hash != keys.hash_key(old)
    make_article()
    assert misses(1, HTTP_X_API_KEY=old)[0].status_code == 401
