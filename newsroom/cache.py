"""The page cache: rendered reader pages for anonymous readers, with exact
invalidation.

Who gets a cached page
    Only GET and HEAD requests without a session or messages cookie: a
    reader who is logged in, or who has a message waiting ("Thank you! Your
    comment …"), always gets a freshly rendered page marked ``private,
    no-store``. Only 200 responses that set no cookie of their own
    and are not marked private are stored.

Exact invalidation: generations
    Every stored page remembers the *generation* of each thing it was built
    from: ``site`` (any article, section, author, image, source, tag, byline,
    citation or correction) and ``article:<pk>`` (that article's comments).
    A change replaces the generation with a new random value, immediately
    and again when its transaction commits, so that a page rendered from the
    old rows in between is not kept. A stored page whose generations are no
    longer current is never served. Generations are read *before* the view
    reads the database, so a page can only be stored under generations
    older than its rows, never newer.

Exact invalidation: the clock
    Some changes happen without a write: a scheduled article reaching its
    time, comments closing N days after publication. A stored page is valid
    only until the next scheduled publication (for every page) and until the
    article's comments close (for that article's page); see ``expires_at``.

Per-reader values
    Pages with the comment form carry a CSRF token, which is per reader, and
    the form's signed timestamp, which is per render; a page may carry the
    response's CSP nonce. They are stored with placeholders and filled in for
    each response when served: nobody receives
    another reader's token, and the timestamp is always fresh. Such pages are
    ``Cache-Control: private`` (a CDN must not keep them); pages without a
    token are ``public`` with ``s-maxage`` = ``CDN_MAX_AGE`` (default 0: a
    CDN revalidates every time, cheaply, with the ETag).

HTTP: every cacheable response has a weak ``ETag`` (the stored bytes plus,
for pages with a token, the reader's CSRF cookie) and ``Last-Modified``, and
a matching ``If-None-Match`` / ``If-Modified-Since`` gets 304.
``X-Page-Cache`` says ``hit``, ``miss`` or ``bypass``.
"""

from __future__ import annotations

import hashlib
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
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

PREFIX = "pagecache:"
SITE = PREFIX + "gen:site"
GENERATION_TIMEOUT = None  # generations live until replaced (or evicted)
MAX_PATH_LENGTH = 2000
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage

