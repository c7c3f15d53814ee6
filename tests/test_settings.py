"""Configuration from the environment, checked in a fresh interpreter each
time, because settings are read once at import."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
    "s.LANGUAGE_CODE, s.TIME_ZONE, ','.join(s.ALLOWED_HOSTS))"
)


def _run(env, code=PRINT):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_development_key():
    result = _run({"DEBUG": "false", "SECRET_KEY": "django-insecure-newsroom-development-only"})
    assert result.returncode != 0


def test_debug_off_is_the_default():
    result = _run({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "news.example"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_development_defaults_need_nothing_set():
    result = _run({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    debug, engine, cache, language, tz, hosts = result.stdout.split()
    assert (debug, engine, language, tz) == (
        "True",
        "django.db.backends.sqlite3",
        "de",
        "Europe/Vienna",
    )
    assert cache.endswith("LocMemCache")
    assert "127.0.0.1" in hosts


@pytest.mark.parametrize(
    ("env", "engine", "cache"),
    [
        (
            {
                "DATABASE_URL": "postgres://u:p@db.example:5432/news",
                "REDIS_URL": "redis://r:6379/1",
            },
            "django.db.backends.postgresql",
            "newsroom.redis_cache.NewsroomRedisCache",
        ),
    ],
)
def test_database_and_cache_come_from_the_environment(env, engine, cache):
    result = _run({"DEBUG": "false", "SECRET_KEY": "y" * 50, "ALLOWED_HOSTS": "a.example", **env})
    assert result.returncode == 0, result.stderr
    _debug, got_engine, got_cache, *_ = result.stdout.split()
    assert (got_engine, got_cache) == (engine, cache)
