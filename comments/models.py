"""Reader comments. A comment shows once approved: by a moderator, or by the
policy (post-moderation, trusted commenters), checked by a moderator later."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.validators import no_control_characters

BODY_MAX_LENGTH = 3000
NAME_MAX_LENGTH = 80


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self):
        """What readers see: approved and not hidden by reader reports."""
        return self.filter(status=Comment.Status.APPROVED, hidden_by_reports=False)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def unreviewed(self):
        """Published by the policy (post-moderation, trusted commenter) and
        not yet checked by a moderator: approved, and no moderator's decision
        yet (only ``moderation.decide`` sets ``moderated_at``). Comments with
        open reader reports are left out: they are in the reported queue."""
        return self.filter(
            status=Comment.Status.APPROVED, moderated_at__isnull=True, reports_count=0
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SPAM = "spam", _("spam")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(
        _("name"), max_length=NAME_MAX_LENGTH, validators=[no_control_characters]
    )
    email = models.EmailField(_("e-mail"), help_text=_("Never shown publicly."))
    body = models.TextField(
        _("comment"),
        validators=[MaxLengthValidator(BODY_MAX_LENGTH), no_control_characters],
    )
    # The body as the article page shows it, written only by
    # comments.rendering.store() from ``body`` (never from outside).
    body_html = models.TextField(blank=True, default="", editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(
        _("IP address (anonymised)"), null=True, blank=True, editable=False
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Why the policy decided as it did, shown to the moderator:
    # [{"rule": "links", "detail": "4 links"}, {"rule": "word", "detail": "idiot*"}].
    reasons = models.JSONField(_("policy reasons"), default=list, blank=True)
    # Normalised body fingerprint, to store the same text from one address once.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Open (undecided) reader reports; a moderator's decision resets it.
    reports_count = models.PositiveIntegerField(_("open reports"), default=0, editable=False)
    hidden_by_reports = models.BooleanField(_("hidden by reports"), default=False)
    # A moderator approved it while it had reports: later reports put it in
    # the reported queue again but no longer hide it.
    kept_after_reports = models.BooleanField(
        _("kept by a moderator after reports"), default=False, editable=False
    )
    # The browser it came from: a hash of the random key in the reader's
    # signed cookie (comments/readers.py). Trust and flood control key on it.
    sender = models.CharField(_("browser"), max_length=64, blank=True, editable=False)
    # The random part of the signed form timestamp it was sent with: one form,
    # one comment (comments/forms.py).
    form_nonce = models.CharField(max_length=32, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("moderate_comment", _("Can approve, reject and mark comments as spam")),
            (
                "handle_privacy_request",
                _("Can export and erase all comments of an e-mail address"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_status_idx"
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
            # Privacy requests match addresses case-insensitively
            # (email__iexact is UPPER(email) = UPPER(%s) on PostgreSQL).
            models.Index(Upper("email"), name="comment_email_upper_idx"),
            # A page of an article's visible top-level comments, in order,
            # and their count (comments/templatetags/comments.py).
            models.Index(
                fields=["article", "created_at", "id"],
                condition=models.Q(status="approved", hidden_by_reports=False, parent__isnull=True),
                name="comment_visible_top_idx",
            ),
            # The queue of comments published without a moderator's check.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status="approved", moderated_at__isnull=True, reports_count=0),
                name="comment_unreviewed_idx",
            ),
            # Flood control counts recent comments per network and per browser;
            # trust counts a browser's decided comments.
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_time_idx"),
            models.Index(fields=["sender", "created_at"], name="comment_sender_time_idx"),
            # The reported queue: few rows, found without scanning the table.
            models.Index(
                fields=["-reports_count", "created_at"],
                condition=models.Q(reports_count__gt=0),
                name="comment_reported_idx",
            ),
        ]
        constraints = [
            # A signed form serves one comment (comments.moderation.submit_comment).
            models.UniqueConstraint(
                fields=["form_nonce"],
                condition=~models.Q(form_nonce=""),
                name="comment_form_nonce_once",
                violation_error_code="form_used",
                violation_error_message=_(
                    "This form has already been used. Please send your comment again."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:50]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#kommentar-{self.pk}"


class Decision(models.Model):
    """One moderation decision: who, when, from which state to which, why.
    Rows are written once and never changed; the comment may later be erased
    (privacy), the decision stays with the comment's number."""

    class Source(models.TextChoices):
        MODERATOR = "moderator", _("moderator")
        POLICY = "policy", _("policy")
        REPORTS = "reports", _("reader reports")

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    comment_number = models.PositiveBigIntegerField(_("comment number"), db_index=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Comment.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Comment.Status.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["moderator", "-created_at"], name="decision_moderator_idx")]

    def __str__(self):
        return f"#{self.comment_number}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Moderation decisions are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Moderation decisions are never deleted.")


class Report(models.Model):
    """A reader's report of a published comment ("Melden")."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("insult or abuse")
        HATE = "hate", _("hate or incitement")
        SPAM = "spam", _("spam or advertising")
        FALSE = "false", _("false claims")
        OTHER = "other", _("something else")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("upheld (comment rejected or spam)")
        OVERRULED = "overruled", _("overruled (comment kept)")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(
        _("note"), max_length=500, blank=True, validators=[no_control_characters]
    )
    ip_address = models.GenericIPAddressField(_("IP address (anonymised)"), null=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    # How much the report counts towards hiding the comment: 0 when the
    # network's earlier reports were mostly overruled (comments.moderation).
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # What the moderator's decision made of it.
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            # Report limits and reporter histories per network.
            models.Index(fields=["ip_address", "created_at"], name="report_ip_time_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} (#{self.comment_id})"

    @property
    def network(self) -> str:
        """The reporter's anonymised network as moderators read it
        ("203.0.113.0/24"), or "" once erased."""
        if not self.ip_address:
            return ""
        return f"{self.ip_address}/{48 if ':' in self.ip_address else 24}"


class BlockedTerm(models.Model):
    """An entry of the word lists that moderators keep in the admin. Matching
    folds case and German spellings (ä/ae, ö/oe, ü/ue, ß/ss); ``*`` stands for
    any letters, for compounds ("*idiot*")."""

    class Action(models.TextChoices):
        SPAM = "spam", _("banned: mark as spam")
        REJECT = "reject", _("banned: reject")
        HOLD = "hold", _("suspect: hold for a moderator")

    pattern = models.CharField(
        _("word or pattern"), max_length=100, unique=True, validators=[no_control_characters]
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pattern"]
        verbose_name = _("word list entry")
        verbose_name_plural = _("word lists")

    def __str__(self):
        return f"{self.pattern} ({self.get_action_display()})"
