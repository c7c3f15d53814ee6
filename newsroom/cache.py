"""The page cache: rendered reader pages for anonymous readers, with exact
invalidation by surrogate keys. A small library: it knows no app. Views say
what a page shows (``depend_on``) and when it changes by itself
(``expires_at``); services say what changed (``invalidate``).

Who gets a cached page
    Only GET and HEAD requests without a live session or a messages cookie:
    a reader who is logged in, or who has a message waiting ("Thank you!
    Your comment …"), always gets a freshly rendered page marked ``private,
    no-store``. A made-up or expired session cookie does not count (else it
    would force a render on every request). The key holds only the query
    parameters reader pages read (``PAGE_CACHE_QUERY_PARAMS``): ``?utm_…``
    and the like share the plain address's entry. Only 200 responses that
    set no cookie of their own and are not marked private are stored.

Surrogate keys
    A page names what it shows with keys, plain words such as ``site``
    (what every page shows: the navigation), ``home``, ``article-12``,
    ``comments-12``, ``section-3``, ``tag-7``. The apps choose the words
    (articles/invalidation.py, comments/invalidation.py). Every cacheable
    response lists them in ``Surrogate-Key`` (space-separated, as Fastly
    reads it; deploy/varnish/default.vcl hands them to Varnish's xkey), and
    ``invalidate(*keys)`` drops exactly the pages that carry one of them:
    here, and in the proxy or CDN in front through ``newsroom.edge``.

Exact invalidation: generations
    Here each key has a *generation*, a random value, and every stored page
    remembers the generation of each of its keys. ``invalidate`` replaces
    the generations immediately and again when the transaction commits, so
    that a page rendered from the old rows in between is not kept; the
    proxy is purged after the commit. A stored page whose generations are no
    longer current is never served. Views read a key's generation
    (``depend_on``) *before* they read the rows it stands for, so a page can
    only be stored under generations older than its rows, never newer; and a
    page whose keys changed while it was rendered is sent with
    ``s-maxage=0``, so that no proxy keeps it either.

Exact invalidation: the clock
    Some changes happen without a write: a scheduled article reaching its
    time, comments closing N days after publication. A view says when its
    page changes by itself (``expires_at``): the stored copy is valid until
    then and a proxy's copy too (``s-maxage`` never reaches past it).

HTTP: every cacheable response is ``public, max-age=0, must-revalidate``
with ``s-maxage`` = ``CDN_MAX_AGE`` (bounded as above), a weak ``ETag``
and ``Last-Modified``; a matching ``If-None-Match`` / ``If-Modified-Since``
gets 304. No reader page varies by cookie: pages are byte-identical for every
anonymous reader of a language (the language is in the path). Pages carry no
per-reader value: the comment forms need no token (newsroom/origin.py). A
response's CSP nonce, should a page carry one, is stored as a placeholder
and filled in per response. ``X-Page-Cache`` says ``hit``, ``miss``,
``stale`` (the previous copy while another process renders),
``unavailable`` (the cache failed: rendered without it) or ``bypass``.

The cache is never a single point of failure
    Readers: the Redis client gives up after ``REDIS_SOCKET_TIMEOUT`` /
    ``REDIS_CONNECT_TIMEOUT`` (0.25 s, no retries). A failed cache call trips
    a circuit breaker for the whole process: for ``PAGE_CACHE_RETRY_SECONDS``
    the page cache is not asked at all, readers get a fresh render sent
    ``private, no-store`` (``unavailable``), and only the first request after
    that tries the cache again. Writes: an invalidation that fails is logged
    and the write goes on; nothing else in a write needs the cache (sessions,
    login throttling, flood control and messages are in the database or in
    cookies).

Invalidation that cannot reach the cache: the epoch
    Every stored page also depends on ``pagecache:epoch``. When a cache call
    fails (an invalidation, or anything else), the process counts the cache
    as suspect: its first call that reaches the cache again replaces the
    epoch, before it reads or serves any entry. So an invalidation lost in
    an outage, or a page stored under the new generation from rows read
    before the commit whose after-commit invalidation then failed, can only
    be served by a process that saw no failure at all, and only until one
    that did saw the cache return (at most ``PAGE_CACHE_RETRY_SECONDS`` after
    its last failure, if it has requests). The epoch is also a lease: it is
    stored with a TTL of ``PAGE_CACHE_EPOCH_LEASE_SECONDS`` (30 s) that every
    process renews while it uses the cache, so an outage longer than that as
    the cache's own clock sees it (Redis hung, or cut off from every process)
    drops every page by itself, even if the process that lost an
    invalidation died meanwhile. A restarted Redis without persistence is
    empty, which is just as safe. What remains: a process that lost an
    invalidation dies during an outage shorter than the lease; its pages
    then live at most ``PAGE_CACHE_SECONDS``.

One render per missed page
    On a miss, a process takes a short lock (``add`` with a TTL of
    ``PAGE_CACHE_LOCK_SECONDS``) and renders; the others serve the previous
    copy if it went stale at most ``PAGE_CACHE_STALE_SECONDS`` ago and is of
    the current epoch (``stale``), else poll for the new copy for up to
    ``PAGE_CACHE_LOCK_WAIT_SECONDS`` and then render themselves. A lock
    whose holder died expires with its TTL.

Length: about a hundred lines are this docstring, the contract; the rest is
one mechanism (generations, the epoch, the breaker, the lock) whose parts
share state.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, urlencode

from . import edge

PREFIX = "pagecache:"
SITE = "site"  # the key every page carries: what all pages show
EPOCH = PREFIX + "epoch"
GENERATION_TIMEOUT = None  # generations live until replaced (or evicted)
MAX_PATH_LENGTH = 2000
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage

# The placeholder cannot occur in escaped or sanitised content: "<" is always
# escaped in text and attributes, and the Markdown sanitiser drops comments.
NONCE_MARK = b"<!--newsroom:nonce-->"
_NONCE_VALUE = re.compile(rb'( nonce=")([A-Za-z0-9+/=_-]{8,128})(")')


logger = logging.getLogger(__name__)

try:  # the cache's own failures: down, hung, unreachable
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover - redis-py is in requirements.txt
    _RedisError = OSError
_FAILURES = (_RedisError, OSError)


_KEY = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,99}")


def _generation_key(key: str) -> str:
    """Where a surrogate key's generation is stored (the epoch is stored as
    itself)."""
    return key if key == EPOCH else f"{PREFIX}gen:{key}"


def _new_generation() -> str:
    """A new random value, with the time it was made (for replica lag and
    for how long a page has been stale)."""
    return f"{uuid.uuid4().hex}:{time.time():.3f}"


def _generation_time(value) -> float | None:
    try:
        return float(value.rsplit(":", 1)[1])
    except (AttributeError, IndexError, ValueError):
        return None


# --- a cache that may fail ------------------------------------------------------


class CacheUnavailable(Exception):  # noqa: N818 - reads as what it says
    """The shared cache failed just now, or recently (the breaker is open)."""


class _Breaker:
    """The circuit breaker of this process (see the module docstring)."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.open_until = 0.0  # time.monotonic(): do not ask the cache before
        self.suspect = False  # failed since the epoch was last replaced
        self.renewed = float("-inf")  # when this process last renewed the epoch

    def trip(self, exc) -> None:
        retry = settings.PAGE_CACHE_RETRY_SECONDS
        self.open_until = time.monotonic() + retry
        self.suspect = True
        logger.warning(
            "page cache: the cache failed (%s: %s); pages are rendered without it, "
            "next try in %s s",
            type(exc).__name__,
            exc,
            retry,
        )


