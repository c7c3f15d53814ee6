"""Live tickers: an article whose page shows short timestamped entries,
newest first, while an event lasts (issue 19).

Rights are the article's: whoever may edit the article
(``publishing.can_edit``) may start the ticker, post, correct and pin
entries. Whether a journalist's entry goes out at once is the ticker's own
setting ``entries_need_editor`` (default: no; the desk decided on the ticker
when it published the article, see docs/editorial.md); an editor's entry
always goes out at once, and an editor approves a waiting one.

Readers see an entry only if it is approved and the ticker's article is
public (``public_entries``). Every change drops the ticker's key
``live-<pk>`` (its page, its poll endpoint and its feed); starting and
ending the ticker change the article itself (``article_changed``). The
services do this, not model signals.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.cache import invalidate

from . import invalidation, publishing
from .models import Article, LiveEntry, LiveTicker

ENTRIES_PER_PAGE = 20
POLL_LIMIT = 50


def _require(user, article: Article) -> None:
    if not publishing.can_edit(user, article):
        raise PermissionDenied


def _changed(ticker: LiveTicker) -> None:
    invalidate(invalidation.live_key(ticker.article_id))


def ticker_of(article: Article) -> LiveTicker | None:
    try:
        return article.live_ticker
    except LiveTicker.DoesNotExist:
        return None


def start_ticker(article: Article, user, *, entries_need_editor=False) -> LiveTicker:
    _require(user, article)
    ticker, _created = LiveTicker.objects.get_or_create(
        article=article, defaults={"entries_need_editor": entries_need_editor}
    )
    if ticker.ended_at is not None:
        ticker.ended_at = None
        ticker.save(update_fields=["ended_at"])
    article.live_ticker = ticker
    invalidation.article_changed(article)
    _changed(ticker)
    return ticker


def _validated(entry: LiveEntry) -> LiveEntry:
    entry.full_clean(exclude=["ticker", "created_by"])
    return entry


def post_entry(article: Article, user, body, headline="", key_event=False) -> LiveEntry:
    """A new entry on ``article``'s ticker; it goes out at once unless the
    ticker needs an editor and ``user`` is not one."""
    _require(user, article)
    ticker = ticker_of(article)
    if ticker is None or not ticker.is_running:
        raise ValidationError(_("This article is not a running live ticker."), code="not_live")
    approved = not ticker.entries_need_editor or publishing.can_publish(user)
    entry = _validated(
        LiveEntry(
            ticker=ticker,
            body=(body or "").strip(),
            headline=(headline or "").strip(),
            key_event=bool(key_event),
            approved=approved,
            created_by=user,
        )
    )
    entry.save()
    if approved:
        _changed(ticker)
    return entry


def approve_entry(entry: LiveEntry, user) -> LiveEntry:
    if not publishing.can_publish(user):
        raise PermissionDenied
    entry.approved = True
    entry.save(update_fields=["approved"])
    _changed(entry.ticker)
    return entry


def correct_entry(entry: LiveEntry, user, body, note) -> LiveEntry:
    """New text for ``entry``, with a note readers see ("corrected: …")."""
    _require(user, entry.ticker.article)
    entry.body = (body or "").strip()
    entry.correction_note = (note or "").strip()
    entry.corrected_at = timezone.now()
    if not entry.correction_note:
        raise ValidationError(
            {"correction_note": _("A correction needs a note for readers.")}, code="required"
        )
    _validated(entry).save(update_fields=["body", "correction_note", "corrected_at"])
    _changed(entry.ticker)
    return entry


def pin_entry(entry: LiveEntry, user, pinned=True) -> LiveEntry:
    """Pin ``entry`` on top of the ticker (one pinned entry at a time)."""
    _require(user, entry.ticker.article)
    with transaction.atomic():
        if pinned:
            LiveEntry.objects.filter(ticker=entry.ticker, pinned=True).exclude(pk=entry.pk).update(
                pinned=False
            )
        entry.pinned = bool(pinned)
        entry.save(update_fields=["pinned"])
    _changed(entry.ticker)
    return entry


def end_ticker(article: Article, user) -> LiveTicker:
    """The event is over: no more entries, no polling; the page keeps the
    entries and says when the coverage ended."""
    _require(user, article)
    ticker = ticker_of(article)
    if ticker is None:
        raise ValidationError(_("This article is not a live ticker."), code="not_live")
    if ticker.ended_at is None:
        ticker.ended_at = timezone.now()
        ticker.save(update_fields=["ended_at"])
    invalidation.article_changed(article)
    _changed(ticker)
    return ticker


# --- what readers see -----------------------------------------------------------


def public_entries(ticker: LiveTicker):
    """The entries readers may see: approved ones, only while the article
    is public (else none at all)."""
    if not ticker.article.is_public:
        return LiveEntry.objects.none()
    return ticker.entries.filter(approved=True)


def entry_data(entry: LiveEntry) -> dict:
    return {
        "id": entry.pk,
        "headline": entry.headline,
        "html": entry.body_html,
        "key_event": entry.key_event,
        "pinned": entry.pinned,
        "created_at": entry.created_at.isoformat(),
        "corrected_at": entry.corrected_at.isoformat() if entry.corrected_at else None,
        "correction_note": entry.correction_note,
    }


def page_context(ticker: LiveTicker, page_number) -> dict:
    """What the ticker's article page shows: the key events, the pinned
    entry, and one page of entries newest first (a constant number of
    queries)."""
    entries = public_entries(ticker)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(page_number)
    items = list(page.object_list)
    return {
        "ticker": ticker,
        "key_events": list(entries.filter(key_event=True)),
        "pinned": next(iter(entries.filter(pinned=True)[:1]), None),
        "page": page,
        "entries": items,
        "newest_id": (items[0].pk if items else 0) if page.number == 1 else None,
    }


def poll_data(ticker: LiveTicker, after) -> dict:
    """The entries after the id ``after`` (oldest first, at most
    ``POLL_LIMIT``), for the poll endpoint."""
    try:
        after = int(after) if after else 0
    except (TypeError, ValueError):
        after = 0
    entries = list(public_entries(ticker).filter(pk__gt=after).order_by("id")[:POLL_LIMIT])
    return {
        "running": ticker.is_running,
        "ended_at": ticker.ended_at.isoformat() if ticker.ended_at else None,
        "entries": [entry_data(entry) for entry in entries],
    }
