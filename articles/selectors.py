"""Read-only views of the newsroom's work for the admin: the start page's
desk for each role, and the editor's note on an article that was sent back.

Each function runs a fixed number of queries, however many articles there
are (the tests pin them)."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .models import Article, ArticleDraft, Byline, LiveEntry, Transition, WorkflowState

PUBLISH_PERMISSION = "articles.publish_article"
CHANGE_PERMISSION = "articles.change_article"
# At most this many articles per list on the start page; the desk overview
# and the article list have the rest.
PANEL_LIMIT = 20
RECENT_LIMIT = 10
LIST_DEFERRED = ("lead", "body", "body_html", "search_vector")

# A step that sent an article (or the changes to a live one) back to its
# authors. Rows older than the ``step`` column are told by their states.
SEND_BACK_STEPS = ("send_back", "send_back_changes")
_SENT_BACK = Q(step__in=SEND_BACK_STEPS) | Q(
    step="", from_state=WorkflowState.REVIEW, to_state=WorkflowState.DRAFT
)


def is_send_back(transition: Transition | None) -> bool:
    if transition is None or not transition.note:
        return False
    if transition.step:
        return transition.step in SEND_BACK_STEPS
    return (transition.from_state, transition.to_state) == (
        WorkflowState.REVIEW,
        WorkflowState.DRAFT,
    )


def open_send_back(article: Article) -> Transition | None:
    """The send-back whose note the authors still have to work on: the
    article's latest workflow step, if it sent the article back (any later
    step, e.g. submitting again, closes it). One query."""
    if article is None or article.pk is None:
        return None
    latest = (
        Transition.objects.filter(article_id=article.pk)
        .select_related("user")
        .order_by("-created_at", "-id")
        .first()
    )
    return latest if is_send_back(latest) else None


def _open_send_backs(articles):
    """Send-backs that are the latest step of one of ``articles``."""
    later = Transition.objects.filter(article_id=OuterRef("article_id")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return (
        Transition.objects.filter(_SENT_BACK, article__in=articles)
        .exclude(note="")
        .filter(~Exists(later))
    )


@dataclass
class JournalistDesk:
    sent_back: list = field(default_factory=list)  # Transitions, with .article
    drafts: list = field(default_factory=list)
    in_review: list = field(default_factory=list)
    changes_in_review: list = field(default_factory=list)  # live articles
    scheduled: list = field(default_factory=list)

    @property
    def review_count(self) -> int:
        return len(self.in_review) + len(self.changes_in_review)


@dataclass
class EditorDesk:
    in_review: list = field(default_factory=list)
    changes_in_review: list = field(default_factory=list)  # live articles
    today: list = field(default_factory=list)  # still to go out today
    recent: list = field(default_factory=list)
    waiting_live_entries: int = 0  # journalists' ticker entries to approve

    @property
    def review_count(self) -> int:
        return len(self.in_review) + len(self.changes_in_review)


@dataclass
class StartDesk:
    journalist: JournalistDesk | None = None
    editor: EditorDesk | None = None

    @property
    def empty(self) -> bool:
        return self.journalist is None and self.editor is None


def _end_of_today() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def journalist_desk(user, *, now=None) -> JournalistDesk:
    """The journalist's own articles (created by them or bylined to them):
    what was sent back (with the note), the other drafts, what is in review
    (also unpublished changes to a live article) and what is scheduled. Five
    queries, and one more for the bylines of each other list that is not empty."""
    now = now or timezone.now()
    own = Article.objects.editable_by(user)
    own_ids = own.values("pk")
    open_backs = _open_send_backs(own_ids)
    sent_back = list(
        open_backs.select_related("user", "article", "article__section")
        .defer(*(f"article__{name}" for name in LIST_DEFERRED))
        .order_by("-created_at", "-id")[:PANEL_LIMIT]
    )
    mine = _with_bylines(Article.objects.filter(pk__in=own_ids))
    drafts = list(
        mine.filter(status=Article.Status.DRAFT)
        .exclude(pk__in=open_backs.values("article_id"))
        .order_by("-updated_at", "-id")[:PANEL_LIMIT]
    )
    in_review = list(
        mine.filter(status=Article.Status.REVIEW).order_by("-updated_at", "-id")[:PANEL_LIMIT]
    )
    scheduled = list(
        mine.filter(status=Article.Status.PUBLISHED, publish_at__gt=now).order_by(
            "publish_at", "id"
        )[:PANEL_LIMIT]
    )
    return JournalistDesk(
        sent_back=sent_back,
        drafts=drafts,
        in_review=in_review,
        changes_in_review=_changes_in_review(mine),
        scheduled=scheduled,
    )


def _changes_in_review(articles) -> list:
    """Live articles whose unpublished changes wait for an editor, longest
    waiting first."""
    return list(
        articles.filter(working_draft__state=ArticleDraft.State.REVIEW).order_by(
            "working_draft__updated_at", "id"
        )[:PANEL_LIMIT]
    )


def _with_bylines(queryset):
    return (
        queryset.select_related("section", "updated_by")
        # Lists show headlines, not texts.
        .defer(*LIST_DEFERRED)
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position", "id"),
            )
        )
    )


def editor_desk(*, now=None) -> EditorDesk:
    """The review queue (longest waiting first; unpublished changes to live
    articles apart), what is still to go out today, and the latest
    publications; how many live-ticker entries wait for an editor. Five
    queries, and one more for the bylines of each list that is not empty."""
    now = now or timezone.now()
    articles = _with_bylines(Article.objects.all())
    in_review = list(
        articles.filter(status=Article.Status.REVIEW).order_by("updated_at", "id")[:PANEL_LIMIT]
    )
    today = list(
        articles.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=now, publish_at__lt=_end_of_today()
        ).order_by("publish_at", "id")[:PANEL_LIMIT]
    )
    recent = list(articles.published(now=now).order_by("-publish_at", "-id")[:RECENT_LIMIT])
    return EditorDesk(
        in_review=in_review,
        changes_in_review=_changes_in_review(articles),
        today=today,
        recent=recent,
        waiting_live_entries=LiveEntry.objects.filter(approved=False).count(),
    )


def start_desk(user, *, now=None) -> StartDesk:
    """The start page's panels for this user's role: editors (who may
    publish) get the editor's desk, journalists (who write but do not
    publish) their own; anyone else none."""
    desk = StartDesk()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return desk
    if user.has_perm(PUBLISH_PERMISSION):
        desk.editor = editor_desk(now=now)
    elif user.has_perm(CHANGE_PERMISSION):
        desk.journalist = journalist_desk(user, now=now)
    return desk
