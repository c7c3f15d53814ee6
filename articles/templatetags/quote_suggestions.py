"""The article form's quote suggestions (``articles.citing``):
``{% quote_suggestions original as quote_panel %}`` gives the open
suggestions and the panel's form targets, or None when the user may not
edit the article (the include ``_quote_suggestions.html`` renders it)."""

from django import template

from .. import citing, publishing
from ..admin_citing import panel_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def quote_suggestions(context, article):
    request = context.get("request")
    if article is None or article.pk is None or request is None:
        return None
    if not publishing.can_edit(request.user, article):
        return None
    return {"suggestions": citing.suggestions(article), **panel_urls(article)}
