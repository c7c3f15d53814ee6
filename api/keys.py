"""Partner keys: made here, stored hashed, read from the request.

A key is ``nr_`` and 40 random URL-safe characters; the database keeps its
SHA-256 (a random key of that length needs no slow hash) and its first
characters to tell keys apart in the admin. Clients send it as
``Authorization: Api-Key <key>`` or ``X-Api-Key: <key>``. No Django REST
framework here: the admin imports this module in every web process
(api/authentication.py reads the key for the API's views)."""

from __future__ import annotations

import hashlib
import secrets

from .models import ApiKey

PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_key(api_key: ApiKey) -> str:
    """Give ``api_key`` a fresh key (not saved); return the key itself,
    which is never stored."""
    raw = "nr_" + secrets.token_urlsafe(30)
    api_key.prefix = raw[:PREFIX_LENGTH]
    api_key.key_hash = hash_key(raw)
    return raw


def key_from(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "api-key" and value.strip():
        return value.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


def find(raw: str) -> ApiKey | None:
    """The active key ``raw`` is, or None."""
    if len(raw) > MAX_KEY_LENGTH:
        return None
    return ApiKey.objects.filter(key_hash=hash_key(raw), active=True).first()
