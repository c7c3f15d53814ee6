"""Live tickers (issue 19): changes to entries a reader already has on screen
(pins, corrections, late approvals, key events, deletions) reach an open
page with its next poll, from one cached answer per state; deleting an
entry (its rights, its tombstone, the audit log) and the desk's buttons,
with hostile input."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import live
from articles.models import LiveEntry, LiveEntryDeletion, LiveTicker
from audit.models import AuditEvent
from newsroom import cache as page_cache
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticker_article(editor):
    article = make_article(title="Wahlabend live", slug="wahlabend-live")
    live.start_ticker(article, editor)
    return article


def poll(client, article, **params):
    return client.get(reverse("articles:live-entries", args=[article.slug]), params)


def page(client, article, **params):
    return client.get(article.get_absolute_url(), params)


def ids(items):
    return [item["id"] for item in items]


def newest(article):
    return LiveEntry.objects.filter(ticker__article=article).order_by("-id")[0].pk


# --- what the poll carries --------------------------------------------------------


def test_a_quiet_poll_says_nothing_changed(ticker_article, editor, client):
    first = live.post_entry(ticker_article, editor, "Eins.")
    data = poll(client, ticker_article, nach=first.pk).json()
    assert data["entries"] == [] and data["changed"] == [] and data["deleted"] == []
    assert data["pinned"] is None and data["key_events"] == []
    assert data["version"] == 0 and data["complete_since"] == 0


def test_a_correction_reaches_a_page_that_has_the_entry(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Die Zahl ist 20.")
    live.post_entry(ticker_article, editor, "Später.")
    live.correct_entry(entry, editor, "Die Zahl ist **25**.", "Zahl war falsch")
    data = poll(client, ticker_article, nach=newest(ticker_article)).json()
    assert data["entries"] == []
    [changed] = data["changed"]
    assert changed["id"] == entry.pk and changed["changed"] == data["version"] == 1
    assert "<strong>25</strong>" in changed["html"]
    assert changed["correction_note"] == "Zahl war falsch" and changed["corrected_at"]


def test_pins_and_unpins_reach_the_page(ticker_article, editor, client):
    first = live.post_entry(ticker_article, editor, "Eins.")
    second = live.post_entry(ticker_article, editor, "Zwei.")
    live.pin_entry(first, editor)
    data = poll(client, ticker_article, nach=second.pk).json()
    assert data["pinned"]["id"] == first.pk and data["pinned"]["pinned"] is True
    live.pin_entry(second, editor)
    assert poll(client, ticker_article, nach=second.pk).json()["pinned"]["id"] == second.pk
    live.pin_entry(second, editor, pinned=False)
    assert poll(client, ticker_article, nach=second.pk).json()["pinned"] is None


def test_a_late_approval_comes_as_a_change_with_its_own_time(journalist, editor, client):
    article = make_article(created_by=journalist, slug="ticker-mit-freigabe")
    live.start_ticker(article, editor, entries_need_editor=True)
    waiting = live.post_entry(article, journalist, "Wartet.")
    later = live.post_entry(article, editor, "Vom Chef, später.")
    data = poll(client, article, nach=0).json()
    assert ids(data["entries"]) == [later.pk] and data["changed"] == []
    live.approve_entry(waiting, editor)
    # The reader has ``later``: ``waiting`` has a lower id, so only the
    # changes bring it, with its time for its place on the page.
    data = poll(client, article, nach=later.pk).json()
    assert data["entries"] == []
    [approved] = data["changed"]
    assert approved["id"] == waiting.pk
    assert approved["created_at"] == waiting.created_at.isoformat()
    assert waiting.created_at < later.created_at
    live.approve_entry(waiting, editor)  # again: nothing new
    assert poll(client, article, nach=later.pk).json()["version"] == data["version"]


def test_a_waiting_entry_is_never_among_the_changes(journalist, editor, client):
    article = make_article(created_by=journalist, slug="ticker-wartet")
    live.start_ticker(article, editor, entries_need_editor=True)
    waiting = live.post_entry(article, journalist, "Geheim bis zur Freigabe.")
    live.correct_entry(waiting, journalist, "Immer noch geheim.", "Tippfehler")
    live.set_key_event(waiting, journalist)
    data = poll(client, article).json()
    assert data["entries"] == [] and data["changed"] == [] and data["key_events"] == []


def test_key_events_are_set_and_cleared(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Die **erste** Hochrechnung & mehr.")
    with_headline = live.post_entry(ticker_article, editor, "Text.", headline="Ergebnis")
    live.set_key_event(entry, editor)
    live.set_key_event(with_headline, editor)
    data = poll(client, ticker_article, nach=with_headline.pk).json()
    assert [(e["id"], e["label"]) for e in data["key_events"]] == [
        (with_headline.pk, "Ergebnis"),
        (entry.pk, "Die erste Hochrechnung & mehr."),  # text, not Markdown or HTML
    ]
    assert set(ids(data["changed"])) == {entry.pk, with_headline.pk}
    assert all(e["key_event"] for e in data["changed"])
    live.set_key_event(entry, editor, key_event=False)
    data = poll(client, ticker_article, nach=with_headline.pk).json()
    assert ids(data["key_events"]) == [with_headline.pk]
    assert data["changed"][0]["id"] == entry.pk and not data["changed"][0]["key_event"]
    html = page(client, ticker_article).text
    assert 'class="live-key-label">Ergebnis</span>' in html


def test_a_deleted_entry_leaves_only_its_id(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Falsch gemeldet.", key_event=True)
    other = live.post_entry(ticker_article, editor, "Bleibt.")
    live.pin_entry(entry, editor)
    entry_id = entry.pk
    live.delete_entry(entry, editor)
    assert not LiveEntry.objects.filter(pk=entry_id).exists()
    data = poll(client, ticker_article, nach=other.pk).json()
    assert data["deleted"] == [entry_id] and data["version"] == 1
    assert data["pinned"] is None and data["key_events"] == []
    assert "Falsch gemeldet" not in poll(client, ticker_article).text
    assert "Falsch gemeldet" not in page(client, ticker_article).text


def test_the_changes_are_bounded_and_say_what_they_cover(
    ticker_article, editor, client, monkeypatch
):
    monkeypatch.setattr(live, "POLL_CHANGES", 3)
    entries = [live.post_entry(ticker_article, editor, f"Eintrag {n}.") for n in range(8)]
    for n, entry in enumerate(entries[:4]):
        live.correct_entry(entry, editor, f"Korrigiert {n}.", "Notiz")  # versions 1-4
    data = poll(client, ticker_article, nach=entries[-1].pk).json()
    assert ids(data["changed"]) == [entries[3].pk, entries[2].pk, entries[1].pk]
    assert data["complete_since"] == 1  # a page at version 1 or later misses nothing
    last = entries[-1].pk
    deleted = [entry.pk for entry in entries[4:8]]
    for entry in entries[4:8]:
        live.delete_entry(entry, editor)  # versions 5-8
    data = poll(client, ticker_article, nach=last).json()
    assert data["deleted"] == deleted[:0:-1]
    assert data["complete_since"] == 5
    # Older tombstones than any poll sends are not kept.
    assert LiveEntryDeletion.objects.count() == 3


def test_after_a_post_each_readers_poll_adds_only_its_own_new_entries(
    ticker_article, editor, client
):
    """A post drops every reader's cached answer; the part they share (the
    changes, the pin, the key events) is worked out once for all of them."""
    entries = [live.post_entry(ticker_article, editor, f"Eintrag {n}.") for n in range(3)]
    live.pin_entry(entries[0], editor)

    def count(nach):
        with CaptureQueriesContext(connection) as queries:
            response = poll(client, ticker_article, nach=nach)
            assert response.status_code == 200
        return len(queries), response.json()

    first, data = count(entries[0].pk)
    others = [count(entry.pk) for entry in entries[1:]]
    assert all(queries == first - 4 for queries, _data in others)  # no changes, pin, keys
    assert [ids(d["entries"]) for _q, d in others] == [[entries[2].pk], []]
    assert all(d["pinned"]["id"] == entries[0].pk for _q, d in others)
    # A change drops the shared part with the answers: the pin moves for all.
    live.pin_entry(entries[2], editor)
    again, data = count(entries[1].pk)
    assert again == first and data["pinned"]["id"] == entries[2].pk


def test_the_poll_costs_the_same_queries_with_many_changes(
    ticker_article, editor, client, settings
):
    settings.PAGE_CACHE = False

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert poll(client, ticker_article, nach=1).status_code == 200
        return len(queries)

    first = live.post_entry(ticker_article, editor, "Eins.")
    few = count()
    entries = [live.post_entry(ticker_article, editor, f"Mehr {n}.") for n in range(12)]
    for entry in entries[:6]:
        live.correct_entry(entry, editor, "Neu.", "Notiz")
        live.set_key_event(entry, editor)
    for entry in entries[6:9]:
        live.delete_entry(entry, editor)
    live.pin_entry(first, editor)
    assert count() == few


def test_every_change_purges_the_poll_and_the_page(ticker_article, editor, client):
    """Each service drops the ticker's key: a cached poll answer (here and
    at the edge) gives way at once."""
    entry = live.post_entry(ticker_article, editor, "Eins.")
    key = f"live-{ticker_article.pk}"
    changes = [
        lambda: live.pin_entry(entry, editor),
        lambda: live.pin_entry(entry, editor, pinned=False),
        lambda: live.correct_entry(entry, editor, "Zwei.", "Notiz"),
        lambda: live.set_key_event(entry, editor),
        lambda: live.delete_entry(entry, editor),
    ]
    entry_id = entry.pk
    for change in changes:
        poll(client, ticker_article, nach=entry_id)
        cached = poll(client, ticker_article, nach=entry_id)
        assert cached["X-Page-Cache"] == "hit" and key in cached["Surrogate-Key"].split()
        before = cached.json()
        change()
        after = poll(client, ticker_article, nach=entry_id)
        assert after["X-Page-Cache"] != "hit" and after.json() != before


def test_every_change_purges_the_edge(
    ticker_article, editor, monkeypatch, django_capture_on_commit_callbacks
):
    purged = []
    monkeypatch.setattr(page_cache.edge, "purge", lambda keys: purged.extend(keys))
    with django_capture_on_commit_callbacks(execute=True):
        entry = live.post_entry(ticker_article, editor, "Eins.")
    key = f"live-{ticker_article.pk}"
    for change in (
        lambda: live.correct_entry(entry, editor, "Zwei.", "Notiz"),
        lambda: live.set_key_event(entry, editor),
        lambda: live.pin_entry(entry, editor),
        lambda: live.delete_entry(entry, editor),
    ):
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert key in purged


def test_a_late_approval_purges_the_poll(journalist, editor, client):
    article = make_article(created_by=journalist, slug="ticker-freigabe-cache")
    live.start_ticker(article, editor, entries_need_editor=True)
    waiting = live.post_entry(article, journalist, "Wartet.")
    later = live.post_entry(article, editor, "Später.")
    poll(client, article, nach=later.pk)
    assert poll(client, article, nach=later.pk)["X-Page-Cache"] == "hit"
    live.approve_entry(waiting, editor)
    assert ids(poll(client, article, nach=later.pk).json()["changed"]) == [waiting.pk]


# --- deleting: rights, tombstone, audit ------------------------------------------


def test_an_editor_deletes_any_entry_and_the_audit_log_says_so(ticker_article, editor):
    entry = live.post_entry(ticker_article, editor, "Weg damit.", headline="Irrtum")
    entry_id = entry.pk
    live.delete_entry(entry, editor)
    event = AuditEvent.objects.get(action=AuditEvent.Action.LIVE_ENTRY_DELETED)
    assert event.actor == editor and event.object_id == str(entry_id)
    assert event.object_type == "articles.liveentry"
    assert event.details["article"] == ticker_article.pk and event.details["approved"] is True
    assert event.details["headline"] == "Irrtum"
    assert LiveEntryDeletion.objects.get().entry_id == entry_id


def test_a_journalist_deletes_only_her_own_waiting_entry(journalist, editor):
    article = make_article(created_by=journalist, slug="eigener-ticker")
    live.start_ticker(article, editor, entries_need_editor=True)
    waiting = live.post_entry(article, journalist, "Doch nicht.")
    approved = live.post_entry(article, editor, "Vom Chef.")
    mine_out = live.post_entry(article, journalist, "Meins, freigegeben.")
    live.approve_entry(mine_out, editor)
    for entry in (approved, mine_out):
        assert not live.may_delete(journalist, entry)
        with pytest.raises(PermissionDenied):
            live.delete_entry(entry, journalist)
    assert live.may_delete(journalist, waiting)
    live.delete_entry(waiting, journalist)
    # Readers never saw it: no tombstone, no change number; the audit log has it.
    assert not LiveEntryDeletion.objects.exists()
    assert LiveTicker.objects.get(article=article).version == 1  # only the approval
    assert AuditEvent.objects.filter(action="live_entry_deleted", actor=journalist).exists()


def test_others_may_not_delete(ticker_article, editor, journalist, moderator):
    entry = live.post_entry(ticker_article, editor, "Fremd.")
    for user in (journalist, moderator):
        with pytest.raises(PermissionDenied):
            live.delete_entry(entry, user)
    assert LiveEntry.objects.filter(pk=entry.pk).exists()
    assert not AuditEvent.objects.filter(action="live_entry_deleted").exists()


def test_key_events_follow_the_article_rights(ticker_article, editor, journalist):
    entry = live.post_entry(ticker_article, editor, "Fremd.")
    with pytest.raises(PermissionDenied):
        live.set_key_event(entry, journalist)


# --- the page reader's script reads ----------------------------------------------


def test_the_page_gives_the_script_what_it_compares(ticker_article, editor, client, settings):
    entry = live.post_entry(ticker_article, editor, "Eins.")
    live.correct_entry(entry, editor, "Eins, korrigiert.", "Notiz")
    html = page(client, ticker_article).text
    assert 'data-version="1"' in html and f'data-time-zone="{settings.TIME_ZONE}"' in html
    assert f'data-entry="{entry.pk}" data-changed="1"' in html
    assert 'id="live-pinned" hidden' in html and 'id="live-key-events" hidden' in html
    assert 'data-announce-corrected-one="1 Eintrag korrigiert"' in html


# --- the desk page ------------------------------------------------------------------


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def post(client, url, data):
    """The desk's answer to a POST (a redirect back to it) and the messages
    it shows there."""
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    return [str(m) for m in response.context["messages"]]


def test_the_desk_deletes_after_a_confirmation(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Weg.")
    client.force_login(editor)
    html = client.get(desk_url(ticker_article)).text
    assert 'class="live-delete"' in html and 'value="delete"' in html
    url = desk_url(ticker_article)
    assert post(client, url, {"action": "delete", "entry": entry.pk}) == [
        "Der Eintrag wurde gelöscht."
    ]
    assert not LiveEntry.objects.exists()


def test_the_desk_marks_key_events(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Wichtig.")
    client.force_login(editor)
    post(client, desk_url(ticker_article), {"action": "key_event", "entry": entry.pk})
    entry.refresh_from_db()
    assert entry.key_event
    post(client, desk_url(ticker_article), {"action": "no_key_event", "entry": entry.pk})
    entry.refresh_from_db()
    assert not entry.key_event


def test_a_journalist_sees_no_delete_button_on_what_readers_saw(journalist, editor, client):
    article = make_article(created_by=journalist, slug="ticker-der-reporterin")
    live.start_ticker(article, editor)
    entry = live.post_entry(article, journalist, "Schon draußen.")
    client.force_login(journalist)
    assert 'value="delete"' not in client.get(desk_url(article)).text
    [message] = post(client, desk_url(article), {"action": "delete", "entry": entry.pk})
    assert "korrigieren Sie ihn stattdessen" in message
    assert LiveEntry.objects.filter(pk=entry.pk).exists()
    assert post(client, desk_url(article), {"action": "approve", "entry": entry.pk}) == [
        "Nur die Redaktion kann Einträge freigeben."
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "entry": "{entry}"},
        {"action": "", "body": "x"},
        {"action": "delete\x00", "entry": "{entry}"},
        {"action": "pin", "entry": "x"},
        {"action": "delete", "entry": ""},
        {"action": "delete", "entry": "-1"},
        {"action": "delete", "entry": "9" * 30},
        {"action": "delete", "entry": "١٢"},  # Arabic-Indic digits
        {"action": "correct", "entry": "999999", "body": "x", "note": "y"},
        {"action": "key_event", "entry": "0"},
    ],
    ids=lambda d: repr(d)[:40],
)
def test_hostile_desk_input_is_a_message_not_an_error(ticker_article, editor, client, data):
    entry = live.post_entry(ticker_article, editor, "Bleibt, wie es ist.")
    client.force_login(editor)
    data = {key: value.replace("{entry}", str(entry.pk)) for key, value in data.items()}
    [message] = post(client, desk_url(ticker_article), data)
    assert "nichts wurde geändert" in message
    entry.refresh_from_db()
    assert not entry.pinned and not entry.key_event and entry.body == "Bleibt, wie es ist."
    assert LiveEntry.objects.count() == 1


def test_another_tickers_entry_is_not_found_from_this_desk(ticker_article, editor, client):
    other = make_article(slug="anderer-ticker")
    live.start_ticker(other, editor)
    foreign = live.post_entry(other, editor, "Gehört woandershin.")
    client.force_login(editor)
    for action in ("delete", "pin", "key_event", "approve"):
        data = {"action": action, "entry": foreign.pk}
        assert post(client, desk_url(ticker_article), data) == [
            "Diesen Eintrag gibt es nicht (mehr); nichts wurde geändert."
        ]
    foreign.refresh_from_db()
    assert not foreign.pinned and not foreign.key_event
