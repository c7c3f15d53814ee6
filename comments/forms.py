from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.validators import no_control_characters

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH


def no_line_breaks(value):
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please enter a single line."), code="line_break")


class CommentForm(forms.Form):
    """The reader's form under 'Kommentar hinterlassen'. ``website`` is a
    honeypot: hidden from people, filled in by bots."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        validators=[no_control_characters, no_line_breaks],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        max_length=254,
        help_text=_("Will not be published."),
        validators=[no_control_characters],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    error_messages = {
        "honeypot": _("Your comment could not be accepted. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(self.error_messages["honeypot"], code="honeypot")
        return ""
