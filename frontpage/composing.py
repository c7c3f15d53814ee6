"""The desk's compositions: which composition a page shows, what its slots
resolve to, and the one way to save or delete a composition.

A page (the home page, ``section`` None, or a Ressort's page) shows at time
``now`` its *live* composition: the newest with ``go_live_at <= now``. A
newer one is scheduled and goes live by itself; nothing has to run. A live
composition is history: saving changes to it saves a new revision (who and
when), so the page's past stays readable.

``resolve`` turns the slots into blocks of teasers in a fixed number of
queries, whatever the number of slots:

1. the hand-placed stories and the most commented candidates: one query
   (``Article.objects.published(now)``, so an unpublished story falls out),
   plus one for the bylines; before it, one aggregate over the comments
   (``comments.selectors.most_commented``) if the page has that box;
2. the automatic candidates of every source the slots name (the newest of
   the site, of a Ressort, of a topic): one ``UNION ALL`` of one small
   indexed query per source, plus one for the bylines;
3. the live tickers' newest entries: one window query.

Slots are filled in position order; a story is shown once per page: the
hand-placed stories are claimed first (a story placed twice stays in the
first slot), then each automatic slot takes the newest candidate not yet
on the page. Each source fetches as many candidates as the page shows
stories in all, so there is always enough to fill a slot whose candidates
other slots took. A hand-placed story whose ``expires_at`` has passed, or
that is not public at ``now``, gives way to automatic filling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Prefetch, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import publishing
from articles.models import Article, LiveEntry, LiveTicker
from comments import selectors as comment_selectors
from newsroom.cache import invalidate

from .models import MAX_COUNT, Composition, Slot

Kind = Slot.Kind
STORY_KINDS = {Kind.AUFMACHER, Kind.TOP, Kind.SECTION_BLOCK, Kind.TAG_BOX}
SINGLE_KINDS = {Kind.AUFMACHER, Kind.TOP}  # one story each
MOST_COMMENTED_HOURS = 24
# The most commented box changes with every approval without a write of
# ours to the page: it is at most this old.
MOST_COMMENTED_MAX_AGE = timedelta(minutes=15)
MAX_SLOTS = 40
MAX_POSITION = 999
# A composition further ahead is a typo (2062 for 2026), not a plan.
MAX_SCHEDULE_AHEAD = timedelta(days=366)
ALL = ("all", None)

# The home page before the desk composed it (no composition in the database):
# the newest story leads, three beside it, a block per Ressort, the most
# commented.
DEFAULT_TOP = 3
DEFAULT_BLOCK = 4
DEFAULT_MOST_COMMENTED = 5


def page_key(section_id) -> str:
    """The surrogate key of a page's compositions (frontpage/views.py)."""
    return "frontpage-home" if section_id is None else f"frontpage-section-{section_id}"


# --- which composition ------------------------------------------------------------


def compositions_of(section_id):
    return Composition.objects.filter(section_id=section_id)


def live_composition(section_id, now: datetime) -> Composition | None:
    """The composition the page shows at ``now``, with its slots (two
    queries)."""
    return (
        compositions_of(section_id)
        .filter(go_live_at__lte=now)
        .order_by("-go_live_at", "-id")
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.select_related("section", "tag")))
        .first()
    )


def next_go_live(section_id, now: datetime) -> datetime | None:
    """When the page's next scheduled composition goes live (one query)."""
    return (
        compositions_of(section_id)
        .filter(go_live_at__gt=now)
        .order_by("go_live_at")
        .values_list("go_live_at", flat=True)
        .first()
    )


def default_slots(sections) -> list[Slot]:
    """The home page's slots while the desk has composed none."""
    slots = [Slot(position=0, kind=Kind.AUFMACHER)]
    slots += [Slot(position=1 + i, kind=Kind.TOP) for i in range(DEFAULT_TOP)]
    slots += [
        Slot(position=10 + i, kind=Kind.SECTION_BLOCK, section=section, count=DEFAULT_BLOCK)
        for i, section in enumerate(sections)
    ]
    slots.append(
        Slot(position=10 + len(slots), kind=Kind.MOST_COMMENTED, count=DEFAULT_MOST_COMMENTED)
    )
    return slots


