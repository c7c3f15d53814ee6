"""The read API, version 1 (docs/api.md). Outside i18n_patterns: one address
whatever the language.

The views are imported on the first API request, not with the URLconf: a
web process that never serves the API never loads Django REST framework
(about 3 MiB per worker; memory per worker is a benchmark target)."""

from django.urls import path, re_path

from .messages import not_found
from .routes import ROUTES
from .schema import openapi

app_name = "api"


def _view(name: str, params: str):
    """``api.views.<name>`` behind the page cache, with the query parameters
    ``api.views.<params>`` names, built on its first request."""
    built = None

    def view(request, *args, **kwargs):
        nonlocal built
        if built is None:
            from . import views

            built = views.cached(getattr(views, name), getattr(views, params))
        return built(request, *args, **kwargs)

    view.csrf_exempt = True  # GET only; DRF's views are exempt as well
    return view


urlpatterns = [
    path("schema/", openapi, name="schema"),
    *(path(route, _view(view, params), name=name) for route, name, view, params in ROUTES),
    # Anything else under /api/v1/ (a slug the converters refuse, a typo):
    # JSON too. A missing trailing slash still redirects (APPEND_SLASH).
    re_path(r"^(.*/)?$", not_found),
]
