"""The moderator's decision rules in the service (comments.moderation), one
owner for the workspace and the admin actions: a rejection needs a reason,
spam none; ``decide_many`` decides each comment as ``decide`` does (row,
decision log, audit record, page cache) and says what it skipped and why."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from audit.record import Action
from comments import moderation
from comments.models import Comment, Decision
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

Status = Comment.Status


def _pending(article, **kw):
    return make_comment(article, status=Status.PENDING, **kw)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_decide_refuses_a_rejection_without_a_reason(moderator, reason):
    comment = _pending(make_article())
    with pytest.raises(ValidationError) as refused:
        moderation.decide(
            comment_id=comment.pk, user=moderator, status=Status.REJECTED, reason=reason
        )
    assert refused.value.code == "reason_required"
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.MODERATE).exists()


def test_spam_and_approval_need_no_reason(moderator):
    article = make_article()
    spam, kept = _pending(article), _pending(article)
    moderation.mark_spam(comment_id=spam.pk, user=moderator)
    moderation.approve(comment_id=kept.pk, user=moderator)
    assert dict(Decision.objects.values_list("comment_id", "reason")) == {spam.pk: "", kept.pk: ""}


def test_decide_many_decides_each_and_records_each(moderator):
    article = make_article()
    first, second = _pending(article), _pending(article)
    outcome = moderation.decide_many(
        comment_ids=[first.pk, second.pk, first.pk],  # a repeated id is decided once
        user=moderator,
        status=Status.REJECTED,
        reason="Beleidigung",
    )
    assert [c.pk for c in outcome.decided] == [first.pk, second.pk]
    assert outcome.skipped == []
    rows = Decision.objects.filter(moderator=moderator, source=Decision.Source.MODERATOR)
    assert sorted(rows.values_list("comment_id", "from_status", "to_status", "reason")) == [
        (first.pk, Status.PENDING, Status.REJECTED, "Beleidigung"),
        (second.pk, Status.PENDING, Status.REJECTED, "Beleidigung"),
    ]
    events = AuditEvent.objects.filter(action=Action.MODERATE).order_by("id")
    assert [(e.object_id, e.details) for e in events] == [
        (str(c.pk), {"before": "pending", "after": "rejected"}) for c in (first, second)
    ]


def test_decide_many_says_what_it_skipped_and_why(moderator):
    article = make_article()
    seen, taken, unseen = _pending(article), _pending(article), _pending(article)
    moderation.approve(comment_id=taken.pk, user=make_user("schneller", group="Moderators"))
    outcome = moderation.decide_many(
        comment_ids=[seen.pk, taken.pk, 999999, unseen.pk],
        user=moderator,
        status=Status.SPAM,
        expected_statuses={
            seen.pk: "pending",
            taken.pk: "pending",
            999999: "pending",
            unseen.pk: "nonsense",
        },
    )
    assert [c.pk for c in outcome.decided] == [seen.pk]
    assert [(s.comment_id, s.why) for s in outcome.skipped] == [
        (taken.pk, moderation.SKIPPED_ALREADY_DECIDED),
        (999999, moderation.SKIPPED_GONE),
        (unseen.pk, moderation.SKIPPED_NOT_SEEN),
    ]
    assert "schneller" in outcome.skipped[0].message  # who decided first
    assert len(outcome.skipped_messages()) == 3
    assert dict(Comment.objects.values_list("pk", "status")) == {
        seen.pk: Status.SPAM,
        taken.pk: Status.APPROVED,
        unseen.pk: Status.PENDING,
    }


def test_decide_many_without_expected_states_decides_whatever_the_state(moderator):
    comment = make_comment(make_article(), status=Status.APPROVED)
    outcome = moderation.decide_many(
        comment_ids=[comment.pk], user=moderator, status=Status.REJECTED, reason="Hetze"
    )
    assert [c.status for c in outcome.decided] == [Status.REJECTED]


@pytest.mark.parametrize(
    ("status", "reason", "code"),
    [
        (Status.REJECTED, "", "reason_required"),
        (Status.PENDING, "", "unknown"),
        (Status.SPAM, "Werbung\x00", "control_characters"),
    ],
)
def test_decide_many_checks_the_decision_once_before_deciding_anything(
    moderator, status, reason, code
):
    comments = [_pending(make_article()) for _ in range(2)]
    with pytest.raises(ValidationError) as refused:
        moderation.decide_many(
            comment_ids=[c.pk for c in comments], user=moderator, status=status, reason=reason
        )
    assert refused.value.code == code
    assert not Decision.objects.exists()
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_decide_many_is_for_moderators_only(journalist):
    comment = _pending(make_article())
    with pytest.raises(PermissionDenied):
        moderation.decide_many(comment_ids=[comment.pk], user=journalist, status=Status.SPAM)
    assert not Decision.objects.exists()


def test_decide_many_drops_the_article_page_as_decide_does(moderator):
    reader = Client()
    article = make_article()
    shown = make_comment(article, status=Status.APPROVED, body="Bald weg.")
    reader.get(article.get_absolute_url())
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    moderation.decide_many(comment_ids=[shown.pk], user=moderator, status=Status.SPAM)
    response = reader.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Bald weg." not in response.content.decode()


def test_admin_reject_without_a_reason_says_so_in_german(client, moderator):
    comment = _pending(make_article())
    client.force_login(moderator)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    changelist = reverse("admin:comments_comment_changelist")
    response = client.post(
        changelist,
        {
            "action": "reject",
            "_selected_action": [comment.pk],
            "reject_reason_sent": "1",
            "reason": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kommentare ablehnen" in html
    assert "Geben Sie eine Begründung an, um den Kommentar abzulehnen." in html
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
