"""The moderation workspace and the moderation admin: queues, decisions
(one, bulk, concurrent), the read-only log, word lists, the queue count.

Length: the moderation workspace: its queues, decisions, bulk decisions and
keyboard paths; the cases share this module's fixtures and helpers.
"""

import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from comments import moderation, workspace
from comments.models import BlockedTerm, Comment, Decision, Report
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("admin:comments_comment_workspace")
DECIDE = reverse("admin:comments_comment_decide")
BULK = reverse("admin:comments_comment_bulk_decide")
PROCESSOR = "comments.context_processors.moderation"

Status = Comment.Status


@pytest.fixture
def article():
    return make_article(title="Nordkorea schickt Soldaten")


@pytest.fixture
def mod_client(client, moderator):
    """A moderator's client that reads the admin in English (the msgids), so
    that text assertions hold whatever the German catalogue says."""
    client.force_login(moderator)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def with_queue_count(settings):
    """The context processor, as the settings will list it."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    options = dict(templates[0]["OPTIONS"])
    options["context_processors"] = [*options["context_processors"], PROCESSOR]
    templates[0]["OPTIONS"] = options
    settings.TEMPLATES = templates


def _pending(article, **kw):
    return make_comment(article, status=Status.PENDING, **kw)


def _age(comment, **delta):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(**delta))


def _report(comment, times, **kw):
    for i in range(times):
        # One report per reader network (/24): each from another network, and
        # other networks for each comment (a network's reports are limited).
        moderation.report(
            comment=comment,
            reason=Report.Reason.ABUSE,
            note=f"Note {i}",
            ip=f"10.{comment.pk % 256}.{i}.7",
            **kw,
        )
    comment.refresh_from_db()
    return comment


def _queue(client, queue):
    response = client.get(WORKSPACE, {"queue": queue})
    assert response.status_code == 200
    return response


def _ids(response):
    return [item.comment.pk for item in response.context["items"]]


def _messages(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def _decide(client, comment, decision, *, expected="pending", reason="", next_url=None, **kw):
    data = {
        "comment": comment.pk,
        "decision": decision,
        "expected": expected,
        "reason": reason,
        "next": next_url if next_url is not None else f"{WORKSPACE}?queue=pending",
    }
    return client.post(DECIDE, data, **kw)


# --- permissions ------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    response = client.post(DECIDE, {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_editorial_staff_may_not_moderate(client, request, article, role):
    comment = _pending(article)
    client.force_login(request.getfixturevalue(role))
    assert client.get(WORKSPACE).status_code == 403
    assert _decide(client, comment, Status.APPROVED).status_code == 403
    assert client.post(BULK, {"selected": [comment.pk], "decision": "approved"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Decision.objects.exists()


def test_moderator_opens_the_workspace(mod_client):
    response = mod_client.get(WORKSPACE)
    assert response.status_code == 200
    assert response.context["queue"] == "pending"
    assert "Moderation workspace" in response.content.decode()


def test_decide_refuses_get(mod_client):
    assert mod_client.get(DECIDE).status_code == 405
    assert mod_client.get(BULK).status_code == 405


# --- the queues -----------------------------------------------------------------------


def test_pending_queue_oldest_first(mod_client, article):
    newer = _pending(article)
    older = _pending(article)
    _age(older, hours=3)
    _age(newer, hours=1)
    make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.SPAM)
    assert _ids(_queue(mod_client, "pending")) == [older.pk, newer.pk]


def test_reported_queue_most_reports_first_hidden_included(mod_client, article, settings):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 3}
    once = _report(make_comment(article), 1)
    hidden = _report(make_comment(article), 3)
    make_comment(article)  # published, not reported
    _pending(article)
    assert hidden.hidden_by_reports
    response = _queue(mod_client, "reported")
    assert _ids(response) == [hidden.pk, once.pk]
    first = response.context["items"][0]
    assert first.state == moderation.REPORTED
    assert [r.note for r in first.reports] == ["Note 0", "Note 1", "Note 2"]
    html = response.content.decode()
    assert "Note 2" in html
    assert "3 open reports" in html
    assert "Keep published" in html


def test_spam_queue_newest_first(mod_client, article):
    old = make_comment(article, status=Status.SPAM)
    new = make_comment(article, status=Status.SPAM)
    _age(old, days=2)
    _pending(article)
    assert _ids(_queue(mod_client, "spam")) == [new.pk, old.pk]


def test_decided_queue_last_seven_days_newest_first(mod_client, moderator, article):
    first, second, old = _pending(article), _pending(article), _pending(article)
    moderation.approve(comment_id=old.pk, user=moderator)
    Decision.objects.filter(comment=old).update(created_at=timezone.now() - timedelta(days=8))
    moderation.approve(comment_id=first.pk, user=moderator)
    moderation.reject(comment_id=second.pk, user=moderator, reason="Beleidigung")
    response = _queue(mod_client, "decided")
    decisions = response.context["decisions"]
    assert [d.comment_id for d in decisions] == [second.pk, first.pk]
    html = response.content.decode()
    assert "Beleidigung" in html
    # The moderator's name leads to their history in the log.
    assert f"?moderator__id__exact={moderator.pk}" in html


def test_unknown_queue_falls_back_to_pending(mod_client):
    assert _queue(mod_client, "nonsense").context["queue"] == "pending"


def test_item_shows_everything_a_moderator_needs(mod_client, moderator, article):
    parent = make_comment(article, body="Der ursprüngliche Beitrag")
    comment = _pending(
        article,
        parent=parent,
        name="Max <b>Muster</b>",
        email="max@example.org",
        body="Erste Zeile\nZweite <script>alert(1)</script> Zeile",
        reasons=[{"rule": "links", "detail": "4 links"}, {"rule": "word", "detail": "idiot*"}],
    )
    for status in (Status.APPROVED, Status.APPROVED, Status.REJECTED):
        make_comment(article, email="max@example.org", status=status)
    response = _queue(mod_client, "pending")
    item = next(i for i in response.context["items"] if i.comment.pk == comment.pk)
    assert item.history == workspace.History(approved=2, rejected=1, spam=0)
    assert item.state == "pending"
    html = response.content.decode()
    with translation.override("en"):  # the desk's language: links to the English page
        article_url = article.get_absolute_url()
    assert article_url == f"/en/artikel/{article.slug}/"
    assert f'href="{article_url}#kommentar-{comment.pk}" target="_blank"' in html
    assert "max@example.org" in html
    assert "Max &lt;b&gt;Muster&lt;/b&gt;" in html
    assert "Erste Zeile<br>Zweite &lt;script&gt;alert(1)&lt;/script&gt; Zeile" in html
    assert "<script>alert(1)" not in html
    assert "4 links" in html and "idiot*" in html
    assert "2 approved / 1 rejected / 0 spam" in html
    assert "Der ursprüngliche Beitrag" in html
    assert 'name="expected" value="pending"' in html
    assert f'id="comment-{comment.pk}"' in html
    # Progressive enhancement: the script is a static file, nothing inline.
    assert 'src="/static/admin/js/moderation.js" defer' in html
    assert "<script>" not in html.replace('<script src="', "")
    assert " style=" not in html
    assert "Keyboard shortcuts: j/k" in html


def test_next_of_each_item_names_the_following_item(mod_client, article):
    _one, two, three = _pending(article), _pending(article), _pending(article)
    items = _queue(mod_client, "pending").context["items"]
    base = f"{WORKSPACE}?queue=pending"
    assert [i.next_url for i in items] == [
        f"{base}#comment-{two.pk}",
        f"{base}#comment-{three.pk}",
        f"{base}#comment-{two.pk}",
    ]


def test_queue_is_paginated(mod_client, article):
    comments = [_pending(article) for _ in range(workspace.PER_PAGE + 2)]
    first = _queue(mod_client, "pending")
    assert len(first.context["items"]) == workspace.PER_PAGE
    second = mod_client.get(WORKSPACE, {"queue": "pending", "page": 2})
    assert _ids(second) == [c.pk for c in comments[workspace.PER_PAGE :]]
    assert second.context["items"][0].next_url.startswith(f"{WORKSPACE}?queue=pending&page=2#")


def _count_queries(client, queue):
    with CaptureQueriesContext(connection) as ctx:
        _queue(client, queue)
    return len(ctx.captured_queries)


def _fill(article, n, moderator):
    parent = make_comment(article)
    for i in range(n):
        _pending(
            article,
            email=f"reader{i}@example.org",
            parent=parent if i % 2 else None,
            reasons=[{"rule": "links", "detail": "3 links"}],
        )
        make_comment(article, email=f"reader{i}@example.org", status=Status.REJECTED)
        reported = make_comment(article, email=f"reader{i}@example.org")
        _report(reported, 2)
        spam = make_comment(article, status=Status.SPAM)
        moderation.approve(comment_id=spam.pk, user=moderator)
        moderation.mark_spam(comment_id=spam.pk, user=moderator)


@pytest.mark.parametrize("queue", ["pending", "reported", "spam", "decided"])
def test_queries_do_not_grow_with_the_queue(mod_client, moderator, article, queue):
    _fill(article, 3, moderator)
    few = _count_queries(mod_client, queue)
    _fill(article, 17, moderator)
    many = _count_queries(mod_client, queue)
    assert len(_queue(mod_client, queue).context["page_obj"].object_list) >= 20
    assert many == few, f"{queue}: {few} queries for 3 items, {many} for 20"
    assert many <= 14


# --- one decision -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "reason"),
    [(Status.APPROVED, ""), (Status.REJECTED, "Beleidigung eines Nutzers"), (Status.SPAM, "")],
)
def test_decision_is_recorded_and_returns_to_the_queue(
    mod_client, moderator, article, decision, reason
):
    comment = _pending(article)
    following = _pending(article)
    next_url = f"{WORKSPACE}?queue=pending#comment-{following.pk}"
    response = _decide(mod_client, comment, decision, reason=reason, next_url=next_url)
    assert response.status_code == 302
    assert response.url == next_url
    comment.refresh_from_db()
    assert comment.status == decision
    assert comment.moderated_by == moderator
    entry = Decision.objects.get()
    assert (entry.comment, entry.comment_number, entry.moderator) == (
        comment,
        comment.pk,
        moderator,
    )
    assert (entry.source, entry.from_status, entry.to_status, entry.reason) == (
        Decision.Source.MODERATOR,
        Status.PENDING,
        decision,
        reason,
    )
    page = mod_client.get(response.url)
    assert _ids(page) == [following.pk]
    assert _messages(page) == [(messages.SUCCESS, _success(decision, comment.pk))]


def _success(decision, number):
    return {
        Status.APPROVED: f"Comment #{number} approved.",
        Status.REJECTED: f"Comment #{number} rejected.",
        Status.SPAM: f"Comment #{number} marked as spam.",
    }[decision]


def test_reject_needs_a_reason(mod_client, article):
    comment = _pending(article)
    response = _decide(mod_client, comment, Status.REJECTED, reason="   ")
    assert response.url.endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Decision.objects.exists()
    [(level, text)] = _messages(mod_client.get(response.url))
    assert level == messages.ERROR
    assert "reason" in text


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", ""],
)
def test_an_outside_next_is_ignored(mod_client, article, next_url):
    comment = _pending(article)
    response = _decide(mod_client, comment, Status.APPROVED, next_url=next_url)
    assert response.status_code == 302
    assert response.url == WORKSPACE
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_incomplete_form_decides_nothing(mod_client, article):
    comment = _pending(article)
    for data in (
        {"comment": comment.pk, "decision": "approved"},  # no expected state
        {"comment": comment.pk, "decision": "pending", "expected": "pending"},
        {"comment": "x", "decision": "approved", "expected": "pending"},
    ):
        response = mod_client.post(DECIDE, data, follow=True)
        assert response.status_code == 200
        assert [level for level, _text in _messages(response)] == [messages.ERROR]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Decision.objects.exists()


def test_a_comment_that_no_longer_exists(mod_client, article):
    comment = _pending(article)
    number = comment.pk
    comment.delete()
    comment.pk = number
    response = _decide(mod_client, comment, Status.APPROVED, follow=True)
    assert [level for level, _text in _messages(response)] == [messages.ERROR]


def test_second_moderator_gets_already_decided_and_one_decision(client, article, moderator):
    """Both loaded the queue (expected "pending"); the first approves, the
    second's rejection arrives after it."""
    other = make_user("zweite", group="Moderators", first_name="Zora", last_name="Zweite")
    comment = _pending(article)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    client.force_login(moderator)
    assert _decide(client, comment, Status.APPROVED).status_code == 302

    client.cookies.pop("messages")  # the first moderator's browser showed its message
    client.force_login(other)
    response = _decide(client, comment, Status.REJECTED, reason="zu spät", follow=True)
    assert response.status_code == 200
    [(level, text)] = _messages(response)
    assert level == messages.WARNING
    assert "moderator" in text and "already decided" in text
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.moderated_by == moderator
    assert Decision.objects.count() == 1


