"""The page in each language of the site (newsroom/language.py), for
base.html:

    {% load languages %}
    {% language_alternates as alternates %}  {# the head's hreflang links #}
    {% language_links as links %}            {# the footer's switcher #}

Both are lists of dicts: ``code``, ``name``, ``url`` (a path with the reader
query) and ``absolute``; ``language_links`` adds ``current``. The head lists
each language and ``x-default`` (the site's language) only on a page that has
an address per language; the footer falls back to each language's home page
(on a 404, say).
"""

from django import template
from django.conf import settings
from django.utils import translation

from newsroom.language import home_in, page_in

register = template.Library()


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def _links(request, *, fallback):
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = page_in(request, code) if request is not None else None
        if url is None:
            if not fallback:
                return []
            url = home_in(code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": _absolute(request, url),
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def language_alternates(context):
    links = _links(context.get("request"), fallback=False)
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    if default is not None:
        links.append({**default, "code": "x-default"})
    return links


@register.simple_tag(takes_context=True)
def language_links(context):
    return _links(context.get("request"), fallback=True)