_breaker = _Breaker()


def reset_breaker() -> None:
    """Forget failures (for tests: a new process)."""
    _breaker.reset()


class _SharedCache:
    """The configured cache behind the breaker: each call reaches the cache
    or raises ``CacheUnavailable``, at once while the breaker is open. The
    first call that reaches the cache after a failure replaces the epoch."""

    def __init__(self, cache):
        self._cache = cache

    def _run(self, method, *args):
        if time.monotonic() < _breaker.open_until:
            raise CacheUnavailable("the page cache is skipped after a failure")
        try:
            if _breaker.suspect:
                self._cache.set(EPOCH, _new_generation(), settings.PAGE_CACHE_EPOCH_LEASE_SECONDS)
                _breaker.suspect = False
                _local_entries.clear()
                logger.warning("page cache: the cache answers again; new epoch, old pages dropped")
            return method(*args)
        except _FAILURES as exc:
            _breaker.trip(exc)
            raise CacheUnavailable(str(exc)) from exc

    def get(self, key):
        return self._run(self._cache.get, key)

    def get_many(self, keys):
        return self._run(self._cache.get_many, keys)

    def set(self, key, value, timeout):
        return self._run(self._cache.set, key, value, timeout)

    def set_many(self, values, timeout):
        return self._run(self._cache.set_many, values, timeout)

    def add(self, key, value, timeout):
        return self._run(self._cache.add, key, value, timeout)

    def delete(self, key):
        return self._run(self._cache.delete, key)

    def touch(self, key, timeout):
        return self._run(self._cache.touch, key, timeout)


