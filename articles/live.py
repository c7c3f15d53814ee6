"""Live tickers: an article whose page shows short timestamped entries,
newest first, while an event lasts (issue 19).

Rights are the article's: whoever may edit the article
(``publishing.can_edit``) may start the ticker, post, correct and pin
entries. Whether a journalist's entry goes out at once is the ticker's
setting ``entries_need_editor``, and only an editor may let entries go
out unseen: a ticker a journalist starts needs an editor for her entries
until an editor says otherwise (``set_entries_need_editor``). On such a
ticker only an editor corrects an entry readers see (``may_correct``: the
correction would go out unseen). An editor's entry always goes out at
once, and an editor approves a waiting one, as she saw it (``fingerprint``).

An entry may carry a picture from the library (any image: choosing one is
a change of the entry, not of the image, as for an article's hero image)
and a quote with its source from the directory (``_media``). A quote in an
entry is shown to readers with its source's name, so a confidential source
cannot be picked for it: the service refuses it, whoever calls. Should a
source become confidential later, readers see the quote without the name
(``quote_of``).

Readers see an entry only if it is approved and the ticker's article is
public (``public_entries``). Every change drops the ticker's key
``live-<pk>`` (its page, its poll endpoint and its feed); starting and
ending the ticker change the article itself (``article_changed``). The
services do this, not model signals.

Open pages catch up by polling (``poll_data``): besides the new entries,
every answer carries the pinned entry, the key events and the latest
changes to older entries. A correction, a late approval or a key event set
or cleared gives the entry the ticker's next change number
(``LiveTicker.version`` → ``LiveEntry.changed``); a deletion leaves a
tombstone with one (``LiveEntryDeletion``). Editors delete any entry, the
others only their own entries that still wait (``may_delete``); the audit
log records every deletion.
"""

from __future__ import annotations

import hashlib
import html

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from audit.record import Action, record
from newsroom.cache import invalidate

from . import invalidation, publishing
from .images import rendition_urls
from .models import Article, Image, LiveEntry, LiveTicker, Source

ENTRIES_PER_PAGE = 20
# Besides at most POLL_LIMIT new entries, every poll answer carries the latest
# changes to entries readers may have on screen (at most POLL_CHANGES
# corrected/approved/key-event entries and as many deletions), the pinned
# entry and the key events (at most KEY_EVENTS_LIMIT).
POLL_CHANGES = 20
KEY_EVENTS_LIMIT = 50
POLL_LIMIT = 50
WAITING_LIMIT = 100  # the editors' list of waiting entries


def _require(user, article: Article) -> None:
    if not publishing.can_edit(user, article):
        raise PermissionDenied


def _changed(ticker: LiveTicker, entry: LiveEntry | None = None) -> None:
    keys = [invalidation.live_key(ticker.article_id)]
    if entry is not None and entry.approved and entry.quote_source_id:
        # The source's page lists the tickers that quote it.
        keys.append(invalidation.source_key(entry.quote_source_id))
    invalidate(*keys)


def ticker_of(article: Article) -> LiveTicker | None:
    try:
        return article.live_ticker
    except LiveTicker.DoesNotExist:
        return None


def start_ticker(article: Article, user, *, entries_need_editor=False) -> LiveTicker:
    """Make ``article`` a live ticker (or run an ended one again). Letting
    entries go out unseen is the desk's decision: a ticker a journalist
    starts needs an editor for her entries, until an editor says otherwise
    (``set_entries_need_editor``); nothing reaches readers without one."""
    _require(user, article)
    if not publishing.can_publish(user):
        entries_need_editor = True
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


def set_entries_need_editor(ticker: LiveTicker, user, needed: bool) -> LiveTicker:
    """The desk's choice for a running ticker: do journalists' entries wait
    for an editor? Only an editor decides. Entries already waiting keep
    waiting for an approval either way (nobody saw them)."""
    if not publishing.can_publish(user):
        raise PermissionDenied
    ticker.entries_need_editor = bool(needed)
    ticker.save(update_fields=["entries_need_editor"])
    return ticker


def _validated(entry: LiveEntry) -> LiveEntry:
    # The image and the source were checked by _media.
    entry.full_clean(exclude=["ticker", "created_by", "image", "quote_source"])
    return entry


# Quotation marks a journalist may have typed around a quote: the page sets
# its own („…“).
QUOTE_MARKS = "\"'„“”‚‘’»«›‹"
_MAX_ID = 2**63 - 1