# --- what the slots show ----------------------------------------------------------


@dataclass
class Block:
    """What one slot (or a row of top stories) shows."""

    kind: str
    title: str = ""
    url: str = ""
    articles: list = field(default_factory=list)
    ticker: Article | None = None  # a live ticker box: the ticker's article
    entries: list = field(default_factory=list)

    @property
    def css(self) -> str:
        return {
            Kind.AUFMACHER: "front-lead",
            Kind.TOP: "front-top",
            Kind.SECTION_BLOCK: "front-block front-section",
            Kind.TAG_BOX: "front-block front-tag",
            Kind.MOST_COMMENTED: "front-block front-most-commented",
            Kind.LIVE_TICKER: "front-block front-live",
        }[self.kind]


@dataclass
class Resolved:
    blocks: list[Block]
    shown: list[int]  # the pks of every article on the page, in order
    changes_at: datetime | None  # the page changes by itself then (an expiry)
    most_commented: bool  # it has the box that changes with approvals


def _teasers(now):
    return Article.objects.published(now=now).for_listing().defer("body", "body_html")


def _hand_placed(slot: Slot, now) -> bool:
    """The slot holds a story the desk placed, and it has not expired."""
    return (
        slot.article_id is not None
        and slot.kind != Kind.MOST_COMMENTED
        and (slot.expires_at is None or slot.expires_at > now)
    )


def _source(slot: Slot, page_section_id=None):
    """Where the slot's automatic stories come from: its Ressort or topic;
    an Aufmacher or top story without one takes the newest of the page (of
    the site on the home page, of the Ressort on a Ressort's page)."""
    if slot.kind == Kind.SECTION_BLOCK or (slot.kind in SINGLE_KINDS and slot.section_id):
        return ("section", slot.section_id)
    if slot.kind == Kind.TAG_BOX or (slot.kind in SINGLE_KINDS and slot.tag_id):
        return ("tag", slot.tag_id)
    if page_section_id is not None:
        return ("section", page_section_id)
    return ALL


def _label(source) -> str:
    kind, pk = source
    return kind if pk is None else f"{kind}-{pk}"


def _count(slot: Slot) -> int:
    return 1 if slot.kind in SINGLE_KINDS else max(1, min(slot.count or 1, MAX_COUNT))


def _candidates(sources, depth: int, now) -> dict[str, list[Article]]:
    """The newest ``depth`` public articles of each source, newest first, in
    one query (plus the bylines): a UNION ALL of one small query per source,
    each on an index (article_status_pub_idx, article_section_pub_idx, the
    tag's rows)."""
    if not sources or depth <= 0:
        return {}
    published = Article.objects.published(now=now)
    parts = []
    for source in sorted(sources, key=_label):
        kind, pk = source
        newest = published
        if kind == "section":
            newest = newest.filter(section_id=pk)
        elif kind == "tag":
            newest = newest.filter(tags=pk)
        ids = newest.order_by("-publish_at", "-id").values("pk")[:depth]
        parts.append(
            _teasers(now)
            .filter(pk__in=Subquery(ids))
            .annotate(source=Value(_label(source), output_field=CharField()))
            .order_by()  # SQLite allows no ORDER BY inside a compound statement
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found: dict[str, list[Article]] = {}
    for article in sorted(rows, key=lambda a: (a.publish_at, a.pk), reverse=True):
        found.setdefault(article.source, []).append(article)
    return found


def _entries(tickers: dict[int, int], now) -> dict[int, list[LiveEntry]]:
    """The newest approved entries of each ticker (article pk → how many),
    one window query."""
    if not tickers:
        return {}
    rows = (
        LiveEntry.objects.filter(
            ticker__article_id__in=list(tickers), approved=True, created_at__lte=now
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("ticker_id"),
                order_by=(F("created_at").desc(), F("id").desc()),
            ),
            article_pk=F("ticker__article_id"),
        )
        .filter(rank__lte=max(tickers.values()))
        .order_by("-created_at", "-id")
    )
    found: dict[int, list[LiveEntry]] = {}
    for entry in rows:
        if len(found.setdefault(entry.article_pk, [])) < tickers[entry.article_pk]:
            found[entry.article_pk].append(entry)
    return found


