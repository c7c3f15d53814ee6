"""Who asks: a partner's key (api/keys.py) or nobody."""

from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import keys


class ApiKeyAuthentication(BaseAuthentication):
    """No key: anonymous. A key that is unknown or inactive: 401, so a
    partner notices a typo instead of getting the anonymous limit."""

    def authenticate(self, request):
        raw = keys.key_from(request)
        if raw is None:
            return None
        found = keys.find(raw)
        if found is None:
            raise AuthenticationFailed("unknown_key")
        return (AnonymousUser(), found)

    def authenticate_header(self, request):
        return "Api-Key"
