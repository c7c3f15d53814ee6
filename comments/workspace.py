"""The moderation workspace: the queues a moderator works through, one
comment at a time (with keyboard shortcuts, ``static/admin/js/moderation.js``)
or in bulk. Everything works without JavaScript: each decision is a form
POST that redirects back to the queue with a message.

Wired in ``CommentAdmin.get_urls``:

- ``admin:comments_comment_workspace`` – the queues (``?queue=pending``,
  ``reported``, ``unreviewed``, ``spam``, ``decided``), 25 comments a page;
  *unreviewed* lists comments the policy published at once (post-moderation,
  trusted commenters) that no moderator has checked yet
  (``Comment.objects.unreviewed``); a moderator confirms (approves), rejects
  or marks them as spam like any other, and they leave the queue;
- ``admin:comments_comment_decide`` – one decision (POST);
- ``admin:comments_comment_bulk_decide`` – one decision for several
  comments (POST).

Every form carries the state the moderator saw (``expected``); when another
moderator decided first, ``moderation.decide`` refuses and the moderator
gets a warning instead of overwriting the other decision.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from newsroom.admin_kit import desk_page

from . import moderation, selectors
from .models import Comment
from .policy import reason_detail
from .selectors import DECIDED, DECIDED_DAYS, PENDING, REPORTED, SPAM, UNREVIEWED, History

Status = Comment.Status

PER_PAGE = 25

QUEUES = {
    PENDING: gettext_lazy("Pending"),
    REPORTED: gettext_lazy("Reported"),
    UNREVIEWED: gettext_lazy("Published, not yet reviewed"),
    SPAM: gettext_lazy("Spam"),
    DECIDED: gettext_lazy("Recently decided"),
}
# The queues of comments (the last one lists decisions).
COMMENT_QUEUES = (PENDING, REPORTED, UNREVIEWED, SPAM)
# What a form may ask for, and what the moderator may have seen.
DECISIONS = moderation.DECISIONS
STATES = moderation.STATES


def _require_moderator(request):
    if not moderation.can_moderate(request.user):
        raise PermissionDenied


# --- the queues ------------------------------------------------------------------


def reason_list(reasons) -> list[dict[str, str]]:
    """The policy's reasons as ``{"rule", "detail"}`` dicts, whatever the
    JSON holds (older rows, hand-made data)."""
    if not isinstance(reasons, list):
        return []
    result = []
    for entry in reasons:
        if isinstance(entry, dict):
            rule = str(entry.get("rule") or "")
            detail = str(entry.get("detail") or "")
        else:
            rule, detail = str(entry), ""
        if rule or detail:
            result.append({"rule": rule or "–", "detail": reason_detail(rule, detail)})
    return result


@dataclass
class Item:
    """A comment as the workspace shows it."""

    comment: Comment
    state: str
    history: History
    reasons: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    next_url: str = ""

    @property
    def anchor(self):
        return f"comment-{self.comment.pk}"


def workspace_url(queue: str, page: int = 1) -> str:
    params = {"queue": queue}
    if page > 1:
        params["page"] = page
    return f"{reverse('admin:comments_comment_workspace')}?{urlencode(params)}"


def _comment_items(queue, page_number):
    page = Paginator(selectors.queue_page_queryset(queue), PER_PAGE).get_page(page_number)
    comments = list(page.object_list)
    histories = selectors.commenter_histories(c.email for c in comments)
    selectors.with_reporter_histories([r for c in comments for r in c.open_reports])
    queue_url = workspace_url(queue, page.number)
    items = [
        Item(
            comment=comment,
            state=moderation.moderation_state(comment),
            history=histories.get(comment.email, History()),
            reasons=reason_list(comment.reasons),
            reports=comment.open_reports,
        )
        for comment in comments
    ]
    # After a decision the queue reloads on the item that follows, so that a
    # moderator (and the keyboard focus) continues where they were.
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if following is None and index > 0:
            following = items[index - 1]
        item.next_url = f"{queue_url}#{following.anchor}" if following else queue_url
    return page, items, queue_url


def workspace_view(request, model_admin):
    _require_moderator(request)
    queue = request.GET.get("queue") or PENDING
    if queue not in QUEUES:
        queue = PENDING
    page_number = request.GET.get("page")
    if queue == DECIDED:
        page = Paginator(selectors.decided_queryset(), PER_PAGE).get_page(page_number)
        items, decisions = [], list(page.object_list)
        queue_url = workspace_url(queue, page.number)
    else:
        page, items, queue_url = _comment_items(queue, page_number)
        decisions = []
    # The open queue was counted by its paginator; the header's "Queue: N"
    # (comments.context_processors) takes the pending tab's count.
    counts = selectors.queue_counts(key for key in QUEUES if key != queue)
    counts[queue] = page.paginator.count
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": workspace_url(key),
            "active": key == queue,
        }
        for key, label in QUEUES.items()
    ]
    return desk_page(
        request,
        model_admin,
        "admin/comments/comment/workspace.html",
        title=_("Moderation workspace"),
        subtitle=QUEUES[queue],
        queue=queue,
        tabs=tabs,
        page_obj=page,
        items=items,
        decisions=decisions,
        queue_url=queue_url,
        decided_days=DECIDED_DAYS,
        decision_choices=[(s, Status(s).label) for s in DECISIONS],
        page_url_prefix=f"{workspace_url(queue)}&page=",
        pending_comments=counts[PENDING],
    )


# --- decisions -------------------------------------------------------------------


def safe_next(request) -> str:
    """The ``next`` URL of the form if it stays on this site, else the
    workspace."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if (
        url
        and url.isprintable()
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return reverse("admin:comments_comment_workspace")


