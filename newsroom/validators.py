"""Field validators shared by the models and forms of every app (a
ground-level module: it imports no app)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks and tabs are ordinary text; every other control character
# (NUL above all, which PostgreSQL cannot store) is refused.
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def no_control_characters(value):
    if any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in value):
        raise ValidationError(
            _("The text contains invisible control characters. Please remove them."),
            code="control_characters",
        )
