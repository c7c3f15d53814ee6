"""The request being handled, for audit records made where no request is
passed along (signal receivers, service functions)."""

from contextvars import ContextVar

_current_request: ContextVar = ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


class AuditRequestMiddleware:
    """Remembers the request for the duration of the view (after
    AuthenticationMiddleware, so ``request.user`` is there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
