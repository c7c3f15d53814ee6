"""Language: the site speaks German unless the reader chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, which
would show a German newsroom in English to most visitors with an English
browser. Here only the reader's explicit choice (the language cookie set by
the switcher in the footer) changes the language.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ReaderLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class AdminNulGuardMiddleware:
    """Refuse a NUL character in an admin URL or query parameter with a 400.

    PostgreSQL cannot store or compare text containing NUL, so an admin list
    filter, search or object id carrying one would end in a database error
    (a 500). The admin never needs one. Reader pages handle NUL themselves
    (search turns it into a space, slugs refuse it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(_admin_prefix()) and (
            "\x00" in request.path_info
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            raise SuspiciousOperation("NUL character in an admin URL")
        return self.get_response(request)


def _admin_prefix() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("admin:index")
    except NoReverseMatch:  # a URLconf without the admin (tests)
        return "/admin/"
