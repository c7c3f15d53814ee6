"""The article's change form in the admin: the form itself (tags, the edit
version for the conflict check, the workflow's buttons and notes) and its
inlines (bylines and citations, read from a live article's working draft;
corrections, read-only once written)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.admin_widgets import SafeAutocompleteAdmin
from newsroom.people import display_name_or_someone
from newsroom.validators import no_control_characters

from . import (
    editing,
)
from .models import (
    Article,
    Byline,
    Citation,
    Correction,
)

# The fields whose edits two people can collide on, compared on a conflict.
CONFLICT_FIELDS = [
    "section", "kicker", "title", "slug", "lead", "body", "hero_image", "featured",
    "comments_enabled",
]  # fmt: skip


class WorkingDraftInline(SafeAutocompleteAdmin, admin.TabularInline):
    """An inline that shows a live article's working draft: its rows come
    from the draft's content (as new rows) instead of the article's own,
    and are only read back into content, never saved as rows."""

    extra = 1
    content_key = ""  # "bylines" or "citations" in the content

    def draft_rows(self, obj) -> list[dict] | None:
        draft = getattr(obj, "_working_draft", None)
        if draft is None:
            return None
        return [self.initial_row(row) for row in draft.data[self.content_key]]

    def initial_row(self, row) -> dict:
        raise NotImplementedError

    def get_extra(self, request, obj=None, **kwargs):
        rows = self.draft_rows(obj)
        return self.extra if rows is None else len(rows) + 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        rows = self.draft_rows(obj)
        if rows is None:
            return formset

        class DraftForm(formset.form):
            def has_changed(self):
                # A row taken from the draft counts as filled in, so that it
                # is validated and kept even when left as it was.
                return bool(self.initial) or super().has_changed()

            # Not against the article's stored rows, which the draft replaces;
            # the formset checks the draft's own rows against each other.
            def validate_unique(self):
                pass

            def validate_constraints(self):
                pass

        class DraftFormSet(formset):
            form = DraftForm

            def __init__(self, *args, **kw):
                kw["queryset"] = self.model._default_manager.none()
                kw["initial"] = rows
                super().__init__(*args, **kw)

        return DraftFormSet


class BylineInline(WorkingDraftInline):
    model = Byline
    autocomplete_fields = ["author"]
    content_key = "bylines"

    def initial_row(self, row):
        return {"author": row}


class CitationInline(WorkingDraftInline):
    model = Citation
    autocomplete_fields = ["source"]
    content_key = "citations"

    def initial_row(self, row):
        return {"source": row["source"], "quote": row["quote"]}


class CorrectionInline(admin.StackedInline):
    """Corrections are part of the record: added (and published at once, an
    editor's step), never rewritten or deleted here."""

    model = Correction
    extra = 0
    can_delete = False
    fields = ["kind", "text", "created_at"]
    readonly_fields = ["created_at"]

    def has_change_permission(self, request, obj=None):
        # Existing rows show read-only; adding stays with the add permission.
        return False


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
    # Shown while the headline is one the wire import proposed (wire.py).
    confirm_title = forms.BooleanField(
        label=_("Confirm the proposed headline"),
        required=False,
        help_text=_("The copy had no headline: tick to keep this one, or change the headline."),
    )
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
    correction_kind = forms.ChoiceField(
        label=_("Note for readers"),
        required=False,
        choices=[("", "–"), *Correction.Kind.choices],
        help_text=_("When publishing changes: add a correction or update note to the article."),
    )
    correction_text = forms.CharField(
        label=_("Text of the note for readers"),
        required=False,
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Article
        # The model's tags field is replaced by the two fields above; status
        # and publication time change only through the workflow buttons.
        fields = [
            "section", "kicker", "title", "slug", "lead", "body", "hero_image",
            "featured", "comments_enabled", "comment_moderation",
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
            draft = getattr(self.instance, "_working_draft", None)
            if draft is not None:
                # Tags new in the draft exist only there: back in "new tags".
                known = list(Tag.objects.filter(name__in=draft.data["tags"]))
                self.fields["tags"].initial = known
                names = {tag.name for tag in known}
                self.fields["new_tags"].initial = ", ".join(
                    name for name in draft.data["tags"] if name not in names
                )
            else:
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
        if cleaned.get("correction_text", "").strip() and not cleaned.get("correction_kind"):
            self.add_error("correction_kind", _("Choose correction or update for the note."))
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
        # Compare with what the authors work on: the working draft, if any.
        draft = editing.draft_of(current)
        if draft is not None:
            editing.apply_fields(current, draft.data)
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

    def content(self, formsets) -> dict:
        """The article's content as this form and its inline rows give it."""

        def rows(model, *filled):
            return [
                form.cleaned_data
                for formset in formsets
                if formset.model is model
                for form in formset.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and any(form.cleaned_data.get(name) for name in filled)
            ]

        return editing.content_from_form(
            self.cleaned_data, rows(Byline, "author"), rows(Citation, "source", "quote")
        )


# Set on the request while a revision is restored: the form then shows the
# revision, not the working draft, and its content is collected here.