def _row(model, value, message):
    """The row of ``model`` that ``value`` (a row, its id, or empty) names;
    None for empty; ``message`` as the error for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        pk = 0
    found = model.objects.filter(pk=pk).first() if 0 < pk <= _MAX_ID else None
    if found is None:
        raise ValidationError(message % {"value": str(value)[:30]}, code="invalid_choice")
    return found


def _media(image, quote, quote_source) -> tuple[Image | None, str, Source | None]:
    """An entry's image and quote, checked: the image is one of the
    library's; a quote has a source from the directory and a source a quote;
    a confidential source is never quoted (readers would see its name)."""
    errors = {}
    try:
        image = _row(Image, image, _("There is no image number “%(value)s” in the library."))
    except ValidationError as exc:
        errors["image"] = exc.messages
        image = None
    quote = (quote or "").strip().strip(QUOTE_MARKS).strip()
    try:
        quote_source = _row(
            Source, quote_source, _("There is no source number “%(value)s” in the directory.")
        )
    except ValidationError as exc:
        errors["quote_source"] = exc.messages
        quote_source = None
    if quote_source is not None and quote_source.is_confidential:
        errors["quote_source"] = [
            _(
                "This source is confidential: a quote in a live entry shows its name to "
                "readers. Choose a source that may be named, or quote without a name in "
                "the text."
            )
        ]
    elif quote and quote_source is None and "quote_source" not in errors:
        errors["quote_source"] = [_("A quote needs its source from the directory.")]
    elif quote_source is not None and not quote:
        errors["quote"] = [_("Enter the quote of this source, or leave the source empty.")]
    if errors:
        raise ValidationError(errors)
    return image, quote, quote_source


def post_entry(
    article: Article,
    user,
    body,
    headline="",
    key_event=False,
    *,
    image=None,
    quote="",
    quote_source=None,
) -> LiveEntry:
    """A new entry on ``article``'s ticker; it goes out at once unless the
    ticker needs an editor and ``user`` is not one. ``image``: an image of
    the library (or its id); ``quote`` with ``quote_source``: a quote and
    its source from the directory (or its id), never a confidential one."""
    _require(user, article)
    ticker = ticker_of(article)
    if ticker is None or not ticker.is_running:
        raise ValidationError(_("This article is not a running live ticker."), code="not_live")
    approved = not ticker.entries_need_editor or publishing.can_publish(user)
    entry = LiveEntry(
        ticker=ticker,
        body=(body or "").strip(),
        headline=(headline or "").strip(),
        key_event=bool(key_event),
        approved=approved,
        created_by=user,
    )
    errors = {}
    try:
        entry.image, entry.quote, entry.quote_source = _media(image, quote, quote_source)
    except ValidationError as exc:
        errors = exc.message_dict
    try:
        _validated(entry)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    entry.save()
    if approved:
        _changed(ticker, entry)
    return entry


def fingerprint(entry: LiveEntry) -> str:
    """What an editor saw of a waiting entry, as a short digest: the approve
    buttons send it back, so an entry its author changed in between is not
    approved unseen."""
    seen = "\x1f".join(
        str(part)
        for part in (
            entry.headline,
            entry.body,
            entry.quote,
            entry.quote_source_id,
            entry.image_id,
            entry.key_event,
        )
    )
    return hashlib.sha256(seen.encode()).hexdigest()[:20]


def approve_entry(entry: LiveEntry, user, *, seen: str | None = None) -> LiveEntry:
    """Put a waiting entry online. ``seen``: the ``fingerprint`` of the entry
    as the editor saw it (the desk pages send it); if the entry changed
    since, nothing happens and the editor is told to look again."""
    if not publishing.can_publish(user):
        raise PermissionDenied
    if entry.approved:
        return entry
    if seen is not None and seen != fingerprint(entry):
        raise ValidationError(
            _("This entry was changed after you saw it: read it again before approving it."),
            code="changed",
        )
    _note_change(entry)  # an older id: open pages learn of it from the changes
    entry.approved = True
    entry.save(update_fields=["approved"])
    _changed(entry.ticker, entry)
    return entry


def waiting_entries(user):
    """The entries of every ticker that wait for an editor, oldest first,
    for an editor's list (none for anyone else)."""
    if not publishing.can_publish(user):
        return LiveEntry.objects.none()
    return (
        LiveEntry.objects.filter(approved=False)
        .select_related("ticker__article", "created_by", "image", "quote_source")
        .order_by("created_at", "id")
    )


def may_correct(user, entry: LiveEntry) -> bool:
    """Whoever may edit the article corrects its entries; on a ticker whose
    entries need an editor, the others only an entry that still waits: a
    correction goes out at once, and the desk wants to see every text
    readers get first."""
    if not publishing.can_edit(user, entry.ticker.article):
        return False
    return (
        not entry.ticker.entries_need_editor or not entry.approved or publishing.can_publish(user)
    )


