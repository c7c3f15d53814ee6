"""Admin strings that Django's own German catalog does not translate yet.

Listing them here lets ``makemessages`` carry them into ``locale/de``, whose
translations take precedence over Django's.
"""

from django.utils.translation import gettext_noop

MISSING_IN_DJANGO_CATALOG = [
    gettext_noop("Run"),  # the admin's action button (Django 6.1)
    gettext_noop("- Select an option -"),  # empty choice of select boxes (Django 6.1)
    gettext_noop("Filter by %(field_name)s"),  # the date hierarchy's label (Django 6.1)
]