def _cache() -> _SharedCache:
    return _SharedCache(caches[settings.PAGE_CACHE_ALIAS])


def _renew_epoch(cache: _SharedCache) -> None:
    """Keep the epoch's lease (a third of it at most) while this process
    uses the cache."""
    lease = settings.PAGE_CACHE_EPOCH_LEASE_SECONDS
    now = time.monotonic()
    if now - _breaker.renewed >= lease / 3:
        _breaker.renewed = now
        cache.touch(EPOCH, lease)


def _replica_safe_until(deps: dict[str, str], started: float) -> float:
    """With a read replica, a page rendered within REPLICA_LAG_SECONDS of a
    change may have been read before the replica had it: keep it only until
    that window has passed (newsroom/replicas.py)."""
    from .replicas import replica_configured

    if not replica_configured():
        return float("inf")
    lag = settings.REPLICA_LAG_SECONDS
    until = float("inf")
    for value in deps.values():
        try:
            changed = float(value.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            continue
        if started < changed + lag:
            until = min(until, changed + lag)
    return until


# --- invalidation -------------------------------------------------------------


def invalidate(*keys: str) -> None:
    """Drop every stored page that carries one of ``keys``: here now, and
    again when the current transaction commits (see the module docstring);
    in the proxy or CDN after the commit (``newsroom.edge``). A write never
    fails for the cache: when it cannot be reached, the epoch is replaced
    when it can."""
    keys = sorted(set(keys))
    for key in keys:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a surrogate key: {key!r}")
    if not keys:
        return

    def replace():
        try:
            _cache().set_many(
                {_generation_key(key): _new_generation() for key in keys}, GENERATION_TIMEOUT
            )
        except CacheUnavailable:
            logger.warning(
                "page cache: could not invalidate %s; every stored page is dropped "
                "when the cache answers again",
                ", ".join(keys),
            )

    def after_commit():
        replace()
        edge.purge(keys)

    replace()
    transaction.on_commit(after_commit, robust=True)


def invalidate_everything() -> None:
    """Drop every stored page (after loading demo or bench content, a
    template or language change): a new epoch here, and every page in the
    proxy (each carries ``site``)."""

    def replace():
        try:
            _cache().set(EPOCH, _new_generation(), settings.PAGE_CACHE_EPOCH_LEASE_SECONDS)
        except CacheUnavailable:
            _breaker.suspect = True  # replaced when the cache answers again

    def after_commit():
        replace()
        edge.purge([SITE])

    replace()
    transaction.on_commit(after_commit, robust=True)


def generations(keys) -> dict[str, str]:
    """The current generation of each key (by key), creating missing ones (a
    key the cache evicted gets a new value, which makes its pages stale).
    Raises ``CacheUnavailable``."""
    cache = _cache()
    keys = list(keys)
    stored = cache.get_many([_generation_key(key) for key in keys])
    current = {}
    for key in keys:
        value = stored.get(_generation_key(key))
        if value is None:
            lease = settings.PAGE_CACHE_EPOCH_LEASE_SECONDS
            timeout = lease if key == EPOCH else GENERATION_TIMEOUT
            cache.add(_generation_key(key), _new_generation(), timeout)
            value = cache.get(_generation_key(key)) or _new_generation()
        current[key] = value
    return current


def _current(cache: _SharedCache, keys) -> dict[str, str]:
    """The stored generations of ``keys`` (by key; missing ones left out)."""
    keys = list(keys)
    stored = cache.get_many([_generation_key(key) for key in keys])
    return {key: stored[_generation_key(key)] for key in keys if _generation_key(key) in stored}


# --- per-request state ----------------------------------------------------------


@dataclass
class _State:
    started: float
    deps: dict[str, str] = field(default_factory=dict)
    valid_until: float = float("inf")
    failed: bool = False  # the cache failed during the render: do not store


def depend_on(request, *keys: str) -> None:
    """Record that the page being rendered shows what ``keys`` stand for.
    Call it before reading the rows those keys stand for."""
    for key in keys:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a surrogate key: {key!r}")
    state = getattr(request, "_page_cache", None)
    if state is not None and keys and not state.failed:
        try:
            state.deps.update(generations(keys))
        except CacheUnavailable:
            state.failed = True


def expires_at(request, moment) -> None:
    """The page being rendered changes by itself at ``moment`` (an aware
    datetime or None): it may not be served from the cache from then on."""
    state = getattr(request, "_page_cache", None)
    if state is None or moment is None:
        return
    state.valid_until = min(state.valid_until, moment.timestamp())


def remembered(request, key: str, name: str, compute, *, still_true=None):
    """``compute()``, kept in the shared cache as long as ``key``'s
    generation lasts (for what a view needs on every miss and can only
    change with ``key``: say, when the next scheduled article goes public).
    ``still_true(value)`` may say that a kept value no longer holds (it
    named a moment now past): it is computed again. Computed afresh when no
    page is being stored."""
    state = getattr(request, "_page_cache", None)
    if state is None or state.failed:
        return compute()
    depend_on(request, key)
    if state.failed:
        return compute()
    memo_key = f"{PREFIX}memo:{name}:{state.deps[key]}"
    try:
        cache = _cache()
        found = cache.get_many([memo_key])
        if memo_key in found and (still_true is None or still_true(found[memo_key])):
            return found[memo_key]
        value = compute()
        cache.set(memo_key, value, settings.PAGE_CACHE_SECONDS)
        return value
    except CacheUnavailable:
        state.failed = True
        return compute()


# --- the decorator ---------------------------------------------------------------


@dataclass
class Entry:
    content: bytes
    content_type: str
    deps: dict[str, str]
    valid_until: float
    created: float
    digest: str
    has_nonce: bool = False
    changes_at: float = float("inf")  # when the page changes by itself


class _LocalEntries:
    """The most recently used entries, in this process: a hit then costs one
    round trip to the shared cache (the generations), not two. An entry here
    is only ever served after its generations were checked in the shared
    cache, so it is exactly as fresh as one fetched from there."""

    def __init__(self):
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > settings.PAGE_CACHE_LOCAL_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


_local_entries = _LocalEntries()


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.COOKIES.get(MESSAGES_COOKIE)
        and len(request.get_full_path()) <= MAX_PATH_LENGTH
        and not _has_live_session(request)
    )


