"""The admin start page's desk (``{% editorial_desk %}``) and the editor's
note on a sent-back article (``{% send_back_note article as note %}``).

The data comes from ``articles.selectors``; these tags only render it."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("admin/articles/_editorial_desk.html", takes_context=True)
def editorial_desk(context):
    """The journalist's or the editor's panels for the signed-in user;
    nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    desk = selectors.start_desk(user) if user is not None else selectors.StartDesk()
    return {"desk": desk, "request": request}


@register.simple_tag
def send_back_note(article):
    """The open send-back of ``article`` (a ``Transition``), or None."""
    return selectors.open_send_back(article)


@register.simple_tag(takes_context=True)
def template_library_available(context, name):
    """Whether ``{% load name %}`` would work: lets a page include another
    app's panel only once that app provides it."""
    engine = getattr(getattr(context, "template", None), "engine", None)
    return engine is not None and name in engine.template_libraries
