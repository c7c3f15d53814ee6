"""Each reader page in each language, and the old language switch.

A reader page's language is its address: German unprefixed, English under
``/en/`` (newsroom/urls.py, newsroom/middleware.py). ``page_in`` gives the
address of the page being shown in another language; the footer's links and
the ``hreflang`` alternates in the head are made from it
(newsroom/templatetags/languages.py).

``switch_language`` (POST /i18n/setlang/) is kept for forms and bookmarks of
the time when the footer held a form: it redirects to the ``next`` page in
the chosen language, and sets the language cookie, which only the editorial
desk still follows. Django's ``set_language`` needs a CSRF token; instead this
view checks where the request comes from, as browsers report it
(``Sec-Fetch-Site``, else ``Origin``), so another site's page cannot change
the desk's language. Clients that send neither (old browsers, scripts) cannot
be driven by another site's page, so they are let through.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.defaults import bad_request, permission_denied

from .origin import same_origin


def _reverse_in(match, language) -> str | None:
    if match is None or not match.url_name:
        return None
    try:
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return None


def _match(path):
    """The view ``path`` resolves to, in the language its prefix names."""
    try:
        with translation.override(
            translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        ):
            return resolve(path)
    except Resolver404:
        return None


def _is_per_language(match) -> bool:
    """Whether the matched page has an address of its own in each language
    (reader pages do; feeds, the admin and the like have one address)."""
    urls = {_reverse_in(match, code) for code, _name in settings.LANGUAGES}
    return None not in urls and len(urls) == len(settings.LANGUAGES)


def reader_query(request) -> str:
    """The query of the reader page ``request`` shows, as the page reads it
    (newsroom/cache.py leaves a reader page's request only that), so that a
    stored page names the same addresses whatever else the address that
    rendered it carried; "" for any other page."""
    return request.GET.urlencode() if getattr(request, "query_normalised", False) else ""


def page_in(request, language) -> str | None:
    """The address (path and reader query) of the page ``request`` shows, in
    ``language``; None when the page has no address per language (a 404,
    a feed)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not _is_per_language(match):
        return None
    url = _reverse_in(match, language)
    query = reader_query(request)
    return f"{url}?{query}" if query else url


def translate_path(url, language) -> str | None:
    """``url`` (a local path, with query) in ``language``; None when it is
    not a reader page."""
    parts = urlsplit(url)
    match = _match(parts.path)
    if match is None or not _is_per_language(match):
        return None
    path = _reverse_in(match, language)
    return f"{path}?{parts.query}" if parts.query else path


def home_in(language) -> str:
    with translation.override(language):
        return reverse("articles:home")


@csrf_exempt  # replaced by same_origin(): see the module docstring
@require_POST
def switch_language(request):
    if not same_origin(request):
        return permission_denied(request, PermissionError(_("Another site sent this form.")))
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return bad_request(request, BadRequest(_("Unknown language.")))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # A reader page in the chosen language; anything else (the desk) as it was.
    response = HttpResponseRedirect(translate_path(next_url, language) or next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
