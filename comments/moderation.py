"""Comment moderation: accepting a reader's comment, deciding on it, reports.

- ``submit_comment`` runs the policy (``comments.policy.evaluate``) and stores
  the comment with the policy's status and reasons, recording the policy's
  decision when it is not "wait for a moderator".
- ``decide`` is every moderator decision. The row is locked and the decision
  names the state the moderator saw, so two moderators deciding at once
  produce exactly one decision; every decision writes a ``Decision`` row.
- ``report`` is a reader's "Melden"; enough reports hide the comment until a
  moderator decides.

Reports cannot be turned into a way to silence readers:

- each report counts towards hiding with its *weight*: 0 when moderators
  overruled more of its network's reports than they upheld within
  ``REPORTER_HISTORY_DAYS`` (such a report still puts the comment in the
  reported queue), else 1; the comment is hidden when the open reports weigh
  ``REPORTS_TO_HIDE``;
- a comment a moderator approved while it had reports
  (``Comment.kept_after_reports``) is never hidden by reports again; new
  reports put it back in the reported queue;
- one network may send ``REPORTS_NETWORK_MAX`` reports within
  ``REPORTS_WINDOW_SECONDS``, across all comments (``TooManyReports``);
- a moderator's decision records each open report's outcome (upheld when
  the comment is rejected or spam, overruled when it is kept), which is the
  network's history.

Length: the life of a comment after it is sent (submit, decide, decide many,
reports) in one service, so that each rule about it has one owner; its queries
are in comments/selectors.py, the article's comment settings in
comments/moderator.py.
"""

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from articles.models import Article
from audit.record import Action, record
from newsroom.net import anonymise_ip
from newsroom.people import display_name_or_someone
from newsroom.validators import no_control_characters

from . import moderator, rendering
from .invalidation import comments_changed
from .models import Comment, Decision, Report
from .selectors import reporter_history

MODERATE_PERMISSION = "comments.moderate_comment"
Status = Comment.Status


def fingerprint(*, article_id: int, email: str, body: str) -> str:
    """The same text from the same address under the same article, however
    it is spaced or cased, has the same fingerprint."""
    text = unicodedata.normalize("NFKC", body).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    key = f"{article_id}\x1f{email.strip().casefold()}\x1f{text}"
    return hashlib.sha256(key.encode()).hexdigest()


def try_again_text(retry_at, *, now=None) -> str:
    """When to try again, e.g. "Please try again from 14:32 (in about 7
    minutes).", in the reader's language and the newsroom's time zone."""
    now = now or timezone.now()
    minutes = max(1, math.ceil((retry_at - now).total_seconds() / 60))
    return ngettext(
        "Please try again from %(time)s (in about one minute).",
        "Please try again from %(time)s (in about %(minutes)d minutes).",
        minutes,
    ) % {
        "time": formats.time_format(timezone.localtime(retry_at), "H:i"),
        "minutes": minutes,
    }


def _form_used() -> ValidationError:
    return ValidationError(
        _("This form has already been used. Please send your comment again."), code="form_used"
    )


# --- accepting a comment -------------------------------------------------------


