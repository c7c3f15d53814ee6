"""Purging the edge cache (Varnish, a CDN) by surrogate key.

Reader pages name what they show in a ``Surrogate-Key`` response header
(``article-12 comments-12 section-3 home …``, set by newsroom/cache.py); a
cache in front keeps them for their ``s-maxage``. When something changes,
the domain services call ``purge(keys)`` after their transaction commits,
with exactly the keys whose pages must go, and every page that carries one
of them is dropped at the edge.

``purge`` never raises into a write. A failed request is logged and tried
once more; keys that still could not be sent are kept in the process and go
out with its next purge (purging a key twice is harmless). They are lost if
the process ends first: pages then live at most their ``s-maxage``, which
the page cache bounds (docs/edge-cache.md).

Settings (newsroom/settings.py, from the environment):

``EDGE_PURGER``
    ``""`` (default): no edge cache, ``purge`` does nothing. ``"varnish"``:
    :class:`VarnishPurger`. Or the dotted path of a :class:`Purger` subclass
    (a CDN's API; docs/edge-cache.md describes Fastly and Cloudflare).
``EDGE_PURGE_URLS``
    Base URLs of the Varnish servers (every one gets each purge), e.g.
    ``http://varnish:6091``.
``EDGE_PURGE_TIMEOUT``
    Seconds to wait for each purge request (default 1).

A ground module: it knows no app (.importlinter).
"""

import http.client
import logging
import re
import threading
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

logger = logging.getLogger("newsroom.edge")

# A key is one token of a space-separated header: nothing that could end the
# header or split a key (xkey splits on spaces and commas).
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
# Keys per request: Varnish refuses request headers longer than
# http_req_hdr_len (8 KiB by default).
BATCH_CHARS = 4000


class PurgeFailed(Exception):
    """A purge request was not accepted (no answer, or not a 2xx)."""


class Purger:
    """Sends one batch of keys to the edge; raises on failure.

    Subclasses implement :meth:`send`; retrying and keeping failed keys is
    done by :func:`purge` for every purger alike."""

    def __init__(self, *, urls: list[str], timeout: float):
        self.urls = urls
        self.timeout = timeout

    def send(self, keys: list[str]) -> None:
        raise NotImplementedError


class VarnishPurger(Purger):
    """``PURGE /`` with ``xkey-purge: k1 k2 …`` to every Varnish in
    ``EDGE_PURGE_URLS`` (deploy/varnish/default.vcl hands the header to
    vmod xkey, for addresses in its ``purgers`` ACL only)."""

    def send(self, keys: list[str]) -> None:
        failures = []
        for url in self.urls:
            try:
                status = _request(url, "PURGE", {"xkey-purge": " ".join(keys)}, self.timeout)
            except OSError as error:
                failures.append(f"{url}: {error}")
                continue
            if not 200 <= status < 300:
                failures.append(f"{url}: HTTP {status}")
        if failures:
            raise PurgeFailed("; ".join(failures))