def _with_fragment(url: str, fragment: str) -> str:
    return f"{url.split('#', 1)[0]}#{fragment}"


def _done_message(status: str, number: int) -> str:
    if status == Status.APPROVED:
        return _("Comment #%(n)d approved.") % {"n": number}
    if status == Status.REJECTED:
        return _("Comment #%(n)d rejected.") % {"n": number}
    return _("Comment #%(n)d marked as spam.") % {"n": number}


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def decide_view(request, model_admin):
    """One decision on one comment, from a workspace item or a comment page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_moderator(request)
    next_url = safe_next(request)
    comment_id = _int(request.POST.get("comment"))
    status = request.POST.get("decision", "")
    reason = request.POST.get("reason", "").strip()
    expected = request.POST.get("expected", "")
    if comment_id is None or status not in DECISIONS or expected not in STATES:
        messages.error(request, _("The form was incomplete; nothing was decided. Please retry."))
        return HttpResponseRedirect(next_url)
    try:
        # The decision's own rules (a rejection needs a reason …), asked
        # first so that the moderator lands back on the comment.
        moderation.check_decision(status, reason)
    except ValidationError as exc:
        messages.error(request, f"#{comment_id}: {_error_text(exc)}")
        return HttpResponseRedirect(_with_fragment(next_url, f"comment-{comment_id}"))
    try:
        moderation.decide(
            comment_id=comment_id,
            user=request.user,
            status=status,
            reason=reason,
            expected_status=expected,
        )
    except moderation.AlreadyDecided as exc:
        messages.warning(request, f"#{comment_id}: {_error_text(exc)}")
    except Comment.DoesNotExist:
        messages.error(request, _("Comment #%(n)d no longer exists.") % {"n": comment_id})
    except ValidationError as exc:
        messages.error(request, f"#{comment_id}: {_error_text(exc)}")
    else:
        messages.success(request, _done_message(status, comment_id))
    return HttpResponseRedirect(next_url)


def bulk_decide_view(request, model_admin):
    """One decision for every selected comment (``moderation.decide_many``):
    each is decided on its own, and those that someone else decided in the
    meantime are skipped, with why."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_moderator(request)
    next_url = safe_next(request)
    ids = list(dict.fromkeys(filter(None, map(_int, request.POST.getlist("selected")))))
    status = request.POST.get("decision", "")
    reason = request.POST.get("reason", "").strip()
    if not ids:
        messages.warning(request, _("Select at least one comment."))
        return HttpResponseRedirect(next_url)
    if status not in DECISIONS:
        messages.error(request, _("Choose a decision for the selected comments."))
        return HttpResponseRedirect(next_url)
    try:
        outcome = moderation.decide_many(
            comment_ids=ids,
            user=request.user,
            status=status,
            reason=reason,
            expected_statuses={
                comment_id: request.POST.get(f"expected-{comment_id}", "") for comment_id in ids
            },
        )
    except ValidationError as exc:
        # Said once, before anything is decided (not as "skipped" per comment).
        if getattr(exc, "code", None) == "reason_required":
            messages.error(request, _("Give a reason to reject the selected comments."))
        else:
            messages.error(
                request,
                _("Reason: %(problem)s Nothing was decided.") % {"problem": _error_text(exc)},
            )
        return HttpResponseRedirect(next_url)
    if done := len(outcome.decided):
        messages.success(
            request,
            ngettext("%(n)d comment decided.", "%(n)d comments decided.", done) % {"n": done},
        )
    for text in outcome.skipped_messages():
        messages.warning(request, text)
    return HttpResponseRedirect(next_url)


# --- a comment's own page ----------------------------------------------------------


def comment_page_context(request, comment: Comment) -> dict:
    """The history of one comment for its admin page: every decision (also
    the policy's and the reports'), its reports, and a decision form."""
    return {
        "can_moderate": moderation.can_moderate(request.user),
        "comment_decisions": selectors.comment_decisions(comment),
        "comment_reports": selectors.comment_reports(comment),
        "comment_state": moderation.moderation_state(comment),
        "comment_reasons": reason_list(comment.reasons),
        "comment_next": request.get_full_path(),
    }