def correct_entry(entry: LiveEntry, user, body, note) -> LiveEntry:
    """New text for ``entry``, with a note readers see ("corrected: …");
    ``may_correct`` says who may."""
    if not may_correct(user, entry):
        raise PermissionDenied
    entry.body = (body or "").strip()
    entry.correction_note = (note or "").strip()
    entry.corrected_at = timezone.now()
    if not entry.correction_note:
        raise ValidationError(
            {"correction_note": _("A correction needs a note for readers.")}, code="required"
        )
    _validated(entry).save(update_fields=["body", "correction_note", "corrected_at"])
    _note_change(entry)
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


def set_key_event(entry: LiveEntry, user, key_event=True) -> LiveEntry:
    """Make ``entry`` a key event (in the summary on top of the page) or
    take it out of the summary."""
    _require(user, entry.ticker.article)
    if entry.key_event == bool(key_event):
        return entry
    entry.key_event = bool(key_event)
    entry.save(update_fields=["key_event"])
    _note_change(entry)
    _changed(entry.ticker)
    return entry


def may_delete(user, entry: LiveEntry) -> bool:
    """Editors delete any entry; whoever may edit the article only her own
    entry while it still waits for an editor (readers never saw it). What
    readers saw is changed with a visible correction, or taken down by an
    editor (docs/editorial.md)."""
    return entry.pk in deletable(user, entry.ticker.article, [entry])


def deletable(user, article: Article, entries) -> set[int]:
    """The ids of those of ``entries`` (of ``article``'s ticker) that
    ``user`` may delete (``may_delete``), for the desk's buttons."""
    if not publishing.can_edit(user, article):
        return set()
    editor = publishing.can_publish(user)
    return {
        entry.pk
        for entry in entries
        if editor or (not entry.approved and entry.created_by_id == user.pk)
    }