def _has_live_session(request) -> bool:
    """A session cookie that names a session with data (someone logged in):
    such a reader gets a fresh page. A made-up or expired cookie does not
    force a render on every request: it is an anonymous reader's."""
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    session = getattr(request, "session", None)
    if session is None:
        return True
    return bool(session.keys())  # loads it once; an unknown key loads as empty


# What a query parameter of a reader page may hold: a page number (up to
# 9999), a row's id, or a short text (a search).
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
IDENTIFIER = re.compile(r"[1-9][0-9]{0,18}")
TEXT = re.compile(r".{0,200}", re.DOTALL)
# Typed by people (a search): any length; the view shortens it and says so
# (an address longer than MAX_PATH_LENGTH is not stored).
LONG_TEXT = re.compile(r".*", re.DOTALL)


def _normalise_query(request, params) -> None:
    """Leave the request only the query the page reads: the names in
    ``params`` (default: every name in ``PAGE_CACHE_QUERY_PARAMS``, any short
    value), the last value of each (the one a view reads), when it is of the
    kind the page reads; in a fixed order. The view, the page cache's key
    and the page's own links (newsroom/language.py) then see the same query:
    ``?utm_…``, ``?q=`` on an article or ``?page=abc`` cannot make a page of
    its own."""
    if params is None:
        params = dict.fromkeys(settings.PAGE_CACHE_QUERY_PARAMS, TEXT)
    kept = []
    for name in sorted(params):
        values = request.GET.getlist(name)
        if values and params[name].fullmatch(values[-1]):
            kept.append((name, values[-1]))
    query = urlencode(kept)
    if query != request.META.get("QUERY_STRING", ""):
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
    request.query_normalised = True


