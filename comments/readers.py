"""The reader cookie: which browser a comment came from.

A reader who sends a comment gets a random key (192 bits) in a signed,
``HttpOnly``, ``SameSite=Lax`` cookie (``Secure`` where session cookies are)
that lives ``COMMENTS["READER_COOKIE_DAYS"]`` days. Each comment stores a hash
of that key (``Comment.sender``), never the key itself, so a copy of the
database gives nobody a cookie.

What it is for:

- **Trust** (``comments.policy.is_trusted``) belongs to a browser: one whose
  comments moderators approved often enough publishes directly. Somebody who
  merely knows a regular's e-mail address has no way to present the regular's
  key.
- **Flood control** (``comments.policy.flood_retry_at``) counts per browser as
  well as per network, so readers behind one office or carrier NAT do not
  share one small limit.

A browser that sends no cookie (or a forged one) is a new browser: it gets a
new key and no trust.
"""

import hashlib
import re
import secrets

from django.conf import settings

COOKIE_NAME = "newsroom_reader"
_SALT = "comments.reader"
_KEY_RE = re.compile(r"[A-Za-z0-9_-]{32}")


def reader_key(request) -> str | None:
    """The browser's key from its signed cookie, or None (no cookie, or one
    that is malformed or not signed by us)."""
    key = request.get_signed_cookie(COOKIE_NAME, default=None, salt=_SALT)
    if key is None or not _KEY_RE.fullmatch(key):
        return None
    return key


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def sender_id(key: str) -> str:
    """What a comment stores of the browser's key."""
    return hashlib.sha256(f"{_SALT}\x1f{key}".encode()).hexdigest()


def remember(response, key: str) -> None:
    """Give (or renew) the browser its key."""
    response.set_signed_cookie(
        COOKIE_NAME,
        key,
        salt=_SALT,
        max_age=settings.COMMENTS["READER_COOKIE_DAYS"] * 86_400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
