"""Operations: health endpoints, request ids and one structured log line per
request.

- ``/healthz`` answers 200 while the process runs; ``/readyz`` answers 200
  when the database and the cache answer, else 503 naming what failed. Both
  are answered before any other middleware: a load balancer asking by IP
  address over plain HTTP gets an answer, not a host or HTTPS redirect
  error, and no session, cookie or log line per probe.
- Every request gets an id: the ``X-Request-ID`` the proxy sent (if it looks
  like one) or a new one. It is returned in the response header and added to
  every log record written while the request runs.
- One log line per request (logger ``newsroom.request``): method, path,
  status, duration in milliseconds, user id when logged in, and the request
  id. With ``LOG_FORMAT=json`` (the default in production) every log line
  is a JSON object (python-json-logger).
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

request_id: ContextVar[str] = ContextVar("request_id", default="-")
request_log = logging.getLogger("newsroom.request")


def _json(status, payload):
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def check_readiness() -> dict[str, str]:
    """ "ok" or the error's class name for the database and the cache."""
    results = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        results["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        results["database"] = type(exc).__name__
    try:
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        results["cache"] = "ok" if cache.get(key) == "1" else "unavailable"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        results["cache"] = type(exc).__name__
    return results


class HealthCheckMiddleware:
    """First in MIDDLEWARE (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in (HEALTH_PATH, HEALTH_PATH + "/"):
            return _json(200, {"status": "ok"})
        if request.path in (READY_PATH, READY_PATH + "/"):
            results = check_readiness()
            ready = all(value == "ok" for value in results.values())
            return _json(200 if ready else 503, {"status": "ok" if ready else "fail", **results})
        return self.get_response(request)


class RequestLogMiddleware:
    """Second in MIDDLEWARE: its duration covers all the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        rid = offered if _VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            self._log(request, response.status_code, started)
            return response
        except Exception:
            self._log(request, 500, started)
            raise
        finally:
            request_id.reset(token)

    @staticmethod
    def _log(request, status, started):
        user = getattr(request, "_cached_user", None)  # only if already loaded
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record):
        # django.request logs 4xx/5xx after the middleware has finished, but
        # hands over the request itself.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True
