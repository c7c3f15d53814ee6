"""The reader's comment form, with its guards against bots.

The article page with this form is the same for every reader (it is cached
and shared, newsroom/cache.py): it carries no CSRF token (the comment view
checks where the request comes from instead, newsroom/origin.py) and no
timestamp: its ``ts`` field is empty.

- ``website`` is a honeypot: hidden from people, filled in by bots.
- ``ts`` is a signed timestamp (``django.core.signing``): the time it was
  issued and a random nonce, ``"<time>.<nonce>"``, with a signature.
  Nothing in it names a reader. It comes in two kinds, each signed with its
  own salt, so that one cannot pass for the other:

  - a *form* timestamp (salt ``"comments.form"``, whole seconds), issued by
    ``GET /kommentar/formular/`` when the reader starts typing (the small
    script static/js/comment-form.js puts it into the field), and with a
    form shown again after an error;
  - a *confirmation* timestamp (salt ``"comments.form.confirmation"``,
    milliseconds), issued only in answer to a complete send that came
    without a timestamp (no JavaScript, or the request for one failed).

  One form serves one comment: the nonce is stored with the comment it
  brought (``Comment.form_nonce``, unique), so a captured value cannot post
  a second comment, from whatever network (``moderation.submit_comment``
  refuses it with code ``"form_used"``; the form shown again carries a fresh
  timestamp and what the reader typed).

  - missing (empty) → nothing is stored; the form is shown again with what
    the reader typed, a short note (not an error) that one more click on the
    button sends it, and a fresh confirmation timestamp
    (``form.needs_confirmation``; code ``"confirm"``, kept on the hidden
    field where the template does not show it as an error);
  - tampered with or malformed → a clear error (code ``"unverified"``);
  - older than ``COMMENTS["FORM_MAX_AGE_SECONDS"]`` → a clear error (code
    ``"expired"``);
  - in these cases the form shown again carries a fresh timestamp, so that
    the reader only has to send it again: what they typed is kept;
  - sent sooner than ``COMMENTS["FORM_MIN_SECONDS"]`` after a form
    timestamp was issued, or sooner than
    ``COMMENTS["FORM_CONFIRM_MIN_SECONDS"]`` (never more than
    ``FORM_MIN_SECONDS``) after a confirmation timestamp → a bot: a generic
    non-field error (code ``"too_fast"``, the honeypot's message) and
    ``form.is_bot``; nothing is stored because the form is invalid.

  The confirmation's minimum is shorter because a person clicks within a
  second or two of seeing the note. A bot that skips asking for a form
  timestamp gains little by it: it must send the whole form once for
  nothing, wait the confirmation's minimum and send it again, with a stamp
  that serves one comment; an instant resend is refused like an instant
  send; a form timestamp is never held to the shorter minimum.

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
CONFIRMATION_SALT = "comments.form.confirmation"
_MAX_COMMENT_ID = 2**63 - 1

FORM = "form"
CONFIRMATION = "confirmation"
_SALTS = {FORM: TIMESTAMP_SALT, CONFIRMATION: CONFIRMATION_SALT}
# The time in whole seconds (form) or in milliseconds (confirmation: its
# minimum is short, so it is measured finer).
_SCALE = {FORM: 1, CONFIRMATION: 1000}
_TIMESTAMP_RE = re.compile(r"([0-9]{1,15})\.([0-9a-f]{24})")


def _signer(kind=FORM):
    return signing.Signer(salt=_SALTS[kind])


def make_timestamp(issued_at: float | None = None, *, kind: str = FORM) -> str:
    """A signed timestamp of ``kind`` (``FORM`` or ``CONFIRMATION``) for
    ``issued_at`` (seconds since the epoch; default now) with a new random
    nonce: every call gives another value."""
    issued = int((time.time() if issued_at is None else issued_at) * _SCALE[kind])
    return _signer(kind).sign(f"{issued}.{secrets.token_hex(12)}")


def read_stamp(value: str) -> tuple[float, str, str] | None:
    """``(issued, nonce, kind)`` of a signed timestamp (``issued`` in seconds
    since the epoch), or None when it is missing, malformed or its signature
    matches neither kind."""
    if not value or len(value) > 200:
        return None
    for kind in (FORM, CONFIRMATION):
        try:
            payload = _signer(kind).unsign(value)
        except signing.BadSignature:
            continue
        match = _TIMESTAMP_RE.fullmatch(payload)
        if match is None:
            return None
        return int(match[1]) / _SCALE[kind], match[2], kind
    return None


def timestamp_age(value: str, *, now: float | None = None) -> float | None:
    """Seconds since a signed timestamp was issued, or None when it is
    missing, malformed or its signature does not match."""
    parsed = read_stamp(value)
    if parsed is None:
        return None
    return (time.time() if now is None else now) - parsed[0]


def minimum_seconds(kind: str) -> float:
    """How long after a timestamp of ``kind`` was issued a person can send
    the form at the earliest (see the module docstring)."""
    conf = settings.COMMENTS
    if kind == CONFIRMATION:
        return min(conf["FORM_MIN_SECONDS"], conf.get("FORM_CONFIRM_MIN_SECONDS", 1))
    return conf["FORM_MIN_SECONDS"]


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
        # Not shown as an error: the template shows its own note.
        "confirm": _("Please send your comment once more."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # True when the form was filled in by a bot (honeypot, too fast).
        self.is_bot = False
        # True when it came without a timestamp: shown again to be confirmed.
        self.needs_confirmation = False
        # The timestamp's nonce once the form is valid (see the docstring).
        self.nonce = ""
        # An unbound form's ts stays empty: the page it is on is the same for
        # every reader (the script or the confirmation brings the timestamp).

    @classmethod
    def fresh_timestamp(cls, seconds_ago: float = 10, *, kind: str = FORM) -> str:
        """A valid ``ts`` value of ``kind``, issued ``seconds_ago`` seconds
        ago. The default is old enough to pass ``FORM_MIN_SECONDS`` (for
        tests)."""
        return make_timestamp(time.time() - seconds_ago, kind=kind)

    def clean_website(self):
        if self.cleaned_data["website"]:
            self.is_bot = True
            raise ValidationError(self.error_messages["honeypot"], code="honeypot")
        return ""

    def renew_timestamp(self, *, kind: str = FORM):
        """Show the form again with a fresh timestamp (the reader only has to
        send it again)."""
        self.data = self.data.copy()
        self.data["ts"] = make_timestamp(kind=kind)

    def clean_ts(self):
        value = self.cleaned_data["ts"]
        if not value:
            self.needs_confirmation = True
            raise ValidationError(self.error_messages["confirm"], code="confirm")
        parsed = read_stamp(value)
        if parsed is None:
            raise ValidationError(self.error_messages["unverified"], code="unverified")
        issued, nonce, kind = parsed
        age = time.time() - issued
        if age > settings.COMMENTS["FORM_MAX_AGE_SECONDS"]:
            raise ValidationError(self.error_messages["expired"], code="expired")
        if age < minimum_seconds(kind):
            self.is_bot = True
            raise ValidationError(self.error_messages["too_fast"], code="too_fast")
        self.nonce = nonce
        return value

    @property
    def shown_errors(self) -> bool:
        """Whether the form shown again has errors to show (the confirmation
        is a note, not an error)."""
        return bool(self.non_field_errors()) or any(
            self[name].errors for name in self.fields if not self[name].is_hidden
        )

    def _post_clean(self):
        super()._post_clean()
        # Hidden fields have nowhere to show an error: make them non-field
        # errors. A stale or broken timestamp is replaced by a fresh one in
        # the form shown again, so sending it again works; a missing one by
        # a confirmation timestamp, and its "error" stays on the hidden
        # field, where the template does not show it.
        if self.needs_confirmation:
            self.renew_timestamp(kind=CONFIRMATION)
        for name in ("ts", "parent"):
            if name == "ts" and self.needs_confirmation:
                continue
            errors = self._errors.pop(name, None)
            if errors is None:
                continue
            self.add_error(None, ValidationError(errors.as_data()))
            if name == "ts" and not any(e.code == "too_fast" for e in errors.as_data()):
                self.renew_timestamp()
