"""The composition admin attacked over plain HTTP POST, as a hostile or
careless editor and as a journalist, and the preview with garbage: every bad
input gets a clear German message, never a 500, and no row is lost or
written. What these tests found and the defences:

- A position of 99999999 was stored on SQLite (only PostgreSQL's form knows
  the smallint column's range): the form and composing.slot_problems now say
  on both that the position must be 0–999.
- A forged or stale slot row (the id of another composition's slot) was
  refused with "please correct the error below" and no error below: the
  row's hidden fields show no errors. The row now says it is not one of the
  composition's slots.
- The same story placed in two slots was saved; the second never showed
  it. Now an error, unless the place above has an end time (a handover).
- A composition scheduled for 9999 (a typo for the year) was saved: now at
  most a year ahead.
- The preview at ``?zeit=0001-01-01T00:10`` was a 500 (OverflowError in the
  database adapter); a wrong ``zeit`` was silently "now" and a wrong
  ``seite`` a bare 404. Both now go back to the list with the reason.
- Deleting a live composition by a forged POST was a bare 403; it now goes
  back to its form with the reason (still nothing deleted).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from frontpage import composing
from frontpage.models import Composition, Slot
from tests.admin_forms import management
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

ADD = reverse("admin:frontpage_composition_add")
LIST = reverse("admin:frontpage_composition_changelist")
PREVIEW_AT = reverse("admin:frontpage_composition_preview_at")
PREFIX = "slots"


def _local(moment, name="go_live_at"):
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%d.%m.%Y"), f"{name}_1": local.strftime("%H:%M:%S")}


def _slot(i, kind, **fields):
    row = {"position": str(i), "kind": kind, "count": "1", "title": ""}
    row.update({k: str(v) for k, v in fields.items()})
    return {f"{PREFIX}-{i}-{name}": value for name, value in row.items()}


def _post(client, slots, *, url=ADD, at=None, initial=0, **fields):
    data = {"section": "", "note": "", **_local(at or timezone.now())}
    data.update(management(PREFIX, total=len(slots), initial=initial))
    for row in slots:
        data.update(row)
    data.update(fields)
    return client.post(url, data)


def _rows():
    return list(Composition.objects.values_list("pk", "go_live_at", "note").order_by("pk")), list(
        Slot.objects.values_list("pk", "composition", "kind", "article").order_by("pk")
    )


@pytest.fixture
def desk(db, editor):
    now = timezone.now()
    story = make_article(title="Die große Geschichte", publish_at=now - timedelta(hours=1))
    draft = make_article(title="Ein Entwurf", status=Article.Status.DRAFT)
    evening = composing.save_composition(
        composition=Composition(go_live_at=now + timedelta(hours=3), note="Abend"),
        slots=[Slot(kind="aufmacher", article=story), Slot(position=1, kind="top")],
        user=editor,
    )
    return {"story": story, "draft": draft, "evening": evening, "section": make_section()}


REFUSED = [
    # label, slots (a function of the desk), message
    ("draft", lambda d: [_slot(0, "aufmacher", article=d["draft"].pk)], "weder veröffentlicht"),
    ("draft ticker", lambda d: [_slot(0, "live_ticker", article=d["draft"].pk)], "kein Liveticker"),
    (
        "placed twice",
        lambda d: [
            _slot(0, "aufmacher", article=d["story"].pk),
            _slot(1, "top", article=d["story"].pk),
        ],
        "schon weiter oben platziert",
    ),
    (
        "placed twice, the later one first",
        lambda d: [
            _slot(0, "top", article=d["story"].pk, position=5),
            _slot(1, "aufmacher", article=d["story"].pk, position=0),
        ],
        "schon weiter oben platziert",
    ),
    ("negative position", lambda d: [_slot(0, "top", position=-3)], "größer oder gleich 0"),
    ("huge position", lambda d: [_slot(0, "top", position=99999999)], "kleiner oder gleich 999"),
    (
        "huge count",
        lambda d: [_slot(0, "section_block", section=d["section"].pk, count=10**30)],
        "kleiner oder gleich 12",
    ),
    ("no count", lambda d: [_slot(0, "aufmacher", count=0)], "größer oder gleich 1"),
    ("article id past bigint", lambda d: [_slot(0, "aufmacher", article=2**63)], "gültige Auswahl"),
    ("huge tag id", lambda d: [_slot(0, "tag_box", tag=10**30)], "gültige Auswahl"),
    ("topic box without topic", lambda d: [_slot(0, "tag_box")], "braucht sein Thema"),
    ("block without Ressort", lambda d: [_slot(0, "section_block")], "braucht sein Ressort"),
    (
        "most commented with a story",
        lambda d: [_slot(0, "most_commented", article=d["story"].pk)],
        "allein aus den Kommentaren",
    ),
    (
        "an end without a story",
        lambda d: [_slot(0, "top", **_local(timezone.now() + timedelta(hours=1), "expires_at"))],
        "Nur eine von Hand platzierte Meldung",
    ),
    (
        "an end in year 1",
        lambda d: [
            _slot(0, "top", article=d["story"].pk, expires_at_0="01.01.0001", expires_at_1="00:10")
        ],
        "Ende der Platzierung muss nach",
    ),
    (
        "another composition's slot",
        lambda d: [_slot(0, "top", id=d["evening"].slots.first().pk, composition=d["evening"].pk)],
        "gehört nicht zu dieser Zusammenstellung",
    ),
    ("a heading with NUL", lambda d: [_slot(0, "top", title="a\x00b")], "Nullzeichen"),
    ("41 slots", lambda d: [_slot(i, "top") for i in range(41)], "höchstens 40 Plätze"),
]


@pytest.mark.parametrize(
    ("slots", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_a_bad_slot_is_refused_with_a_german_message(client, editor, desk, slots, message):
    client.force_login(editor)
    before = _rows()
    response = _post(client, slots(desk))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert html.count('class="errorlist') >= 1  # shown, not just "see below"
    assert _rows() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"go_live_at_0": "gestern", "go_live_at_1": "x"}, "gültiges Datum"),
        ({"go_live_at_0": "01.01.2030", "go_live_at_1": ""}, "zwingend erforderlich"),
        ({"go_live_at_0": "31.12.9999", "go_live_at_1": "23:59:59"}, "ein Jahr im Voraus"),
        ({"section": "99999999999999999999"}, "gültige Auswahl"),
        ({"slots-TOTAL_FORMS": "100000"}, "höchstens 1000"),
    ],
    ids=["garbage time", "no hour", "year 9999", "no such page", "100000 rows"],
)
def test_a_bad_composition_is_refused_with_a_german_message(client, editor, desk, fields, message):
    client.force_login(editor)
    before = _rows()
    response = _post(client, [_slot(0, "top")], **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _rows() == before


def test_a_story_handed_on_from_the_aufmacher_to_a_block(client, editor, desk):
    """Placed twice is right when the place above ends: the story leads
    until then, and then shows in the block."""
    client.force_login(editor)
    now = timezone.now()
    section = desk["section"]
    story = make_article(
        title="Wandert weiter", section=section, publish_at=now - timedelta(minutes=5)
    )
    make_article(title="Ältere Meldung", section=section, publish_at=now - timedelta(hours=2))
    ends = now + timedelta(hours=1)
    response = _post(
        client,
        [
            _slot(0, "aufmacher", article=story.pk, **_local(ends, "expires_at")),
            _slot(1, "section_block", section=section.pk, article=story.pk, count=3),
        ],
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    composition = Composition.objects.get(section=None, note="")
    slots = list(composition.slots.all())
    before = composing.resolve(slots, now + timedelta(minutes=1))
    after = composing.resolve(slots, ends + timedelta(minutes=1))
    assert before.blocks[0].kind == "aufmacher" and before.blocks[0].articles == [story]
    assert story not in before.blocks[1].articles
    assert after.blocks[0].articles != [story] and after.blocks[1].articles[0] == story


def test_a_forged_row_on_a_live_composition_changes_nothing(client, editor, desk):
    client.force_login(editor)
    live = composing.save_composition(
        composition=Composition(go_live_at=timezone.now(), note="Live"),
        slots=[Slot(kind="aufmacher", article=desk["story"])],
        user=editor,
    )
    foreign = desk["evening"].slots.first()
    url = reverse("admin:frontpage_composition_change", args=[live.pk])
    before = _rows()
    response = _post(
        client,
        [_slot(0, "top", id=foreign.pk, composition=live.pk)],
        url=url,
        at=live.go_live_at,
        initial=1,
    )
    assert response.status_code == 200
    assert "gehört nicht zu dieser Zusammenstellung" in response.content.decode()
    assert _rows() == before


def test_deleting_a_live_composition_says_why_not(client, editor, desk):
    client.force_login(editor)
    live = composing.save_composition(
        composition=Composition(go_live_at=timezone.now()),
        slots=[Slot(kind="top")],
        user=editor,
    )
    before = _rows()
    delete = reverse("admin:frontpage_composition_delete", args=[live.pk])
    for response in (
        client.post(delete, {"post": "yes"}, follow=True),
        client.get(delete, follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse(
            "admin:frontpage_composition_change", args=[live.pk]
        )
        assert "ist Geschichte und kann nicht gelöscht werden" in response.content.decode()
    assert _rows() == before


def test_a_journalist_posting_changes_nothing(client, journalist, desk):
    client.force_login(journalist)
    evening = desk["evening"]
    rows = [
        _slot(0, "aufmacher", id=slot.pk, composition=evening.pk, DELETE="on")
        for slot in evening.slots.all()
    ]
    before = _rows()
    change = reverse("admin:frontpage_composition_change", args=[evening.pk])
    assert _post(client, rows, url=change, initial=len(rows), note="Übernommen").status_code == 403
    delete = reverse("admin:frontpage_composition_delete", args=[evening.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert _post(client, [_slot(0, "top")]).status_code == 403
    assert _rows() == before


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"seite": "x"}, "kein Ressort mit der Nummer „x“"),
        ({"seite": "-1"}, "kein Ressort mit der Nummer „-1“"),
        ({"seite": str(2**63)}, "kein Ressort mit der Nummer"),
        ({"seite": "1" * 60}, "kein Ressort mit der Nummer"),
        ({"seite": "987654"}, "kein Ressort mit der Nummer „987654“"),
        ({"zeit": "0001-01-01T00:10"}, "kein Zeitpunkt, den die Vorschau zeigen kann"),
        ({"zeit": "0001-01-01T00:10+12:00"}, "kein Zeitpunkt"),
        ({"zeit": "9999-12-31T23:59"}, "kein Zeitpunkt"),
        ({"zeit": "2026-02-30T10:00"}, "kein Zeitpunkt"),
        ({"zeit": "morgen früh"}, "„morgen früh“ ist kein Zeitpunkt"),
        ({"zeit": "<script>alert(1)</script>"}, "„&lt;script&gt;alert(1)&lt;/script&gt;“"),
    ],
)
def test_a_preview_of_nothing_says_why(client, editor, desk, query, message):
    client.force_login(editor)
    response = client.get(PREVIEW_AT, query, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(LIST, 302)]
    assert message in response.content.decode()


def test_a_preview_at_a_good_time_and_page(client, editor, desk):
    client.force_login(editor)
    at = timezone.localtime(desk["evening"].go_live_at + timedelta(minutes=1))
    response = client.get(PREVIEW_AT, {"zeit": at.strftime("%Y-%m-%dT%H:%M"), "seite": ""})
    assert response.status_code == 200 and "Abend" in response.content.decode()
    response = client.get(
        PREVIEW_AT, {"zeit": "2026-12-05T18:00+14:00", "seite": desk["section"].pk}
    )
    assert response.status_code == 200
    missing = reverse("admin:frontpage_composition_preview", args=[10**12])
    assert client.get(missing).status_code == 404


def test_a_form_missing_rows_saved_since_is_refused(client, editor, desk):
    """Saving replaces every row: a form opened before another editor added
    a slot would drop it, so it is refused."""
    client.force_login(editor)
    evening = desk["evening"]
    first = evening.slots.first()
    url = reverse("admin:frontpage_composition_change", args=[evening.pk])
    before = _rows()
    response = _post(
        client,
        [_slot(0, "aufmacher", id=first.pk, composition=evening.pk, article=desk["story"].pk)],
        url=url,
        at=evening.go_live_at,
        initial=1,
        note="Nur noch ein Platz",
    )
    assert response.status_code == 200
    assert "seit Sie sie geöffnet haben" in response.content.decode()
    assert _rows() == before


def test_the_service_checks_the_same_for_any_caller(desk):
    now = timezone.now()
    story = desk["story"]
    found = composing.problems(
        Composition(go_live_at=now),
        [
            Slot(kind="top", position=5000),
            Slot(kind="aufmacher", article=story),
            Slot(kind="top", position=1, article=story),
        ],
        now,
    )
    assert found == {
        "slot-0": ["Die Position muss zwischen 0 und 999 liegen."],
        "slot-2": [
            "„Die große Geschichte“ ist schon weiter oben platziert und erschiene nur dort. "
            "Um die Meldung später hierher zu verschieben, geben Sie dem Platz oben ein Ende "
            "der Platzierung."
        ],
    }
    later = composing.problems(
        Composition(go_live_at=now + timedelta(days=400)), [Slot(kind="top")], now
    )
    assert later == {
        "": ["Eine Zusammenstellung kann höchstens ein Jahr im Voraus geplant werden."]
    }
