"""The moderators' desk at a glance, for the admin start page
(``{% moderation_desk %}``, ``comments/templatetags/moderation_desk.py``).

``desk_summary`` counts the queues of the workspace (``comments.workspace``;
the queries are in ``comments.selectors``) and finds the oldest waiting
comment in four queries, whatever the size of the table: the pending
queue's size and oldest comment in one aggregate, and one COUNT each for
the reported, the unreviewed and the spam queue, all on indexes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from . import metrics, selectors, workspace


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class DeskSummary:
    pending: int
    reported: int
    unreviewed: int
    spam: int
    # The oldest comment that waits for a moderator before it shows.
    oldest_pending_at: datetime | None
    oldest_pending_age: timedelta | None
    workspace_url: str

    @property
    def queues(self) -> list[Queue]:
        """The queues in the workspace's order, each with its link."""
        return [
            Queue(key, str(workspace.QUEUES[key]), getattr(self, key), workspace.workspace_url(key))
            for key in workspace.COMMENT_QUEUES
        ]

    @property
    def waiting(self) -> int:
        """Comments that need a moderator: pending, reported, unreviewed."""
        return self.pending + self.reported + self.unreviewed


def desk_summary(*, now=None) -> DeskSummary:
    """The queue sizes and the oldest pending comment; four queries."""
    now = now or timezone.now()
    pending = metrics.queue_state(now)
    counts = selectors.queue_counts((selectors.REPORTED, selectors.UNREVIEWED, selectors.SPAM))
    return DeskSummary(
        pending=pending.size,
        reported=counts[selectors.REPORTED],
        unreviewed=counts[selectors.UNREVIEWED],
        spam=counts[selectors.SPAM],
        oldest_pending_at=pending.oldest_created_at,
        oldest_pending_age=pending.oldest_age,
        workspace_url=workspace.workspace_url(selectors.PENDING),
    )
