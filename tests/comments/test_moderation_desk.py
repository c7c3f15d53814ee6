"""``{% moderation_desk %}``: the moderators' panel for the admin start page –
queue sizes, the oldest waiting comment, a link to the workspace; nothing
(and no query) for everybody else; a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from comments import desk, moderation
from comments.models import Comment, Report
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("admin:comments_comment_workspace")
Status = Comment.Status


def _render(user):
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    template = Template("{% load moderation_desk %}{% moderation_desk %}")
    return template.render(Context({"request": request, "user": user}))


def _queues(article, *, pending=0, reported=0, unreviewed=0, spam=0):
    for _ in range(pending):
        make_comment(article, status=Status.PENDING)
    for i in range(reported):
        moderation.report(
            comment=make_comment(article), reason=Report.Reason.SPAM, ip=f"198.51.{i}.1"
        )
    for _ in range(unreviewed):
        make_comment(article)  # approved, no moderator: published by the policy
    for _ in range(spam):
        make_comment(article, status=Status.SPAM)


def test_summary_counts_each_queue_and_the_oldest_pending(moderator):
    article = make_article()
    _queues(article, pending=3, reported=2, unreviewed=4, spam=1)
    oldest = make_comment(article, status=Status.PENDING)
    Comment.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(hours=5))
    checked = make_comment(article, status=Status.PENDING)
    moderation.approve(comment_id=checked.pk, user=moderator)  # out of every queue
    summary = desk.desk_summary()
    assert (summary.pending, summary.reported, summary.unreviewed, summary.spam) == (4, 2, 4, 1)
    assert summary.waiting == 10
    assert summary.oldest_pending_age >= timedelta(hours=5)
    assert summary.oldest_pending_age < timedelta(hours=5, minutes=5)
    assert [(q.key, q.count) for q in summary.queues] == [
        ("pending", 4),
        ("reported", 2),
        ("unreviewed", 4),
        ("spam", 1),
    ]
    assert summary.queues[2].url == f"{WORKSPACE}?queue=unreviewed"


def test_summary_is_four_queries_however_full_the_queues(django_assert_num_queries):
    with django_assert_num_queries(4):
        empty = desk.desk_summary()
    assert (empty.waiting, empty.oldest_pending_at, empty.oldest_pending_age) == (0, None, None)
    _queues(make_article(), pending=12, reported=3, unreviewed=15, spam=7)
    with django_assert_num_queries(4):
        assert desk.desk_summary().waiting == 30


def test_tag_for_a_moderator(moderator):
    article = make_article()
    _queues(article, pending=2, reported=1, unreviewed=3, spam=5)
    waiting = Comment.objects.filter(status=Status.PENDING).first()
    Comment.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=3))
    moderator.has_perm("comments.moderate_comment")  # the permission cache, as in the admin
    with translation.override("de"), CaptureQueriesContext(connection) as ctx:
        html = _render(moderator)
    assert len(ctx.captured_queries) == 4
    assert "Kommentar-Moderation" in html
    for queue, label, count in [
        ("pending", "Wartend", 2),
        ("reported", "Gemeldet", 1),
        ("unreviewed", "Veröffentlicht, noch ungeprüft", 3),
        ("spam", "Spam", 5),
    ]:
        link = f'<a href="{WORKSPACE}?queue={queue}"><span class="mod-count">{count}</span>'
        assert link in html
        assert label in html
    assert "Ältester wartender Kommentar: 3\xa0Stunden alt" in html
    assert f'<a href="{WORKSPACE}?queue=pending">Moderations-Arbeitsbereich öffnen</a>' in html


def test_tag_when_nothing_waits(moderator):
    with translation.override("de"):
        html = _render(moderator)
    assert "Kein Kommentar wartet auf die Moderation." in html
    assert '<span class="mod-count">0</span>' in html


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_tag_renders_nothing_and_asks_nothing_for_others(request, role):
    user = request.getfixturevalue(role)
    _queues(make_article(), pending=2)
    user.has_perm("comments.moderate_comment")  # the permission cache, as in the admin
    with CaptureQueriesContext(connection) as ctx:
        html = _render(user)
    assert html.strip() == ""
    assert len(ctx.captured_queries) == 0


def test_tag_renders_nothing_for_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    assert _render(AnonymousUser()).strip() == ""
