"""The editorial desk's library in the admin: sections, authors, images,
sources and topics (what articles are made with). A change or deletion drops
the reader pages that show it (``DropsReaderPages``); who may change an image
is ``articles.image_rights``."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from newsroom.admin_widgets import SafeAutocompleteAdmin

from . import (
    image_rights,
)
from .admin_images import StorageErrorsAsFormErrors
from .admin_invalidation import DropsReaderPages
from .models import (
    Author,
    Image,
    Section,
    Source,
)


class GermanSlugs:
    """Slugs filled in from a name or title spell out German letters
    ("Größe" → "groesse"), as ``newsroom.text.german_slugify`` does on the
    server: a static script wraps the admin's URLify (no inline code, CSP)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/german_slugs.js"])


@admin.register(Section)
class SectionAdmin(DropsReaderPages, GermanSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(DropsReaderPages, GermanSlugs, SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]


@admin.register(Image)
class ImageAdmin(DropsReaderPages, StorageErrorsAsFormErrors, admin.ModelAdmin):
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
class SourceAdmin(DropsReaderPages, GermanSlugs, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "affiliation", "is_confidential"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["name", "role", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}


# Topics are shown on reader pages too: taggit's admin, dropping those pages.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(DropsReaderPages, TaggitTagAdmin):
    pass
