"""Admin autocomplete widgets that survive hostile input.

Django's autocomplete widgets re-render the submitted value of an invalid
form by querying the related table with it; a value that is not a valid key
(``abc``, ``1e3``, ``1\\x00``) then raises inside the template and the admin
answers 500 instead of showing the form's "Select a valid choice" error.
These widgets leave such values out of that query. ``SafeAutocompleteAdmin``
gives a ModelAdmin or inline them for its ``autocomplete_fields``."""

from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError


def _valid_keys(widget, values):
    pk = widget.field.remote_field.model._meta.pk
    return [value for value in values if _is_key(pk, value)]


# The largest key a 64-bit integer column holds: a longer number would
# overflow the query (SQLite raises OverflowError).
MAX_INTEGER_KEY = 2**63 - 1


def _is_key(pk, value) -> bool:
    if "\x00" in str(value):
        return False
    try:
        key = pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return not isinstance(key, int) or abs(key) <= MAX_INTEGER_KEY


class _SafeOptgroups(AutocompleteMixin):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class SafeAutocompleteSelect(_SafeOptgroups, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeOptgroups, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdmin:
    """Mix into a ModelAdmin or InlineModelAdmin before Django's class."""

    def _safe(self, formfield, db_field, kwargs, safe_class):
        if formfield is not None and isinstance(formfield.widget, AutocompleteMixin):
            formfield.widget = safe_class(db_field, self.admin_site, using=kwargs.get("using"))
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._safe(formfield, db_field, kwargs, SafeAutocompleteSelect)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._safe(formfield, db_field, kwargs, SafeAutocompleteSelectMultiple)
