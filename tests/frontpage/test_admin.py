"""The compositions in the admin, as the desk uses them: an editor composes
and schedules with a flat table of slots; a change to a live composition is
a new revision; hostile or mistaken posts get clear German errors, never a
500; journalists look but cannot change; moderators see nothing; the
preview shows the page with a banner and is never cached."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontpage import composing
from frontpage.models import Composition, Slot
from tests.admin_forms import management
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

ADD = reverse("admin:frontpage_composition_add")
LIST = reverse("admin:frontpage_composition_changelist")
PREFIX = "slots"


def _local(moment):
    local = timezone.localtime(moment)
    return {"go_live_at_0": local.strftime("%d.%m.%Y"), "go_live_at_1": local.strftime("%H:%M:%S")}


def _slot(i, kind, **fields):
    row = {"position": str(i), "kind": kind, "count": "1", "title": ""}
    row.update({k: str(v) for k, v in fields.items()})
    return {f"{PREFIX}-{i}-{name}": value for name, value in row.items()}


def _post(client, slots, *, url=ADD, at=None, section="", note="", initial=0):
    data = {"section": section, "note": note, **_local(at or timezone.now())}
    data.update(management(PREFIX, total=len(slots), initial=initial))
    for row in slots:
        data.update(row)
    return client.post(url, data)


@pytest.fixture
def story(db):
    return make_article(
        title="Die große Geschichte", publish_at=timezone.now() - timedelta(hours=1)
    )


def test_an_editor_composes_the_home_page(client, editor, story):
    client.force_login(editor)
    response = _post(
        client,
        [
            _slot(0, "aufmacher", article=story.pk, expires_at_0="", expires_at_1=""),
            _slot(1, "most_commented", count=5),
        ],
        note="Frühausgabe",
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    composition = Composition.objects.get()
    assert composition.created_by == editor and composition.section is None
    assert list(composition.slots.values_list("kind", "article")) == [
        ("aufmacher", story.pk),
        ("most_commented", None),
    ]
    assert "Die große Geschichte" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("slots", "message"),
    [
        ([_slot(0, "live_ticker")], "braucht den Artikel des Tickers"),
        ([_slot(0, "section_block", count=999)], "kleiner oder gleich 12"),
        ([_slot(0, "tag_box", count="zwölf")], "ganze Zahl"),
        ([_slot(0, "aufmacher", article=987654)], "Auswahl"),
        ([_slot(0, "aufmacher", article="1 OR 1=1")], "Auswahl"),
        ([_slot(0, "sonstwas")], "Auswahl"),
        ([_slot(0, "aufmacher"), _slot(1, "aufmacher")], "einen Aufmacher"),
        ([], "mindestens einen Platz"),
        ([_slot(0, "top", expires_at_0="gestern", expires_at_1="x")], "gültiges Datum"),
    ],
)
def test_hostile_or_mistaken_posts_get_a_clear_error(client, editor, slots, message):
    client.force_login(editor)
    response = _post(client, slots)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Composition.objects.exists()


def test_a_missing_time_is_an_error_not_a_500(client, editor):
    client.force_login(editor)
    data = {"section": "", "note": "", "go_live_at_0": "", "go_live_at_1": ""}
    data.update(management(PREFIX, total=1))
    data.update(_slot(0, "aufmacher"))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_changing_a_live_composition_saves_a_new_revision(client, editor, story):
    client.force_login(editor)
    live = composing.save_composition(
        composition=Composition(go_live_at=timezone.now(), note="Erste"),
        slots=[Slot(kind="aufmacher")],
        user=editor,
    )
    (slot,) = live.slots.all()
    url = reverse("admin:frontpage_composition_change", args=[live.pk])
    page = client.get(url).content.decode()
    assert "neue Fassung" in page
    row = _slot(0, "aufmacher", id=slot.pk, composition=live.pk, article=story.pk)
    response = _post(client, [row], url=url, at=live.go_live_at, note="Zweite", initial=1)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Composition.objects.count() == 2
    live.refresh_from_db()
    assert live.note == "Erste" and live.slots.get().article is None
    newest = Composition.objects.exclude(pk=live.pk).get()
    assert newest.note == "Zweite" and newest.slots.get().article == story
    # The live one is history: it cannot be deleted (its form says why).
    delete = reverse("admin:frontpage_composition_delete", args=[live.pk])
    response = client.post(delete, {"post": "yes"}, follow=True)
    assert "ist Geschichte und kann nicht gelöscht werden" in response.content.decode()
    assert Composition.objects.filter(pk=live.pk).exists()


def test_a_scheduled_composition_can_be_deleted(client, editor):
    client.force_login(editor)
    evening = composing.save_composition(
        composition=Composition(go_live_at=timezone.now() + timedelta(hours=5)),
        slots=[Slot(kind="aufmacher")],
        user=editor,
    )
    delete = reverse("admin:frontpage_composition_delete", args=[evening.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Composition.objects.exists()


def test_journalists_see_the_compositions_but_cannot_change_them(client, journalist, editor, story):
    composition = composing.save_composition(
        composition=Composition(go_live_at=timezone.now()),
        slots=[Slot(kind="aufmacher", article=story)],
        user=editor,
    )
    client.force_login(journalist)
    assert client.get(LIST).status_code == 200
    change = reverse("admin:frontpage_composition_change", args=[composition.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(ADD).status_code == 403
    assert _post(client, [_slot(0, "aufmacher")]).status_code == 403
    preview = reverse("admin:frontpage_composition_preview", args=[composition.pk])
    assert client.get(preview).status_code == 200
    assert Composition.objects.count() == 1


def test_moderators_see_nothing(client, moderator):
    client.force_login(moderator)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("admin:frontpage_composition_preview_at")).status_code == 403


def test_the_preview_shows_a_scheduled_composition_with_a_banner_uncached(client, editor, story):
    client.force_login(editor)
    later = make_article(title="Abendgeschichte", publish_at=timezone.now() + timedelta(hours=3))
    at = timezone.now() + timedelta(hours=5)
    evening = composing.save_composition(
        composition=Composition(go_live_at=at, note="Abendausgabe"),
        slots=[Slot(kind="aufmacher", article=later), Slot(position=1, kind="top")],
        user=editor,
    )
    response = client.get(reverse("admin:frontpage_composition_preview", args=[evening.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vorschau" in html and "Abendausgabe" in html
    assert html.index("Abendgeschichte") < html.index("Die große Geschichte")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    # Readers do not see it yet.
    client.logout()
    assert "Abendgeschichte" not in client.get("/").content.decode()
    # The page as of a time, and a Ressort's page; nonsense is no 500.
    by_time = reverse("admin:frontpage_composition_preview_at")
    client.force_login(editor)
    at_text = timezone.localtime(at + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    assert "Abendgeschichte" in client.get(by_time, {"zeit": at_text}).content.decode()
    section = make_section(name="Kultur", slug="kultur")
    assert client.get(by_time, {"seite": section.pk}).status_code == 200
    # (tests/frontpage/test_admin_attacks.py: a wrong page or time says why)
    assert client.get(by_time, {"seite": "x"}).status_code == 302
    assert client.get(by_time, {"zeit": "2026-99-99T99:99"}).status_code == 302