def resolve(slots, now: datetime, *, section_id=None) -> Resolved:
    """The blocks the ``slots`` show at ``now`` on the page of ``section_id``
    (None: the home page); see the module docstring."""
    slots = sorted(slots, key=lambda s: (s.position, s.pk or 0))
    depth = sum(_count(s) for s in slots if s.kind != Kind.LIVE_TICKER) + 1
    placed = {s.article_id for s in slots if _hand_placed(s, now)}
    most_commented = any(s.kind == Kind.MOST_COMMENTED for s in slots)
    discussed: list[tuple[int, int]] = []
    if most_commented:
        since = now - timedelta(hours=MOST_COMMENTED_HOURS)
        discussed = comment_selectors.most_commented(since=since, limit=depth + len(placed))
    wanted = placed | {pk for pk, _number in discussed}
    known = {a.pk: a for a in _teasers(now).filter(pk__in=wanted)} if wanted else {}
    # Every story slot's source, also of a placed one: its story may have
    # expired, left the site or be placed twice.
    sources = {
        _source(s, section_id)
        for s in slots
        if s.kind in STORY_KINDS
        and not (s.kind == Kind.SECTION_BLOCK and s.section_id is None)
        and not (s.kind == Kind.TAG_BOX and s.tag_id is None)
    }
    candidates = _candidates(sources, depth, now)
    tickers = {
        s.article_id: _count(s)
        for s in slots
        if s.kind == Kind.LIVE_TICKER and _hand_placed(s, now) and s.article_id in known
    }
    entries = _entries(tickers, now)

    shown: list[int] = []
    taken: set[int] = set()
    claimed: dict[int, Article] = {}  # slot index → its hand-placed story
    for index, slot in enumerate(slots):
        article = known.get(slot.article_id) if _hand_placed(slot, now) else None
        if article is not None and article.pk not in taken:
            claimed[index] = article
            taken.add(article.pk)

    def take(slot, number):
        source = _source(slot, section_id)
        found = []
        for article in candidates.get(_label(source), []):
            if len(found) == number:
                break
            if article.pk not in taken:
                taken.add(article.pk)
                found.append(article)
        return found

    blocks: list[Block] = []
    for index, slot in enumerate(slots):
        block = _block(slot, claimed.get(index), take, known, discussed, entries, taken)
        if block is None:
            continue
        if block.kind == Kind.TOP and blocks and blocks[-1].kind == Kind.TOP:
            blocks[-1].articles += block.articles  # a row of top stories
        else:
            blocks.append(block)
        shown += [a.pk for a in block.articles]
        if block.ticker is not None:
            shown.append(block.ticker.pk)
    expiries = [s.expires_at for s in slots if s.article_id and s.expires_at and s.expires_at > now]
    return Resolved(
        blocks=blocks,
        shown=shown,
        changes_at=min(expiries, default=None),
        most_commented=most_commented,
    )


