"""Admin strings that Django's own German catalog does not translate yet.

Listing them here lets ``makemessages`` carry them into ``locale/de``, whose
translations take precedence over Django's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_IN_DJANGO_CATALOG = [
    gettext_noop("Run"),  # the admin's action button (Django 6.1)
    gettext_noop("- Select an option -"),  # empty choice of select boxes (Django 6.1)
    gettext_noop("Filter by %(field_name)s"),  # the date hierarchy's label (Django 6.1)
    # Headings for screen readers above a change list's search and pages.
    gettext_noop("Search %(name)s"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),  # an object's history
    # Deleting objects.
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting "
        "related objects, but your account doesn't have permission to delete the "
        "following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? "
        "All of the following related items will be deleted:"
    ),
    # Signing out, and the password reset e-mail.
    gettext_noop("Logout"),
    gettext_noop("In case you’ve forgotten, you are:"),
    # User accounts (django.contrib.auth's admin and forms).
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such "
        "as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    # Form and lookup errors.
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop("No %s matches the given query."),
]

# A plural: makemessages keeps it through an ngettext call (never evaluated).
MISSING_PLURALS_IN_DJANGO_CATALOG = [
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
]