def _request(url: str, method: str, headers: dict[str, str], timeout: float) -> int:
    """One request without a body, straight to ``url`` (no proxy from the
    environment); the response status."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OSError(f"not an http(s) URL: {url!r}")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path or "/", headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except http.client.HTTPException as error:
        raise OSError(f"bad answer: {error!r}") from error
    finally:
        connection.close()


PURGERS = {"varnish": VarnishPurger}

_lock = threading.Lock()
_pending: set[str] = set()
_purger_cache: dict[tuple, Purger] = {}


def _configured() -> tuple:
    return (
        settings.EDGE_PURGER,
        tuple(settings.EDGE_PURGE_URLS),
        float(settings.EDGE_PURGE_TIMEOUT),
    )


def get_purger() -> Purger | None:
    """The configured purger (None: no edge cache). Raises ImproperlyConfigured-
    like ``ValueError`` for a name that is neither built in nor importable."""
    config = _configured()
    name, urls, timeout = config
    if not name:
        return None
    purger = _purger_cache.get(config)
    if purger is None:
        cls = PURGERS[name] if name in PURGERS else import_string(name)
        if not (isinstance(cls, type) and issubclass(cls, Purger)):
            raise ValueError(f"EDGE_PURGER={name!r} is not a newsroom.edge.Purger")
        purger = cls(urls=list(urls), timeout=timeout)
        _purger_cache.clear()
        _purger_cache[config] = purger
    return purger


def _batches(keys: list[str]) -> list[list[str]]:
    batches, batch, size = [], [], 0
    for key in keys:
        if batch and size + len(key) + 1 > BATCH_CHARS:
            batches.append(batch)
            batch, size = [], 0
        batch.append(key)
        size += len(key) + 1
    if batch:
        batches.append(batch)
    return batches


def _clean(keys: Iterable[str]) -> set[str]:
    good = set()
    for key in keys:
        if isinstance(key, str) and KEY.fullmatch(key):
            good.add(key)
        else:
            logger.error("edge purge: invalid surrogate key %r dropped", key)
    return good


def purge(keys: Iterable[str]) -> None:
    """Drop every edge-cached page that carries one of ``keys``, plus the keys
    of earlier purges of this process that failed. Call it after the change
    has committed. Never raises: failures are logged, retried once, and the
    keys kept for the next call."""
    try:
        new = _clean([keys] if isinstance(keys, str) else keys)
        try:
            purger = get_purger()
        except Exception:
            logger.exception("edge purge: EDGE_PURGER=%r cannot be used", settings.EDGE_PURGER)
            return
        if purger is None:
            return
        with _lock:
            wanted = sorted(_pending | new)
            _pending.clear()
        if not wanted:
            return
        failed: list[str] = []
        for batch in _batches(wanted):
            if not _send_with_retry(purger, batch):
                failed.extend(batch)
        if failed:
            with _lock:
                _pending.update(failed)
            logger.error(
                "edge purge failed, %d keys kept for the next purge: %s",
                len(failed),
                " ".join(failed[:20]),
            )
    except Exception:  # never into a write
        logger.exception("edge purge: unexpected error")


def _send_with_retry(purger: Purger, batch: list[str]) -> bool:
    for attempt in (1, 2):
        try:
            purger.send(batch)
            return True
        except Exception as error:
            logger.warning("edge purge attempt %d failed: %s", attempt, error)
    return False


def pending() -> set[str]:
    """Keys of failed purges waiting for the next one (for tests and /readyz-
    style diagnostics)."""
    with _lock:
        return set(_pending)


def forget_pending() -> None:
    """Drop the kept keys (tests)."""
    with _lock:
        _pending.clear()


@checks.register(checks.Tags.caches, deploy=False)
def check_edge_settings(app_configs=None, **kwargs):
    """``manage.py check`` (and migrate): the purger exists and has somewhere
    to send to."""
    name = getattr(settings, "EDGE_PURGER", "")
    if not name:
        return []
    try:
        purger = get_purger()
    except Exception as error:
        return [
            checks.Error(
                f"EDGE_PURGER={name!r} cannot be used: {error}",
                hint='Use "" (no edge cache), "varnish", or the dotted path of a '
                "newsroom.edge.Purger subclass (docs/edge-cache.md).",
                id="newsroom.E101",
            )
        ]
    problems = []
    if isinstance(purger, VarnishPurger):
        if not purger.urls:
            problems.append(
                checks.Error(
                    "EDGE_PURGER=varnish needs EDGE_PURGE_URLS (comma-separated base URLs "
                    "of the Varnish servers, e.g. http://varnish:6091).",
                    id="newsroom.E102",
                )
            )
        for url in purger.urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append(
                    checks.Error(
                        f"EDGE_PURGE_URLS: {url!r} is not an http(s) URL.", id="newsroom.E103"
                    )
                )
    return problems
