"""The desk's compositions (frontpage/composing.py): which composition a page
shows when, what the slots resolve to (fallback on expiry, no story twice,
the most commented box, live tickers), the checks with their German
messages, who may compose, and a fixed number of queries whatever the
number of slots."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import live
from articles.models import Article
from frontpage import composing
from frontpage.models import Composition, Slot
from tests.factories import make_article, make_comment, make_image, make_section

pytestmark = pytest.mark.django_db
Kind = Slot.Kind


def _titles(resolved):
    return [[a.title for a in block.articles] for block in resolved.blocks]


def _compose(user, slots, *, section=None, at=None, note=""):
    composition = Composition(section=section, go_live_at=at or timezone.now(), note=note)
    return composing.save_composition(composition=composition, slots=slots, user=user)


@pytest.fixture
def news(db):
    now = timezone.now()
    politik = make_section(name="Politik", slug="politik", position=1)
    sport = make_section(name="Sport", slug="sport", position=2)
    articles = {}
    for i in range(5):
        articles[f"p{i}"] = make_article(
            title=f"Politik {i}", section=politik, publish_at=now - timedelta(hours=i + 1)
        )
        articles[f"s{i}"] = make_article(
            title=f"Sport {i}",
            section=sport,
            publish_at=now - timedelta(hours=i + 1, minutes=30),
            tags=["Fußball"] if i % 2 == 0 else [],
        )
    return {"now": now, "politik": politik, "sport": sport, **articles}


def test_a_placed_aufmacher_gives_way_to_the_newest_story_when_it_expires(editor, news):
    now = news["now"]
    _compose(
        editor,
        [
            Slot(
                position=0,
                kind=Kind.AUFMACHER,
                article=news["s4"],
                expires_at=now + timedelta(hours=2),
            ),
            Slot(position=1, kind=Kind.TOP),
        ],
    )
    at = timezone.now()
    shown = composing.resolve(composing.live_composition(None, at).slots.all(), at)
    assert _titles(shown) == [["Sport 4"], ["Politik 0"]]
    assert shown.changes_at == now + timedelta(hours=2)
    later = now + timedelta(hours=3)
    shown = composing.resolve(composing.live_composition(None, later).slots.all(), later)
    assert _titles(shown) == [["Politik 0"], ["Sport 0"]]
    assert shown.changes_at is None


def test_a_placed_story_that_is_no_longer_public_falls_back(editor, news):
    slots = [Slot(position=0, kind=Kind.AUFMACHER, article=news["p3"])]
    _compose(editor, slots)
    Article.objects.filter(pk=news["p3"].pk).update(status=Article.Status.DRAFT)
    at = timezone.now()
    shown = composing.resolve(composing.live_composition(None, at).slots.all(), at)
    assert _titles(shown) == [["Politik 0"]]


def test_no_story_twice_on_a_page(editor, news):
    now = news["now"]
    slots = [
        Slot(position=0, kind=Kind.AUFMACHER),  # automatic: would be Politik 0
        Slot(position=1, kind=Kind.TOP, article=news["p0"]),  # placed: claims Politik 0
        Slot(position=2, kind=Kind.TOP, article=news["p0"]),  # placed twice: falls back
        Slot(position=3, kind=Kind.SECTION_BLOCK, section=news["politik"], count=4),
        Slot(position=4, kind=Kind.TAG_BOX, tag=Tag.objects.get(name="Fußball"), count=3),
        Slot(position=5, kind=Kind.SECTION_BLOCK, section=news["sport"], count=5),
    ]
    shown = composing.resolve(slots, now)
    assert _titles(shown) == [
        ["Sport 0"],
        ["Politik 0", "Politik 1"],  # one row of top stories
        ["Politik 2", "Politik 3", "Politik 4"],
        ["Sport 2", "Sport 4"],
        ["Sport 1", "Sport 3"],
    ]
    assert len(shown.shown) == len(set(shown.shown)) == 10


def test_most_commented_counts_approved_comments_of_the_last_24_hours(news):
    now = news["now"]
    for _ in range(3):
        make_comment(news["p4"])
    make_comment(news["s3"])
    make_comment(news["s3"])
    for _ in range(5):  # waiting for a moderator, or older than a day: not counted
        make_comment(news["s1"], status="pending")
    old = [make_comment(news["p2"]) for _ in range(4)]
    from comments.models import Comment

    Comment.objects.filter(pk__in=[c.pk for c in old]).update(created_at=now - timedelta(hours=25))
    slots = [
        Slot(position=0, kind=Kind.AUFMACHER, article=news["s3"]),
        Slot(position=1, kind=Kind.MOST_COMMENTED, count=5),
    ]
    shown = composing.resolve(slots, now)
    # Sport 3 leads the page: it is not listed twice.
    assert _titles(shown) == [["Sport 3"], ["Politik 4"]]
    assert shown.blocks[1].articles[0].comment_count == 3
    assert shown.most_commented


def test_a_live_ticker_box_shows_the_newest_entries(editor, news):
    ticker_article = news["s0"]
    live.start_ticker(ticker_article, editor)
    for text in ("Anpfiff", "Tor", "Halbzeit"):
        live.post_entry(ticker_article, editor, text)
    _compose(editor, [Slot(position=0, kind=Kind.LIVE_TICKER, article=ticker_article, count=2)])
    later = timezone.now()
    shown = composing.resolve(composing.live_composition(None, later).slots.all(), later)
    (block,) = shown.blocks
    assert block.ticker == ticker_article
    assert [e.body for e in block.entries] == ["Halbzeit", "Tor"]
    assert ticker_article.pk in shown.shown


def test_scheduled_composition_goes_live_by_itself_and_live_ones_are_history(editor, news):
    now = news["now"]
    morning = _compose(editor, [Slot(position=0, kind=Kind.AUFMACHER)], note="Morgen")
    evening_at = now + timedelta(hours=6)
    evening = _compose(
        editor,
        [Slot(position=0, kind=Kind.AUFMACHER, article=news["p4"])],
        at=evening_at,
        note="Abend",
    )
    assert composing.live_composition(None, timezone.now()) == morning
    assert composing.next_go_live(None, timezone.now()) == evening_at
    assert composing.live_composition(None, evening_at) == evening
    # A scheduled composition is changed in place.
    evening.note = "Abendausgabe"
    same = composing.save_composition(
        composition=evening, slots=[Slot(kind=Kind.AUFMACHER, article=news["p3"])], user=editor
    )
    assert same.pk == evening.pk
    assert list(same.slots.values_list("article__title", flat=True)) == ["Politik 3"]
    # A live one is not: the change is a new revision, live at once.
    morning_pk = morning.pk
    morning.note = "Morgen, korrigiert"
    revision = composing.save_composition(
        composition=morning,
        slots=[Slot(kind=Kind.AUFMACHER, article=news["s2"])],
        user=editor,
    )
    assert revision.pk != morning_pk
    old = Composition.objects.get(pk=morning_pk)
    assert old.note == "Morgen"
    assert list(old.slots.values_list("kind", "article")) == [("aufmacher", None)]
    assert revision.created_by == editor
    assert composing.live_composition(None, timezone.now()) == revision
    with pytest.raises(ValidationError, match="Geschichte"):
        composing.delete_composition(composition=old, user=editor)
    composing.delete_composition(composition=same, user=editor)
    assert not Composition.objects.filter(pk=evening.pk).exists()


def test_only_editors_compose(journalist, moderator, editor, news):
    for user in (journalist, moderator):
        with pytest.raises(PermissionDenied):
            _compose(user, [Slot(kind=Kind.AUFMACHER)])
    assert composing.can_view(journalist) and not composing.can_view(moderator)
    assert composing.can_compose(editor) and not composing.can_compose(journalist)


@pytest.mark.parametrize(
    ("slot", "message"),
    [
        (lambda n: Slot(kind=Kind.LIVE_TICKER), "braucht den Artikel des Tickers"),
        (lambda n: Slot(kind=Kind.LIVE_TICKER, article=n["p0"]), "ist kein Liveticker"),
        (lambda n: Slot(kind=Kind.SECTION_BLOCK, count=0, section=n["sport"]), "zwischen 1 und 12"),
        (lambda n: Slot(kind=Kind.TAG_BOX, count=13), "zwischen 1 und 12"),
        (lambda n: Slot(kind=Kind.SECTION_BLOCK), "braucht sein Ressort"),
        (lambda n: Slot(kind=Kind.TAG_BOX), "braucht sein Thema"),
        (
            lambda n: Slot(kind=Kind.AUFMACHER, article=make_article(status="draft")),
            "weder veröffentlicht noch",
        ),
        (
            lambda n: Slot(
                kind=Kind.TOP,
                article=n["p0"],
                expires_at=timezone.now() - timedelta(minutes=1),
            ),
            "Ende der Platzierung",
        ),
        (lambda n: Slot(kind=Kind.TOP, expires_at=timezone.now()), "von Hand platzierte"),
    ],
)
def test_bad_slots_are_refused_with_a_clear_message(editor, news, slot, message):
    with pytest.raises(ValidationError) as refused:
        _compose(editor, [slot(news)])
    assert message in " ".join(refused.value.messages)
    assert not Composition.objects.exists()


def test_a_composition_needs_a_time_and_a_slot(editor):
    with pytest.raises(ValidationError) as refused:
        composing.save_composition(composition=Composition(go_live_at=None), slots=[], user=editor)
    text = " ".join(refused.value.messages)
    assert "Zeitpunkt" in text and "mindestens einen Platz" in text


def test_a_story_scheduled_after_the_composition_goes_live_is_refused(editor, news):
    now = news["now"]
    later = make_article(title="Später", publish_at=now + timedelta(hours=8))
    with pytest.raises(ValidationError, match="weder veröffentlicht noch"):
        _compose(editor, [Slot(kind=Kind.AUFMACHER, article=later)], at=now + timedelta(hours=6))
    # Going live after the story: fine, and before its time the slot falls back.
    evening = _compose(
        editor, [Slot(kind=Kind.AUFMACHER, article=later)], at=now + timedelta(hours=9)
    )
    assert evening.slots.get().article == later


def _slots(n, news):
    tags = [Tag.objects.get_or_create(name=f"Thema {i}", slug=f"thema-{i}")[0] for i in range(3)]
    kinds = [
        lambda i: Slot(position=i, kind=Kind.AUFMACHER, article=news["p1"]),
        lambda i: Slot(position=i, kind=Kind.MOST_COMMENTED, count=3),
        lambda i: Slot(position=i, kind=Kind.TAG_BOX, tag=tags[i % 3], count=2),
        lambda i: Slot(position=i, kind=Kind.TOP),
        lambda i: Slot(position=i, kind=Kind.SECTION_BLOCK, section=news["politik"], count=3),
        lambda i: Slot(position=i, kind=Kind.SECTION_BLOCK, section=news["sport"], count=2),
        lambda i: Slot(position=i, kind=Kind.TOP, article=news["s2"]),
        lambda i: Slot(position=i, kind=Kind.MOST_COMMENTED, count=2),
    ]
    # One Aufmacher per page: later rounds start with a top story.
    return [kinds[i % len(kinds) if i < len(kinds) or i % len(kinds) else 3](i) for i in range(n)]


def test_a_page_takes_the_same_number_of_queries_for_3_and_12_slots(editor, news):
    make_comment(news["p2"])
    news["p0"].hero_image = make_image()
    news["p0"].save()
    counts = []
    for n in (3, 12):
        Composition.objects.all().delete()
        _compose(editor, _slots(n, news))
        now = timezone.now()
        with CaptureQueriesContext(connection) as queries:
            composition = composing.live_composition(None, now)
            resolved = composing.resolve(composition.slots.all(), now)
            for block in resolved.blocks:
                for article in block.articles:
                    (article.section.name, article.hero_image, list(article.bylines.all()))
        counts.append(len(queries))
    assert counts[0] == counts[1] == 7, counts
