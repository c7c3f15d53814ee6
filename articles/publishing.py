"""The editorial workflow: who may move an article between states, and how.

``STEPS`` is the one table of workflow steps: from which states each starts,
where it leads, who may take it, whether the pre-publish checks apply, what
the audit log and the notifications record. The admin's buttons and bulk
actions read it (``available_steps``), and every service below checks
against it (``_guard``) before it saves in a transaction, keeps a revision
and records a ``Transition``.

States: draft → review → (scheduled →) published → archived; editors can
send a review back to draft with a note, and unpublish to draft.

A live article (published or scheduled) keeps what readers see until an
editor publishes a change: saving it stores a working draft
(``articles.editing``), and the steps on ``CHANGES`` move that draft:
submit the changes for review, send them back, publish or discard them.

Length: the STEPS table and one service per step with the checks they share;
apart, the table would be split from what reads it.
"""

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.record import Action, record

from . import editing, invalidation, notifications, redirects
from .models import Article, ArticleDraft, Correction, Notification, Transition, WorkflowState

PUBLISH_PERMISSION = "articles.publish_article"
# Longer headlines are cut off in search results and news aggregators.
HEADLINE_LIMIT = 110

AUTHOR, EDITOR = "author", "editor"  # who may take a step
ARTICLE, CHANGES = "article", "changes"  # what a step moves: the article, or its working draft
DraftState = ArticleDraft.State
W = WorkflowState


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button under the article form
    on: str  # ARTICLE: the article's state; CHANGES: its working draft's
    sources: frozenset  # states the step starts from
    target: str | None  # the state it leads to (None: the draft is applied or dropped)
    who: str
    denied: str  # said to someone who may not take it
    wrong_state: str  # said when the article is in another state
    checks: bool = False  # the pre-publish checks must pass
    note_required: bool = False
    audit: str | None = None
    notify: str | None = None
    bulk: str | None = None  # the bulk action's label, if it has one


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step(
            "submit_review", gettext_lazy("Save and submit for review"), ARTICLE,
            frozenset({W.DRAFT}), W.REVIEW, AUTHOR,
            gettext_lazy("You may not submit this article."),
            gettext_lazy("Only drafts can be submitted for review."),
            notify=Notification.Kind.SUBMITTED,
            bulk=gettext_lazy("Submit selected articles for review"),
        ),
        Step(
            "send_back", gettext_lazy("Save and send back to the author"), ARTICLE,
            frozenset({W.REVIEW}), W.DRAFT, EDITOR,
            gettext_lazy("Only editors can send articles back."),
            gettext_lazy("Only articles in review can be sent back."),
            note_required=True, notify=Notification.Kind.SENT_BACK,
        ),
        Step(
            "publish", gettext_lazy("Save and publish now"), ARTICLE,
            frozenset({W.DRAFT, W.REVIEW, W.SCHEDULED, W.ARCHIVED}), W.PUBLISHED, EDITOR,
            gettext_lazy("You may not publish articles."),
            gettext_lazy("The article is already published."),
            checks=True, audit=Action.PUBLISH, notify=Notification.Kind.PUBLISHED,
            bulk=gettext_lazy("Publish selected articles now"),
        ),
        Step(
            "schedule", gettext_lazy("Save and schedule"), ARTICLE,
            frozenset({W.DRAFT, W.REVIEW, W.SCHEDULED}), W.SCHEDULED, EDITOR,
            gettext_lazy("You may not schedule articles."),
            gettext_lazy("Only unpublished articles can be scheduled."),
            checks=True, audit=Action.SCHEDULE, notify=Notification.Kind.SCHEDULED,
        ),
        Step(
            "submit_changes", gettext_lazy("Save and submit changes for review"), CHANGES,
            frozenset({DraftState.DRAFT}), DraftState.REVIEW, AUTHOR,
            gettext_lazy("You may not submit this article."),
            gettext_lazy("These changes are already in review."),
            notify=Notification.Kind.CHANGES_SUBMITTED,
        ),
        Step(
            "send_back_changes", gettext_lazy("Save and send the changes back"), CHANGES,
            frozenset({DraftState.REVIEW}), DraftState.DRAFT, EDITOR,
            gettext_lazy("Only editors can send articles back."),
            gettext_lazy("Only changes in review can be sent back."),
            note_required=True, notify=Notification.Kind.SENT_BACK,
        ),
        Step(
            "publish_changes", gettext_lazy("Save and publish changes"), CHANGES,
            frozenset({DraftState.DRAFT, DraftState.REVIEW}), None, EDITOR,
            gettext_lazy("You may not publish articles."),
            gettext_lazy("There are no unpublished changes."),
            checks=True, audit=Action.PUBLISH, notify=Notification.Kind.CHANGES_PUBLISHED,
        ),
        Step(
            "discard_changes", gettext_lazy("Discard unpublished changes"), CHANGES,
            frozenset({DraftState.DRAFT, DraftState.REVIEW}), None, EDITOR,
            gettext_lazy("Only editors can discard changes."),
            gettext_lazy("There are no unpublished changes."),
        ),
        Step(
            "unpublish", gettext_lazy("Unpublish"), ARTICLE,
            frozenset({W.PUBLISHED, W.SCHEDULED}), W.DRAFT, EDITOR,
            gettext_lazy("You may not unpublish articles."),
            gettext_lazy("Only published or scheduled articles can be unpublished."),
            audit=Action.UNPUBLISH, bulk=gettext_lazy("Unpublish selected articles"),
        ),
        Step(
            "archive", gettext_lazy("Archive"), ARTICLE,
            frozenset({W.PUBLISHED}), W.ARCHIVED, EDITOR,
            gettext_lazy("You may not archive articles."),
            gettext_lazy("Only published articles can be archived."),
            audit=Action.ARCHIVE, bulk=gettext_lazy("Archive selected articles"),
        ),
    ]
}  # fmt: skip


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


