"""The editorial workflow: who may move an article between states, and how.

Every step is a keyword-only function that checks permission, validates,
saves in a transaction, keeps a revision and records a ``Transition`` (who,
when, from which state to which, the note). The admin's buttons and bulk
actions, views and management commands call these; none re-implements them.

States: draft → review → (scheduled →) published → archived; editors can
send a review back to draft with a note, and unpublish to draft.
"""

from datetime import datetime

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.record import Action, record

from . import notifications
from .models import Article, Correction, Transition, WorkflowState

PUBLISH_PERMISSION = "articles.publish_article"
# Longer headlines are cut off in search results and news aggregators.
HEADLINE_LIMIT = 110


def can_publish(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article: Article) -> bool:
    """Editors edit every article; journalists only their own."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if can_publish(user) or article.pk is None:
        return True
    return Article.objects.editable_by(user).filter(pk=article.pk).exists()


def can_preview(user, article: Article) -> bool:
    """Who may see an unpublished article on the public site."""
    return user.is_authenticated and user.is_staff and can_edit(user, article)


def publication_problems(article: Article) -> list[str]:
    """What stops an article from going out, as sentences for the author.
    Empty when it may be published."""
    problems = []
    if not article.title.strip():
        problems.append(_("The headline is missing."))
    elif len(article.title) > HEADLINE_LIMIT:
        problems.append(
            _("The headline has %(n)d characters; at most %(limit)d are allowed.")
            % {"n": len(article.title), "limit": HEADLINE_LIMIT}
        )
    if not article.lead.strip():
        problems.append(_("The lead (Vorspann) is empty."))
    if not article.body.strip():
        problems.append(_("The body text is empty."))
    image = article.hero_image
    if image is not None:
        if not image.alt_text.strip():
            problems.append(_("The hero image has no alternative text."))
        if not image.credit.strip():
            problems.append(_("The hero image has no credit (Bildnachweis)."))
    if article.pk:
        for position, citation in enumerate(article.citations.all(), start=1):
            if citation.source_id is None:
                problems.append(_("Citation %(n)d has no source.") % {"n": position})
    return problems


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _check_publishable(article: Article) -> None:
    problems = publication_problems(article)
    if problems:
        raise ValidationError(problems, code="not_publishable")


def _record(
    article: Article, *, user, before: str, note: str = "", audit: str | None = None
) -> Transition:
    """Save the article (a new revision) and record the step; ``audit``
    names the step in the audit log, for the steps that it lists."""
    with reversion.create_revision():
        article.updated_by = user
        article.version += 1
        article.full_clean()
        article.save()
        comment = f"{WorkflowState(before).label} → {article.state.label}"
        if note:
            comment = f"{comment}: {note}"
        reversion.set_user(user)
        reversion.set_comment(comment)
    transition = Transition.objects.create(
        article=article,
        user=user,
        from_state=before,
        to_state=article.state,
        publish_at=article.publish_at,
        note=note,
    )
    # The admin's "History" page lists LogEntry rows: put the step there too.
    if user is not None and user.pk:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[article],
            action_flag=CHANGE,
            change_message=comment,
            single_object=True,
        )
    if audit:
        record(
            audit,
            actor=user,
            obj=article,
            before=str(before),
            after=str(article.state),
            publish_at=article.publish_at,
        )
    return transition


def _locked(article: Article) -> Article:
    """Re-read the article under a row lock so concurrent steps serialise,
    keeping unsaved field values of the caller out of the decision."""
    fresh = Article.objects.select_for_update().get(pk=article.pk)
    article.status, article.publish_at, article.version = (
        fresh.status,
        fresh.publish_at,
        fresh.version,
    )
    return article


@transaction.atomic
def submit_for_review(*, article: Article, user) -> list[str]:
    """Draft → review. Returns the pre-publish problems so that the author
    sees what the editor will need fixed; they do not block submitting."""
    _require(can_edit(user, article), _("You may not submit this article."))
    _locked(article)
    if article.state != WorkflowState.DRAFT:
        raise ValidationError(_("Only drafts can be submitted for review."))
    before = article.state
    article.status = Article.Status.REVIEW
    _record(article, user=user, before=before)
    notifications.notify(article=article, kind="submitted", actor=user)
    return publication_problems(article)


@transaction.atomic
def send_back(*, article: Article, user, note: str) -> Transition:
    """Review → draft, with a note to the author saying what to change."""
    _require(can_publish(user), _("Only editors can send articles back."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Please write a note for the author."), code="note_required")
    _locked(article)
    if article.state != WorkflowState.REVIEW:
        raise ValidationError(_("Only articles in review can be sent back."))
    before = article.state
    article.status = Article.Status.DRAFT
    notifications.notify(article=article, kind="sent_back", actor=user, note=note[:2000])
    return _record(article, user=user, before=before, note=note[:2000])


@transaction.atomic
def publish(*, article: Article, user) -> Transition:
    """Publish now (also a scheduled article: it goes out at once)."""
    _require(can_publish(user), _("You may not publish articles."))
    _locked(article)
    if article.state == WorkflowState.PUBLISHED:
        raise ValidationError(_("The article is already published."))
    _check_publishable(article)
    before = article.state
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now()
    notifications.notify(article=article, kind="published", actor=user)
    return _record(article, user=user, before=before, audit=Action.PUBLISH)


@transaction.atomic
def schedule(*, article: Article, user, at: datetime) -> Transition:
    """Publish at a future time. Nothing has to run then: the public gate
    compares with the clock."""
    _require(can_publish(user), _("You may not schedule articles."))
    if at is None or timezone.is_naive(at):
        raise ValidationError(_("Please give a date and time."), code="time_required")
    if at <= timezone.now():
        raise ValidationError(_("The time must lie in the future."), code="time_past")
    _locked(article)
    if article.state in (WorkflowState.PUBLISHED, WorkflowState.ARCHIVED):
        raise ValidationError(_("Only unpublished articles can be scheduled."))
    _check_publishable(article)
    before = article.state
    article.status = Article.Status.PUBLISHED
    article.publish_at = at
    notifications.notify(article=article, kind="scheduled", actor=user)
    return _record(article, user=user, before=before, audit=Action.SCHEDULE)


@transaction.atomic
def unpublish(*, article: Article, user) -> Transition:
    """Published or scheduled → draft."""
    _require(can_publish(user), _("You may not unpublish articles."))
    _locked(article)
    if article.state not in (WorkflowState.PUBLISHED, WorkflowState.SCHEDULED):
        raise ValidationError(_("Only published or scheduled articles can be unpublished."))
    before = article.state
    article.status = Article.Status.DRAFT
    return _record(article, user=user, before=before, audit=Action.UNPUBLISH)


@transaction.atomic
def archive(*, article: Article, user) -> Transition:
    """Published → archived: off the site, kept for the record."""
    _require(can_publish(user), _("You may not archive articles."))
    _locked(article)
    if article.state != WorkflowState.PUBLISHED:
        raise ValidationError(_("Only published articles can be archived."))
    before = article.state
    article.status = Article.Status.ARCHIVED
    return _record(article, user=user, before=before, audit=Action.ARCHIVE)


@transaction.atomic
def add_correction(*, article: Article, user, kind: str, text: str) -> Correction:
    """A dated correction or update on a published article; the article's
    modified time moves with it."""
    _require(
        user.is_active and user.has_perm("articles.add_correction"),
        _("You may not add corrections."),
    )
    correction = Correction(article=article, kind=kind, text=(text or "").strip())
    correction.full_clean()
    correction.save()
    Article.objects.filter(pk=article.pk).update(updated_at=correction.created_at, updated_by=user)
    article.updated_at, article.updated_by = correction.created_at, user
    return correction
