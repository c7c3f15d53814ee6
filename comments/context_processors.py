"""``moderation``: the length of the pending queue, for the admin header
("Queue: N", ``templates/admin/base_site.html``). Only moderators get it,
and the COUNT runs only when a template shows it."""

from django.utils.functional import SimpleLazyObject

from newsroom.people import signed_in_maybe

from .models import Comment
from .moderation import can_moderate


def moderation(request):
    if not signed_in_maybe(request):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    if not can_moderate(user):
        return {}
    return {"pending_comments": SimpleLazyObject(lambda: Comment.objects.pending().count())}
