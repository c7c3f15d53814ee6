"""/healthz and /readyz: answered first, without cookies, whatever the Host
header or the HTTPS redirect, and /readyz really checks its dependencies."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_while_the_process_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["newsroom.example"])
def test_probes_by_ip_over_plain_http_are_answered(client):
    assert client.get("/healthz", HTTP_HOST="10.1.2.3").status_code == 200
    # Everything else is still redirected or refused.
    assert client.get("/", HTTP_HOST="10.1.2.3").status_code == 400
    assert client.get("/", HTTP_HOST="newsroom.example").status_code == 301


@pytest.mark.django_db(databases="__all__")
def test_readyz_checks_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok", "cache": "ok"}
    if "replica" in settings.DATABASES:  # DATABASE_REPLICA_URL set
        expected["replica"] = "ok"
    assert json.loads(response.content) == expected


@pytest.mark.django_db(databases="__all__")
def test_readyz_names_a_dead_cache_but_stays_ready(client):
    """Pages are rendered without the cache (newsroom/cache.py): a dead Redis
    must not take every web process out of the load balancer."""
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["cache"] == "ConnectionError"


def _probe(**databases):
    """/readyz and /healthz of a real process with these database URLs
    (and a local-memory cache): (status, body, /healthz status)."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client; c = Client();"
        "r = c.get('/readyz'); print(json.dumps([r.status_code, json.loads(r.content),"
        " c.get('/healthz').status_code]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_REPLICA_URL")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "true",
        **databases,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Nothing listens on port 1.
DEAD_POSTGRES = "postgres://postgres@127.0.0.1:1/nothing"


def test_readyz_fails_when_the_database_is_down():
    """/readyz says 503 and names the database, /healthz stays 200."""
    status, body, health = _probe(DATABASE_URL=DEAD_POSTGRES)
    assert status == 503 and body["database"] == "OperationalError"
    assert body["cache"] == "ok" and health == 200
    assert "replica" not in body  # none configured


def test_readyz_fails_when_the_read_replica_is_down():
    """Public pages read from the replica (newsroom/replicas.py): a dead one
    makes the process not ready, though the primary answers."""
    status, body, health = _probe(
        DATABASE_URL="sqlite://:memory:", DATABASE_REPLICA_URL=DEAD_POSTGRES
    )
    assert (status, health) == (503, 200)
    assert body == {
        "status": "fail",
        "database": "ok",
        "replica": "OperationalError",
        "cache": "ok",
    }
