"""Moderation metrics for the dashboard (``comments.metrics_views``).

Every function reads the database only. None of them renders or formats anything.
A period is half-open, ``[start, end)``, and both ends are aware datetimes.
Days are local days in ``settings.TIME_ZONE`` (Europe/Vienna).

Definitions:

- *Queue*: comments with status *pending*. The oldest pending comment's age is
  ``now - created_at``.
- *Time to decision*: for each comment, its **first moderator decision**
  (``Decision.source == moderator``; decisions by the policy or by reader
  reports do not count) minus the comment's ``created_at``, in minutes. A
  comment counts in the period and on the local day of that first decision.
  Erased comments (privacy) no longer have a submission time, so they drop
  out.
- *Percentiles* use the **nearest-rank method**: with the n durations sorted
  ascending as x[1] … x[n], the p-th percentile is x[ceil(p/100 · n)]. The
  result is always an observed value. The median is the 50th percentile under
  the same rule, so for an even n it is the lower of the two middle values.
  Example: for 10, 20, 30, 40 the median is 20 and the 95th percentile is 40.
- *Decisions per moderator*: every moderator decision in the period (not only
  the first per comment), counted by the status it set.
- *Outcome shares*: each comment that got a status decision in the period,
  either by the policy when it was submitted or by a moderator, counts once,
  with the status its latest such decision in the period set. Hiding by reader
  reports does not change a status and is left out. Erased comments still
  count, because decisions keep the comment's number. A share is count / total.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from newsroom.people import display_name

from .models import Comment, Decision

Status = Comment.Status
DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED, Status.SPAM)


def _check_period(start: datetime, end: datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("The period must be given as aware datetimes.")


def nearest_rank(sorted_values, percent: int):
    """The ``percent``-th percentile (0 < percent ≤ 100) of ascending values by
    the nearest-rank method, or None for no values."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be in (0, 100].")
    n = len(sorted_values)
    if n == 0:
        return None
    rank = math.ceil(percent * n / 100)  # 1-based
    return sorted_values[rank - 1]


# --- the queue ----------------------------------------------------------------


@dataclass(frozen=True)
class QueueState:
    size: int
    oldest_created_at: datetime | None
    oldest_age: timedelta | None

    @property
    def oldest_minutes(self) -> float | None:
        return None if self.oldest_age is None else self.oldest_age.total_seconds() / 60


def queue_state(now: datetime) -> QueueState:
    """How many comments are pending, and the oldest one's age at ``now``."""
    data = Comment.objects.pending().aggregate(size=Count("id"), oldest=Min("created_at"))
    oldest = data["oldest"]
    return QueueState(
        size=data["size"],
        oldest_created_at=oldest,
        oldest_age=None if oldest is None else max(now - oldest, timedelta(0)),
    )


# --- time from submission to decision --------------------------------------------


@dataclass(frozen=True)
class DecisionTimes:
    """Times to the first moderator decision on one day, or over the period
    (``day`` None). The minutes are None when count is 0."""

    day: date | None
    count: int
    median_minutes: float | None
    p95_minutes: float | None


def _summary(day, minutes: list[float]) -> DecisionTimes:
    values = sorted(minutes)
    return DecisionTimes(
        day=day,
        count=len(values),
        median_minutes=nearest_rank(values, 50),
        p95_minutes=nearest_rank(values, 95),
    )


def first_decision_durations(start: datetime, end: datetime) -> list[tuple[datetime, float]]:
    """(time of the first moderator decision, minutes since submission) for each
    comment whose first moderator decision falls in [start, end).

    One query, grouped by comment, that fetches only the two timestamps. It
    reads the period's decisions only. A comment with a moderator decision
    before ``start`` had its first one earlier and is left out."""
    _check_period(start, end)
    by_moderator = Q(source=Decision.Source.MODERATOR)
    earlier = Decision.objects.filter(
        by_moderator, comment_id=OuterRef("comment_id"), created_at__lt=start
    )
    rows = (
        Decision.objects.filter(
            by_moderator, comment__isnull=False, created_at__gte=start, created_at__lt=end
        )
        .filter(~Exists(earlier))
        .order_by()
        .values("comment_id", "comment__created_at")
        .annotate(first=Min("created_at"))
        .values_list("first", "comment__created_at")
    )
    return [(first, (first - submitted).total_seconds() / 60) for first, submitted in rows]


