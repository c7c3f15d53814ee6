"""Security headers and the Content-Security-Policy, in development (this
process) and with production settings (a fresh interpreter, because settings
are read at import)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_article

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return header, parsed


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/gibt-es-nicht/"])
def test_every_page_has_a_strict_csp(client, path):
    header, csp = directives(client.get(path))
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "*" not in header.split()


def test_the_nonce_is_fresh_per_request_and_matches_the_page(client):
    nonces = []
    for _ in range(2):
        response = client.get("/admin/login/")
        _header, csp = directives(response)
        (nonce,) = [v for v in csp["script-src"] if v.startswith("'nonce-")]
        nonce = nonce.removeprefix("'nonce-").removesuffix("'")
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 16


def test_other_security_headers(client):
    make_article(title="Ein Artikel")
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


INLINE_CODE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_project_templates_carry_no_inline_code():
    """The CSP would block these; the browser tests (tests/browser/test_csp.py)
    prove it for the pages they open, this covers every template."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE_CODE:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {what}: {match.group(0)!r}")
    assert found == []


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
c = Client()
plain = c.get("/admin/login/")
secure = c.get("/admin/login/", secure=True)
# The cookies as sent: log in over https on a migrated database, and read the
# Set-Cookie attributes of the login response (a new session and, rotated at
# login, a new CSRF token).
from django.contrib.auth.models import User
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
User.objects.create_superuser("root", password="Ein-langes-Passwort-2026")
login = c.post(
    "/admin/login/",
    {"username": "root", "password": "Ein-langes-Passwort-2026", "next": "/admin/"},
    secure=True,
)
cookies = {"login_status": login.status_code}
for name in ("sessionid", "csrftoken"):
    morsel = login.cookies.get(name)
    cookies[name] = None if morsel is None else {
        "header": morsel.OutputString(),
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
        "max-age": morsel["max-age"],
    }
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "debug": s.DEBUG,
    "cookies": cookies,
}))
"""


def _production_env(**extra):
    keep = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver,newsroom.example",
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        **extra,
    }


def test_production_sends_hsts_and_redirects_to_https(tmp_path):
    env = _production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    # Production serves the collected, hashed static files: collect them first.
    collected = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr[-3000:]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["debug"] is False
    assert got["plain_status"] == 301
    assert got["plain_location"].startswith("https://")
    assert got["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "object-src 'none'" in got["csp"] and "unsafe-inline" not in got["csp"]
    assert got["session_secure"] and got["csrf_secure"] and got["session_httponly"]
    # The real Set-Cookie headers of a login over https, not only the settings.
    cookies = got["cookies"]
    assert cookies["login_status"] == 302
    for name in ("sessionid", "csrftoken"):
        cookie = cookies[name]
        assert cookie is not None, f"the login sent no {name} cookie"
        assert cookie["secure"] and "Secure" in cookie["header"], cookie
        assert cookie["httponly"] and "HttpOnly" in cookie["header"], cookie
        assert cookie["samesite"] == "Lax" and "SameSite=Lax" in cookie["header"], cookie
    # A session cookie in the browser's sense: it ends when the browser closes.
    assert cookies["sessionid"]["max-age"] == ""
    assert "expires" not in cookies["sessionid"]["header"].lower()