def _query_key(request) -> str:
    return request.META.get("QUERY_STRING", "")


def _entry_key(request) -> str:
    identity = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            _query_key(request),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        ]
    )
    return PREFIX + "page:" + hashlib.sha256(identity.encode()).hexdigest()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # someone signed in or out: the page is theirs
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # Anonymous for sure. Asking request.user would load the session
        # and mark the page "Vary: Cookie".
        return True
    user = getattr(request, "user", None)
    return not (user is not None and getattr(user, "is_authenticated", False))


def _etag(entry: Entry) -> str:
    return f'W/"{entry.digest}"'


def _fill(request, entry: Entry) -> bytes:
    """The stored bytes, with this response's CSP nonce if the page has one."""
    content = entry.content
    if entry.has_nonce:
        # This response's CSP nonce (accessing it puts it into the header).
        nonce = getattr(request, "_csp_nonce", None)
        content = content.replace(NONCE_MARK, str(nonce).encode() if nonce is not None else b"")
    return content


def surrogate_keys(entry: Entry) -> str:
    """The keys a page carries, for the ``Surrogate-Key`` header."""
    return " ".join(sorted(key for key in entry.deps if key != EPOCH))


def _headers(request, response, entry: Entry, status: str, *, changed=False) -> None:
    response["ETag"] = _etag(entry)
    response["Last-Modified"] = http_date(entry.created)
    response["X-Page-Cache"] = status
    response["Surrogate-Key"] = surrogate_keys(entry)
    # A proxy may keep the page until it changes by itself; never a copy
    # that is already stale, or whose keys changed while it was rendered.
    left = entry.changes_at - time.time()
    s_maxage = 0 if status == "stale" or changed else int(max(0, min(settings.CDN_MAX_AGE, left)))
    patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage, must_revalidate=True)


def _without_cache(response):
    """A fresh render that could not use the cache: nobody keeps it."""
    add_never_cache_headers(response)
    response["X-Page-Cache"] = "unavailable"
    return response


def _serve(request, entry: Entry, status: str) -> HttpResponse:
    response = get_conditional_response(
        request, etag=_etag(entry), last_modified=int(entry.created)
    )
    if response is None:
        response = HttpResponse(_fill(request, entry), content_type=entry.content_type)
    _headers(request, response, entry, status)
    return response


def _make_entry(request, response, state: _State) -> Entry:
    content = response.content
    content, nonce_count = _NONCE_VALUE.subn(rb"\1" + NONCE_MARK + rb"\3", content)
    return Entry(
        content=content,
        content_type=response["Content-Type"],
        deps=state.deps,
        valid_until=min(
            state.valid_until,
            state.started + settings.PAGE_CACHE_SECONDS,
            _replica_safe_until(state.deps, state.started),
        ),
        created=state.started,
        changes_at=state.valid_until,
        digest=hashlib.sha256(content).hexdigest()[:32],
        has_nonce=bool(nonce_count),
    )


def _check(cache: _SharedCache, entry, now: float) -> tuple[bool, bool]:
    """(Is ``entry`` current?, may it be served stale while another process
    renders the page?) A stale copy must be of the current epoch and have
    gone stale at most PAGE_CACHE_STALE_SECONDS ago (by the time in the
    generations that replaced its own, or its end of validity)."""
    if not isinstance(entry, Entry) or EPOCH not in entry.deps:
        return False, False
    current = _current(cache, entry.deps)
    if current == entry.deps and now < entry.valid_until:
        return True, False
    if current.get(EPOCH) != entry.deps[EPOCH]:
        return False, False
    since = entry.valid_until if now >= entry.valid_until else now
    for key, value in entry.deps.items():
        if current.get(key) != value:
            changed = _generation_time(current.get(key))
            if changed is None:  # evicted: stale since when, nobody knows
                return False, False
            since = min(since, changed)
    window = settings.PAGE_CACHE_STALE_SECONDS
    return False, window > 0 and now - since <= window


