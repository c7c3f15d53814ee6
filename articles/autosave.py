"""Autosave of an open article form: the browser sends the form's fields every
few seconds; they are kept per user and article (``Autosave``), offered back
when that user opens the form again, and deleted when the form is saved or
the user discards them.

An autosave is a copy of what was typed, nothing more: it never writes to an
article or its related rows, never publishes, and belongs to one user, so it
cannot overwrite anyone's saved version. The form's fields travel as a list
of ``[name, value]`` pairs (what the browser's ``FormData`` holds); names the
form does not know are dropped, and everything else is checked here, so a
hostile or broken request gets a clear refusal instead of an error.
"""

import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Autosave

# A request body of at most this many bytes is read; larger ones are refused
# unread. The body field alone may hold 200,000 characters (up to 800 kB).
MAX_REQUEST_BYTES = 1_000_000
MAX_PAIRS = 2_000
MAX_NAME_LENGTH = 100
MAX_VERSION = 2_147_483_647


def parse_request(raw: bytes) -> dict:
    """The JSON body of an autosave request as ``{"article": id or None,
    "data": [...], "base_version": int or None}``; ValidationError with a
    message for the writer otherwise."""
    if len(raw) > MAX_REQUEST_BYTES:
        raise too_large()
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        # ValueError covers broken JSON, bad UTF-8 and absurd numbers.
        raise ValidationError(_("The request is not valid JSON."), code="json") from None
    if not isinstance(payload, dict):
        raise ValidationError(_("The request must be a JSON object."), code="shape")
    return {
        "article": optional_id(payload.get("article")),
        "data": payload.get("data"),
        "base_version": _optional_int(payload.get("base_version"), "base_version"),
    }


def parse_text(raw: bytes, key: str) -> str:
    """One text from a JSON object body (``{"body": "..."}``), checked like
    the form's fields. The caller limits the size."""
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValidationError(_("The request is not valid JSON."), code="json") from None
    value = payload.get(key, "") if isinstance(payload, dict) else None
    if not isinstance(value, str):
        raise ValidationError(_("The field %(name)s must be text.") % {"name": key}, code="shape")
    _check_text(value)
    return value


def too_large() -> ValidationError:
    return ValidationError(
        _("The form is too large to be saved automatically (at most 1 MB). Please save it."),
        code="too_large",
    )


def optional_id(value) -> int | None:
    """An article id as JSON gives it: a positive integer (or its digits), or
    null/empty for a new article."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_VERSION:
        raise ValidationError(_("The article id is not valid."), code="article")
    return value


def _optional_int(value, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VERSION:
        raise ValidationError(
            _("The field %(name)s must be a whole number.") % {"name": name}, code="number"
        )
    return value


def clean_pairs(data, accepts: Callable[[str], bool]) -> list[list[str]]:
    """The form's fields as ``[name, value]`` string pairs, keeping only the
    names ``accepts`` knows. Refuses what cannot be stored as text: other
    types, NUL characters (PostgreSQL cannot store them) and lone surrogates."""
    if not isinstance(data, list):
        raise ValidationError(_("The form fields must be a list."), code="shape")
    if len(data) > MAX_PAIRS:
        raise ValidationError(_("The form has too many fields."), code="too_many")
    pairs = []
    for pair in data:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(part, str) for part in pair)
        ):
            raise ValidationError(
                _("Each form field must be a pair of name and text."), code="shape"
            )
        name, value = pair
        for text in pair:
            _check_text(text)
        if len(name) <= MAX_NAME_LENGTH and accepts(name):
            pairs.append([name, value])
    return pairs


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise ValidationError(
            _("The text contains a NUL character, which cannot be saved. Please remove it."),
            code="nul",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(_("The text contains invalid characters."), code="encoding") from None


def _existing(user, article: Article | None):
    if article is None:
        return Autosave.objects.filter(user=user, article__isnull=True)
    return Autosave.objects.filter(user=user, article=article)


def store(*, user, article: Article | None, pairs: list, base_version: int | None) -> Autosave:
    """Keep ``pairs`` as this user's autosave of ``article`` (None: a new
    article), replacing the previous one. Permission is the caller's check."""
    now = timezone.now()
    values = {"data": pairs, "base_version": base_version, "saved_at": now}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                autosave = _existing(user, article).select_for_update().first()
                if autosave is None:
                    return Autosave.objects.create(user=user, article=article, **values)
                for name, value in values.items():
                    setattr(autosave, name, value)
                autosave.save(update_fields=list(values))
                return autosave
        except IntegrityError:
            # Two saves of the same form at once both found none: the first
            # created it, this one updates it.
            continue
    raise ValidationError(_("Please try again."), code="busy")


def load(*, user, article_id: int | None) -> Autosave | None:
    """This user's autosave of an article (None: of a new one), if any."""
    if article_id is None:
        return _existing(user, None).first()
    return Autosave.objects.filter(user=user, article_id=article_id).first()


def discard(*, user, article_id: int | None) -> int:
    """Delete this user's autosave of an article (None: of a new one); how
    many were deleted. Only ever the user's own."""
    if article_id is None:
        return _existing(user, None).delete()[0]
    return Autosave.objects.filter(user=user, article_id=article_id).delete()[0]


def as_json(autosave: Autosave | None) -> dict | None:
    """What the form's script needs to offer an autosave back."""
    if autosave is None:
        return None
    return {
        "data": autosave.data,
        "base_version": autosave.base_version,
        "saved_at": autosave.saved_at.isoformat(),
    }
