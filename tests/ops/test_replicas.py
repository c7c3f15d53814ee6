"""Read replicas (newsroom/replicas.py), with DATABASE_REPLICA_URL set: in
CI the replica is the same PostgreSQL database through a second connection.
Public page reads go to the replica; writes, the admin, POSTs, sessions and
users to the primary."""

import json
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="set DATABASE_REPLICA_URL to test read replicas (CI does, on PostgreSQL)",
    ),
    pytest.mark.django_db(databases=["default", "replica"], transaction=True),
]


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Transactional tests start from empty tables: the roles again."""
    from django.apps import apps

    from newsroom.roles import sync_roles

    sync_roles(apps)


def _tables(ctx):
    return " ".join(q["sql"] for q in ctx.captured_queries)


def _split(client, method, url, **kwargs):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(url, **kwargs)
    return response, _tables(primary), _tables(replica)


def test_public_pages_read_from_the_replica(client):
    article = make_article(title="Repliziert")
    for url in ["/", article.get_absolute_url(), "/feed/"]:
        response, primary, replica = _split(client, "get", url)
        assert response.status_code == 200
        assert "articles_article" in replica, url
        assert "articles_article" not in primary, url


def test_writes_and_posts_use_the_primary(client, comment_data):
    article = make_article()
    response, primary, replica = _split(
        client, "post", f"/artikel/{article.slug}/kommentar/", data=comment_data
    )
    assert response.status_code == 302
    assert "INSERT INTO" in primary and "comments_comment" in primary
    assert "comments_comment" not in replica


def test_the_admin_and_sessions_use_the_primary(client, editor):
    client.force_login(editor)
    make_article()
    response, primary, replica = _split(client, "get", "/admin/articles/article/")
    assert response.status_code == 200
    assert replica == ""
    # A logged-in reader of a public page: the session and user come from
    # the primary (just written there), the page from the replica.
    response, primary, replica = _split(client, "get", "/")
    assert "django_session" in primary and "auth_user" in primary
    assert "django_session" not in replica and "articles_article" in replica


def test_commands_and_code_outside_requests_use_the_primary():
    with CaptureQueriesContext(connections["replica"]) as replica:
        make_article()
        assert type(make_article()).objects.count() == 2
    assert replica.captured_queries == []


def test_a_page_rendered_right_after_a_change_is_kept_only_past_the_lag(client, settings):
    settings.REPLICA_LAG_SECONDS = 2
    make_article()
    changed = time.time()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    # The replica may not have had the change when the page was read: once
    # the lag has passed, the page is read again, and then kept.
    time.sleep(max(0.0, changed + 2.1 - time.time()))
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_readyz_checks_the_replica_too(client):
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "replica": "ok",
        "cache": "ok",
    }
    assert [q["sql"] for q in replica.captured_queries] == ["SELECT 1"]
