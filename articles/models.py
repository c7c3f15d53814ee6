"""Sections, authors, articles, images, sources, citations and corrections.

``Article.objects.published()`` is the one gate through which public code
reaches articles: every reader view, feed and template tag goes through it.

Length: every model of the app, where Django looks for them; behaviour lives
in the services.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion import register as register_revisions
from taggit.managers import TaggableManager

from newsroom.indexes import PostgresGinIndex
from newsroom.validators import no_control_characters

from .images import validate_image_upload
from .rendering import render_markdown

TITLE_MAX_LENGTH = 200


class CommentModeration(models.TextChoices):
    """Whether reader comments wait for a moderator (pre) or show at once and
    are checked afterwards (post). Suspicious comments are held either way."""

    PRE = "pre", _("pre-moderation: comments wait for a moderator")
    POST = "post", _("post-moderation: comments show at once")


class Section(models.Model):
    """A Ressort: Politik, Wirtschaft, Kultur …"""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=10,
        choices=CommentModeration.choices,
        default=CommentModeration.PRE,
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after publication; empty keeps comments open."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(_("short biography"), blank=True, max_length=2000)
    photo = models.ForeignKey(
        "Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Image(models.Model):
    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("Describes the picture for readers who cannot see it."),
        validators=[no_control_characters],
    )
    caption = models.CharField(
        _("caption"), max_length=500, blank=True, validators=[no_control_characters]
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        help_text=_("Bildnachweis, e.g. “Foto: Jane Doe/APA”."),
        validators=[no_control_characters],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        """The row only. A new upload is saved through ``articles.images.store``
        (re-encoded, stored under a generated name, its renditions written,
        all or nothing): never stored here as it came."""
        if self.file and not self.file._committed:
            raise ValueError("A new image file is saved with articles.images.store(image).")
        super().save(*args, **kwargs)


class Source(models.Model):
    """Someone or something an article quotes: a person, an agency, a document."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        AGENCY = "agency", _("agency")
        DOCUMENT = "document", _("document")
        MEDIA = "media", _("media")

    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Sprecher des US-Außenministeriums”."),
        validators=[no_control_characters],
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Confidential sources are never named to readers."),
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("For the newsroom only; never shown to readers."),
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other spellings and names this source is quoted under, one per line "
            "(e.g. “Kirby”, “US-Außenamtssprecher Kirby”)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """The public gate: published and due. Scheduled articles stay hidden
        until their time comes, with nothing having to run to reveal them."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=now or timezone.now(),
        )

    def for_listing(self):
        """What a teaser needs, fetched in a constant number of queries."""
        return (
            self.select_related("section", "hero_image")
            .defer("search_vector")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
            )
        )

    def for_page(self):
        """What an article's own page (and the read API's article) shows, in
        a constant number of queries: section, hero image, bylines with their
        authors, tags, corrections, and the citations of sources that are not
        confidential."""
        return (
            self.select_related("section", "hero_image")
            .defer("search_vector")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
                "corrections",
                models.Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source").filter(
                        source__is_confidential=False
                    ),
                ),
            )
        )

    def with_last_correction(self):
        """Each article with ``last_correction_at``, the time of its newest
        correction or update (for ``Article.modified_at``), in the same query."""
        newest = (
            Correction.objects.filter(article=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(last_correction_at=Subquery(newest))

    def editable_by(self, user):
        """Articles a user may revise in the admin: editors all, journalists
        their own (created by them or bylined to them)."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(Q(created_by=user) | Q(authors__user=user)).distinct()


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


@register_revisions(exclude=("version", "search_vector"), follow=("bylines", "citations"))
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    kicker = models.CharField(
        _("kicker"),
        max_length=100,
        blank=True,
        help_text=_("Dachzeile: the short line above the headline."),
        validators=[no_control_characters],
    )
    title = models.CharField(
        _("headline"), max_length=TITLE_MAX_LENGTH, validators=[no_control_characters]
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    lead = models.TextField(
        _("lead"),
        blank=True,
        validators=[MaxLengthValidator(1500), no_control_characters],
        help_text=_("Vorspann: who, what, when, in two or three sentences."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        validators=[MaxLengthValidator(200_000), no_control_characters],
        help_text=_("Markdown. Start a line with ## for a subheading."),
    )
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="Byline", related_name="articles", blank=True
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    # A headline the wire import proposed because the copy had none: publishing
    # is refused while the title is still exactly this (publishing.py).
    proposed_title = models.CharField(
        _("proposed headline"), max_length=TITLE_MAX_LENGTH, blank=True, editable=False
    )
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=10,
        choices=CommentModeration.choices,
        blank=True,
        help_text=_("Empty: as the section says."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modified"), auto_now=True)
    # Raised by every save through the admin or a workflow step; a form that
    # was opened at an older version is a conflicting edit.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Derived: headline, kicker, lead and body for PostgreSQL full-text
    # search, rewritten after every commit that saves the article (signals.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-publish_at"], name="article_section_pub_idx"
            ),
            # The home page's featured teasers: a handful of rows, found
            # without scanning every article (docs/benchmarks.md).
            models.Index(
                fields=["-publish_at", "-id"],
                condition=Q(featured=True),
                name="article_featured_pub_idx",
            ),
            PostgresGinIndex(fields=["search_vector"], name="article_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived, not a side effect: the stored HTML always matches the body.
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            raise ValidationError(
                {"publish_at": _("A published article needs a publication time.")}
            )

    @property
    def state(self) -> str:
        """The workflow state as people speak of it: a published article
        whose time has not come is *scheduled*."""
        if self.status == self.Status.PUBLISHED and not self.is_public:
            return WorkflowState.SCHEDULED
        return WorkflowState(self.status)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def modified_at(self):
        """When readers were told the article changed ("Aktualisiert"): the
        time of its newest correction or update after publication, or None.
        A save that only fixes a typo is no update. Reads the
        ``last_correction_at`` annotation (``with_last_correction``) when
        present, else the corrections, which the article page prefetches."""
        if hasattr(self, "last_correction_at"):
            latest = self.last_correction_at
        else:
            newest = self.corrections.all()[:1]
            latest = newest[0].created_at if newest else None
        if latest is None or self.publish_at is None or latest <= self.publish_at:
            return None
        return latest

    @property
    def was_modified(self):
        """True when a correction or update was added after publication."""
        return self.modified_at is not None


@register_revisions()
class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")
        ]

    def __str__(self):
        return str(self.author)


@register_revisions()
class Citation(models.Model):
    """A source an article relies on, optionally with the quote taken from it.
    A quote may be entered before its source is picked; publishing then
    refuses until every citation names its source."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    quote = models.TextField(
        _("quote"),
        blank=True,
        validators=[MaxLengthValidator(2000), no_control_characters],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("sources (citations)")

    def __str__(self):
        return str(self.source) if self.source else self.quote[:60]


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        UPDATE = "update", _("update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(2000), no_control_characters])
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Transition(models.Model):
    """One step of an article through the workflow: who moved it, when, from
    which state to which, with the note for the author. Never edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class StepName(models.TextChoices):
        """The names of ``publishing.STEPS``, as the history tells them."""

        SUBMIT_REVIEW = "submit_review", _("submitted for review")
        SEND_BACK = "send_back", _("sent back")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        SUBMIT_CHANGES = "submit_changes", _("changes submitted for review")
        SEND_BACK_CHANGES = "send_back_changes", _("changes sent back")
        PUBLISH_CHANGES = "publish_changes", _("changes published")
        DISCARD_CHANGES = "discard_changes", _("unpublished changes discarded")
        UNPUBLISH = "unpublish", _("unpublished")
        ARCHIVE = "archive", _("archived")

    # The workflow step (empty in rows older than the steps table).
    step = models.CharField(_("step"), max_length=30, blank=True, choices=StepName.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=WorkflowState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=WorkflowState.choices)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class ArticleDraft(models.Model):
    """Unpublished changes to a live article (Wagtail: "unpublished changes").

    While an article is published or scheduled its row is what readers see;
    a save that does not publish stores the whole edited article here as a
    JSON snapshot (``articles.drafts`` reads and writes it) and leaves every
    public surface as it was. Publishing the changes copies the snapshot onto
    the article and deletes this row; discarding deletes it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("unpublished changes")
        REVIEW = "review", _("changes in review")

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="working_draft", verbose_name=_("article")
    )
    data = models.JSONField(_("content"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    base_version = models.PositiveIntegerField(_("based on version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("unpublished changes")
        verbose_name_plural = _("unpublished changes")

    def __str__(self):
        return str(self.article)


class Autosave(models.Model):
    """The last state of one user's open article form, saved by the browser
    every few seconds. Never published and never applied by itself: the
    form offers to restore it. ``article`` is empty for a new article."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(_("form fields"))
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                name="autosave_one_per_user_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.article_id or 'neu'}"


class Notification(models.Model):
    """A message to one member of the newsroom about an article's step:
    submitted for review (to editors), sent back (to its authors, with the
    note), published or scheduled (to its authors)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        CHANGES_SUBMITTED = "changes_submitted", _("changes submitted for review")
        CHANGES_PUBLISHED = "changes_published", _("changes published")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newsroom_notifications",
        verbose_name=_("recipient"),
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class WireImport(models.Model):
    """What the wire import recognised in the copy a draft was made from: the
    report the journalist sees on the new draft (``articles.wire``)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="wire_import", verbose_name=_("article")
    )
    report = models.JSONField(_("report"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("wire import")
        verbose_name_plural = _("wire imports")

    def __str__(self):
        return str(self.article)


class QuoteDecision(models.Model):
    """A journalist's answer to one suggested citation (a quote and its
    speaker found in the article's text): accepted or rejected, so the
    suggestion is not offered again. ``key`` identifies the suggestion."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quote_decisions")
    key = models.CharField(max_length=64)
    accepted = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quote suggestion decision")
        verbose_name_plural = _("quote suggestion decisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="quote_decision_once")
        ]

    def __str__(self):
        return self.key


class ArticleAddress(models.Model):
    """A slug an article was published under (``articles.redirects``): its
    current one and every earlier one. Each names the article, never
    another address, so a chain of renames answers with one redirect to
    the current address; a slug belongs to the article last published
    under it."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("article")
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug


class Redirect(models.Model):
    """An address the editors send elsewhere on the site (``articles.redirects``):
    answered with 301 when nothing else answers it."""

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("The path readers used, e.g. /wahl-2024/ (without the domain)."),
    )
    target = models.CharField(
        _("new address"),
        max_length=500,
        help_text=_("A page on this site, e.g. /ressort/politik/ or its full address."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.target}"


class LiveTicker(models.Model):
    """An article that is a live ticker (articles/live.py): its entries show
    on its page, newest first, until the ticker is ended."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="live_ticker", verbose_name=_("article")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    entries_need_editor = models.BooleanField(
        _("entries need an editor"),
        default=False,
        help_text=_("Journalists' entries go out only once an editor approved them."),
    )
    # Counts the changes to entries readers may already have on screen (a
    # correction, a late approval, a key event set or cleared, a deletion):
    # each takes the next number, which the entry (``LiveEntry.changed``) or
    # its tombstone (``LiveEntryDeletion``) keeps, so the poll endpoint can
    # send the latest changes to every reader alike (articles/live.py).
    version = models.PositiveBigIntegerField(_("change counter"), default=0, editable=False)

    class Meta:
        verbose_name = _("live ticker")
        verbose_name_plural = _("live tickers")

    def __str__(self):
        return str(self.article)

    @property
    def is_running(self):
        return self.ended_at is None


class LiveEntry(models.Model):
    """One timestamped entry of a live ticker, optionally with an image and
    a quote."""

    QUOTE_MAX_LENGTH = 1000

    ticker = models.ForeignKey(
        LiveTicker, on_delete=models.CASCADE, related_name="entries", verbose_name=_("live ticker")
    )
    headline = models.CharField(
        _("headline"), max_length=200, blank=True, validators=[no_control_characters]
    )
    body = models.TextField(
        _("text"), validators=[MaxLengthValidator(10_000), no_control_characters]
    )
    body_html = models.TextField(_("rendered text"), blank=True, editable=False)
    key_event = models.BooleanField(_("key event"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    approved = models.BooleanField(_("approved"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    correction_note = models.CharField(
        _("correction note"), max_length=300, blank=True, validators=[no_control_characters]
    )
    # A picture from the library and a quote from the source directory
    # (articles/live.py checks them: a confidential source is never quoted
    # by name in an entry).
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote = models.TextField(
        _("quote"),
        blank=True,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH), no_control_characters],
    )
    quote_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_entries",
        limit_choices_to={"is_confidential": False},
    )
    # The ticker's change counter at this entry's last change after it was
    # posted (0: never changed); see ``LiveTicker.version``.
    changed = models.PositiveBigIntegerField(_("last change"), default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [
            models.Index(fields=["ticker", "approved", "-id"], name="liveentry_ticker_idx"),
            # The poll's latest changes, the key events and the pinned entry:
            # small partial indexes, so none of them reads the whole ticker.
            models.Index(
                fields=["ticker", "-changed"],
                condition=models.Q(changed__gt=0),
                name="liveentry_changed_idx",
            ),
            models.Index(
                fields=["ticker", "-created_at"],
                condition=models.Q(key_event=True),
                name="liveentry_key_event_idx",
            ),
            models.Index(
                fields=["ticker"], condition=models.Q(pinned=True), name="liveentry_pinned_idx"
            ),
        ]

    def __str__(self):
        return self.headline or self.body[:60]

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)


class LiveEntryDeletion(models.Model):
    """The tombstone of a deleted live entry: only its id and its change
    number, so that readers' open pages drop it on their next poll
    (articles/live.py keeps the latest few per ticker)."""

    ticker = models.ForeignKey(
        LiveTicker,
        on_delete=models.CASCADE,
        related_name="deletions",
        verbose_name=_("live ticker"),
    )
    entry_id = models.PositiveBigIntegerField(_("entry ID"))
    version = models.PositiveBigIntegerField(_("change number"))
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted live entry")
        verbose_name_plural = _("deleted live entries")
        indexes = [models.Index(fields=["ticker", "-version"], name="liveentrydeletion_idx")]

    def __str__(self):
        return f"#{self.entry_id}"