def _may(step: Step, user, article: Article) -> bool:
    return can_publish(user) if step.who == EDITOR else can_edit(user, article)


def _state_for(step: Step, article: Article, draft: ArticleDraft | None) -> str | None:
    if step.on == ARTICLE:
        return article.state
    if not editing.is_live(article):
        return None
    # A live article without a draft yet: the save that runs before the
    # step may create one, so the buttons are offered.
    return draft.state if draft is not None else DraftState.DRAFT


def available_steps(user, article: Article | None) -> list[Step]:
    """The steps this user may take on this article now, in table order."""
    if article is None or article.pk is None:
        return [STEPS["submit_review"]]
    draft = editing.draft_of(article)
    return [
        step
        for step in STEPS.values()
        if _state_for(step, article, draft) in step.sources and _may(step, user, article)
    ]


def publication_problems(article: Article, citations: list[dict] | None = None) -> list[str]:
    """What stops an article from going out, as sentences for the author.
    Empty when it may be published. ``citations`` (content rows) stand in
    for the article's stored ones when checking a working draft."""
    problems = []
    if not article.title.strip():
        problems.append(_("The headline is missing."))
    elif len(article.title) > HEADLINE_LIMIT:
        problems.append(
            _("The headline has %(n)d characters; at most %(limit)d are allowed.")
            % {"n": len(article.title), "limit": HEADLINE_LIMIT}
        )
    if article.proposed_title and article.title == article.proposed_title:
        problems.append(_("The headline was proposed by the import: please replace or confirm it."))
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
    if citations is None and article.pk:
        citations = [{"source": c.source_id} for c in article.citations.all()]
    for position, citation in enumerate(citations or [], start=1):
        if citation["source"] is None:
            problems.append(_("Citation %(n)d has no source.") % {"n": position})
    return problems


def working_problems(article: Article) -> list[str]:
    """The pre-publish checks on what the authors work on: the working
    draft of a live article, otherwise the article itself."""
    draft = editing.draft_of(article)
    if draft is None:
        return publication_problems(article)
    candidate = editing.apply_fields(Article.objects.get(pk=article.pk), draft.data)
    return publication_problems(candidate, draft.data["citations"])


def _guard(step: Step, user, article: Article) -> ArticleDraft | None:
    """Lock the article (and its draft) and check the step against the
    table; returns the working draft, if any."""
    if not _may(step, user, article):
        raise PermissionDenied(step.denied)
    _locked(article)
    draft = ArticleDraft.objects.select_for_update().filter(article_id=article.pk).first()
    if _state_for(step, article, draft) not in step.sources or (
        step.on == CHANGES and draft is None
    ):
        raise ValidationError(step.wrong_state, code="wrong_state")
    return draft


def _fold(article: Article, draft: ArticleDraft | None, user) -> None:
    """Make the working draft the article's own content (in memory and in
    its bylines, citations and tags); ``_record`` saves the fields."""
    if draft is None:
        return
    editing.apply_fields(article, draft.data)
    article.full_clean(exclude=["created_by", "updated_by"])
    editing.write_related(article, draft.data)
    draft.delete()


def _check_publishable(article: Article, draft: ArticleDraft | None = None) -> None:
    if draft is not None:
        candidate = editing.apply_fields(Article.objects.get(pk=article.pk), draft.data)
        problems = publication_problems(candidate, draft.data["citations"])
    else:
        problems = publication_problems(article)
    if problems:
        raise ValidationError(problems, code="not_publishable")


