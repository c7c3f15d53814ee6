"""Configuration from the environment, checked in a fresh interpreter each
time, because settings are read once at import."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
    "s.LANGUAGE_CODE, s.TIME_ZONE, ','.join(s.ALLOWED_HOSTS))"
)


def _run(env, code=PRINT):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "ALLOWED_HOSTS",
            # Set by tests/browser/conftest.py for the live server; production never has it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
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


def _deploy_check(**extra):
    """``manage.py check --deploy --fail-level WARNING`` as production runs it."""
    import secrets

    env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "newsroom.example",
        "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        **extra,
    }
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    return _run(env, code)


def test_production_settings_pass_djangos_deploy_check():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "check_id"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SESSION_COOKIE_SECURE": "false"}, "security.W012"),
        ({"SECURE_SSL_REDIRECT": "false"}, "security.W008"),
    ],
)
def test_the_deploy_check_fails_on_a_weakened_production(env, check_id):
    result = _deploy_check(**env)
    assert result.returncode != 0
    assert check_id in result.stderr


def test_production_mail_defaults_to_smtp():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.MAILERS['default']['BACKEND'])"
    )
    result = _run({"DEBUG": "false", "SECRET_KEY": "z" * 50, "ALLOWED_HOSTS": "a.example"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
