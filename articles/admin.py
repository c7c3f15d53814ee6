"""The editorial admin. Thin: permissions and transitions live in
``articles.publishing``; this module wires them to forms and actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from . import publishing
from .models import Article, Author, Byline, Citation, Correction, Image, Section, Source
from .validators import no_control_characters

EDITOR_ONLY_STATUSES = {Article.Status.PUBLISHED, Article.Status.ARCHIVED}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "uploaded_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height"]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="80" style="height:auto" loading="lazy">', obj.file.url
        )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
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
    model = Correction
    extra = 0


class ArticleAdminForm(forms.ModelForm):
    """Existing tags are picked with autocomplete; new ones typed as a list."""

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

    class Meta:
        model = Article
        # The model's tags field is replaced by the two fields above.
        fields = [
            "section", "kicker", "title", "slug", "lead", "body", "hero_image",
            "status", "publish_at", "featured", "comments_enabled",
        ]  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["tags"].initial = list(self.instance.tags.all())

    def clean_new_tags(self):
        names = [n.strip() for n in self.cleaned_data["new_tags"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > 100 for n in names):
            raise ValidationError(_("A tag may have at most 100 characters."))
        return names

    def clean_status(self):
        status = self.cleaned_data["status"]
        unchanged = self.instance.pk and self.instance.status == status
        if (
            status in EDITOR_ONLY_STATUSES
            and not unchanged
            and not (self.user and publishing.can_publish(self.user))
        ):
            raise ValidationError(_("Only editors can publish or archive articles."))
        return status

    def save_tags(self, article):
        article.tags.set([*self.cleaned_data["tags"], *self.cleaned_data["new_tags"]])


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "status", "publish_at", "byline", "updated_at"]
    list_filter = ["status", "section", "authors", "featured"]
    list_select_related = ["section"]
    search_fields = ["title", "kicker", "lead"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    actions = ["submit_for_review", "publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["section", "kicker", "title", "slug", "lead", "body"]}),
        (_("Image"), {"fields": ["hero_image"]}),
        (_("Tags"), {"fields": ["tags", "new_tags"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "featured", "comments_enabled"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("bylines__author")
        return qs.editable_by(request.user)

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

    def get_readonly_fields(self, request, obj=None):
        if publishing.can_publish(request.user):
            return []
        return ["publish_at", "featured"]

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

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # After save_m2m, which would otherwise overwrite the tags again.
        form.save_tags(article)
        profile = getattr(request.user, "author_profile", None)
        if not change and profile and not article.bylines.exists():
            Byline.objects.create(article=article, author=profile, position=0)

    def _transition(self, request, queryset, func, done_message, **kwargs):
        done = 0
        for article in queryset:
            try:
                func(article=article, user=request.user, **kwargs)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"„{article.title}“: {text}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Submit selected articles for review"))
    def submit_for_review(self, request, queryset):
        self._transition(
            request,
            queryset,
            publishing.submit_for_review,
            lambda n: (
                ngettext(
                    "%(n)d article submitted for review.",
                    "%(n)d articles submitted for review.",
                    n,
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._transition(
            request,
            queryset,
            publishing.publish,
            lambda n: (
                ngettext("%(n)d article published.", "%(n)d articles published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._transition(
            request,
            queryset,
            publishing.unpublish,
            lambda n: (
                ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", n) % {"n": n}
            ),
        )