def times_by_day(durations) -> list[DecisionTimes]:
    """Group ``first_decision_durations`` by the local day of the decision."""
    zone = timezone.get_default_timezone()
    days: dict[date, list[float]] = {}
    for decided_at, minutes in durations:
        days.setdefault(timezone.localtime(decided_at, zone).date(), []).append(minutes)
    return [_summary(day, days[day]) for day in sorted(days)]


def decision_times_by_day(start: datetime, end: datetime) -> list[DecisionTimes]:
    """Per local day of the decision, ascending, only days with decisions:
    count, median and 95th percentile (nearest rank) of the minutes from
    submission to the comment's first moderator decision."""
    return times_by_day(first_decision_durations(start, end))


def times_overall(durations) -> DecisionTimes:
    """Summarise ``first_decision_durations`` over the whole period (``day`` None)."""
    return _summary(None, [minutes for _, minutes in durations])


def decision_times_total(start: datetime, end: datetime) -> DecisionTimes:
    """The same as ``decision_times_by_day`` over the whole period (``day`` None)."""
    return times_overall(first_decision_durations(start, end))


# --- decisions per moderator -------------------------------------------------------


def decisions_per_moderator(start: datetime, end: datetime) -> dict[str | None, dict[str, int]]:
    """{username: {"approved": n, "rejected": n, "spam": n, "total": n}} for
    all moderator decisions in [start, end), in one aggregate query. The key is
    None for decisions of user accounts that have since been deleted. Sorted by
    total (descending), then username."""
    _check_period(start, end)
    rows = (
        Decision.objects.filter(
            source=Decision.Source.MODERATOR, created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .values_list("moderator__username", "to_status")
        .annotate(n=Count("id"))
    )
    result: dict[str | None, dict[str, int]] = {}
    for username, to_status, n in rows:
        counts = result.setdefault(username, {**{s.value: 0 for s in DECIDED_STATUSES}, "total": 0})
        counts[to_status] = counts.get(to_status, 0) + n
        counts["total"] += n
    return dict(
        sorted(result.items(), key=lambda item: (-item[1]["total"], item[0] is None, item[0] or ""))
    )


def moderator_names(usernames) -> dict[str, str]:
    """{username: the person's name as shown (``newsroom.people``)} for the
    user names of ``decisions_per_moderator``; one query (none if empty)."""
    usernames = [name for name in usernames if name is not None]
    if not usernames:
        return {}
    User = get_user_model()
    users = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__in": usernames})
    return {user.get_username(): display_name(user) for user in users}


# --- outcome shares ----------------------------------------------------------------


@dataclass(frozen=True)
class Outcomes:
    """How the comments decided in a period ended up. Shares are fractions
    (0.25 is 25 %), or None when nothing was decided."""

    total: int
    counts: dict[str, int] = field(default_factory=dict)

    def share(self, status: str) -> float | None:
        return None if not self.total else self.counts.get(status, 0) / self.total

    @property
    def shares(self) -> dict[str, float | None]:
        return {s.value: self.share(s.value) for s in DECIDED_STATUSES}

    @property
    def rows(self) -> list[dict]:
        """For templates: status, label, count, share, percent (0–100 or None)."""
        return [
            {
                "status": s.value,
                "label": s.label,
                "count": self.counts.get(s.value, 0),
                "share": self.share(s.value),
                "percent": None if not self.total else 100 * self.share(s.value),
            }
            for s in DECIDED_STATUSES
        ]


def outcome_shares(start: datetime, end: datetime) -> Outcomes:
    """Shares of approved, rejected and spam among the comments that got a
    status decision (by the policy or a moderator) in [start, end). Each
    comment counts once, with the status its latest decision in the period set."""
    _check_period(start, end)
    deciding = Q(source__in=[Decision.Source.POLICY, Decision.Source.MODERATOR])
    in_period = Q(created_at__gte=start, created_at__lt=end)
    later = Decision.objects.filter(
        deciding,
        in_period,
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__gt=OuterRef("id")),
        comment_number=OuterRef("comment_number"),
    )
    rows = (
        Decision.objects.filter(deciding, in_period, to_status__in=DECIDED_STATUSES)
        .filter(~Exists(later))
        .order_by()
        .values_list("to_status")
        .annotate(n=Count("id"))
    )
    counts = {s.value: 0 for s in DECIDED_STATUSES}
    for to_status, n in rows:
        counts[to_status] += n
    return Outcomes(total=sum(counts.values()), counts=counts)
