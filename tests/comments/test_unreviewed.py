"""The queue "Veröffentlicht, noch ungeprüft": comments the policy published at
once (post-moderation, trusted commenters) wait there for a moderator's check;
confirming, rejecting or marking them as spam (one, in bulk, without
JavaScript) takes them out. Also: the policy's reasons read once, not twice."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import CommentModeration
from comments import moderation, policy, selectors, workspace
from comments.models import Comment, Decision
from comments.moderator import policy_for
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("admin:comments_comment_workspace")
DECIDE = reverse("admin:comments_comment_decide")
BULK = reverse("admin:comments_comment_bulk_decide")
QUEUE_URL = f"{WORKSPACE}?queue=unreviewed"

Status = Comment.Status


@pytest.fixture
def post_article():
    section = make_section(comment_moderation=CommentModeration.POST)
    return make_article(section=section, title="Derby in der Nachspielzeit")


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _submit(article, n=0, **kw):
    comment, created = moderation.submit_comment(
        article=article,
        name=kw.pop("name", f"Leserin {n}"),
        email=kw.pop("email", f"leserin{n}@example.org"),
        body=kw.pop("body", f"Schnell veröffentlicht, Nummer {n}."),
        **kw,
    )
    assert created
    return comment


def _queue(client, **params):
    response = client.get(WORKSPACE, {"queue": "unreviewed", **params})
    assert response.status_code == 200
    return response


def _ids(response):
    return [item.comment.pk for item in response.context["items"]]


def _messages(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def _decide(client, comment, decision, *, expected="unreviewed", reason="", **kw):
    return client.post(
        DECIDE,
        {
            "comment": comment.pk,
            "decision": decision,
            "expected": expected,
            "reason": reason,
            "next": QUEUE_URL,
        },
        **kw,
    )


# --- who is in the queue --------------------------------------------------------------


def test_a_readers_post_moderated_comment_shows_at_once_and_waits_for_a_check(
    client, comment_data, post_article, mod_client
):
    response = client.post(
        f"{post_article.get_absolute_url()}kommentar/", {**comment_data, "body": "Verdient!"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Status.APPROVED
    assert comment.moderated_at is None
    assert moderation.moderation_state(comment) == moderation.UNREVIEWED
    assert "Verdient!" in client.get(post_article.get_absolute_url()).content.decode()
    # The policy's decision is in the log, and it is not a moderator's.
    decision = Decision.objects.get(comment=comment)
    assert (decision.source, decision.moderator) == (Decision.Source.POLICY, None)

    queue = _queue(mod_client)
    assert _ids(queue) == [comment.pk]
    html = queue.content.decode()
    assert "Published, not yet reviewed" in html
    assert "published, not yet reviewed" in html  # the item's state
    assert 'name="expected" value="unreviewed"' in html
    assert ">Confirm</button>" in html


def test_only_policy_published_unchecked_comments_are_listed(
    mod_client, moderator, post_article, settings
):
    older = _submit(post_article, 1)
    newer = _submit(post_article, 2)
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=5))
    # A trusted commenter's comment under a pre-moderated article is also
    # published by the policy without a check.
    settings.COMMENTS = {**settings.COMMENTS, "TRUSTED_MIN_APPROVED": 1}
    pre_article = make_article()
    browser = "a-regulars-browser"  # Comment.sender (comments/readers.py)
    earlier = make_comment(pre_article, sender=browser, status=Status.PENDING)
    moderation.approve(comment_id=earlier.pk, user=moderator)
    trusted = _submit(pre_article, 3, sender=browser)
    assert trusted.status == Status.APPROVED and trusted.reasons[0]["rule"] == "trusted"
    # Not in the queue: waiting, checked by a moderator, reported, refused.
    waiting = _submit(pre_article, 4)
    assert waiting.status == Status.PENDING
    checked = _submit(post_article, 5)
    moderation.approve(comment_id=checked.pk, user=moderator)
    reported = _submit(post_article, 6)
    moderation.report(comment=reported, reason="abuse", ip="198.51.100.1")
    make_comment(post_article, status=Status.SPAM)
    make_comment(post_article, status=Status.REJECTED)

    assert _ids(_queue(mod_client)) == [older.pk, newer.pk, trusted.pk]
    tabs = {tab["key"]: tab["count"] for tab in _queue(mod_client).context["tabs"]}
    assert tabs["unreviewed"] == 3
    assert tabs["reported"] == 1
    assert list(Comment.objects.unreviewed().order_by("created_at")) == [older, newer, trusted]


# --- deciding ----------------------------------------------------------------------------


def test_confirming_takes_it_out_of_the_queue_and_keeps_it_published(
    client, mod_client, moderator, post_article
):
    comment = _submit(post_article, body="Bleibt stehen.")
    following = _submit(post_article, 2)
    response = _decide(mod_client, comment, Status.APPROVED)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert (comment.moderated_by, comment.moderated_at is not None) == (moderator, True)
    assert moderation.moderation_state(comment) == Status.APPROVED
    entry = Decision.objects.get(comment=comment, source=Decision.Source.MODERATOR)
    assert (entry.moderator, entry.from_status, entry.to_status) == (
        moderator,
        Status.APPROVED,
        Status.APPROVED,
    )
    page = mod_client.get(response.url)
    assert _ids(page) == [following.pk]
    assert _messages(page) == [(messages.SUCCESS, f"Comment #{comment.pk} approved.")]
    client.logout()
    assert "Bleibt stehen." in client.get(post_article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("decision", "reason"), [(Status.REJECTED, "Beleidigung"), (Status.SPAM, "")]
)
def test_rejecting_or_spam_takes_it_offline_and_out_of_the_queue(
    client, mod_client, post_article, decision, reason
):
    comment = _submit(post_article, body="Das geht zu weit.")
    assert _decide(mod_client, comment, decision, reason=reason).status_code == 302
    comment.refresh_from_db()
    assert comment.status == decision
    assert _ids(_queue(mod_client)) == []
    client.logout()
    assert "Das geht zu weit." not in client.get(post_article.get_absolute_url()).content.decode()


def test_bulk_confirm_without_javascript(mod_client, post_article):
    comments = [_submit(post_article, n) for n in range(3)]
    html = _queue(mod_client).content.decode()
    for comment in comments:
        assert f'name="expected-{comment.pk}" value="unreviewed" form="mod-bulk"' in html
    response = mod_client.post(
        BULK,
        {
            "selected": [c.pk for c in comments[:2]],
            "decision": Status.APPROVED,
            "next": QUEUE_URL,
            **{f"expected-{c.pk}": "unreviewed" for c in comments},
        },
        follow=True,
    )
    assert _messages(response) == [(messages.SUCCESS, "2 comments decided.")]
    assert _ids(response) == [comments[2].pk]


def test_second_moderator_confirming_is_told_and_one_decision_is_kept(client, post_article):
    first = make_user("erste", group="Moderators", first_name="Erika", last_name="Erste")
    second = make_user("zweite", group="Moderators")
    comment = _submit(post_article)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(first)
    assert _decide(client, comment, Status.APPROVED).status_code == 302
    client.cookies.pop("messages")
    client.force_login(second)
    response = _decide(client, comment, Status.SPAM, follow=True)
    [(level, text)] = _messages(response)
    assert level == messages.WARNING
    # Named by full name, not by user name.
    assert "Erika Erste has already decided" in text
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Decision.objects.filter(comment=comment, source=Decision.Source.MODERATOR).count() == 1


def test_changelist_filter_lists_the_unreviewed(mod_client, post_article):
    comment = _submit(post_article)
    make_comment(post_article, status=Status.PENDING)
    response = mod_client.get(
        reverse("admin:comments_comment_changelist"), {"status": workspace.UNREVIEWED}
    )
    assert list(response.context["cl"].result_list) == [comment]


# --- queries ------------------------------------------------------------------------------


def _fill(article, n, start):
    for i in range(start, start + n):
        parent = _submit(article, i) if i % 2 else None
        _submit(article, 1000 + i, parent=parent, email=f"leserin{i}@example.org")


def _count_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = _queue(client)
    return len(ctx.captured_queries), len(response.context["items"])


def test_queue_page_costs_the_same_queries_for_few_and_many(mod_client, post_article):
    _fill(post_article, 2, 0)
    few, shown_few = _count_queries(mod_client)
    _fill(post_article, 20, 100)
    many, shown_many = _count_queries(mod_client)
    assert (shown_few, shown_many) == (3, workspace.PER_PAGE)
    assert few == many
    # Session, user, two permission lookups; the page (count, rows with
    # article, parent and moderator, open reports, the commenters' histories);
    # the other four tabs; the header's notifications, if the articles app
    # shows them. No query per comment.
    assert many <= 13, many


def test_unreviewed_queue_uses_its_partial_index():
    """The queue is read on ``comment_unreviewed_idx``, however many
    comments were decided: its condition is the queue's filter."""
    index = next(i for i in Comment._meta.indexes if i.name == "comment_unreviewed_idx")
    assert index.fields == ["created_at", "id"]
    query = str(selectors.queue_queryset(selectors.UNREVIEWED).query)
    for part in ('"moderated_at" IS NULL', '"reports_count" = 0', '"status" = approved'):
        assert part in query


