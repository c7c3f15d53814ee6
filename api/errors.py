"""Every error of the API's views as JSON, in English and German
(api/messages.py)."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.response import Response

from .messages import body


class BadParameter(exceptions.ValidationError):
    """A query parameter the API cannot read: 400 naming it."""

    def __init__(self, name: str, code: str = "invalid_parameter"):
        super().__init__(detail={"parameter": name}, code=code)
        self.parameter = name
        self.error_code = code


def handle(exc, context):
    """DRF's exception handler for the API's views."""
    headers = {}
    if isinstance(exc, BadParameter):
        return Response(body(exc.error_code, parameter=exc.parameter), status=400)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60)
        return Response(
            body("rate_limited", retry_after=wait), status=429, headers={"Retry-After": str(wait)}
        )
    if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated):
        return Response(body("unknown_key"), status=401, headers={"WWW-Authenticate": "Api-Key"})
    if isinstance(exc, exceptions.NotFound) or getattr(exc, "status_code", None) == 404:
        return Response(body("not_found"), status=404)
    if isinstance(exc, exceptions.MethodNotAllowed):
        headers["Allow"] = ", ".join(context["view"].allowed_methods)
        return Response(body("method_not_allowed"), status=405, headers=headers)
    if isinstance(exc, exceptions.APIException):
        return Response(body("error"), status=exc.status_code)
    from django.http import Http404

    if isinstance(exc, Http404):
        return Response(body("not_found"), status=404)
    return None  # anything else is a bug: Django's 500