# Placeholders cannot occur in escaped or sanitised content: "<" is always
# escaped in text and attributes, and the Markdown sanitiser drops comments.
CSRF_MARK = b"<!--newsroom:csrf-->"
TS_MARK = b"<!--newsroom:ts-->"
NONCE_MARK = b"<!--newsroom:nonce-->"
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})(")')
_TS_VALUE = re.compile(rb'(name="ts" value=")([^"<>]{1,200})(")')
_NONCE_VALUE = re.compile(rb'( nonce=")([A-Za-z0-9+/=_-]{8,128})(")')


def article_key(pk) -> str:
    return f"{PREFIX}gen:article:{pk}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_generation() -> str:
    """A new random value, with the time it was made (for replica lag)."""
    return f"{uuid.uuid4().hex}:{time.time():.3f}"


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


def bump(*keys: str) -> None:
    """Make every stored page built from ``keys`` stale: now, and again when
    the current transaction commits (see the module docstring)."""
    if not keys:
        return

    def replace():
        _cache().set_many({key: _new_generation() for key in keys}, GENERATION_TIMEOUT)

    replace()
    transaction.on_commit(replace, robust=True)


def bump_site() -> None:
    bump(SITE)


def bump_article(pk) -> None:
    bump(article_key(pk))


def generations(keys) -> dict[str, str]:
    """The current generation of each key, creating missing ones (a key the
    cache evicted gets a new value, which makes its pages stale)."""
    cache = _cache()
    keys = list(keys)
    current = cache.get_many(keys)
    for key in keys:
        if key not in current:
            cache.add(key, _new_generation(), GENERATION_TIMEOUT)
            current[key] = cache.get(key) or _new_generation()
    return current


# --- per-request state ----------------------------------------------------------


@dataclass
class _State:
    started: float
    deps: dict[str, str] = field(default_factory=dict)
    valid_until: float = float("inf")


def depend_on(request, *keys: str) -> None:
    """Record that the page being rendered is built from ``keys``. Call it
    before reading the rows those keys stand for."""
    state = getattr(request, "_page_cache", None)
    if state is not None and keys:
        state.deps.update(generations(keys))


def expires_at(request, moment) -> None:
    """The page being rendered changes by itself at ``moment`` (an aware
    datetime or None): it may not be served from the cache from then on."""
    state = getattr(request, "_page_cache", None)
    if state is None or moment is None:
        return
    state.valid_until = min(state.valid_until, moment.timestamp())


def _next_scheduled(site_generation: str, now: float) -> float:
    """When the next scheduled article goes public (inf if none), cached per
    site generation: scheduling or publishing anything changes the generation."""
    from articles.models import Article

    cache = _cache()
    key = f"{PREFIX}next:{site_generation}"
    value = cache.get(key)
    if value is None or value <= now:
        moment = (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=_aware(now))
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        value = moment.timestamp() if moment else float("inf")
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def _aware(timestamp: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, tz=UTC)


# --- the decorator ---------------------------------------------------------------


@dataclass
class Entry:
    content: bytes
    content_type: str
    deps: dict[str, str]
    valid_until: float
    created: float
    digest: str
    has_csrf: bool
    has_ts: bool
    has_nonce: bool = False


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
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(MESSAGES_COOKIE)
        and len(request.get_full_path()) <= MAX_PATH_LENGTH
    )


def _entry_key(request) -> str:
    identity = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
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
        return False
    user = getattr(request, "user", None)
    return not (user is not None and getattr(user, "is_authenticated", False))


def _csrf_cookie_digest(request) -> str:
    secret = request.META.get("CSRF_COOKIE", "")
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def _etag(request, entry: Entry) -> str:
    if entry.has_csrf:
        return f'W/"{entry.digest}-{_csrf_cookie_digest(request)}"'
    return f'W/"{entry.digest}"'


class _SecondTimestamp:
    """The form timestamp of the current second. It is signed seconds, the
    same for every reader within one second, so it is signed once a second
    instead of once per response."""

    def __init__(self):
        self._value = (None, b"")

    def get(self) -> bytes:
        from comments.forms import make_timestamp

        second = int(time.time())
        cached_second, value = self._value
        if cached_second != second:
            value = make_timestamp(second).encode()
            self._value = (second, value)
        return value


_timestamp = _SecondTimestamp()


def _fill(request, entry: Entry, csrf_token: str | None) -> bytes:
    """The stored bytes with this reader's CSRF token and a fresh timestamp."""
    content = entry.content
    if csrf_token is not None:
        content = content.replace(CSRF_MARK, csrf_token.encode())
    if entry.has_ts:
        content = content.replace(TS_MARK, _timestamp.get())
    if entry.has_nonce:
        # This response's CSP nonce (accessing it puts it into the header).
        nonce = getattr(request, "_csp_nonce", None)
        content = content.replace(NONCE_MARK, str(nonce).encode() if nonce is not None else b"")
    return content


def _headers(request, response, entry: Entry, status: str) -> None:
    response["ETag"] = _etag(request, entry)
    response["Last-Modified"] = http_date(entry.created)
    response["X-Page-Cache"] = status
    if entry.has_csrf:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.CDN_MAX_AGE,
            must_revalidate=True,
        )
    patch_vary_headers(response, ["Cookie"])


