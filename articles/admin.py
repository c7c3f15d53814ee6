"""The editorial admin. Thin: permissions and transitions live in
``articles.publishing``; this module wires them to forms, buttons and actions."""

import copy

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from taggit.models import Tag

from newsroom.admin_urls import extra_admin_urls
from newsroom.people import display_name, display_name_or_someone

from . import admin_editor, admin_pages, admin_views, image_rights, publishing
from .admin_notifications import notifications_view
from .models import (
    Article,
    Author,
    Byline,
    Citation,
    Correction,
    Image,
    Section,
    Source,
    WorkflowState,
)
from .validators import no_control_characters

# The fields whose edits two people can collide on, compared on a conflict.
CONFLICT_FIELDS = [
    "section", "kicker", "title", "slug", "lead", "body", "hero_image", "featured",
    "comments_enabled",
]  # fmt: skip


class GermanSlugs:
    """Slugs filled in from a name or title spell out German letters
    ("Größe" → "groesse"), as ``newsroom.text.german_slugify`` does on the
    server: a static script wraps the admin's URLify (no inline code, CSP)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/german_slugs.js"])


@admin.register(Section)
class SectionAdmin(GermanSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(GermanSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Who may change which image is ``articles.image_rights``; here a refused
    user gets the image read-only, with the reason above the form."""

    change_form_template = "admin/articles/image/change_form.html"
    list_display = [
        "thumbnail", "alt_text", "credit", "width", "height", "uploaded_by", "uploaded_at",
    ]  # fmt: skip
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_by"]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="80" class="nr-thumb" loading="lazy">', obj.file.url
        )

    def _refusal(self, request, obj):
        # Asked several times per page: once per request and image.
        cache = request.__dict__.setdefault("_newsroom_image_refusals", {})
        if obj.pk not in cache:
            cache[obj.pk] = image_rights.image_change_refusal(request.user, obj)
        return cache[obj.pk]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self._refusal(request, obj) is None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._refusal(request, obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A refused save (a stale form, or a hand-made POST) changes nothing:
        it answers 403 with the read-only form and the reason, as a GET would."""
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and self.has_view_permission(request, obj)
                and not self.has_change_permission(request, obj)
            ):
                readonly = copy.copy(request)
                readonly.method = "GET"
                response = super().change_view(readonly, object_id, form_url, extra_context)
                response.status_code = 403
                return response
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["image_refusal"] = self._refusal(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Source)
class SourceAdmin(GermanSlugs, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "affiliation", "is_confidential"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["name", "role", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]


class CorrectionInline(admin.StackedInline):
    """Corrections are part of the record: added, never deleted here."""

    model = Correction
    extra = 0
    can_delete = False
    fields = ["kind", "text", "created_at"]
    readonly_fields = ["created_at"]


class ArticleAdminForm(forms.ModelForm):
    """Existing tags are picked with autocomplete; new ones typed as a list.
    ``edit_version`` carries the version the form was opened at, so a save
    over someone else's newer save is detected instead of overwriting it."""

    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.all(), required=False
    )
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        max_length=500,
        validators=[no_control_characters],
        help_text=_("Comma-separated; created when the article is saved."),
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    schedule_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    workflow_note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending an article back."),
    )

    class Meta:
        model = Article
        # The model's tags field is replaced by the two fields above; status
        # and publication time change only through the workflow buttons.
        fields = [
            "section", "kicker", "title", "slug", "lead", "body", "hero_image",
            "featured", "comments_enabled",
        ]  # fmt: skip
        widgets = {
            name: forms.TextInput(attrs={"class": "vTextField nr-wide"})
            for name in ("kicker", "title", "slug")
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.conflict = None
        if self.instance.pk:
            self.fields["tags"].initial = list(self.instance.tags.all())
            # From the database, not the instance: a revision being restored
            # carries its old field values but must save over the current one.
            self.fields["edit_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if self.instance.publish_at and not self.instance.is_public:
                self.fields["schedule_at"].initial = timezone.localtime(self.instance.publish_at)

    def clean_new_tags(self):
        names = [n.strip() for n in self.cleaned_data["new_tags"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > 100 for n in names):
            raise ValidationError(_("A tag may have at most 100 characters."))
        return names

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_conflict(cleaned)
        return cleaned

    def _check_conflict(self, cleaned):
        # Locked until the admin's transaction ends, so two saves serialise.
        current = (
            # Only the article's row: PostgreSQL cannot lock the nullable side
            # of the outer join to the user.
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=self.instance.pk)
        )
        if cleaned.get("edit_version") == current.version:
            return
        differences = []
        for name in CONFLICT_FIELDS:
            theirs = getattr(current, name)
            if name not in cleaned or cleaned[name] == theirs:
                continue
            differences.append(
                {
                    "label": Article._meta.get_field(name).verbose_name,
                    "theirs": "" if theirs is None else theirs,
                    "yours": "" if cleaned[name] is None else cleaned[name],
                }
            )
        self.conflict = {
            "by": current.updated_by,
            "at": current.updated_at,
            "differences": differences,
        }
        # A second save, after reading both versions, deliberately wins.
        self.data = self.data.copy()
        self.data["edit_version"] = current.version
        raise ValidationError(
            _(
                "%(user)s saved this article at %(time)s, after you opened it. "
                "Your changes are not saved yet; compare both versions below, "
                "then save again to keep yours."
            )
            % {
                "user": display_name_or_someone(current.updated_by),
                "time": timezone.localtime(current.updated_at).strftime("%d.%m.%Y %H:%M"),
            },
            code="conflict",
        )

    def save_tags(self, article):
        article.tags.set([*self.cleaned_data["tags"], *self.cleaned_data["new_tags"]])


# What restoring a revision leaves as it is (unless the form edits it): the
# workflow state changes only through the workflow, the version only rises.
RESTORE_KEEPS = ["status", "publish_at", "featured", "version", "created_by_id"]
RESTORE_KEEPS_ATTR = "_newsroom_restore_keeps"


# The workflow buttons under the change form: POST name → (label, service).
WORKFLOW_BUTTONS = {
    "_submit_review": _("Save and submit for review"),
    "_send_back": _("Save and send back to the author"),
    "_publish": _("Save and publish now"),
    "_schedule": _("Save and schedule"),
    "_unpublish": _("Unpublish"),
    "_archive": _("Archive"),
}


def available_buttons(user, article) -> list[str]:
    """Which workflow buttons this user gets for this article."""
    if article is None or article.pk is None:
        return ["_submit_review"]
    state = article.state
    buttons = []
    if state == WorkflowState.DRAFT:
        buttons.append("_submit_review")
    if publishing.can_publish(user):
        if state == WorkflowState.REVIEW:
            buttons.append("_send_back")
        if state in (WorkflowState.DRAFT, WorkflowState.REVIEW, WorkflowState.SCHEDULED):
            buttons += ["_publish", "_schedule"]
        if state in (WorkflowState.PUBLISHED, WorkflowState.SCHEDULED):
            buttons.append("_unpublish")
        if state == WorkflowState.PUBLISHED:
            buttons.append("_archive")
    return buttons


@admin.register(Article)
class ArticleAdmin(GermanSlugs, admin_editor.ArticleEditorMixin, VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "title", "section", "state_label", "publish_at", "byline", "updated_at", "last_changed_by",
    ]  # fmt: skip
    list_filter = ["status", "section", "authors", "featured"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title", "kicker", "lead"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    actions = ["submit_for_review", "publish_now", "unpublish", "archive"]
    # --- URLs and extra pages -------------------------------------------

    def get_urls(self):
        return [
            *extra_admin_urls(
                self,
                [
                    ("import/", admin_views.import_view, "import"),
                    ("desk/", admin_pages.desk_view, "desk"),
                    ("notifications/", notifications_view, "notifications"),
                    ("<path:object_id>/history/compare/", admin_pages.compare_view, "compare"),
                    *admin_editor.editor_urls(),
                ],
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a revision. django-reversion writes the old revision to the
        database before the change form checks anything and keeps it when the
        form answers with a redirect, which the admin also does for an article
        the user may not open: check first. A restore brings back the text;
        the workflow state and the version number stay as they are."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        kept = {name: getattr(article, name) for name in RESTORE_KEEPS}
        setattr(request, RESTORE_KEEPS_ATTR, kept)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back a deleted article: for editors only (journalists cannot
        delete either), and as a draft."""
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        setattr(request, RESTORE_KEEPS_ATTR, {"status": Article.Status.DRAFT, "publish_at": None})
        return super().recover_view(request, version_id, extra_context)

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
        return qs.editable_by(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not publishing.can_edit(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

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
                {"fields": ["state_label", "publish_at", "featured", "comments_enabled"]},
            ),
            (_("Last changed"), {"fields": ["last_changed_by", "updated_at"]}),
        ]
        if publishing.can_publish(request.user):
            # Journalists neither schedule nor send back.
            fieldsets.insert(4, (_("Workflow"), {"fields": ["schedule_at", "workflow_note"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        tag_field = Article._meta.get_field("tags")
        form_class.base_fields["tags"].widget = AutocompleteSelectMultiple(
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

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description=_("last changed by"), ordering="updated_by")
    def last_changed_by(self, obj):
        return display_name(obj.updated_by) or "–"

    # --- saving -----------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        current = Article.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        kept = getattr(request, RESTORE_KEEPS_ATTR, None)
        if kept:
            # A restored revision: what its form does not edit stays as it was.
            for name, value in kept.items():
                if name not in form.cleaned_data:
                    setattr(obj, name, value)
            current = max(current or 0, kept.get("version") or 0)
        obj.version = (current or 0) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # After save_m2m, which would otherwise overwrite the tags again.
        form.save_tags(article)
        profile = getattr(request.user, "author_profile", None)
        if not change and profile and not article.bylines.exists():
            Byline.objects.create(article=article, author=profile, position=0)

    def log_change(self, request, obj, message):
        """No empty "No fields changed" in the history: a save without edits
        before a workflow step is not logged (the step logs itself, saying
        what happened); any other says it was saved without changes."""
        if message:
            return super().log_change(request, obj, message)
        text = str(_("Saved without changes."))
        if any(name in request.POST for name in WORKFLOW_BUTTONS):
            if reversion.is_active():
                reversion.set_comment(text)  # the step's own comment replaces it
            return None
        return super().log_change(request, obj, text)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk:
                correction.save()
            else:
                publishing.add_correction(
                    article=form.instance,
                    user=request.user,
                    kind=correction.kind,
                    text=correction.text,
                )
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        buttons = available_buttons(request.user, obj)
        context.update(
            {
                "workflow_buttons": [(name, WORKFLOW_BUTTONS[name]) for name in buttons],
                "problems": publishing.publication_problems(obj) if obj else [],
                "transitions": list(obj.transitions.select_related("user")[:20]) if obj else [],
                "conflict": getattr(context.get("adminform").form, "conflict", None),
                "zone_label": admin_pages.time_zone_label(),
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
        button = next((b for b in WORKFLOW_BUTTONS if b in request.POST), None)
        if button is None:
            return None
        form_data = request.POST
        try:
            if button == "_submit_review":
                problems = publishing.submit_for_review(article=obj, user=request.user)
                self.message_user(request, _("Submitted for review."), messages.SUCCESS)
                for problem in problems:
                    self.message_user(request, problem, messages.WARNING)
            elif button == "_send_back":
                publishing.send_back(
                    article=obj, user=request.user, note=form_data.get("workflow_note", "")
                )
                self.message_user(request, _("Sent back to the author."), messages.SUCCESS)
            elif button == "_publish":
                publishing.publish(article=obj, user=request.user)
                self.message_user(request, _("Published."), messages.SUCCESS)
            elif button == "_schedule":
                field = ArticleAdminForm.base_fields["schedule_at"]
                at = field.clean(form_data.get("schedule_at", ""))
                publishing.schedule(article=obj, user=request.user, at=at)
                self.message_user(
                    request,
                    _("Scheduled for %(time)s (%(zone)s).")
                    % {
                        "time": timezone.localtime(obj.publish_at).strftime("%d.%m.%Y %H:%M"),
                        "zone": admin_pages.time_zone_label(),
                    },
                    messages.SUCCESS,
                )
            elif button == "_unpublish":
                publishing.unpublish(article=obj, user=request.user)
                self.message_user(request, _("Unpublished."), messages.SUCCESS)
            elif button == "_archive":
                publishing.archive(article=obj, user=request.user)
                self.message_user(request, _("Archived."), messages.SUCCESS)
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

    # --- bulk actions -----------------------------------------------------

    def _bulk(self, request, queryset, func, done_message):
        done = 0
        for article in queryset:
            try:
                func(article=article, user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{article.title}: {text}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Submit selected articles for review"))
    def submit_for_review(self, request, queryset):
        self._bulk(
            request,
            queryset,
            publishing.submit_for_review,
            lambda n: (
                ngettext(
                    "%(n)d article submitted for review.", "%(n)d articles submitted for review.", n
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._bulk(
            request,
            queryset,
            publishing.publish,
            lambda n: (
                ngettext("%(n)d article published.", "%(n)d articles published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk(
            request,
            queryset,
            publishing.unpublish,
            lambda n: (
                ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive(self, request, queryset):
        self._bulk(
            request,
            queryset,
            publishing.archive,
            lambda n: ngettext("%(n)d article archived.", "%(n)d articles archived.", n) % {"n": n},
        )