def delete_entry(entry: LiveEntry, user) -> None:
    """Delete ``entry``: readers' pages drop it on their next poll (a
    tombstone keeps its id), the audit log records who deleted what."""
    if not may_delete(user, entry):
        raise PermissionDenied
    ticker = entry.ticker
    with transaction.atomic():
        if entry.approved:
            ticker.deletions.create(entry_id=entry.pk, version=_next_version(ticker))
            _forget_old_deletions(ticker)
        record(
            Action.LIVE_ENTRY_DELETED,
            actor=user,
            obj=entry,
            article=ticker.article_id,
            headline=entry.headline,
            created_at=entry.created_at,
            created_by=entry.created_by_id,
            approved=entry.approved,
            pinned=entry.pinned,
        )
        entry.delete()
    _changed(ticker)


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
    is public (else none at all), with their images and sources."""
    if not ticker.article.is_public:
        return LiveEntry.objects.none()
    return ticker.entries.filter(approved=True).select_related("image", "quote_source")


def quote_of(entry: LiveEntry) -> dict | None:
    """An entry's quote as readers see it: its text, the name (and role) of
    its source and the address of the source's page; a source that became
    confidential after the entry was posted is neither named nor linked."""
    if not entry.quote:
        return None
    source = entry.quote_source
    if source is None or source.is_confidential:
        return {"text": entry.quote, "source_name": "", "source_url": None}
    name = f"{source.name}, {source.role}" if source.role else source.name
    return {"text": entry.quote, "source_name": name, "source_url": source.get_absolute_url()}


def image_of(entry: LiveEntry) -> dict | None:
    """An entry's image for the poll: its address, the renditions as a
    ``srcset``, its size, alternative text and credit (no query, no I/O)."""
    image = entry.image
    if image is None or not image.file:
        return None
    candidates = rendition_urls(image)
    if candidates:
        candidates.append((image.file.url, image.width))
    return {
        "src": image.file.url,
        "srcset": ", ".join(f"{url} {width}w" for url, width in candidates) or None,
        "width": image.width,
        "height": image.height,
        "alt": image.alt_text,
        "credit": image.credit,
    }


def entry_data(entry: LiveEntry) -> dict:
    return {
        "id": entry.pk,
        "headline": entry.headline,
        "html": entry.body_html,
        "key_event": entry.key_event,
        "pinned": entry.pinned,
        "changed": entry.changed,
        "created_at": entry.created_at.isoformat(),
        "corrected_at": entry.corrected_at.isoformat() if entry.corrected_at else None,
        "correction_note": entry.correction_note,
        "image": image_of(entry),
        "quote": quote_of(entry),
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
        "key_events": key_events(entries),
        "pinned": pinned_entry(entries),
        "page": page,
        "entries": items,
        "newest_id": max((item.pk for item in items), default=0) if page.number == 1 else None,
    }


def poll_data(ticker: LiveTicker, after, *, changes: dict | None = None) -> dict:
    """What an open page needs to catch up, the same for every reader who
    has the entries up to the id ``after`` (one cached answer per ``after``,
    dropped with the ticker's key on every change): ``entries``, the entries
    after ``after``, oldest first, at most ``POLL_LIMIT`` (the page asks
    again for the rest), and what ``poll_changes`` says, the same for every
    ``after``: pass it as ``changes`` when it was kept (the view keeps it
    per change of the ticker, so a post that drops every reader's answer
    costs their next polls one query each, not five)."""
    after = _entry_id(after)
    new = list(public_entries(ticker).filter(pk__gt=after).order_by("id")[:POLL_LIMIT])
    return {
        **(changes if changes is not None else poll_changes(ticker)),
        "entries": [entry_data(entry) for entry in new],
    }


def poll_changes(ticker: LiveTicker) -> dict:
    """The part of a poll answer that does not depend on what the reader
    has, in four queries whatever the ticker's size:

    - ``changed``: the latest ``POLL_CHANGES`` entries changed after they
      were posted (corrected, approved late, made or unmade a key event),
      newest change first, each with its change number ``changed``;
    - ``deleted``: the ids of the latest ``POLL_CHANGES`` deleted entries;
    - ``pinned``: the pinned entry or None; ``key_events``: the summary;
    - ``version``: the ticker's change counter; ``complete_since``: the
      lists hold every change numbered above it, so a page that has seen
      the changes up to ``version`` >= ``complete_since`` misses none
      (else it offers a reload).
    """
    entries = public_entries(ticker)
    changed = list(entries.filter(changed__gt=0).order_by("-changed")[:POLL_CHANGES])
    deleted = list(
        ticker.deletions.order_by("-version").values_list("entry_id", "version")[:POLL_CHANGES]
    )
    complete_since = max(
        changed[-1].changed - 1 if len(changed) == POLL_CHANGES else 0,
        deleted[-1][1] - 1 if len(deleted) == POLL_CHANGES else 0,
    )
    pinned = pinned_entry(entries)
    return {
        "running": ticker.is_running,
        "ended_at": ticker.ended_at.isoformat() if ticker.ended_at else None,
        "version": ticker.version,
        "complete_since": complete_since,
        "changed": [entry_data(entry) for entry in changed],
        "deleted": [entry_id for entry_id, _version in deleted],
        "pinned": entry_data(pinned) if pinned else None,
        "key_events": [
            {**event, "created_at": event["created_at"].isoformat()}
            for event in key_events(entries)
        ],
    }


def _entry_id(value) -> int:
    try:
        number = int(value) if value else 0
    except (TypeError, ValueError):
        return 0
    return number if 0 < number <= _MAX_ID else 0


def pinned_entry(entries) -> LiveEntry | None:
    return next(iter(entries.filter(pinned=True)[:1]), None)


def key_events(entries) -> list[dict]:
    """The key events for the summary, newest first (at most
    ``KEY_EVENTS_LIMIT``): id, time and a label (the headline, else the
    start of the text)."""
    rows = entries.filter(key_event=True).order_by("-created_at", "-id")
    rows = rows.values("id", "headline", "body_html", "created_at")[:KEY_EVENTS_LIMIT]
    return [
        {
            "id": row["id"],
            "created_at": row["created_at"],
            "label": row["headline"]
            or Truncator(html.unescape(strip_tags(row["body_html"])).strip()).chars(100),
        }
        for row in rows
    ]


# --- the change counter ------------------------------------------------------


def _next_version(ticker: LiveTicker) -> int:
    """The ticker's next change number (``LiveTicker.version``), unique
    even when two people change entries at the same moment."""
    with transaction.atomic():
        LiveTicker.objects.filter(pk=ticker.pk).update(version=F("version") + 1)
        ticker.version = LiveTicker.objects.values_list("version", flat=True).get(pk=ticker.pk)
    return ticker.version


def _note_change(entry: LiveEntry) -> None:
    """``entry`` changed after it was posted: it takes the next change
    number, and so goes into the poll's ``changed`` list."""
    entry.changed = _next_version(entry.ticker)
    LiveEntry.objects.filter(pk=entry.pk).update(changed=entry.changed)


def _forget_old_deletions(ticker: LiveTicker) -> None:
    """Keep the latest ``POLL_CHANGES`` tombstones of ``ticker``: older
    ones are beyond what any poll sends."""
    kept = ticker.deletions.order_by("-version").values_list("version", flat=True)
    oldest_kept = next(iter(kept[POLL_CHANGES - 1 : POLL_CHANGES]), None)
    if oldest_kept is not None:
        ticker.deletions.filter(version__lt=oldest_kept).delete()
