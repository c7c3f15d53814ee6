"""Partner keys: made here, stored hashed, read from the request.

A key is ``nr_`` and 40 random URL-safe characters; the database keeps its
SHA-256 (a random key of that length needs no slow hash) and its first
characters to tell keys apart in the admin. Clients send it as
``Authorization: Api-Key <key>`` or ``X-Api-Key: <key>``."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

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


class ApiKeyAuthentication(BaseAuthentication):
    """No key: anonymous. A key that is unknown or inactive: 401, so a
    partner notices a typo instead of getting the anonymous limit."""

    def authenticate(self, request):
        raw = key_from(request)
        if raw is None:
            return None
        found = None
        if len(raw) <= MAX_KEY_LENGTH:
            found = ApiKey.objects.filter(key_hash=hash_key(raw), active=True).first()
        if found is None:
            raise AuthenticationFailed("unknown_key")
        return (AnonymousUser(), found)

    def authenticate_header(self, request):
        return "Api-Key"
