"""Language: reader pages speak the language of their address.

German, the site's language (``LANGUAGE_CODE``), lives at the unprefixed
addresses, English under ``/en/`` (``i18n_patterns`` with
``prefix_default_language=False`` in newsroom/urls.py). Neither a cookie nor
the browser's Accept-Language changes a reader page, so a reader page depends
on its address alone and a CDN may keep it: no ``Vary: Cookie`` or
``Vary: Accept-Language`` for the language. (Django's LocaleMiddleware would
add ``Vary: Accept-Language`` to every unprefixed page.)

The editorial desk (the admin, always private) still follows the language
cookie that /i18n/setlang/ sets (newsroom/language.py): staff pages are never
shared, and the desk's tests read it in English.
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
        from_cookie = False
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            language = settings.LANGUAGE_CODE
            if request.path_info.startswith(_admin_prefix()):
                chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
                if chosen in self.supported:
                    language = chosen
                from_cookie = True
        # A prefix that is not exactly a language of the site ("/en-us/",
        # "/de/") activates its language, under which the address does not
        # resolve: a 404. The language ends with the request (override), so
        # that nothing after it in the same thread inherits it.
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if from_cookie:
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
