"""The wire import's report on the draft it made
(``{% wire_import_report article as import_report %}``) and whether its
headline is still a proposal (``{% headline_proposed article as proposed %}``).

The data comes from ``articles.wire``; the include
``admin/articles/article/_import_report.html`` only renders it."""

from django import template

from .. import wire

register = template.Library()


@register.simple_tag
def wire_import_report(article):
    """``{"report", "summary", "created_at"}`` for a draft made from wire
    copy, or None."""
    return wire.import_report(article)


@register.simple_tag
def headline_proposed(article):
    return article is not None and wire.has_pending_proposal(article)
