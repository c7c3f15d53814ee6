"""The moderation admin.

- ``CommentAdmin``: the comment list opens on the pending queue; the actions
  ``approve``, ``reject`` and ``mark_spam`` call ``moderation.decide_many``
  (``reject`` first asks for the reason on a page of its own). The
  moderation workspace (``comments/workspace.py``), the metrics page
  (``comments/metrics_views.py``) and the readers' data page
  (``comments/privacy.py``) hang off its URLs; a comment's page is read-only
  and shows its decisions and reports.
- ``DecisionAdmin``: the moderation log, read-only for everyone (superusers
  included); filtered by moderator it is that moderator's history.
- ``ReportAdmin``: reader reports, read-only.
- ``BlockedTermAdmin``: the word lists the policy checks comments against.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_kit import ReadOnlyAdmin, desk_page
from newsroom.admin_urls import extra_admin_urls
from newsroom.people import display_name

from . import metrics_views, moderation, policy, privacy, wordlists, workspace
from .models import BlockedTerm, Comment, Decision, Report

ALL = "all"


def titled(base, title):
    """A field's list filter under its own title. The admin puts "By"
    ("Nach") before the field's name, which reads badly for some names
    ("Nach nach", "Nach erledigt")."""

    class TitledFilter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    """The users of the rows, each by full name (``newsroom.people``)."""

    def field_choices(self, field, request, model_admin):
        ids = model_admin.get_queryset(request).values_list(f"{self.field_path}__pk", flat=True)
        people = field.related_model._default_manager.filter(pk__in=ids.distinct().order_by())
        return sorted(
            ((person.pk, display_name(person)) for person in people),
            key=lambda choice: choice[1].casefold(),
        )


class StatusFilter(admin.SimpleListFilter):
    """Like a status filter, but without a choice it shows the pending queue."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            *Comment.Status.choices,
            (workspace.UNREVIEWED, _("published, not yet reviewed")),
            (ALL, _("All")),
        ]

    def value(self):
        return super().value() or Comment.Status.PENDING

    def queryset(self, request, queryset):
        value = self.value()
        if value == ALL:
            return queryset
        if value == workspace.UNREVIEWED:
            return queryset.unreviewed()
        if value in Comment.Status.values:
            return queryset.filter(status=value)
        return queryset.none()

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "name", "article_link", "status", "created_at", "moderator_name"]
    list_filter = [StatusFilter, ("created_at", titled(admin.DateFieldListFilter, _("date")))]
    list_select_related = ["article", "moderated_by"]
    search_fields = ["body", "name", "email"]
    actions = ["approve", "reject", "mark_spam"]
    # The page of a comment is read-only for everyone: decisions are made in
    # the workspace or by the actions, never by editing fields.
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "policy_reasons",
        "reports_count",
        "hidden",
        "moderator_name",
        "moderated_at",
        "moderation_reason",
        "ip_address",
    ]
    readonly_fields = fields
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return moderation.can_moderate(request.user)

    def get_urls(self):
        return [
            *extra_admin_urls(
                self,
                [
                    ("workspace/", workspace.workspace_view, "workspace"),
                    ("workspace/decide/", workspace.decide_view, "decide"),
                    ("workspace/bulk/", workspace.bulk_decide_view, "bulk_decide"),
                    ("metrics/", metrics_views.metrics_view, "metrics"),
                    ("privacy/", privacy.privacy_view, "privacy"),
                ],
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {
            "can_moderate": self.has_moderate_permission(request),
            "can_manage_privacy": privacy.can_manage_privacy(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(workspace.comment_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    # Words, not the admin's yes/no icons, whose alt text is English.
    @admin.display(description=_("hidden by reports"))
    def hidden(self, obj):
        return _("yes") if obj.hidden_by_reports else _("no")

    @admin.display(description=_("moderated by"), ordering="moderated_by__last_name")
    def moderator_name(self, obj):
        return display_name(obj.moderated_by) or "–"

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.article.get_absolute_url(),
            Truncator(obj.article.title).chars(60),
        )

    @admin.display(description=_("policy reasons"))
    def policy_reasons(self, obj):
        reasons = workspace.reason_list(obj.reasons)
        if not reasons:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((policy.RULE_LABELS.get(r["rule"], r["rule"]), r["detail"]) for r in reasons),
            ),
        )

    def _decide(self, request, queryset, status, message, reason=""):
        """One decision for the selected comments (``moderation.decide_many``,
        as the workspace's bulk form): what was decided, what was skipped and
        why."""
        try:
            outcome = moderation.decide_many(
                comment_ids=list(queryset.values_list("pk", flat=True)),
                user=request.user,
                status=status,
                reason=reason,
            )
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, " ".join(_messages(exc)), messages.ERROR)
            return
        if outcome.decided:
            self.message_user(request, message(len(outcome.decided)), messages.SUCCESS)
        for text in outcome.skipped_messages():
            self.message_user(request, text, messages.WARNING)

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext("%(n)d comment approved.", "%(n)d comments approved.", n) % {"n": n},
        )

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        """A rejection needs a reason: the first click asks for it on a page
        of its own; the reason sent from there decides."""
        form = RejectForm(request.POST if REASON_SENT in request.POST else None)
        if form.is_bound and form.is_valid():
            return self._decide(
                request,
                queryset,
                Comment.Status.REJECTED,
                lambda n: (
                    ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", n) % {"n": n}
                ),
                reason=form.cleaned_data["reason"],
            )
        comments = list(queryset.select_related("article").order_by("created_at", "id"))
        return desk_page(
            request,
            self,
            "admin/comments/comment/reject_selected.html",
            title=_("Reject comments"),
            comments=comments[:REJECT_LISTED],
            more=max(0, len(comments) - REJECT_LISTED),
            ids=[c.pk for c in comments],
            form=form,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            reason_sent=REASON_SENT,
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: (
                ngettext("%(n)d comment marked as spam.", "%(n)d comments marked as spam.", n)
                % {"n": n}
            ),
        )