def _block(slot, hand, take, known, discussed, entries, taken) -> Block | None:
    kind = slot.kind
    if kind in SINGLE_KINDS:
        articles = [hand] if hand is not None else take(slot, 1)
        return Block(kind=kind, articles=articles) if articles else None
    if kind in (Kind.SECTION_BLOCK, Kind.TAG_BOX):
        owner = slot.section if kind == Kind.SECTION_BLOCK else slot.tag
        if owner is None:
            return None
        articles = [hand] if hand is not None else []
        articles += take(slot, _count(slot) - len(articles))
        if not articles:
            return None
        if kind == Kind.SECTION_BLOCK:
            url = owner.get_absolute_url()
        else:
            url = reverse("articles:tag", kwargs={"slug": owner.slug})
        return Block(kind=kind, title=slot.title or owner.name, url=url, articles=articles)
    if kind == Kind.MOST_COMMENTED:
        articles = []
        for pk, number in discussed:
            article = known.get(pk)
            if article is None or pk in taken or len(articles) == _count(slot):
                continue
            article.comment_count = number
            taken.add(pk)
            articles.append(article)
        if not articles:
            return None
        return Block(kind=kind, title=slot.title or _("Most commented"), articles=articles)
    if kind == Kind.LIVE_TICKER:
        if hand is None:
            return None
        return Block(
            kind=kind,
            title=slot.title or hand.title,
            url=hand.get_absolute_url(),
            ticker=hand,
            entries=entries.get(hand.pk, []),
        )
    return None


# --- checks -----------------------------------------------------------------------


def slot_problems(slot: Slot, go_live_at: datetime | None) -> list[str]:
    """What is wrong with one slot, in words for the desk."""
    problems = []
    kind = slot.kind
    if kind not in Kind.values:
        return [_("Choose what the slot shows.")]
    if not 0 <= (slot.position or 0) <= MAX_POSITION:
        problems.append(_("The position must be between 0 and %(max)d.") % {"max": MAX_POSITION})
    if not 1 <= (slot.count or 0) <= MAX_COUNT:
        problems.append(
            _("The number of stories must be between 1 and %(max)d.") % {"max": MAX_COUNT}
        )
    if kind == Kind.SECTION_BLOCK and slot.section_id is None:
        problems.append(_("A Ressort block needs its Ressort."))
    if kind == Kind.TAG_BOX and slot.tag_id is None:
        problems.append(_("A topic box needs its topic."))
    if kind == Kind.MOST_COMMENTED and (slot.article_id or slot.section_id or slot.tag_id):
        problems.append(_("The most commented box is filled by readers' comments only."))
    if kind == Kind.LIVE_TICKER:
        if slot.article_id is None:
            problems.append(_("A live ticker box needs the ticker's article."))
        elif not LiveTicker.objects.filter(article_id=slot.article_id).exists():
            problems.append(
                _("“%(title)s” is not a live ticker.") % {"title": _title(slot.article_id)}
            )
    if slot.expires_at is not None and slot.article_id is None:
        problems.append(_("Only a story placed by hand can have an end time."))
    if slot.expires_at is not None and go_live_at is not None and slot.expires_at <= go_live_at:
        problems.append(_("A placed story's end time must be after the composition goes live."))
    if slot.article_id is not None and kind != Kind.MOST_COMMENTED:
        article = Article.objects.filter(pk=slot.article_id).only("status", "publish_at").first()
        if article is None:
            problems.append(_("This story does not exist."))
        elif article.status != Article.Status.PUBLISHED or (
            go_live_at is not None and article.publish_at > go_live_at
        ):
            problems.append(
                _(
                    "“%(title)s” is neither published nor scheduled before the composition "
                    "goes live."
                )
                % {"title": _title(slot.article_id)}
            )
    return problems


def _title(pk) -> str:
    return Article.objects.filter(pk=pk).values_list("title", flat=True).first() or str(pk)


