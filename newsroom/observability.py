"""Operations: health endpoints, request ids and one structured log line per
request.

- ``/healthz`` answers 200 while the process runs; ``/readyz`` answers 200
  when the database (and the read replica, when one is configured) answer,
  else 503 naming what failed. A cache that does not answer is named too
  (``"status": "degraded"``) but the answer stays 200: pages are rendered
  without it (newsroom/cache.py), and taking every web process out of the
  load balancer for it would turn a slower site into none. Both are
  answered before any other middleware: a load balancer asking by IP
  address over plain HTTP gets an answer, not a host or HTTPS redirect
  error, and no session, cookie or log line per probe.
- Every request gets an id: the ``X-Request-ID`` the proxy sent (if it looks
  like one) or a new one. It is returned in the response header and added to
  every log record written while the request runs.
- One log line per request (logger ``newsroom.request``): method, path,
  status, duration in milliseconds, user id when logged in, and the request
  id. The user id is the loaded user's, else the one the session names
  (requests that never looked at ``request.user``, e.g. a feed or a 304):
  no query when the session was already loaded, one when a session cookie
  came but nothing read the session. With ``LOG_FORMAT=json`` (the default
  in production) every log line is a JSON object (python-json-logger).
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

from .replicas import REPLICA, replica_configured

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


def _check_database(alias) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return type(exc).__name__
    return "ok"


def check_readiness() -> dict[str, str]:
    """ "ok" or the error's class name for the database, the read replica
    (only when DATABASE_REPLICA_URL is set) and the cache."""
    results = {"database": _check_database("default")}
    if replica_configured():
        # Public pages read from it: a dead replica means failing pages.
        results["replica"] = _check_database(REPLICA)
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
            ready = all(value == "ok" for name, value in results.items() if name != "cache")
            status = "fail" if not ready else "ok" if results["cache"] == "ok" else "degraded"
            return _json(200 if ready else 503, {"status": status, **results})
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
    def _user_id(request):
        """The logged-in user's id: from the user if something loaded it,
        else from the session (only with a session cookie: readers have
        none). The session's user id is not re-checked against the user's
        password hash, which costs a query; a log line does not need that."""
        user = getattr(request, "_cached_user", None)
        if user is not None:
            return user.pk if user.is_authenticated else None
        session = getattr(request, "session", None)
        if session is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return None
        try:
            value = session.get(SESSION_KEY)  # loads the session if not yet
            return get_user_model()._meta.pk.to_python(value) if value is not None else None
        except Exception:  # noqa: BLE001 - a log line must never fail the request
            return None

    @classmethod
    def _log(cls, request, status, started):
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
                "user_id": cls._user_id(request),
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
