"""The demo's reader comments and reports, through the comments app's services.

Each comment is sent with ``comments.moderation.submit_comment``, so the
policy decides as for any reader (pre-moderated Politik: it waits;
post-moderated Sport: it is out at once, with the policy's decision logged).
The demo moderator then decides with ``approve``, ``reject`` and
``mark_spam``, and readers report with ``report``: every status, every
``Decision`` row and every audit entry is the one the services write, so the
moderation log shows what the demo did.

Running twice: a comment is found again by its article, name and text (so
comments of an older demo are not sent a second time), and a decision is
taken only on a comment that waits for one; the reports are sent only to a
comment that has none. What moderators did with the demo's comments since
stays as they left it.
"""

from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment

from . import data, news

Status = Comment.Status


def send(article: Article, spec: dict, now) -> Comment:
    """The comment as a reader sends it, ``spec["after"]`` after the article
    went out; the one the demo sent before if there is one."""
    comment = Comment.objects.filter(article=article, name=spec["name"], body=spec["body"]).first()
    if comment is not None:
        return comment
    comment, created = moderation.submit_comment(
        article=article, name=spec["name"], email=spec["email"], body=spec["body"]
    )
    if created:
        # Dated back to when a reader would have written it: the one write
        # the services do not offer (they stamp the present).
        sent_at = min(article.publish_at + spec["after"], now)
        Comment.objects.filter(pk=comment.pk).update(created_at=sent_at)
        comment.created_at = sent_at
    return comment


def decide(comment: Comment, spec: dict, moderator) -> Comment:
    """The moderator's decision of ``spec``, if the comment waits for one."""
    decision = spec.get("decision")
    if decision is None or moderation.moderation_state(comment) != Status.PENDING:
        return comment
    seen = {"comment_id": comment.pk, "user": moderator, "expected_status": Status.PENDING}
    if decision == "approve":
        return moderation.approve(**seen)
    if decision == "reject":
        return moderation.reject(**seen, reason=spec["reason"])
    if decision == "spam":
        return moderation.mark_spam(**seen)
    raise ValueError(f"Unknown demo decision: {decision!r}")


def load_comments(article: Article, moderator, now) -> list[Comment]:
    """``data.COMMENTS`` under ``article``, each decided as the data says."""
    return [decide(send(article, spec, now), spec, moderator) for spec in data.COMMENTS]


def load_news_comments(moderator, now) -> list[Comment]:
    """``news.COMMENTS`` under the stories of ``demo.news``, each approved:
    the home page's most commented box."""
    return [
        decide(send(Article.objects.get(slug=slug), spec, now), spec, moderator)
        for slug, spec in news.comment_specs()
    ]


def load_unreviewed(now) -> list[Comment]:
    """``data.UNREVIEWED_COMMENTS``: the policy publishes them at once."""
    return [
        send(Article.objects.get(slug=spec["article"]), spec, now)
        for spec in data.UNREVIEWED_COMMENTS
    ]


def load_reports(article: Article, moderator) -> int:
    """``data.REPORTS`` on the comment ``data.REPORTED_COMMENT`` wrote under
    ``article``, once: only while it is published, checked and unreported.
    Returns how many reports were sent."""
    comment = Comment.objects.filter(article=article, name=data.REPORTED_COMMENT).first()
    if (
        comment is None
        or comment.reports.exists()
        or moderation.moderation_state(comment) != Status.APPROVED
        or comment.hidden_by_reports
    ):
        return 0
    sent = 0
    for step in data.REPORTS:
        if step["step"] == "keep":
            moderation.approve(
                comment_id=comment.pk, user=moderator, expected_status=moderation.REPORTED
            )
        else:
            moderation.report(
                comment=comment,
                reason=step["reason"],
                note=step["note"],
                ip=step["ip"],
                now=timezone.now(),
            )
            sent += 1
    return sent
