"""The live ticker's desk page (/admin/articles/article/<id>/live/): post an
entry with one key press, pin and correct entries, start and end the ticker.
Everything goes through articles/live.py, which checks the rights."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.admin_kit import desk_page

from . import live, publishing
from .models import LiveEntry


class EntryForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80, "autofocus": True}),
        help_text=gettext_lazy("Markdown. Ctrl+Enter posts the entry."),
    )
    headline = forms.CharField(label=gettext_lazy("Headline"), max_length=200, required=False)
    key_event = forms.BooleanField(label=gettext_lazy("Key event"), required=False)


class CorrectionForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Text"), max_length=10_000, widget=forms.Textarea)
    note = forms.CharField(label=gettext_lazy("Correction note"), max_length=300)


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


def live_view(request, model_admin, object_id):
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404
    if not publishing.can_edit(request.user, article):
        raise PermissionDenied
    ticker = live.ticker_of(article)
    form = EntryForm()
    if request.method == "POST":
        action = request.POST.get("action", "post")
        try:
            if action == "start":
                live.start_ticker(
                    article, request.user, entries_need_editor="needs_editor" in request.POST
                )
                messages.success(request, _("The live ticker was started."))
            elif action == "end":
                live.end_ticker(article, request.user)
                messages.success(request, _("The live ticker was ended."))
            elif action in ("pin", "unpin", "correct", "approve"):
                if ticker is None:
                    raise Http404
                try:
                    entry_id = int(request.POST.get("entry", ""))
                except ValueError:
                    raise Http404 from None
                entry = get_object_or_404(LiveEntry, pk=entry_id, ticker=ticker)
                if action == "approve":
                    live.approve_entry(entry, request.user)
                elif action == "correct":
                    correction = CorrectionForm(request.POST)
                    if not correction.is_valid():
                        raise ValidationError(
                            [e for errors in correction.errors.values() for e in errors]
                        )
                    live.correct_entry(
                        entry,
                        request.user,
                        correction.cleaned_data["body"],
                        correction.cleaned_data["note"],
                    )
                    messages.success(request, _("The entry was corrected."))
                else:
                    live.pin_entry(entry, request.user, pinned=action == "pin")
            else:
                form = EntryForm(request.POST)
                if form.is_valid():
                    entry = live.post_entry(article, request.user, **form.cleaned_data)
                    if entry.approved:
                        messages.success(request, _("The entry is online."))
                    else:
                        messages.info(request, _("The entry waits for an editor."))
                    form = None
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            if form is None or action != "post":
                return HttpResponseRedirect(request.path)
    entries = list(ticker.entries.select_related("created_by")[:100]) if ticker else []
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/live.html",
        title=_("Live ticker: %(title)s") % {"title": article.title},
        article=article,
        ticker=ticker,
        form=form,
        entries=entries,
        may_publish=publishing.can_publish(request.user),
    )
