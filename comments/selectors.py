"""The queries of the moderation pages: the workspace's queues and a
comment's history (``comments.workspace``), the desk (``comments.desk``) and
the readers' data page (``comments.privacy``). They read, never write; the
pages build what they show from them.

- ``queue_queryset`` / ``queue_page_queryset`` / ``decided_queryset`` /
  ``queue_counts``: the queues (``PENDING``, ``REPORTED``, ``UNREVIEWED``,
  ``SPAM``, ``DECIDED``), each on an index;
- ``commenter_histories``, ``reporter_history``, ``with_reporter_histories``:
  what moderators see of who wrote and who reported, one query each;
- ``comment_decisions``, ``comment_reports``: one comment's history;
- ``comments_of``, ``export_rows``: one reader's comments;
- ``most_commented``: the front page's most discussed articles (frontpage).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import Comment, Decision, Report

Status = Comment.Status

PENDING, REPORTED, SPAM, DECIDED = "pending", "reported", "spam", "decided"
UNREVIEWED = "unreviewed"
# The queues in the workspace's order (the last one lists decisions).
QUEUE_KEYS = (PENDING, REPORTED, UNREVIEWED, SPAM, DECIDED)
DECIDED_DAYS = 7


# --- the queues ------------------------------------------------------------------


def queue_queryset(queue: str):
    """The comments of a queue, in the order a moderator works through them."""
    comments = Comment.objects.all()
    if queue == REPORTED:
        # Published comments with open reports, hidden ones included: the
        # most reported first.
        return comments.filter(reports_count__gt=0).order_by("-reports_count", "created_at", "id")
    if queue == UNREVIEWED:
        # Oldest first, on a partial index: what waits longest gets checked.
        return comments.unreviewed().order_by("created_at", "id")
    if queue == SPAM:
        return comments.filter(status=Status.SPAM).order_by("-created_at", "-id")
    return comments.filter(status=Status.PENDING).order_by("created_at", "id")


def queue_page_queryset(queue: str):
    """``queue_queryset`` with what a workspace item shows: the article, the
    parent, the moderator and the open reports (``comment.open_reports``)."""
    return (
        queue_queryset(queue)
        .select_related("article", "parent", "moderated_by")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(resolved=False).order_by("created_at", "id"),
                to_attr="open_reports",
            )
        )
    )


def decided_queryset(*, now=None):
    """Every decision of the last ``DECIDED_DAYS`` days, newest first."""
    since = (now or timezone.now()) - timedelta(days=DECIDED_DAYS)
    return (
        Decision.objects.filter(created_at__gte=since)
        .select_related("comment__article", "moderator")
        .order_by("-created_at", "-id")
    )


def queue_counts(queues=QUEUE_KEYS) -> dict[str, int]:
    """The length of each of ``queues`` (default: all), for the tabs: one
    COUNT each, on indexes."""
    return {
        queue: (decided_queryset() if queue == DECIDED else queue_queryset(queue)).count()
        for queue in queues
    }


# --- who wrote, who reported ------------------------------------------------------


@dataclass
class History:
    approved: int = 0
    rejected: int = 0
    spam: int = 0


def commenter_histories(emails) -> dict[str, History]:
    """Per e-mail address: how many of its comments were approved, rejected
    or marked as spam. One aggregate query for any number of addresses."""
    emails = {email for email in emails if email}
    if not emails:
        return {}
    rows = (
        Comment.objects.filter(email__in=emails)
        .values("email")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
        )
        .order_by()
    )
    return {row["email"]: History(row["approved"], row["rejected"], row["spam"]) for row in rows}


def reporter_history(networks, *, now=None) -> dict[str, dict[str, int]]:
    """Per anonymised network: how many of its reports within
    ``REPORTER_HISTORY_DAYS`` moderators upheld and overruled. One query."""
    networks = {network for network in networks if network}
    if not networks:
        return {}
    since = (now or timezone.now()) - timedelta(days=settings.COMMENTS["REPORTER_HISTORY_DAYS"])
    rows = (
        Report.objects.filter(ip_address__in=networks, created_at__gte=since)
        .values("ip_address")
        .annotate(
            upheld=Count("pk", filter=Q(outcome=Report.Outcome.UPHELD)),
            overruled=Count("pk", filter=Q(outcome=Report.Outcome.OVERRULED)),
        )
        .order_by()
    )
    return {
        row["ip_address"]: {"upheld": row["upheld"], "overruled": row["overruled"]} for row in rows
    }


def with_reporter_histories(reports):
    """Give each report its network's history (``report.history``: how many
    of the network's reports moderators upheld and overruled), so that
    moderators see who reported what. One query."""
    reports = list(reports)
    histories = reporter_history(r.ip_address for r in reports)
    for report in reports:
        report.history = histories.get(report.ip_address, {"upheld": 0, "overruled": 0})
    return reports


# --- one comment -------------------------------------------------------------------


def comment_decisions(comment: Comment) -> list[Decision]:
    """Every decision on a comment (also the policy's and the reports'),
    newest first; by number, so that it matches the log's rows."""
    return list(
        Decision.objects.filter(comment_number=comment.pk)
        .select_related("moderator")
        .order_by("-created_at", "-id")
    )


def comment_reports(comment: Comment) -> list[Report]:
    """A comment's reports, newest first, each with its network's history."""
    return with_reporter_histories(comment.reports.order_by("-created_at", "-id"))


# --- one reader ----------------------------------------------------------------------


def comments_of(email: str):
    """All comments of an e-mail address, whatever the case of its letters."""
    email = (email or "").strip()
    if not email:
        return Comment.objects.none()
    return Comment.objects.filter(email__iexact=email)


def export_rows(email: str):
    """The comments of ``email`` as an export lists them: oldest first, with
    their article."""
    return comments_of(email).select_related("article").order_by("created_at", "id")


# --- what readers discuss ------------------------------------------------------------


def most_commented(*, since, limit: int) -> list[tuple[int, int]]:
    """(article id, number of comments) of the articles with the most
    comments readers see (approved, not hidden by reports) written since
    ``since``, most first; ``limit`` rows. One aggregate query, on
    ``comment_queue_idx`` (status, created_at). The caller keeps only the
    public articles (frontpage/composing.py)."""
    rows = (
        Comment.objects.visible()
        .filter(created_at__gte=since)
        .values("article_id")
        .annotate(number=Count("pk"))
        .order_by("-number", "-article_id")[:limit]
    )
    return [(row["article_id"], row["number"]) for row in rows]
