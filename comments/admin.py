"""The moderation admin: the comment list opens on the pending queue, and the
actions ``approve``, ``reject`` and ``mark_spam`` call ``comments.moderation``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import moderation
from .models import Comment

ALL = "all"


class StatusFilter(admin.SimpleListFilter):
    """Like a status filter, but without a choice it shows the pending queue."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (ALL, _("All"))]

    def value(self):
        return super().value() or Comment.Status.PENDING

    def queryset(self, request, queryset):
        value = self.value()
        if value == ALL:
            return queryset
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
    list_display = ["excerpt", "name", "article_link", "status", "created_at", "moderated_by"]
    list_filter = [StatusFilter, "created_at"]
    list_select_related = ["article", "moderated_by"]
    search_fields = ["body", "name", "email"]
    actions = ["approve", "reject", "mark_spam"]
    readonly_fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "ip_address",
        "moderated_by",
        "moderated_at",
        "moderation_reason",
    ]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return moderation.can_moderate(request.user)

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.article.get_absolute_url(),
            Truncator(obj.article.title).chars(60),
        )

    def _decide(self, request, queryset, func, message):
        done = 0
        for comment_id in queryset.values_list("pk", flat=True):
            try:
                func(comment_id=comment_id, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if done:
            self.message_user(request, message(done), messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            moderation.approve,
            lambda n: ngettext("%(n)d comment approved.", "%(n)d comments approved.", n) % {"n": n},
        )

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            moderation.reject,
            lambda n: ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", n) % {"n": n},
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide(
            request,
            queryset,
            moderation.mark_spam,
            lambda n: (
                ngettext("%(n)d comment marked as spam.", "%(n)d comments marked as spam.", n)
                % {"n": n}
            ),
        )