@transaction.atomic
def submit_comment(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    ip: str | None = None,
    parent: Comment | None = None,
    sender: str = "",
    form_nonce: str = "",
    limit_flood: bool = False,
) -> tuple[Comment, bool]:
    """Store a reader's comment with the policy's verdict. ``sender`` is the
    browser it came from (``comments.readers.sender_id``), ``form_nonce`` the
    nonce of the signed form it was sent with: a form serves one comment.
    Returns the comment and whether it was created (False: the same text from
    the same address was already stored, and that one is returned: a form
    sent twice by a double click is one comment). Raises ValidationError and
    stores nothing when anything is wrong (code ``"form_used"`` for a form
    that already brought a comment). ``limit_flood``: the flood limits
    (``policy.flood_retry_at``) are checked here, one sender network at a
    time, so that comments sent at once cannot all pass a count taken
    before any of them was stored (``TooManyComments``)."""
    from . import policy

    if limit_flood:
        _one_at_a_time(anonymise_ip(ip) or sender)
        retry_at = policy.flood_retry_at(ip=ip, sender=sender)
        if retry_at is not None:
            raise TooManyComments(retry_at)

    rules = moderator.policy_for(article)
    if not rules.is_open():
        raise ValidationError(_("Comments are closed for this article."), code="closed")
    if parent is not None:
        if parent.article_id != article.pk or parent.parent_id is not None:
            raise ValidationError(_("You can only reply to a comment of this article."))
        if parent.status != Status.APPROVED or parent.hidden_by_reports:
            raise ValidationError(
                _("This comment is not visible, so it cannot be answered."), code="hidden_parent"
            )
    # Addresses are kept lower-case, so the commenter's history and privacy
    # requests match one spelling and use the index.
    name, email, body = name.strip(), email.strip().lower(), body.strip()
    print_ = fingerprint(article_id=article.pk, email=email, body=body)
    # The article's row lock makes "is it stored already?" and the insert one
    # step: the same comment sent several times at once is stored once.
    list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
    existing = Comment.objects.filter(article=article, fingerprint=print_).first()
    if existing is not None:
        return existing, False
    if form_nonce and Comment.objects.filter(form_nonce=form_nonce).exists():
        raise _form_used()
    verdict = policy.evaluate(
        article=article,
        name=name,
        body=body,
        mode=rules.mode,
        sender=sender,
    )
    comment = Comment(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        ip_address=anonymise_ip(ip),
        status=verdict.status,
        reasons=verdict.reasons,
        fingerprint=print_,
        sender=sender,
        form_nonce=form_nonce,
    )
    rendering.store(comment)  # the page shows the stored HTML (comments.rendering)
    comment.full_clean()
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same form sent at once under another article: the unique nonce.
        raise _form_used() from None
    if verdict.status != Status.PENDING:
        Decision.objects.create(
            comment=comment,
            comment_number=comment.pk,
            source=Decision.Source.POLICY,
            from_status=Status.PENDING,
            to_status=verdict.status,
            reason=policy.reasons_text(verdict.reasons)[:500],
        )
    if comment.status == Status.APPROVED:  # published at once
        comments_changed(article.pk)
    return comment, True


# --- moderator decisions -------------------------------------------------------


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


class AlreadyDecided(ValidationError):
    """Someone else decided on the comment after the moderator saw it."""


REPORTED = "reported"
UNREVIEWED = "unreviewed"


def moderation_state(comment: Comment) -> str:
    """The state a moderator acts on: the status; *reported* for a published
    comment with open reader reports; *unreviewed* for one the policy
    published that no moderator has checked yet (``Comment.objects.unreviewed``).
    A moderator's confirmation moves *unreviewed* to *approved*, so that two
    moderators confirming at once make one decision."""
    if comment.status == Status.APPROVED:
        if comment.reports_count:
            return REPORTED
        if comment.moderated_at is None:
            return UNREVIEWED
    return comment.status


DECISIONS = (Status.APPROVED, Status.REJECTED, Status.SPAM)


def check_decision(status: str, reason: str = "") -> None:
    """Whether ``status`` with ``reason`` is a decision a moderator may make:
    one of ``DECISIONS``; a rejection names its reason (the reader may ask
    why; spam needs none); the reason holds no control characters. Raises
    ValidationError (code ``"unknown"``, ``"reason_required"``, or the
    validator's), touches nothing."""
    if status not in DECISIONS:
        raise ValidationError(_("Unknown decision."), code="unknown")
    if status == Status.REJECTED and not (reason or "").strip():
        raise ValidationError(_("Give a reason to reject the comment."), code="reason_required")
    no_control_characters(reason or "")  # a NUL cannot be stored, nor should a bell


@transaction.atomic
def decide(
    *,
    comment_id: int,
    user,
    status: str,
    reason: str = "",
    expected_status: str | None = None,
) -> Comment:
    """Set a comment's status, recording who decided, when and why.

    ``expected_status`` is the ``moderation_state`` the moderator saw; when
    the comment has moved on since (another moderator was quicker), nothing
    changes and ``AlreadyDecided`` says who decided. A rejection needs a
    ``reason`` (``check_decision``). A decision closes open reports: an
    approval makes a hidden comment visible again."""
    if not can_moderate(user):
        raise PermissionDenied(_("You may not moderate comments."))
    check_decision(status, reason)
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    if expected_status is not None and moderation_state(comment) != expected_status:
        raise AlreadyDecided(
            _("%(user)s has already decided on this comment (%(status)s).")
            % {
                "user": display_name_or_someone(comment.moderated_by),
                "status": comment.get_status_display(),
            },
            code="already_decided",
        )
    before = comment.status
    was_visible = before == Status.APPROVED and not comment.hidden_by_reports
    if status == Status.APPROVED and (comment.reports_count or comment.hidden_by_reports):
        # Kept against reports: reports alone never hide it again.
        comment.kept_after_reports = True
    comment.status = status
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.moderation_reason = (reason or "")[:500]
    comment.hidden_by_reports = False
    comment.reports_count = 0
    rendering.store(comment)  # comments stored before it was rendered get it here
    comment.save(
        update_fields=[
            "body_html",
            "status",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
            "hidden_by_reports",
            "reports_count",
            "kept_after_reports",
        ]
    )
    outcome = Report.Outcome.OVERRULED if status == Status.APPROVED else Report.Outcome.UPHELD
    comment.reports.filter(resolved=False).update(resolved=True, outcome=outcome)
    Decision.objects.create(
        comment=comment,
        comment_number=comment.pk,
        moderator=user,
        source=Decision.Source.MODERATOR,
        from_status=before,
        to_status=status,
        reason=comment.moderation_reason,
    )
    record(Action.MODERATE, actor=user, obj=comment, before=before, after=status)
    if was_visible or status == Status.APPROVED:
        comments_changed(comment.article_id)
    return comment


