"""Admin strings that Django's own German catalog does not translate yet.

Listing them here lets ``makemessages`` carry them into ``locale/de``, whose
translations take precedence over Django's.
"""

from django.utils.translation import gettext_noop

MISSING_IN_DJANGO_CATALOG = [
    gettext_noop("Run"),  # the admin's action button (Django 6.1)
]
