"""Extra admin pages for articles (wired in ArticleAdmin.get_urls)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.admin_kit import desk_page

from . import wire
from .models import Article, Section


class WireImportForm(forms.Form):
    """Wire copy pasted as text or HTML, or a UTF-8 .txt or .html file instead."""

    section = forms.ModelChoiceField(
        label=capfirst(Article._meta.get_field("section").verbose_name),
        queryset=Section.objects.all(),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=wire.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"}),
        help_text=gettext_lazy(
            "Paste the copy here: plain text or the HTML of a web page, headline first if it "
            "has one."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Text file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
        help_text=gettext_lazy("Instead of pasting: plain text or HTML in UTF-8, at most 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        # One byte over the limit is enough to refuse a large file unread.
        return wire.decode_wire_bytes(upload.read(wire.MAX_FILE_BYTES + 1))

    def clean(self):
        cleaned = super().clean()
        text, file_text = cleaned.get("text"), cleaned.get("file")
        if self.errors:
            return cleaned
        if text and file_text is not None:
            raise ValidationError(
                _("Either paste the text or choose a file, not both."), code="both"
            )
        if not text and file_text is None:
            raise ValidationError(_("Paste the text or choose a file."), code="missing")
        cleaned["wire_text"] = text or file_text
        self.source_field = "text" if text else "file"
        return cleaned


def import_view(request, model_admin):
    """Paste wire copy, get a draft, land on it to finish it."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        form = WireImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                article = wire.import_wire_article(
                    text=form.cleaned_data["wire_text"],
                    section=form.cleaned_data["section"],
                    user=request.user,
                )
            except ValidationError as exc:
                # Kept as the error itself (with its code) unless it names fields.
                errors = wire.error_messages(exc) if hasattr(exc, "error_dict") else exc
                form.add_error(form.source_field, errors)
            else:
                messages.success(
                    request,
                    _(
                        "The draft “%(title)s” was created from the wire copy. Please check it: "
                        "the import report is above the form."
                    )
                    % {"title": article.title},
                )
                opts = model_admin.model._meta
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[article.pk],
                        current_app=model_admin.admin_site.name,
                    )
                )
    else:
        form = WireImportForm()
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/import.html",
        title=_("Import wire copy"),
        form=form,
    )