def problems(composition: Composition, slots, now=None) -> dict[str, list[str]]:
    """Every problem of a composition and its slots: ``{"": […], "slot-0": […]}``
    (slots numbered in the order given)."""
    found: dict[str, list[str]] = {}
    now = now or timezone.now()
    when = composition.go_live_at
    if when is None:
        found[""] = [_("Please give the time the composition goes live.")]
    elif when > now + MAX_SCHEDULE_AHEAD:
        found[""] = [_("A composition can be scheduled at most a year ahead.")]
    else:
        when = max(when, now)  # a time in the past means now
    slots = list(slots)
    if not slots:
        found.setdefault("", []).append(_("A composition needs at least one slot."))
    if len(slots) > MAX_SLOTS:
        found.setdefault("", []).append(
            _("A composition has at most %(max)d slots.") % {"max": MAX_SLOTS}
        )
    if sum(1 for s in slots if s.kind == Kind.AUFMACHER) > 1:
        found.setdefault("", []).append(_("A page has one Aufmacher."))
    placed: dict[int, Slot] = {}  # article pk → its first slot, by position
    for index, slot in sorted(enumerate(slots), key=lambda pair: pair[1].position or 0):
        slot_found = slot_problems(slot, when)
        if slot.article_id is not None and slot.kind != Kind.MOST_COMMENTED:
            first = placed.setdefault(slot.article_id, slot)
            # Placed again further down: shown only there once the first
            # place's time ends; without an end it would never show there.
            if first is not slot and first.expires_at is None:
                slot_found.append(
                    _(
                        "“%(title)s” is already placed above; it would show only there. "
                        "To move it here later, give the place above an end time."
                    )
                    % {"title": _title(slot.article_id)}
                )
        if slot_found:
            found[f"slot-{index}"] = slot_found
    return found


def check(composition: Composition, slots, now=None) -> None:
    """Raise a ValidationError with every problem (German for the desk)."""
    found = problems(composition, slots, now)
    if found:
        raise ValidationError([message for messages in found.values() for message in messages])


# --- writing ----------------------------------------------------------------------


def can_compose(user) -> bool:
    """Editors compose pages; journalists see them; moderators nothing."""
    return publishing.can_publish(user)


def can_view(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


def is_live(composition: Composition, now=None) -> bool:
    return composition.pk is not None and composition.go_live_at <= (now or timezone.now())


SLOT_FIELDS = ("position", "kind", "title", "article_id", "expires_at", "section_id", "tag_id")


@transaction.atomic
def save_composition(*, composition: Composition, slots, user, now=None) -> Composition:
    """Save ``composition`` (new, or an existing one with changed fields)
    with ``slots`` (unsaved Slot objects or saved ones, in order) as
    ``user``. A composition that has gone live is never changed: the save is
    a new revision, live at once (or at its new time, if that is in the
    future). A time in the past means now. Returns the saved composition
    (``composition`` itself, with its new pk if it is a new revision)."""
    if not can_compose(user):
        raise PermissionDenied
    now = now or timezone.now()
    slots = list(slots)
    if composition.go_live_at is not None and composition.go_live_at < now:
        composition.go_live_at = now
    check(composition, slots, now)
    before = None
    if composition.pk is not None:
        stored = Composition.objects.select_for_update().filter(pk=composition.pk).first()
        if stored is None or stored.go_live_at <= now:
            composition.pk = None  # a new revision; the stored one stays as it was
            composition._state.adding = True
        else:
            before = stored.section_id
    if composition.pk is None:
        composition.created_by = user
        composition.created_at = now
        composition.save(force_insert=True)
    else:
        composition.save()
        composition.slots.all().delete()
    Slot.objects.bulk_create(
        Slot(
            composition=composition,
            count=_count(slot),
            **{name: getattr(slot, name) for name in SLOT_FIELDS},
        )
        for slot in slots
    )
    keys = {page_key(composition.section_id)}
    if before is not None:
        keys.add(page_key(before))
    invalidate(*keys)
    return composition


@transaction.atomic
def delete_composition(*, composition: Composition, user, now=None) -> None:
    """Delete a scheduled composition. One that has gone live is history."""
    if not can_compose(user):
        raise PermissionDenied
    if is_live(composition, now):
        raise ValidationError(
            _("A composition that has gone live is history and cannot be deleted.")
        )
    section_id = composition.section_id
    composition.delete()
    invalidate(page_key(section_id))
