"""Live tickers: an article whose page shows short timestamped entries,
newest first, while an event lasts (issue 19).

Rights are the article's: whoever may edit the article
(``publishing.can_edit``) may start the ticker, post, correct and pin
entries. Whether a journalist's entry goes out at once is the ticker's own
setting ``entries_need_editor`` (default: no; the desk decided on the ticker
when it published the article, see docs/editorial.md); an editor's entry
always goes out at once, and an editor approves a waiting one.

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
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.cache import invalidate

from . import invalidation, publishing
from .images import rendition_urls
from .models import Article, Image, LiveEntry, LiveTicker, Source

ENTRIES_PER_PAGE = 20
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


def approve_entry(entry: LiveEntry, user) -> LiveEntry:
    if not publishing.can_publish(user):
        raise PermissionDenied
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
