"""The live ticker's desk page (/admin/articles/article/<id>/live/): post an
entry with one key press (with an image from the library and a quote with
its source, both picked by autocomplete as in the article's form), pin and
correct entries, start and end the ticker. Everything goes through
articles/live.py, which checks the rights and the entry."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.admin_kit import desk_page
from newsroom.admin_widgets import SafeAutocompleteSelect

from . import live, publishing
from .models import Image, LiveEntry, Source


class PickedRow(forms.ModelChoiceField):
    """An autocomplete's choice passed on as the id it came as: the service
    (``live.post_entry``) checks it and says what is wrong with it."""

    def clean(self, value):
        return value


class EntryForm(forms.Form):
    def __init__(self, admin_site, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("image", "quote_source"):
            self.fields[name].widget = SafeAutocompleteSelect(
                LiveEntry._meta.get_field(name), admin_site, attrs={"style": "width: 30em"}
            )
            self.fields[name].widget.choices = self.fields[name].choices

    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80, "autofocus": True}),
        help_text=gettext_lazy("Markdown. Ctrl+Enter posts the entry."),
    )
    headline = forms.CharField(label=gettext_lazy("Headline"), max_length=200, required=False)
    key_event = forms.BooleanField(label=gettext_lazy("Key event"), required=False)
    image = PickedRow(
        label=gettext_lazy("Image"),
        queryset=Image.objects.all(),
        required=False,
        help_text=gettext_lazy("From the image library: type a word of its description."),
    )
    quote = forms.CharField(
        label=gettext_lazy("Quote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=gettext_lazy("Without quotation marks; the page sets „…“."),
    )
    quote_source = PickedRow(
        label=gettext_lazy("Source of the quote"),
        queryset=Source.objects.filter(is_confidential=False),
        required=False,
        help_text=gettext_lazy(
            "From the source directory; confidential sources cannot be quoted by name."
        ),
    )


class CorrectionForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Text"), max_length=10_000, widget=forms.Textarea)
    note = forms.CharField(label=gettext_lazy("Correction note"), max_length=300)


# What the buttons of one entry do (each through articles/live.py), and the
# refusal shown when the service says no.
ENTRY_ACTIONS = ("pin", "unpin", "correct", "approve", "key_event", "no_key_event", "delete")
ACTIONS = ("post", "start", "end", "needs_editor", "no_editor", *ENTRY_ACTIONS)
REFUSALS = {
    "approve": gettext_lazy("Only an editor may approve entries."),
    "delete": gettext_lazy(
        "Only an editor may delete an entry readers have seen; correct it instead."
    ),
    "correct": gettext_lazy(
        "Only an editor may correct an entry readers see on this ticker: its entries "
        "need an editor."
    ),
}


def _entry(ticker, raw):
    """The entry of ``ticker`` that the form names, or None (not a number,
    another ticker's, deleted meanwhile)."""
    raw = (raw or "").strip()
    if ticker is None or not (raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**63):
        return None
    return LiveEntry.objects.select_related("ticker__article").filter(pk=raw, ticker=ticker).first()


def _entry_action(request, ticker, action) -> None:
    """One entry's button; a missing entry or a refusal is a message on the
    desk page, not an error page (two people work on one ticker)."""
    entry = _entry(ticker, request.POST.get("entry"))
    if entry is None:
        messages.error(request, _("This entry does not exist (any more); nothing was changed."))
        return
    try:
        if action == "approve":
            live.approve_entry(entry, request.user, seen=request.POST.get("seen", ""))
            messages.success(request, _("The entry is online."))
        elif action == "correct":
            correction = CorrectionForm(request.POST)
            if not correction.is_valid():
                raise ValidationError([e for errors in correction.errors.values() for e in errors])
            live.correct_entry(
                entry,
                request.user,
                correction.cleaned_data["body"],
                correction.cleaned_data["note"],
            )
            messages.success(request, _("The entry was corrected."))
        elif action in ("key_event", "no_key_event"):
            live.set_key_event(entry, request.user, key_event=action == "key_event")
        elif action == "delete":
            live.delete_entry(entry, request.user)
            messages.success(request, _("The entry was deleted."))
        else:
            live.pin_entry(entry, request.user, pinned=action == "pin")
    except PermissionDenied:
        messages.error(request, REFUSALS.get(action, _("You may not change this entry.")))


def _approval_setting(request, ticker, *, needed) -> None:
    if ticker is None:
        messages.error(request, _("This article is not a live ticker."))
        return
    try:
        live.set_entries_need_editor(ticker, request.user, needed)
    except PermissionDenied:
        messages.error(request, _("Only an editor decides whether entries need an editor."))
        return
    if needed:
        messages.success(request, _("Journalists' entries now need an editor."))
    else:
        messages.success(request, _("Journalists' entries now go out at once."))


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


def _form_errors(form, exc: ValidationError) -> None:
    """The service's refusal shown at the fields it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def live_view(request, model_admin, object_id):
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404
    if not publishing.can_edit(request.user, article):
        raise PermissionDenied
    ticker = live.ticker_of(article)
    form = EntryForm(model_admin.admin_site)
    if request.method == "POST":
        action = request.POST.get("action", "post")
        if action not in ACTIONS:
            messages.error(request, _("Unknown action: nothing was changed."))
            return HttpResponseRedirect(request.path)
        try:
            if action == "start":
                live.start_ticker(
                    article, request.user, entries_need_editor="needs_editor" in request.POST
                )
                messages.success(request, _("The live ticker was started."))
            elif action == "end":
                live.end_ticker(article, request.user)
                messages.success(request, _("The live ticker was ended."))
            elif action in ("needs_editor", "no_editor"):
                _approval_setting(request, ticker, needed=action == "needs_editor")
            elif action in ENTRY_ACTIONS:
                _entry_action(request, ticker, action)
            else:
                form = EntryForm(model_admin.admin_site, request.POST)
                if form.is_valid():
                    try:
                        entry = live.post_entry(article, request.user, **form.cleaned_data)
                    except ValidationError as exc:
                        _form_errors(form, exc)
                    else:
                        if entry.approved:
                            messages.success(request, _("The entry is online."))
                        else:
                            messages.info(request, _("The entry waits for an editor."))
                        form = None
                if form is not None and not (ticker and ticker.is_running):
                    # No entry form on the page (the ticker ended meanwhile
                    # or never started): the refusal as a message, the text
                    # shown to copy (templates/admin/articles/article/live.html).
                    messages.error(request, _("This article is not a running live ticker."))
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            if form is None or action != "post":
                return HttpResponseRedirect(request.path)
    entries = (
        list(ticker.entries.select_related("created_by", "image", "quote_source")[:100])
        if ticker
        else []
    )
    for entry in entries:
        entry.seen = live.fingerprint(entry)
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/live.html",
        title=_("Live ticker: %(title)s") % {"title": article.title},
        article=article,
        ticker=ticker,
        form=form,
        entries=entries,
        deletable=live.deletable(request.user, article, entries),
        may_publish=publishing.can_publish(request.user),
    )


def waiting_view(request, model_admin):
    """Every ticker's entries that wait for an editor, oldest first, with an
    approve button each: the editors' one place for them
    (/admin/articles/article/live/wartend/). Only for who may publish."""
    if not publishing.can_publish(request.user):
        raise PermissionDenied
    if request.method == "POST":
        entry = None
        raw = request.POST.get("entry", "")
        if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**63:
            entry = live.waiting_entries(request.user).filter(pk=int(raw)).first()
        if entry is None:
            messages.error(
                request, _("This entry no longer waits for an editor (approved or deleted).")
            )
        else:
            try:
                live.approve_entry(entry, request.user, seen=request.POST.get("seen", ""))
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(
                    request,
                    _("The entry on “%(title)s” is online.")
                    % {"title": entry.ticker.article.title},
                )
        return HttpResponseRedirect(request.path)
    entries = list(live.waiting_entries(request.user)[: live.WAITING_LIMIT])
    for entry in entries:
        entry.seen = live.fingerprint(entry)
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/live_waiting.html",
        title=_("Waiting live-ticker entries"),
        entries=entries,
        more=live.waiting_entries(request.user).count()
        if len(entries) == live.WAITING_LIMIT
        else 0,
    )