def _lookup(cache: _SharedCache, key: str, now: float):
    """(the current entry or None, a stale copy that may be served or None).
    This process's copy first; when it is missing or stale, the shared one,
    which another process may have rendered since."""
    stale = None
    local = _local_entries.get(key)
    if local is not None:
        fresh, servable = _check(cache, local, now)
        if fresh:
            return local, None
        stale = local if servable else None
    shared = cache.get(key)
    if isinstance(shared, Entry) and shared is not local:
        fresh, servable = _check(cache, shared, now)
        if fresh:
            _local_entries.put(key, shared)
            return shared, None
        if servable and (stale is None or shared.created > stale.created):
            stale = shared
    return None, stale


def _wait_for(cache: _SharedCache, key: str, lock: str):
    """Poll for the page another process is rendering: the entry once it is
    stored, or None when the lock is gone without one or the wait is over."""
    deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        found = cache.get_many([key, lock])
        fresh, _ = _check(cache, found.get(key), time.time())
        if fresh:
            _local_entries.put(key, found[key])
            return found[key]
        if lock not in found:
            return None
    return None


def _render(view, request, args, kwargs, cache: _SharedCache, key: str):
    """A miss: render, and store what may be stored."""
    # Note the generations before the view reads any row.
    state = _State(started=time.time())
    request._page_cache = state
    depend_on(request, EPOCH, SITE)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    finally:
        del request._page_cache
    if state.failed:
        return _without_cache(response) if response.status_code == 200 else response
    if not _storable(request, response):
        return response
    entry = _make_entry(request, response, state)
    try:
        # Did anything the page shows change while it was rendered?
        changed = _current(cache, state.deps) != state.deps
    except CacheUnavailable:
        return _without_cache(response)
    timeout = entry.valid_until - time.time()
    if timeout >= 1 and not changed:
        try:
            cache.set(key, entry, int(min(timeout, settings.PAGE_CACHE_SECONDS)))
        except CacheUnavailable:
            return _without_cache(response)
        _local_entries.put(key, entry)
    conditional = get_conditional_response(
        request, etag=_etag(entry), last_modified=int(entry.created)
    )
    if conditional is not None:
        response = conditional
    _headers(request, response, entry, "miss", changed=changed)
    return response


def reader_page(view=None, *, params=None):
    """Serve ``view`` from the page cache to anonymous readers (see the
    module docstring). ``params``: the query parameters the page reads, each
    with what its value may be (``PAGE_NUMBER``, ``TEXT``); the request
    keeps only those (see ``_normalise_query``). Usable as ``@reader_page``
    and ``@reader_page(params={...})``."""
    if view is None:
        return lambda view: reader_page(view, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            _normalise_query(request, params)
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            if settings.PAGE_CACHE and request.method in ("GET", "HEAD"):
                add_never_cache_headers(response)
                response["X-Page-Cache"] = "bypass"
            return response

        cache = _cache()
        key = _entry_key(request)
        lock = PREFIX + "lock:" + key.removeprefix(PREFIX + "page:")
        locked = False
        try:
            _renew_epoch(cache)
            entry, stale = _lookup(cache, key, time.time())
            if entry is not None:
                return _serve(request, entry, "hit")
            # One render per missed page: the others serve the stale copy
            # or wait for the new one.
            locked = cache.add(lock, "1", settings.PAGE_CACHE_LOCK_SECONDS)
            if not locked:
                if stale is not None:
                    return _serve(request, stale, "stale")
                entry = _wait_for(cache, key, lock)
                if entry is not None:
                    return _serve(request, entry, "hit")
        except CacheUnavailable:
            response = view(request, *args, **kwargs)
            return _without_cache(response) if response.status_code == 200 else response
        try:
            return _render(view, request, args, kwargs, cache, key)
        finally:
            if locked:
                try:
                    cache.delete(lock)
                except CacheUnavailable:
                    pass  # it expires

    return wrapped