# The admin action "reject" asks for the reason on a page of its own.
REASON_SENT = "reject_reason_sent"
REJECT_LISTED = 20  # comments listed there; the rest are counted


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,  # the decision's own rule says what is missing
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Stored with each decision in the moderation log."),
    )

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        moderation.check_decision(Comment.Status.REJECTED, reason)
        return reason


def _messages(exc):
    return getattr(exc, "messages", None) or [str(exc)]


def _comment_link(comment_id, number, text=""):
    label = f"#{number}"
    if text:
        label = f"{label} {Truncator(text).chars(60)}"
    if comment_id is None:
        return label
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:comments_comment_change", args=[comment_id]), label
    )


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "comment_link",
        "source",
        "from_status",
        "to_status",
        "moderator_name",
        "reason",
    ]
    list_display_links = None
    list_filter = [
        ("moderator", PersonFilter),
        "source",
        ("to_status", titled(admin.ChoicesFieldListFilter, _("decision"))),
        "created_at",
    ]
    list_select_related = ["comment", "moderator"]
    search_fields = ["=comment_number"]
    list_per_page = 100
    fields = [
        "created_at",
        "comment_link",
        "comment_number",
        "source",
        "moderator_name",
        "from_status",
        "to_status",
        "reason",
    ]
    readonly_fields = fields

    @admin.display(description=_("comment"), ordering="comment_number")
    def comment_link(self, obj):
        return _comment_link(obj.comment_id, obj.comment_number)

    @admin.display(description=_("moderator"), ordering="moderator__last_name")
    def moderator_name(self, obj):
        return display_name(obj.moderator) or "–"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    # Who reported what: the anonymised network, and whether it counts.
    list_display = ["created_at", "comment_link", "reporter", "reason", "note", "weight", "state"]
    list_display_links = None
    list_filter = [
        ("resolved", titled(admin.BooleanFieldListFilter, _("handling"))),
        "outcome",
        "reason",
        "created_at",
    ]
    list_select_related = ["comment"]
    search_fields = ["=comment__id", "note"]
    list_per_page = 100
    fields = ["created_at", "comment_link", "reporter", "reason", "note", "weight", "state"]
    readonly_fields = fields

    @admin.display(description=_("Reported from"), ordering="ip_address")
    def reporter(self, obj):
        return obj.network or "–"

    @admin.display(description=_("status"), ordering="resolved")
    def state(self, obj):
        if obj.outcome:
            return obj.get_outcome_display()
        return _("resolved") if obj.resolved else _("open")

    @admin.display(description=_("comment"), ordering="comment_id")
    def comment_link(self, obj):
        return _comment_link(obj.comment_id, obj.comment_id, obj.comment.body)


class BlockedTermForm(forms.ModelForm):
    class Meta:
        model = BlockedTerm
        fields = ["pattern", "action", "note", "active"]
        help_texts = {
            "pattern": _(
                "Letters, digits, spaces and hyphens; * stands for any letters "
                "(“*idiot*” also finds “Vollidioten”). Case and ä/ae, ö/oe, ü/ue, ß/ss "
                "are folded."
            )
        }

    def clean_pattern(self):
        value = wordlists.clean_pattern(self.cleaned_data.get("pattern") or "")
        # Matching folds case and German spellings, so "Ärger" and "aerger"
        # are the same entry; the word lists are short enough to compare all.
        folded = wordlists.fold(value)
        others = BlockedTerm.objects.exclude(pk=self.instance.pk).values_list("pattern", flat=True)
        if any(wordlists.fold(other) == folded for other in others):
            raise ValidationError(
                _("“%(pattern)s” is already on the word list."),
                code="duplicate",
                params={"pattern": value},
            )
        return value


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    form = BlockedTermForm
    list_display = ["pattern", "action", "active", "note"]
    list_editable = ["active"]
    list_filter = ["action", ("active", titled(admin.BooleanFieldListFilter, _("status")))]
    search_fields = ["pattern", "note"]
    list_per_page = 100
