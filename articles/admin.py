"""The editorial admin. Thin: permissions and transitions live in
``articles.publishing``; this module wires them to forms, buttons and actions.

Length: ArticleAdmin alone (the change view with the working draft, the
workflow's buttons and bulk actions, restore and recovery); its form and
inlines are in articles/admin_article_form.py, the library's admins in
articles/admin_library.py.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from newsroom.admin_urls import extra_admin_urls
from newsroom.admin_widgets import SafeAutocompleteAdmin, SafeAutocompleteSelectMultiple
from newsroom.people import display_name

from . import (
    admin_citing,
    admin_editor,
    admin_live,
    admin_pages,
    admin_views,
    editing,
    invalidation,
    publishing,
    wire,
)
from .admin_article_form import (
    ArticleAdminForm,
    BylineInline,
    CitationInline,
    CorrectionInline,
)
from .admin_library import GermanSlugs  # and registers the library's admins
from .admin_notifications import notifications_view
from .admin_redirects import RedirectAdmin  # noqa: F401 (registers the editors' redirects)
from .models import (
    Article,
    ArticleDraft,
    Byline,
    Citation,
    Correction,
)

RESTORING_ATTR = "_newsroom_restoring"
RECOVERING_ATTR = "_newsroom_recovering"


class _DiscardRevert(Exception):
    def __init__(self, response):
        self.response = response


# The workflow buttons under the change form: "_" + the step's name in
# ``publishing.STEPS``, which says who gets which button when.
def available_buttons(user, article) -> list[str]:
    """Which workflow buttons this user gets for this article."""
    return [f"_{step.name}" for step in publishing.available_steps(user, article)]


# What the article form says after a workflow button's step.
DONE_MESSAGES = {
    "submit_review": _("Submitted for review."),
    "send_back": _("Sent back to the author."),
    "publish": _("Published."),
    "unpublish": _("Unpublished."),
    "archive": _("Archived."),
    "submit_changes": _("Changes submitted for review."),
    "send_back_changes": _("Changes sent back to the author."),
    "publish_changes": _("Changes published."),
    "discard_changes": _("Unpublished changes discarded."),
}


def _bulk_action(step):
    def action(modeladmin, request, queryset):
        done = 0
        for article in queryset:
            try:
                publishing.run_step(step.name, article=article, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                modeladmin.message_user(request, f"{article.title}: {text}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(step)s: %(n)d article.", "%(step)s: %(n)d articles.", done)
                % {"step": step.bulk, "n": done},
                messages.SUCCESS,
            )

    # The action names the article list has always had.
    action.__name__ = {"submit_review": "submit_for_review", "publish": "publish_now"}.get(
        step.name, step.name
    )
    permissions = ["publish"] if step.who == publishing.EDITOR else ["change"]
    return admin.action(description=step.bulk, permissions=permissions)(action)


BULK_ACTIONS = [_bulk_action(step) for step in publishing.STEPS.values() if step.bulk]


@admin.register(Article)
class ArticleAdmin(
    GermanSlugs, SafeAutocompleteAdmin, admin_editor.ArticleEditorMixin, VersionAdmin
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "title", "section", "state_label", "changes_label", "publish_at", "byline", "updated_at",
        "last_changed_by",
    ]  # fmt: skip
    list_filter = ["status", "section", "authors", "featured"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "kicker", "lead"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    actions = BULK_ACTIONS
    # --- URLs and extra pages -------------------------------------------

    def get_urls(self):
        return [
            *extra_admin_urls(
                self,
                [
                    ("import/", admin_views.import_view, "import"),
                    ("desk/", admin_pages.desk_view, "desk"),
                    ("live/wartend/", admin_live.waiting_view, "live_waiting"),
                    ("<path:object_id>/live/", admin_live.live_view, "live"),
                    ("notifications/", notifications_view, "notifications"),
                    ("<path:object_id>/history/compare/", admin_pages.compare_view, "compare"),
                    (
                        "<path:object_id>/changes/preview/",
                        admin_pages.changes_preview_view,
                        "changes_preview",
                    ),
                    *admin_editor.editor_urls(),
                    *admin_citing.citing_urls(),
                ],
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a revision. django-reversion writes the old revision to the
        database before the change form checks anything and keeps it when the
        form answers with a redirect, which the admin also does for an article
        the user may not open: check first. The revision's rows are always
        rolled back; what the form sends is written through the one write
        path, so a live article gets the revision as its working draft, and
        the workflow state and version stay as they are."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        restoring = {}
        setattr(request, RESTORING_ATTR, restoring)
        try:
            with transaction.atomic():
                raise _DiscardRevert(
                    super().revision_view(request, object_id, version_id, extra_context)
                )
        except _DiscardRevert as discarded:
            response = discarded.response
        if "content" in restoring:
            try:
                editing.save_content(
                    article=Article.objects.get(pk=article.pk),
                    content=restoring["content"],
                    user=request.user,
                    # Not the form's: reverting rewrites the row's version too.
                    expected_version=article.version,
                    comment=_("Restored from an earlier revision"),
                )
            except editing.EditConflict:
                self.message_user(
                    request,
                    _("Someone saved the article meanwhile; the revision was not restored."),
                    messages.ERROR,
                )
        return response

    def recoverlist_view(self, request, extra_context=None):
        """Deleted articles: editors only (their titles are not a journalist's)."""
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back a deleted article: for editors only (journalists cannot
        delete either), and as a draft."""
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        setattr(request, RECOVERING_ATTR, True)
        return super().recover_view(request, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """The article as its authors work on it: a live article's working
        draft, if it has one, applied in memory (never while restoring)."""
        article = super().get_object(request, object_id, from_field)
        if article is not None and not hasattr(request, RESTORING_ATTR):
            draft = editing.draft_of(article)
            if draft is not None:
                editing.apply_fields(article, draft.data)
                article._working_draft = draft
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        context = {
            "versions": admin_pages.article_versions(article) if article else [],
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A colleague's article (outside get_queryset) is not "deleted": say
        # it is not theirs (403), on the form and history pages alike.
        refused = admin_pages.not_yours_view(request, self, object_id)
        return refused or super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    # --- permissions ------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("bylines__author")
        # The list shows which live articles carry unpublished changes.
        changes = ArticleDraft.objects.filter(article=OuterRef("pk")).values("state")[:1]
        return qs.editable_by(request.user).annotate(changes_state=Subquery(changes))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not publishing.can_edit(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        invalidation.object_changed(obj)  # before its bylines, tags and citations go
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            invalidation.object_changed(article)
        super().delete_queryset(request, queryset)

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["state_label", "publish_at", "last_changed_by", "updated_at"]
        if not publishing.can_publish(request.user):
            readonly.append("featured")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                None,
                {"fields": ["section", "kicker", "title", "slug", "lead", "body", "edit_version"]},
            ),
            (_("Image"), {"fields": ["hero_image"]}),
            (_("Tags"), {"fields": ["tags", "new_tags"]}),
            (
                _("Publishing"),
                {
                    "fields": [
                        "state_label", "publish_at", "featured", "comments_enabled",
                        "comment_moderation",
                    ]
                },
            ),
            (_("Last changed"), {"fields": ["last_changed_by", "updated_at"]}),
        ]  # fmt: skip
        if obj is not None and obj.proposed_title:
            fieldsets[0][1]["fields"].insert(3, "confirm_title")
        if publishing.can_publish(request.user):
            # Journalists neither schedule nor send back nor publish changes.
            fields = ["schedule_at", "workflow_note"]
            if obj is not None and editing.is_live(obj):
                fields += ["correction_kind", "correction_text"]
            fieldsets.insert(4, (_("Workflow"), {"fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        tag_field = Article._meta.get_field("tags")
        form_class.base_fields["tags"].widget = SafeAutocompleteSelectMultiple(
            tag_field, self.admin_site
        )

        class FormWithUser(form_class):
            def __init__(inner_self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return FormWithUser

    # --- list -------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, obj):
        state = obj.state
        return format_html('<span class="nr-state nr-state-{}">{}</span>', state, state.label)

    @admin.display(description=_("unpublished changes"))
    def changes_label(self, obj):
        state = getattr(obj, "changes_state", None)
        if not state:
            return "–"
        return format_html(
            '<span class="nr-changes nr-changes-{}">{}</span>',
            state,
            ArticleDraft.State(state).label,
        )

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("last changed by"), ordering="updated_by")
    def last_changed_by(self, obj):
        return display_name(obj.updated_by) or "–"

    # --- saving -----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Nothing here: the article, its bylines, citations and tags are
        written together through ``editing.save_content`` in save_related."""
        if not change:
            obj.created_by = request.user

    def save_related(self, request, form, formsets, change):
        article = form.instance
        content = form.content(formsets)
        profile = getattr(request.user, "author_profile", None)
        if not change and profile and not content["bylines"]:
            content["bylines"] = [profile.pk]
        restoring = getattr(request, RESTORING_ATTR, None)
        if restoring is not None:
            # Written after the revision's rows are rolled back (revision_view);
            # whether it is featured is the desk's, not the revision's.
            content["fields"].pop("featured", None)
            restoring["content"] = content
        else:
            if getattr(request, RECOVERING_ATTR, False):
                Article.objects.filter(pk=article.pk).update(
                    status=Article.Status.DRAFT, publish_at=None
                )
            draft = editing.save_content(
                article=article,
                content=content,
                user=request.user,
                expected_version=form.cleaned_data.get("edit_version") if change else None,
            )
            wire.settle_proposed_title(article, confirmed=form.cleaned_data.get("confirm_title"))
            if draft is not None:
                self.message_user(
                    request,
                    _(
                        "Saved as unpublished changes: readers still see the published "
                        "version until an editor publishes the changes."
                    ),
                    messages.INFO,
                )
        for formset in formsets:
            if formset.model is Correction:
                self.save_formset(request, form, formset, change)

    def construct_change_message(self, request, form, formsets, add=False):
        # Byline and citation rows are written as content, not by their
        # formsets: name them as changed fields when they changed.
        for formset in formsets:
            if not hasattr(formset, "new_objects"):
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        message = super().construct_change_message(request, form, formsets, add)
        rows = [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.model in (Byline, Citation) and formset.has_changed()
        ]
        if rows and not add:
            message.append({"changed": {"fields": rows}})
        return message

    def log_change(self, request, obj, message):
        """No empty "No fields changed" in the history: a save without edits
        before a workflow step is not logged (the step logs itself, saying
        what happened); any other says it was saved without changes."""
        if message:
            return super().log_change(request, obj, message)
        text = str(_("Saved without changes."))
        if any(f"_{name}" in request.POST for name in publishing.STEPS):
            if reversion.is_active():
                reversion.set_comment(text)  # the step's own comment replaces it
            return None
        return super().log_change(request, obj, text)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # Existing corrections are read-only (CorrectionInline): only new ones.
        for correction in formset.save(commit=False):
            publishing.add_correction(
                article=form.instance,
                user=request.user,
                kind=correction.kind,
                text=correction.text,
            )
            if editing.is_live(form.instance):
                self.message_user(
                    request,
                    _("The correction or update is published at once."),
                    messages.INFO,
                )
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        restoring = hasattr(request, RESTORING_ATTR)
        steps = [] if restoring else publishing.available_steps(request.user, obj)
        draft = getattr(obj, "_working_draft", None)
        context.update(
            {
                # While restoring, only saving: the result becomes the draft.
                "workflow_buttons": [(f"_{step.name}", step.label) for step in steps],
                "problems": publishing.working_problems(obj) if obj else [],
                "transitions": list(obj.transitions.select_related("user")[:20]) if obj else [],
                "conflict": getattr(context.get("adminform").form, "conflict", None),
                "zone_label": admin_pages.time_zone_label(),
                "working_draft": draft,
                "draft_differences": editing.differences(obj, draft) if draft else [],
                "substantive_change": editing.is_substantive(obj, draft) if draft else False,
                "is_live": bool(obj and editing.is_live(obj)),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        """Run the workflow step a button asked for, after the edits were
        saved; stay on the article either way, and say what happened."""
        step = next((s for s in publishing.STEPS.values() if f"_{s.name}" in request.POST), None)
        if step is None or hasattr(request, RESTORING_ATTR):
            return None
        data = request.POST
        try:
            at = None
            if step.name == "schedule":
                at = ArticleAdminForm.base_fields["schedule_at"].clean(data.get("schedule_at", ""))
            result = publishing.run_step(
                step.name,
                article=obj,
                user=request.user,
                data={
                    "note": data.get("workflow_note", ""),
                    "at": at,
                    "correction_kind": data.get("correction_kind", ""),
                    "correction_text": data.get("correction_text", ""),
                    # The form shows the working draft: its buttons take it along.
                    "with_changes": True,
                },
            )
            self.message_user(request, self._done_message(step, obj), messages.SUCCESS)
            if step.name in ("submit_review", "submit_changes"):
                for problem in result:
                    self.message_user(request, problem, messages.WARNING)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
        except ValidationError as exc:
            self.message_user(
                request, _("Your edits were saved, but the step was refused:"), messages.ERROR
            )
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    @staticmethod
    def _done_message(step, article) -> str:
        if step.name == "schedule":
            return _("Scheduled for %(time)s (%(zone)s).") % {
                "time": timezone.localtime(article.publish_at).strftime("%d.%m.%Y %H:%M"),
                "zone": admin_pages.time_zone_label(),
            }
        return str(DONE_MESSAGES[step.name])