@dataclass(frozen=True)
class Skipped:
    """A comment ``decide_many`` left alone: ``why`` is a ``SKIPPED_*`` code,
    ``message`` the sentence for the moderator."""

    comment_id: int
    why: str
    message: str = ""


SKIPPED_ALREADY_DECIDED = "already_decided"  # someone else decided first
SKIPPED_GONE = "gone"  # the comment no longer exists
SKIPPED_NOT_SEEN = "not_seen"  # no (valid) state the moderator saw for it
SKIPPED_REFUSED = "refused"  # decide() refused it for another reason


@dataclass
class BulkDecision:
    """What ``decide_many`` did: the comments decided, in the order asked,
    and the ones skipped with why."""

    status: str
    decided: list[Comment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_ids(self, why: str | None = None) -> list[int]:
        return [s.comment_id for s in self.skipped if why is None or s.why == why]

    def skipped_messages(self) -> list[str]:
        """One sentence per kind of skip, naming the comments, for the
        moderator (the workspace and the admin actions show the same)."""
        lines = []
        for why, text in _SKIPPED_TEXTS:
            ids = self.skipped_ids(why)
            if ids:
                lines.append(text % {"n": len(ids), "numbers": ", ".join(f"#{n}" for n in ids)})
        for entry in self.skipped:
            if entry.why == SKIPPED_REFUSED:
                lines.append(f"#{entry.comment_id}: {entry.message}")
        return lines


_SKIPPED_TEXTS = (
    (
        SKIPPED_ALREADY_DECIDED,
        ngettext_lazy(
            "%(n)d comment skipped: someone else decided first (%(numbers)s).",
            "%(n)d comments skipped: someone else decided first (%(numbers)s).",
            "n",
        ),
    ),
    (
        SKIPPED_GONE,
        ngettext_lazy(
            "%(n)d comment skipped: it no longer exists (%(numbers)s).",
            "%(n)d comments skipped: they no longer exist (%(numbers)s).",
            "n",
        ),
    ),
    (
        SKIPPED_NOT_SEEN,
        ngettext_lazy(
            "%(n)d comment skipped: the form did not say what you saw (%(numbers)s). "
            "Please reload the page.",
            "%(n)d comments skipped: the form did not say what you saw (%(numbers)s). "
            "Please reload the page.",
            "n",
        ),
    ),
)

# The states a moderator may have seen (``moderation_state``).
STATES = (*Status.values, REPORTED, UNREVIEWED)


def decide_many(
    *,
    comment_ids,
    user,
    status: str,
    reason: str = "",
    expected_statuses: dict | None = None,
) -> BulkDecision:
    """One decision for several comments, each decided by ``decide`` on its
    own (its own lock, ``Decision`` row, audit record and page-cache
    invalidation). ``expected_statuses`` maps a comment's id to the
    ``moderation_state`` the moderator saw; when given, a comment without a
    known state there is skipped, and one that moved on since is skipped as
    already decided. None (the admin actions): decided whatever its state.

    Who may decide and whether the decision itself is valid (a rejection
    needs a reason) is checked once, before anything is decided: raises
    PermissionDenied or ValidationError and decides nothing."""
    if not can_moderate(user):
        raise PermissionDenied(_("You may not moderate comments."))
    check_decision(status, reason)
    outcome = BulkDecision(status=status)
    for comment_id in dict.fromkeys(comment_ids):
        expected = None
        if expected_statuses is not None:
            expected = expected_statuses.get(comment_id)
            if expected not in STATES:
                outcome.skipped.append(Skipped(comment_id, SKIPPED_NOT_SEEN))
                continue
        try:
            comment = decide(
                comment_id=comment_id,
                user=user,
                status=status,
                reason=reason,
                expected_status=expected,
            )
        except AlreadyDecided as exc:
            outcome.skipped.append(
                Skipped(comment_id, SKIPPED_ALREADY_DECIDED, " ".join(exc.messages))
            )
        except Comment.DoesNotExist:
            outcome.skipped.append(Skipped(comment_id, SKIPPED_GONE))
        except ValidationError as exc:
            outcome.skipped.append(Skipped(comment_id, SKIPPED_REFUSED, " ".join(exc.messages)))
        else:
            outcome.decided.append(comment)
    return outcome


def approve(*, comment_id: int, user, expected_status: str | None = None) -> Comment:
    return decide(
        comment_id=comment_id, user=user, status=Status.APPROVED, expected_status=expected_status
    )


def reject(
    *, comment_id: int, user, reason: str = "", expected_status: str | None = None
) -> Comment:
    return decide(
        comment_id=comment_id,
        user=user,
        status=Status.REJECTED,
        reason=reason,
        expected_status=expected_status,
    )


def mark_spam(*, comment_id: int, user, expected_status: str | None = None) -> Comment:
    return decide(
        comment_id=comment_id, user=user, status=Status.SPAM, expected_status=expected_status
    )


# --- reader reports ------------------------------------------------------------


class TooManyComments(ValidationError):
    """The reader's browser or network sent too many comments just now;
    ``retry_at`` says when it may send the next (``policy.flood_retry_at``)."""

    def __init__(self, retry_at):
        self.retry_at = retry_at
        super().__init__(
            _("You have sent many comments in a short time. Your text is kept below.")
            + " "
            + try_again_text(retry_at),
            code="flood",
        )


def _one_at_a_time(sender_key: str) -> None:
    """Serialise the comments of one sender (network or browser) until the
    transaction ends: PostgreSQL's transaction-level advisory lock on the
    key. SQLite (development) has one writer at a time anyway."""
    if not sender_key or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", ["comments-flood:" + sender_key]
        )