def _record(
    article: Article, *, user, before: str, step: Step, note: str = "", comment: str = ""
) -> Transition:
    """Save the article (a new revision) and record the step: the workflow
    history, the admin's history, the audit log, the notifications."""
    comment = comment or f"{WorkflowState(before).label} → {article.state.label}"
    if note:
        comment = f"{comment}: {note}"
    stored = Article.objects.filter(pk=article.pk).only("slug", "status", "publish_at").first()
    with reversion.create_revision():
        article.updated_by = user
        article.version += 1
        article.full_clean()
        article.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    # Old links keep working: every slug the article was live under.
    redirects.remember(
        article,
        previous_slug=stored.slug if stored else None,
        was_public=bool(stored and stored.is_public),
    )
    transition = Transition.objects.create(
        article=article,
        user=user,
        step=step.name,
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
    if step.audit:
        record(
            step.audit,
            actor=user,
            obj=article,
            before=str(before),
            after=str(article.state),
            publish_at=article.publish_at,
        )
    if step.notify:
        notifications.notify(article=article, kind=step.notify, actor=user, note=note)
    return transition


# The states in which readers see an article or will see it by themselves.
_READERS_SEE = frozenset({WorkflowState.PUBLISHED, WorkflowState.SCHEDULED})


def _shown_under(article: Article) -> set[str]:
    """The reader pages' keys of ``article`` as it is now, if readers see it
    or will (to drop them after a change moved it elsewhere)."""
    return invalidation.keys_of(article) if article.state in _READERS_SEE else set()


def _pages_changed(article: Article, *, before: str, shown_under: set[str]) -> None:
    """Drop the reader pages that showed ``article`` or show it now."""
    after = article.state
    if before in _READERS_SEE or after in _READERS_SEE:
        invalidation.article_changed(
            article,
            before=shown_under,
            scheduled=WorkflowState.SCHEDULED in (before, after),
        )


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


def _move(
    article: Article, *, user, step: Step, status, publish_at=None, note="", with_changes=False
) -> Transition:
    """An article step: guard, check, set the state and record. A working
    draft goes along only when asked (``with_changes``: the editor pressed
    the button in the form that shows it) or when the article stops being
    live by unpublishing (the changes return to the authors as the draft);
    otherwise it stays unpublished changes, never published unseen."""
    draft = _guard(step, user, article)
    if draft is not None and step.name == "archive":
        raise ValidationError(
            _("Publish or discard the unpublished changes before archiving."), code="has_changes"
        )
    take = draft if (with_changes or step.name == "unpublish") else None
    if step.checks:
        _check_publishable(article, take)
    before = article.state
    shown_under = _shown_under(article)
    _fold(article, take, user)
    article.status = status
    if publish_at is not None:
        article.publish_at = publish_at
    transition = _record(article, user=user, before=before, step=step, note=note)
    _pages_changed(article, before=before, shown_under=shown_under)
    return transition


@transaction.atomic
def submit_for_review(*, article: Article, user) -> list[str]:
    """Draft → review. Returns the pre-publish problems so that the author
    sees what the editor will need fixed; they do not block submitting."""
    _move(article, user=user, step=STEPS["submit_review"], status=Article.Status.REVIEW)
    return publication_problems(article)


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Please write a note for the author."), code="note_required")
    return note[:2000]


@transaction.atomic
def send_back(*, article: Article, user, note: str) -> Transition:
    """Review → draft, with a note to the author saying what to change."""
    step = STEPS["send_back"]
    if not _may(step, user, article):
        raise PermissionDenied(step.denied)
    return _move(article, user=user, step=step, status=Article.Status.DRAFT, note=_note(note))


@transaction.atomic
def publish(*, article: Article, user, with_changes: bool = False) -> Transition:
    """Publish now (also a scheduled article: it goes out at once);
    ``with_changes``: with its unpublished changes."""
    return _move(
        article,
        user=user,
        step=STEPS["publish"],
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
        with_changes=with_changes,
    )


@transaction.atomic
def schedule(*, article: Article, user, at: datetime, with_changes: bool = False) -> Transition:
    """Publish at a future time. Nothing has to run then: the public gate
    compares with the clock."""
    step = STEPS["schedule"]
    if not _may(step, user, article):
        raise PermissionDenied(step.denied)
    if at is None or timezone.is_naive(at):
        raise ValidationError(_("Please give a date and time."), code="time_required")
    if at <= timezone.now():
        raise ValidationError(_("The time must lie in the future."), code="time_past")
    return _move(
        article,
        user=user,
        step=step,
        status=Article.Status.PUBLISHED,
        publish_at=at,
        with_changes=with_changes,
    )


@transaction.atomic
def unpublish(*, article: Article, user) -> Transition:
    """Published or scheduled → draft; unpublished changes become the draft."""
    return _move(article, user=user, step=STEPS["unpublish"], status=Article.Status.DRAFT)


@transaction.atomic
def archive(*, article: Article, user) -> Transition:
    """Published → archived: off the site, kept for the record."""
    return _move(article, user=user, step=STEPS["archive"], status=Article.Status.ARCHIVED)


def _change_step(article: Article, draft: ArticleDraft, *, user, step: Step, note="") -> Transition:
    """Record a step of the working draft; the live article stays as it is."""
    state = article.state
    transition = Transition.objects.create(
        article=article,
        user=user,
        step=step.name,
        from_state=state,
        to_state=state,
        publish_at=article.publish_at,
        note=note,
    )
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=f"{step.label}: {note}" if note else str(step.label),
        single_object=True,
    )
    if step.notify:
        notifications.notify(article=article, kind=step.notify, actor=user, note=note)
    return transition


