from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Section


def site(request):
    """The site's name and its sections for the navigation; the sections are
    fetched only when a template actually shows them."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
