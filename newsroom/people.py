"""How people (user accounts) are named in the newsroom's interface.

A ground-level helper that every app may use: staff see colleagues by their
full name, and by the user name only when no name is set. Templates use the
``display_name`` filter (``{% load people %}``).
"""

from django.conf import settings
from django.utils.translation import gettext as _


def display_name(user) -> str:
    """The user's full name (``get_full_name()``), else their user name; ""
    for None (e.g. a deleted account) and for anonymous visitors."""
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", None)
    return ((full_name() if full_name else "") or "").strip() or user.get_username()


def display_name_or_someone(user) -> str:
    """``display_name``, or "Someone" when there is no user (a deleted
    account) – for sentences such as "… has already decided"."""
    return display_name(user) or _("Someone")


def signed_in_maybe(request) -> bool:
    """Whether the request may come from someone signed in: only a request
    with a session cookie can. Asking ``request.user`` loads the session,
    which marks the response ``Vary: Cookie``; reader pages of anonymous
    readers must not vary by cookie (newsroom/cache.py), so the context
    processors ask this first."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES
