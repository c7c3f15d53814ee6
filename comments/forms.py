"""The reader's comment form, with its guards against bots.

- ``website`` is a honeypot: hidden from people, filled in by bots.
- ``ts`` is a signed timestamp (``django.core.signing``, salt
  ``"comments.form"``): the time the form was rendered and a random nonce,
  ``"<seconds>.<nonce>"``, with a signature. Nothing in it names a reader.
  One form serves one comment: the nonce is stored with the comment it
  brought (``Comment.form_nonce``, unique), so a captured value cannot post
  a second comment, from whatever network (``moderation.submit_comment``
  refuses it with code ``"form_used"``; the form shown again carries a fresh
  timestamp and what the reader typed).

  - missing or tampered with → a clear error (code ``"unverified"``);
  - older than ``COMMENTS["FORM_MAX_AGE_SECONDS"]`` → a clear error (code
    ``"expired"``);
  - in both cases the form shown again carries a fresh timestamp, so that
    the reader only has to send it again: what they typed is kept;
  - sent sooner than ``COMMENTS["FORM_MIN_SECONDS"]`` after rendering → a
    bot: a generic non-field error (code ``"too_fast"``, the honeypot's
    message) and ``form.is_bot``; nothing is stored because the form is
    invalid.

  Errors of the hidden fields are non-field errors, so the template (which
  shows non-field errors and visible fields only) always shows them.
- ``parent`` is the id of the comment replied to (optional). Only its form
  is checked here; ``moderation.submit_comment`` checks the comment.
"""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsroom.validators import no_control_characters

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH


def no_line_breaks(value):
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please enter a single line."), code="line_break")


# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): an
# unclosed override in a name turns the text after it around on the page.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_bidi_controls(value):
    if any(ch in _BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _("Please remove the invisible text-direction characters."), code="bidi_control"
        )


TIMESTAMP_SALT = "comments.form"
_MAX_COMMENT_ID = 2**63 - 1


def _signer():
    return signing.Signer(salt=TIMESTAMP_SALT)


_TIMESTAMP_RE = re.compile(r"([0-9]{1,12})\.([0-9a-f]{24})")


def make_timestamp(issued_at: float | None = None) -> str:
    """A signed form timestamp for ``issued_at`` (seconds since the epoch;
    default now) with a new random nonce: every call gives another value."""
    issued = int(time.time() if issued_at is None else issued_at)
    return _signer().sign(f"{issued}.{secrets.token_hex(12)}")


def read_timestamp(value: str) -> tuple[int, str] | None:
    """``(issued, nonce)`` of a signed form timestamp, or None when it is
    missing, malformed or its signature does not match."""
    if not value or len(value) > 200:
        return None
    try:
        payload = _signer().unsign(value)
    except signing.BadSignature:
        return None
    match = _TIMESTAMP_RE.fullmatch(payload)
    if match is None:
        return None
    return int(match[1]), match[2]


def timestamp_age(value: str, *, now: float | None = None) -> float | None:
    """Seconds since a signed form timestamp was issued, or None when it is
    missing, malformed or its signature does not match."""
    parsed = read_timestamp(value)
    if parsed is None:
        return None
    return (time.time() if now is None else now) - parsed[0]


class CommentForm(forms.Form):
    """The reader's form under 'Kommentar hinterlassen'; see the module
    docstring for the guards."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        validators=[no_control_characters, no_line_breaks, no_bidi_controls],
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

    ts = forms.CharField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=_MAX_COMMENT_ID,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("The comment you are replying to could not be found."),
            "min_value": _("The comment you are replying to could not be found."),
            "max_value": _("The comment you are replying to could not be found."),
        },
    )

    error_messages = {
        "honeypot": _("Your comment could not be accepted. Please try again."),
        "too_fast": _("Your comment could not be accepted. Please try again."),
        "unverified": _("The form could not be verified. Please send your comment again."),
        "expired": _("The form has expired. Please send your comment again."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # True when the form was filled in by a bot (honeypot, too fast).
        self.is_bot = False
        # The timestamp's nonce once the form is valid (see the docstring).
        self.nonce = ""
        if not self.is_bound:
            self.initial = {**self.initial, "ts": make_timestamp()}

    @classmethod
    def fresh_timestamp(cls, seconds_ago: float = 10) -> str:
        """A valid ``ts`` value, issued ``seconds_ago`` seconds ago. The
        default is old enough to pass ``FORM_MIN_SECONDS`` (for tests)."""
        return make_timestamp(time.time() - seconds_ago)

    def clean_website(self):
        if self.cleaned_data["website"]:
            self.is_bot = True
            raise ValidationError(self.error_messages["honeypot"], code="honeypot")
        return ""

    def renew_timestamp(self):
        """Show the form again with a fresh timestamp (the reader only has to
        send it again)."""
        self.data = self.data.copy()
        self.data["ts"] = make_timestamp()

    def clean_ts(self):
        value = self.cleaned_data["ts"]
        parsed = read_timestamp(value)
        conf = settings.COMMENTS
        if parsed is None:
            raise ValidationError(self.error_messages["unverified"], code="unverified")
        age = time.time() - parsed[0]
        if age > conf["FORM_MAX_AGE_SECONDS"]:
            raise ValidationError(self.error_messages["expired"], code="expired")
        if age < conf["FORM_MIN_SECONDS"]:
            self.is_bot = True
            raise ValidationError(self.error_messages["too_fast"], code="too_fast")
        self.nonce = parsed[1]
        return value

    def _post_clean(self):
        super()._post_clean()
        # Hidden fields have nowhere to show an error: make them non-field
        # errors. A stale or broken timestamp is replaced by a fresh one in
        # the form shown again, so sending it again works.
        for name in ("ts", "parent"):
            errors = self._errors.pop(name, None)
            if errors is None:
                continue
            self.add_error(None, ValidationError(errors.as_data()))
            if name == "ts" and not any(e.code == "too_fast" for e in errors.as_data()):
                self.renew_timestamp()
