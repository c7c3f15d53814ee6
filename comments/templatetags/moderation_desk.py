"""``{% load moderation_desk %}{% moderation_desk %}``: the moderators' panel
for the admin start page – the size of each queue, the age of the oldest
waiting comment and a link to the workspace. Renders nothing, and asks the
database nothing, for users who may not moderate comments."""

from django import template

from .. import desk, moderation

register = template.Library()


@register.inclusion_tag("admin/comments/moderation_desk.html", takes_context=True)
def moderation_desk(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not moderation.can_moderate(user):
        return {"desk": None}
    return {"desk": desk.desk_summary()}