# --- the policy's reasons, read once ------------------------------------------------------


def test_reasons_in_german_are_not_doubled(client, moderator, post_article):
    comment = _submit(post_article)
    pre = _submit(make_article(), 2)
    legacy = make_comment(
        make_article(),
        status=Status.PENDING,
        reasons=[
            {"rule": "pre_moderation", "detail": "Vorab-Moderation: wartet auf die Moderation"}
        ],
    )
    with translation.override("de"):
        assert policy.reasons_text(comment.reasons) == (
            "Nachträgliche Moderation: sofort veröffentlicht, wird später geprüft"
        )
    # The policy's entry in the log reads the same.
    assert Decision.objects.get(comment=comment).reason == (
        "Nachträgliche Moderation: sofort veröffentlicht, wird später geprüft"
    )
    client.force_login(moderator)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(WORKSPACE, {"queue": "unreviewed"}).content.decode()
    assert (
        "<strong>Nachträgliche Moderation</strong>: sofort veröffentlicht, wird später geprüft"
    ) in html
    html = client.get(WORKSPACE, {"queue": "pending"}).content.decode()
    assert "<strong>Vorab-Moderation</strong>: wartet auf die Moderation" in html
    assert "Vorab-Moderation: Vorab-Moderation" not in html
    assert html.count("Vorab-Moderation</strong>: wartet auf die Moderation") == 2
    for obj in (pre, legacy):
        page = client.get(reverse("admin:comments_comment_change", args=[obj.pk]))
        text = page.content.decode()
        assert "Vorab-Moderation: wartet auf die Moderation" in text
        assert "Vorab-Moderation: Vorab-Moderation" not in text


def test_word_reasons_name_the_entry_once(moderator, post_article):
    from comments.models import BlockedTerm

    BlockedTerm.objects.create(pattern="*casino*", action=BlockedTerm.Action.HOLD)
    comment = _submit(post_article, body="Online-Casino hier")
    assert comment.status == Status.PENDING
    with translation.override("de"):
        assert policy.reasons_text(comment.reasons) == (
            "Verdächtiges Wort: „*casino*“ erkannt in „Casino“"
        )


# --- the demo ----------------------------------------------------------------------------------


def test_demo_leaves_a_post_moderated_unreviewed_comment(mod_client):
    from demo.loader import load_demo

    load_demo(password="demo-pass-123")
    load_demo(password="demo-pass-123")  # idempotent
    [comment] = Comment.objects.unreviewed()
    assert policy_for(comment.article).mode == CommentModeration.POST
    assert Decision.objects.filter(comment=comment, source=Decision.Source.POLICY).count() == 1
    assert _ids(_queue(mod_client)) == [comment.pk]
