"""The reader's language switch (the form in the footer).

Django's ``set_language`` needs a CSRF token in every page's footer, and a
per-reader token would make every page private to the reader's browser (see
newsroom/cache.py). Choosing a language is harmless, but a cross-site form
still must not change it: instead of a token this view checks where the
request comes from, as browsers report it (``Sec-Fetch-Site``, else
``Origin``). Clients that send neither (old browsers, scripts) cannot be
driven by another site's page, so they are let through.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.defaults import bad_request, permission_denied


def same_origin(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    return True


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
    response = HttpResponseRedirect(next_url)
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
