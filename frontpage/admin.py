"""The desk's compositions in the admin: a composition with a flat table of
slots. Thin: the checks, the rights and the revisions are in
frontpage/composing.py. Editors compose; journalists see the compositions
and their previews; moderators see nothing."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from articles.models import Section
from newsroom.admin_urls import extra_admin_urls

from . import composing, views
from .models import Composition, Slot

NOT_OURS = gettext_noop(
    "This slot is not one of this composition's slots. Please reload the page and make "
    "your change again."
)


class SlotForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service's bound (composing.MAX_POSITION), the same on every
        # database (PostgreSQL's form would otherwise say 32767, SQLite's nothing).
        position = self.fields["position"]
        position.max_value = composing.MAX_POSITION
        position.validators = [
            v for v in position.validators if not isinstance(v, MaxValueValidator)
        ] + [MaxValueValidator(composing.MAX_POSITION)]
        position.widget.attrs["max"] = composing.MAX_POSITION

    def clean(self):
        cleaned = super().clean()
        # The row's hidden fields (its id, its composition) are not shown
        # with their errors: a forged or stale row gets a message one sees.
        if any(name in self.errors for name in ("id", "composition")):
            self.add_error(None, gettext(NOT_OURS))
        return cleaned


class SlotFormSet(BaseInlineFormSet):
    def kept_forms(self):
        """The slot forms that stay: filled in and not marked for deletion,
        in position order."""
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        return sorted(kept, key=lambda form: form.instance.position or 0)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self._check_rows()
        if any(self.errors):
            return
        forms = self.kept_forms()
        found = composing.problems(self.instance, [form.instance for form in forms])
        for index, form in enumerate(forms):
            for message in found.get(f"slot-{index}", []):
                form.add_error(None, message)
        if found.get(""):
            raise ValidationError(found[""])

    def _check_rows(self):
        """The posted rows are the composition's rows as they are now: a row
        of another composition, or a form that misses rows saved since it
        was loaded (saving replaces every row), is refused, so nobody's
        slot is lost."""
        own = set(self.get_queryset().values_list("pk", flat=True)) if self.instance.pk else set()
        posted = set()
        for form in self.forms:
            slot = form.cleaned_data.get("id")
            if slot is None:
                continue
            posted.add(slot.pk)
            if slot.pk not in own:
                form.add_error(None, gettext(NOT_OURS))
        if own - posted:
            raise ValidationError(
                gettext(
                    "The composition's slots were changed since you opened it. Please "
                    "reload the page and make your change again."
                )
            )


class SlotInline(admin.TabularInline):
    model = Slot
    form = SlotForm
    formset = SlotFormSet
    extra = 3
    fields = ["position", "kind", "article", "expires_at", "section", "tag", "count", "title"]
    raw_id_fields = ["article", "tag"]
    verbose_name = _("slot")
    verbose_name_plural = _("slots (in position order)")

    def has_view_permission(self, request, obj=None):
        return composing.can_view(request.user)

    def has_add_permission(self, request, obj=None):
        return composing.can_compose(request.user)

    def has_change_permission(self, request, obj=None):
        return composing.can_compose(request.user)

    def has_delete_permission(self, request, obj=None):
        return composing.can_compose(request.user)


def preview_view(request, *, model_admin, pk=None):
    """The page as readers will see it: with composition ``pk`` when it is
    live (or from its time on), or, without one, the page ``seite`` (a
    Ressort's id, empty for the home page) as of ``zeit``."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    if pk is not None:
        composition = get_object_or_404(Composition.objects.select_related("section"), pk=pk)
        return views.render_preview(
            request,
            section=composition.section,
            at=max(composition.go_live_at, now),
            composition=composition,
        )
    section = None
    seite = request.GET.get("seite", "").strip()
    if seite:
        section = _section(seite)
        if section is None:
            return _refuse_preview(
                request,
                gettext("There is no Ressort with the number “%(value)s”.") % {"value": seite[:40]},
            )
    zeit = request.GET.get("zeit", "").strip()
    at = _time(zeit) if zeit else now
    if at is None:
        return _refuse_preview(
            request,
            gettext(
                "“%(value)s” is not a time the preview can show: please give it as "
                "2026-12-05T18:00, between the years %(first)d and %(last)d."
            )
            % {"value": zeit[:40], "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    composition = composing.live_composition(section.pk if section else None, at)
    return views.render_preview(request, section=section, at=at, composition=composition)


def _refuse_preview(request, message):
    """A preview the desk asked for with a wrong page or time: back to the
    list of compositions, with the reason."""
    messages.error(request, message)
    return redirect("admin:frontpage_composition_changelist")


def _section(value: str) -> Section | None:
    if not value.isdigit() or len(value) > 18:
        return None
    return Section.objects.filter(pk=int(value)).first()


# Times the preview can compute with (a day either side stays a datetime).
FIRST_YEAR, LAST_YEAR = 1900, 9998


def _time(value: str) -> datetime | None:
    """The preview's ``zeit``: an ISO time (the site's zone unless it names
    one), or None when it is none or out of range."""
    try:
        parsed = parse_datetime(value[:40])
    except ValueError:
        return None
    if parsed is None or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@admin.register(Composition)
class CompositionAdmin(admin.ModelAdmin):
    inlines = [SlotInline]
    list_display = ["page", "go_live_at", "state", "note", "created_by", "created_at", "preview"]
    list_select_related = ["section", "created_by"]
    list_filter = ["section"]
    fields = ["section", "go_live_at", "note", "state", "created_by", "created_at", "preview"]
    readonly_fields = ["state", "created_by", "created_at", "preview"]
    actions = None
    date_hierarchy = "go_live_at"

    @admin.display(description=_("page"), ordering="section")
    def page(self, obj):
        return obj.section.name if obj.section_id else gettext("Home page")

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.pk is None:
            return "–"
        if obj.is_scheduled:
            return gettext("scheduled")
        live = composing.live_composition(obj.section_id, timezone.now())
        if live is not None and live.pk == obj.pk:
            return gettext("live: saving changes makes a new revision")
        return gettext("history")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.pk is None:
            return "–"
        url = reverse("admin:frontpage_composition_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Preview"))

    def get_urls(self):
        return [
            *extra_admin_urls(
                self,
                [
                    ("<int:pk>/vorschau/", preview_view, "preview"),
                    ("vorschau/", preview_view, "preview_at"),
                ],
            ),
            *super().get_urls(),
        ]

    # Rights: editors compose, journalists look, moderators see nothing.
    def has_module_permission(self, request):
        return composing.can_view(request.user)

    def has_view_permission(self, request, obj=None):
        return composing.can_view(request.user)

    def has_add_permission(self, request):
        return composing.can_compose(request.user)

    def has_change_permission(self, request, obj=None):
        return composing.can_compose(request.user)

    def has_delete_permission(self, request, obj=None):
        if not composing.can_compose(request.user):
            return False
        return obj is None or not composing.is_live(obj)

    # Saving goes through the service: a live composition gets a new revision.
    def save_model(self, request, obj, form, change):
        pass  # written with its slots in save_related

    def save_related(self, request, form, formsets, change):
        (slot_formset,) = [f for f in formsets if isinstance(f, SlotFormSet)]
        was = form.instance.pk
        slots = [slot_form.instance for slot_form in slot_formset.kept_forms()]
        composition = composing.save_composition(
            composition=form.instance, slots=slots, user=request.user
        )
        # What the admin's change message reads (the service wrote the rows).
        slot_formset.new_objects = slot_formset.changed_objects = []
        slot_formset.deleted_objects = []
        if was is not None and composition.pk != was:
            messages.info(
                request,
                gettext(
                    "The composition was live, so your changes were saved as a new revision; "
                    "the previous one stays in the history."
                ),
            )

    def delete_view(self, request, object_id, extra_context=None):
        # A live composition offers no delete link; a forged or stale request
        # to delete one gets the reason on its form, not a bare 403.
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and composing.can_compose(request.user) and composing.is_live(obj):
            self.message_user(
                request,
                gettext("A composition that has gone live is history and cannot be deleted."),
                messages.ERROR,
            )
            return redirect("admin:frontpage_composition_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        try:
            composing.delete_composition(composition=obj, user=request.user)
        except ValidationError as refused:
            raise PermissionDenied(refused.messages[0]) from None