@transaction.atomic
def submit_changes(*, article: Article, user) -> list[str]:
    """A live article's working draft → review. Returns its pre-publish
    problems, which do not block submitting."""
    step = STEPS["submit_changes"]
    draft = _guard(step, user, article)
    draft.state = step.target
    draft.save(update_fields=["state", "updated_at"])
    _change_step(article, draft, user=user, step=step)
    return working_problems(article)


@transaction.atomic
def send_back_changes(*, article: Article, user, note: str) -> Transition:
    step = STEPS["send_back_changes"]
    if not _may(step, user, article):
        raise PermissionDenied(step.denied)
    note = _note(note)
    draft = _guard(step, user, article)
    draft.state = step.target
    draft.save(update_fields=["state", "updated_at"])
    return _change_step(article, draft, user=user, step=step, note=note)


@transaction.atomic
def publish_changes(
    *, article: Article, user, correction_kind: str = "", correction_text: str = ""
) -> Transition:
    """Put a live article's working draft out: the pre-publish checks on the
    draft, then its content onto the article (a new revision), optionally
    with a correction or update note for readers."""
    step = STEPS["publish_changes"]
    draft = _guard(step, user, article)
    _check_publishable(article, draft)
    before = article.state
    shown_under = _shown_under(article)
    _fold(article, draft, user)
    transition = _record(
        article,
        user=user,
        before=before,
        step=step,
        comment=str(_("Changes published")),
    )
    _pages_changed(article, before=before, shown_under=shown_under)
    if (correction_text or "").strip():
        add_correction(article=article, user=user, kind=correction_kind, text=correction_text)
    return transition


@transaction.atomic
def discard_changes(*, article: Article, user) -> Transition:
    step = STEPS["discard_changes"]
    draft = _guard(step, user, article)
    draft.delete()
    return _change_step(article, draft, user=user, step=step)


def run_step(name: str, *, article: Article, user, data=None):
    """Run the step ``name`` with the values a form sent (``data``: the
    note, the schedule time, the correction): how the admin's buttons and
    bulk actions reach the services."""
    data = data or {}
    if name == "submit_review":
        return submit_for_review(article=article, user=user)
    if name == "send_back":
        return send_back(article=article, user=user, note=data.get("note", ""))
    with_changes = bool(data.get("with_changes"))
    if name == "publish":
        return publish(article=article, user=user, with_changes=with_changes)
    if name == "schedule":
        return schedule(article=article, user=user, at=data.get("at"), with_changes=with_changes)
    if name == "unpublish":
        return unpublish(article=article, user=user)
    if name == "archive":
        return archive(article=article, user=user)
    if name == "submit_changes":
        return submit_changes(article=article, user=user)
    if name == "send_back_changes":
        return send_back_changes(article=article, user=user, note=data.get("note", ""))
    if name == "publish_changes":
        return publish_changes(
            article=article,
            user=user,
            correction_kind=data.get("correction_kind", ""),
            correction_text=data.get("correction_text", ""),
        )
    if name == "discard_changes":
        return discard_changes(article=article, user=user)
    raise ValueError(name)


@transaction.atomic
def add_correction(*, article: Article, user, kind: str, text: str) -> Correction:
    """A dated correction or update on a published article; the article's
    modified time moves with it."""
    if not (user.is_active and user.has_perm("articles.add_correction")):
        raise PermissionDenied(_("You may not add corrections."))
    correction = Correction(article=article, kind=kind, text=(text or "").strip())
    correction.full_clean()
    correction.save()
    Article.objects.filter(pk=article.pk).update(updated_at=correction.created_at, updated_by=user)
    article.updated_at, article.updated_by = correction.created_at, user
    _pages_changed(article, before=article.state, shown_under=set())
    return correction