class TooManyReports(ValidationError):
    """The reader's network sent ``REPORTS_NETWORK_MAX`` reports within
    ``REPORTS_WINDOW_SECONDS``; ``retry_at`` says when it may report again."""

    def __init__(self, retry_at):
        self.retry_at = retry_at
        super().__init__(
            _("You have sent many reports in a short time.") + " " + try_again_text(retry_at),
            code="too_many_reports",
        )


def report_weight(history: dict[str, int] | None) -> int:
    """What a report from a network with this history weighs: 0 when
    moderators overruled more of its reports than they upheld, else 1."""
    if history and history["overruled"] > history["upheld"]:
        return 0
    return 1


def _network_report_limit(network: str, now) -> None:
    conf = settings.COMMENTS
    window = timedelta(seconds=conf["REPORTS_WINDOW_SECONDS"])
    limit = conf["REPORTS_NETWORK_MAX"]
    recent = Report.objects.filter(ip_address=network, created_at__gte=now - window)
    oldest_counting = (
        recent.order_by("-created_at").values_list("created_at", flat=True)[limit - 1 : limit]
    ).first()
    if oldest_counting is not None:
        raise TooManyReports(oldest_counting + window)


@transaction.atomic
def report(
    *, comment: Comment, reason: str, note: str = "", ip: str | None = None, now=None
) -> Report:
    """A reader reports a visible comment. When the open reports weigh
    ``REPORTS_TO_HIDE`` the comment is hidden until a moderator decides (the
    hiding is a recorded decision), unless a moderator kept it after earlier
    reports. See the module docstring."""
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != Status.APPROVED or comment.hidden_by_reports:
        raise ValidationError(_("This comment can no longer be reported."), code="not_visible")
    network = anonymise_ip(ip)
    if network and comment.reports.filter(ip_address=network, resolved=False).exists():
        # One open report per reader network: repeated clicks do not add up.
        raise ValidationError(_("You have already reported this comment."), code="duplicate")
    if network:
        _network_report_limit(network, now)
    weight = report_weight(reporter_history([network], now=now).get(network))
    entry = Report(
        comment=comment,
        reason=reason,
        note=(note or "").strip(),
        ip_address=network,
        weight=weight,
    )
    entry.full_clean()
    entry.save()
    Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
    comment.refresh_from_db(fields=["reports_count"])
    if comment.kept_after_reports:
        return entry  # in the reported queue again, but not hidden
    weighs = comment.reports.filter(resolved=False).aggregate(total=Sum("weight"))["total"] or 0
    if weighs >= settings.COMMENTS["REPORTS_TO_HIDE"]:
        comment.hidden_by_reports = True
        comment.save(update_fields=["hidden_by_reports"])
        comments_changed(comment.article_id)
        Decision.objects.create(
            comment=comment,
            comment_number=comment.pk,
            source=Decision.Source.REPORTS,
            from_status=comment.status,
            to_status=comment.status,
            reason=_("Hidden after %(n)d reports") % {"n": comment.reports_count},
        )
    return entry
