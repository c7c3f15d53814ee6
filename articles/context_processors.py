from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom.people import signed_in_maybe

from .models import Section
from .notifications import unread_count


def site(request):
    """The site's name and its sections for the navigation; the sections are
    fetched only when a template actually shows them."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }


def notifications(request):
    """``unread_notifications``: the signed-in staff user's unread count, for
    the admin header ("Benachrichtigungen (3)", ``templates/admin/base_site.html``).
    The COUNT runs only when a template shows it."""
    if not signed_in_maybe(request):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