def test_reported_comment_kept_published_closes_the_reports(mod_client, moderator, article):
    comment = _report(make_comment(article), 3)
    assert comment.hidden_by_reports
    response = _decide(mod_client, comment, Status.APPROVED, expected="reported")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.reports_count, comment.hidden_by_reports) == (
        Status.APPROVED,
        0,
        False,
    )
    assert not comment.reports.filter(resolved=False).exists()
    assert _ids(_queue(mod_client, "reported")) == []
    entry = Decision.objects.filter(source=Decision.Source.MODERATOR).get()
    assert (entry.from_status, entry.to_status, entry.moderator) == (
        Status.APPROVED,
        Status.APPROVED,
        moderator,
    )


def test_spam_can_be_approved_after_all(mod_client, article):
    comment = make_comment(article, status=Status.SPAM)
    _decide(mod_client, comment, Status.APPROVED, expected="spam")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


# --- bulk -------------------------------------------------------------------------------


def test_bulk_decision_reports_done_and_skipped(mod_client, moderator, article):
    first, second, taken = _pending(article), _pending(article), _pending(article)
    untouched, unseen = _pending(article), _pending(article)
    other = make_user("schneller", group="Moderators")
    moderation.approve(comment_id=taken.pk, user=other)
    response = mod_client.post(
        BULK,
        {
            # ``unseen`` comes without the state the moderator saw.
            "selected": [first.pk, second.pk, taken.pk, 999999, unseen.pk],
            "decision": Status.SPAM,
            "reason": "Werbung",
            "next": f"{WORKSPACE}?queue=pending",
            **{f"expected-{c.pk}": "pending" for c in (first, second, taken, untouched)},
            "expected-999999": "pending",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{WORKSPACE}?queue=pending"
    assert _messages(response) == [
        (messages.SUCCESS, "2 comments decided."),
        (messages.WARNING, f"1 comment skipped: someone else decided first (#{taken.pk})."),
        (messages.WARNING, "1 comment skipped: it no longer exists (#999999)."),
        (
            messages.WARNING,
            f"1 comment skipped: the form did not say what you saw (#{unseen.pk}). "
            "Please reload the page.",
        ),
    ]
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Status.SPAM
    assert statuses[taken.pk] == Status.APPROVED
    assert statuses[untouched.pk] == statuses[unseen.pk] == Status.PENDING
    assert Decision.objects.filter(moderator=moderator, reason="Werbung").count() == 2
    assert Decision.objects.filter(comment=taken).count() == 1


def test_bulk_needs_a_selection_a_decision_and_for_rejection_a_reason(mod_client, article):
    comment = _pending(article)
    base = {"selected": [comment.pk], f"expected-{comment.pk}": "pending"}
    for data, level in [
        ({"decision": "approved"}, messages.WARNING),
        ({**base, "decision": ""}, messages.ERROR),
        ({**base, "decision": "rejected", "reason": ""}, messages.ERROR),
    ]:
        response = mod_client.post(BULK, data, follow=True)
        assert [lvl for lvl, _text in _messages(response)] == [level]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_bulk_form_is_in_the_page(mod_client, article):
    comment = _pending(article)
    html = _queue(mod_client, "pending").content.decode()
    assert f'action="{BULK}"' in html
    assert f'name="selected" value="{comment.pk}" form="mod-bulk"' in html
    assert f'name="expected-{comment.pk}" value="pending" form="mod-bulk"' in html


# --- concurrency (PostgreSQL) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_moderators_at_once_make_exactly_one_decision():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (row locks under real concurrency); running on %s"
        pytest.skip(reason % connection.vendor)
    from django.apps import apps

    from newsroom.roles import sync_roles

    sync_roles(apps)  # transactional tests start without the groups
    article = make_article()
    comment = _pending(article)
    users = [make_user(f"mod{i}", group="Moderators") for i in range(20)]
    for user in users:
        assert moderation.can_moderate(user)  # fills the permission cache
    barrier = threading.Barrier(len(users))
    results, lock = [], threading.Lock()
    decisions = [Status.APPROVED, Status.REJECTED, Status.SPAM]

    def work(index, user):
        try:
            barrier.wait(timeout=30)
            moderation.decide(
                comment_id=comment.pk,
                user=user,
                status=decisions[index % 3],
                reason="gleichzeitig",
                expected_status="pending",
            )
            outcome = "ok"
        except moderation.AlreadyDecided:
            outcome = "already"
        except Exception as exc:  # noqa: BLE001 - reported below
            outcome = repr(exc)
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=work, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["already"] * 19 + ["ok"], results
    assert Decision.objects.filter(comment_number=comment.pk).count() == 1
    decision = Decision.objects.get(comment_number=comment.pk)
    comment.refresh_from_db()
    assert comment.status == decision.to_status
    assert comment.moderated_by == decision.moderator


# --- the comment's page, the log, reports ---------------------------------------------


def test_comment_page_shows_its_history_and_reports(mod_client, moderator, article):
    comment = _report(make_comment(article, body="Gemeldeter Text"), 3)
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Hetze")
    response = mod_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    decisions = response.context["comment_decisions"]
    assert [(d.source, d.to_status) for d in decisions] == [
        (Decision.Source.MODERATOR, Status.REJECTED),
        (Decision.Source.REPORTS, Status.APPROVED),
    ]
    assert len(response.context["comment_reports"]) == 3
    html = response.content.decode()
    assert "Hetze" in html and "Note 1" in html
    assert f'action="{DECIDE}"' in html  # a decision can be corrected here
    # Read-only: no field can be edited, not even by a superuser.
    assert 'name="_save"' not in html


def test_comment_page_is_read_only_even_for_superusers(client, superuser, article):
    comment = _pending(article, body="Original")
    client.force_login(superuser)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Geändert", "status": "approved"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Original", Status.PENDING)


def test_changelist_links_to_the_workspace_and_keeps_the_actions(mod_client, article):
    waiting = _pending(article, body="Wartet noch")
    changelist = reverse("admin:comments_comment_changelist")
    html = mod_client.get(changelist).content.decode()
    assert f'href="{WORKSPACE}"' in html
    for action in ("approve", "reject", "mark_spam"):
        assert f'value="{action}"' in html
    # A rejection needs a reason: the action asks for it before deciding.
    response = mod_client.post(changelist, {"action": "reject", "_selected_action": [waiting.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reason"' in html and "A rejection needs a reason." in html
    assert f'name="_selected_action" value="{waiting.pk}"' in html
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING
    assert not Decision.objects.filter(comment=waiting).exists()
    sent = {"action": "reject", "_selected_action": [waiting.pk], "reject_reason_sent": "1"}
    response = mod_client.post(changelist, {**sent, "reason": "   "})
    assert response.status_code == 200
    assert "Give a reason to reject the comment." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING
    response = mod_client.post(changelist, {**sent, "reason": "Beleidigung"}, follow=True)
    assert _messages(response) == [(messages.SUCCESS, "1 comment rejected.")]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderation_reason) == (Status.REJECTED, "Beleidigung")
    assert Decision.objects.get(comment=waiting).reason == "Beleidigung"


def test_journalist_has_no_comment_admin(client, journalist):
    client.force_login(journalist)
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 403


def _decision(moderator, article):
    comment = _pending(article)
    moderation.approve(comment_id=comment.pk, user=moderator)
    return Decision.objects.get(comment=comment)


def test_decision_log_refuses_add_change_delete_even_for_superusers(
    client, superuser, moderator, article
):
    entry = _decision(moderator, article)
    client.force_login(superuser)
    change = reverse("admin:comments_decision_change", args=[entry.pk])
    assert client.get(reverse("admin:comments_decision_add")).status_code == 403
    assert client.get(change).status_code == 200  # view only
    assert client.post(change, {"reason": "geschönt", "to_status": "rejected"}).status_code == 403
    assert client.get(reverse("admin:comments_decision_delete", args=[entry.pk])).status_code == 403
    assert client.post(reverse("admin:comments_decision_delete", args=[entry.pk])).status_code == (
        403
    )
    changelist = reverse("admin:comments_decision_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    # The decision log offers no actions at all, so the admin ignores the
    # POST and shows the list again (200), unchanged.
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    html = client.get(changelist).content.decode()
    assert "delete_selected" not in html
    entry.refresh_from_db()
    assert (entry.reason, entry.to_status) == ("", Status.APPROVED)
    assert Decision.objects.count() == 1


def test_decision_rows_cannot_be_changed_or_deleted_in_code(moderator, article):
    entry = _decision(moderator, article)
    entry.reason = "nachträglich"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_log_per_moderator_and_per_comment(client, moderator, article):
    other = make_user("kollegin", group="Moderators")
    mine = _decision(moderator, article)
    theirs = _decision(other, article)
    client.force_login(moderator)
    changelist = reverse("admin:comments_decision_changelist")
    response = client.get(changelist, {"moderator__id__exact": other.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [theirs]
    response = client.get(changelist, {"q": str(mine.comment_number)})
    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(changelist, {"q": "kein-nummer"}).status_code == 200
    for params in ({"source__exact": "moderator"}, {"to_status__exact": "approved"}):
        assert client.get(changelist, params).status_code == 200


def test_reports_are_listed_read_only(client, moderator, superuser, article):
    comment = _report(make_comment(article), 1)
    report = comment.reports.get()
    client.force_login(moderator)
    changelist = reverse("admin:comments_report_changelist")
    assert "Note 0" in client.get(changelist).content.decode()
    assert client.get(changelist, {"q": str(comment.pk)}).context["cl"].result_count == 1
    assert client.get(changelist, {"q": "keine Nummer"}).status_code == 200
    client.force_login(superuser)
    assert client.get(reverse("admin:comments_report_add")).status_code == 403
    assert client.get(reverse("admin:comments_report_delete", args=[report.pk])).status_code == (
        403
    )


# --- word lists ---------------------------------------------------------------------------


def _term(client, pattern, **kw):
    data = {"pattern": pattern, "action": BlockedTerm.Action.HOLD, "note": "", "active": "on"}
    return client.post(reverse("admin:comments_blockedterm_add"), {**data, **kw})


@pytest.mark.parametrize("pattern", ["*idiot*", "Vollpfosten", "du depp", "Hass-Rede", "arschl*"])
def test_word_list_accepts_patterns(mod_client, pattern):
    response = _term(mod_client, pattern)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert BlockedTerm.objects.get().pattern == pattern


@pytest.mark.parametrize("pattern", ["*", "***", "* - *", "idiot_", "id.ot", "a+b", "<b>"])
def test_word_list_refuses_bad_patterns(mod_client, pattern):
    response = _term(mod_client, pattern)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["pattern"]
    assert errors and all(error for error in errors)
    assert not BlockedTerm.objects.exists()


def test_word_list_refuses_a_duplicate_spelling(mod_client):
    BlockedTerm.objects.create(pattern="ärger*", action=BlockedTerm.Action.HOLD)
    response = _term(mod_client, "AERGER*")
    assert response.status_code == 200
    with translation.override("en"):  # the lazy message, read in the desk's language
        assert "already" in str(response.context["adminform"].form.errors["pattern"])


def test_word_list_toggle_active_in_the_list(mod_client):
    term = BlockedTerm.objects.create(pattern="depp", action=BlockedTerm.Action.REJECT)
    changelist = reverse("admin:comments_blockedterm_changelist")
    response = mod_client.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": term.pk,
            "_save": "1",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert not term.active


# --- the queue count in the admin -----------------------------------------------------------


def test_pending_count_shown_to_moderators(client, moderator, article, with_queue_count):
    for _ in range(3):
        _pending(article)
    make_comment(article)
    client.force_login(moderator)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("admin:index"))
    assert response.context["pending_comments"] == 3
    html = response.content.decode()
    assert f'<a class="mod-queue-link" href="{WORKSPACE}">Queue: <strong>3</strong></a>' in html
    # Also on the moderator's other pages.
    for url in (WORKSPACE, reverse("admin:comments_decision_changelist")):
        assert "mod-queue-link" in client.get(url).content.decode()


def test_pending_count_absent_for_journalists(client, journalist, article, with_queue_count):
    _pending(article)
    client.force_login(journalist)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "pending_comments" not in response.context
    assert "mod-queue-link" not in response.content.decode()


def test_pending_count_costs_one_query_only_when_shown(rf, moderator, journalist):
    from django.contrib.auth.models import AnonymousUser

    from comments.context_processors import moderation as processor

    request = rf.get("/")
    # Without a session cookie nobody is signed in: request.user is not even
    # asked (it would load the session and make reader pages vary by cookie).
    request.user = moderator
    assert processor(request) == {}
    request.COOKIES["sessionid"] = "a-session"
    request.user = AnonymousUser()
    assert processor(request) == {}
    request.user = journalist
    assert processor(request) == {}
    request.user = moderator
    moderator.has_perm("comments.moderate_comment")  # permission cache, as in the admin
    with CaptureQueriesContext(connection) as ctx:
        context = processor(request)
    assert len(ctx.captured_queries) == 0
    with CaptureQueriesContext(connection) as ctx:
        assert context["pending_comments"] == 0
    assert len(ctx.captured_queries) == 1


def test_admin_frame_keeps_the_site_header(client, journalist):
    client.force_login(journalist)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="site-name"' in html
    assert "Newsroom" in html
