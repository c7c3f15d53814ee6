"""The desk's compositions of the home page and the Ressort pages
(frontpage/composing.py does the work).

A ``Composition`` is one revision of a page's layout: the page shows, at any
moment, the newest composition whose ``go_live_at`` has come. A future one
is scheduled; a live or past one is history and never changes (editing it
saves a new revision). Its ``Slot`` rows, in ``position`` order, say what
the page shows: an Aufmacher, top stories, Ressort blocks, a topic box, the
most commented stories, a live ticker.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article, Section
from newsroom.validators import no_control_characters

MAX_COUNT = 12


class Composition(models.Model):
    section = models.ForeignKey(
        Section,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the home page; otherwise this Ressort's page."),
    )
    go_live_at = models.DateTimeField(
        _("goes live at"),
        help_text=_("A time in the future schedules the composition."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[no_control_characters]
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-go_live_at", "-id"]
        verbose_name = _("front page composition")
        verbose_name_plural = _("front page compositions")
        indexes = [
            models.Index(fields=["section", "-go_live_at", "-id"], name="composition_page_idx"),
        ]

    def __str__(self):
        page = self.section.name if self.section_id else _("Home page")
        when = timezone.localtime(self.go_live_at).strftime("%d.%m.%Y %H:%M")
        return f"{page} · {when}"

    @property
    def is_scheduled(self):
        return self.go_live_at is not None and self.go_live_at > timezone.now()


class Slot(models.Model):
    class Kind(models.TextChoices):
        AUFMACHER = "aufmacher", _("Aufmacher (lead story)")
        TOP = "top", _("top story")
        SECTION_BLOCK = "section_block", _("Ressort block")
        TAG_BOX = "tag_box", _("topic box")
        MOST_COMMENTED = "most_commented", _("most commented")
        LIVE_TICKER = "live_ticker", _("live ticker")

    composition = models.ForeignKey(
        Composition, on_delete=models.CASCADE, related_name="slots", verbose_name=_("composition")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("heading"),
        max_length=80,
        blank=True,
        validators=[no_control_characters],
        help_text=_("Empty: the Ressort's or topic's name, or the box's usual heading."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("story placed by hand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: filled automatically. For a live ticker box: the ticker's article."),
    )
    expires_at = models.DateTimeField(
        _("placed until"),
        null=True,
        blank=True,
        help_text=_("After this time the slot is filled automatically again."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("Ressort"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    tag = models.ForeignKey(
        Tag,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of stories"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)],
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self):
        return f"{self.position}: {self.get_kind_display()}"