def _serve(request, entry: Entry, status: str) -> HttpResponse:
    # The reader's own token (sets the cookie when new). Each call of
    # get_token masks the secret anew, which costs as much as the rest of a
    # hit: one call per response.
    csrf_token = get_token(request) if entry.has_csrf else None
    response = get_conditional_response(
        request, etag=_etag(request, entry), last_modified=int(entry.created)
    )
    if response is None:
        response = HttpResponse(_fill(request, entry, csrf_token), content_type=entry.content_type)
    _headers(request, response, entry, status)
    return response


def _make_entry(request, response, state: _State) -> Entry:
    content = response.content
    content, csrf_count = _CSRF_VALUE.subn(rb"\1" + CSRF_MARK + rb"\3", content)
    content, ts_count = _TS_VALUE.subn(rb"\1" + TS_MARK + rb"\3", content)
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
        digest=hashlib.sha256(content).hexdigest()[:32],
        has_csrf=bool(csrf_count),
        has_ts=bool(ts_count),
        has_nonce=bool(nonce_count),
    )


def reader_page(view):
    """Serve ``view`` from the page cache to anonymous readers (see the
    module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            if settings.PAGE_CACHE and request.method in ("GET", "HEAD"):
                add_never_cache_headers(response)
                response["X-Page-Cache"] = "bypass"
            return response

        cache = _cache()
        key = _entry_key(request)
        now = time.time()

        def current(entry):
            return (
                isinstance(entry, Entry)
                and now < entry.valid_until
                and cache.get_many(list(entry.deps)) == entry.deps
            )

        # This process's copy first; when it is missing or stale, the shared
        # one, which another process may have rendered since.
        entry = _local_entries.get(key)
        if not current(entry):
            entry = cache.get(key)
            if current(entry):
                _local_entries.put(key, entry)
            else:
                entry = None
        if entry is not None:
            return _serve(request, entry, "hit")

        # A miss: note the generations before the view reads any row.
        state = _State(started=now)
        request._page_cache = state
        depend_on(request, SITE)
        state.valid_until = _next_scheduled(state.deps[SITE], now)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        finally:
            del request._page_cache
        if not _storable(request, response):
            return response
        entry = _make_entry(request, response, state)
        timeout = entry.valid_until - time.time()
        if timeout >= 1:
            cache.set(key, entry, int(min(timeout, settings.PAGE_CACHE_SECONDS)))
            _local_entries.put(key, entry)
        conditional = get_conditional_response(
            request, etag=_etag(request, entry), last_modified=int(entry.created)
        )
        if conditional is not None:
            response = conditional
        _headers(request, response, entry, "miss")
        return response

    return wrapped


# --- what invalidates what --------------------------------------------------------

# Models whose rows appear on reader pages beyond a single article's comments.
SITE_MODELS = (
    "articles.Article",
    "articles.Section",
    "articles.Author",
    "articles.Image",
    "articles.Source",
    "articles.Byline",
    "articles.Citation",
    "articles.Correction",
    "taggit.Tag",
    "taggit.TaggedItem",
)


def _site_changed(sender, **kwargs):
    bump_site()


def _comment_changed(sender, instance, **kwargs):
    bump_article(instance.article_id)


def _report_changed(sender, instance, **kwargs):
    bump_article(instance.comment.article_id)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and instance._meta.label in SITE_MODELS:
        bump_site()


def connect_signals() -> None:
    """Called from ``NewsroomConfig.ready``."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in SITE_MODELS:
        model = apps.get_model(label)
        uid = f"newsroom.cache.{label}"
        post_save.connect(_site_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_site_changed, sender=model, dispatch_uid=uid + ".delete")
    comment = apps.get_model("comments.Comment")
    post_save.connect(_comment_changed, sender=comment, dispatch_uid="newsroom.cache.comment.save")
    post_delete.connect(
        _comment_changed, sender=comment, dispatch_uid="newsroom.cache.comment.delete"
    )
    report = apps.get_model("comments.Report")
    post_save.connect(_report_changed, sender=report, dispatch_uid="newsroom.cache.report.save")
    m2m_changed.connect(_relation_changed, dispatch_uid="newsroom.cache.m2m")
