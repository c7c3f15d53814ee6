"""Cross-origin protection without per-reader tokens, for the readers' forms.

Django's CSRF token is per reader: a page that carries one cannot be the
same for every reader, so it cannot be cached and shared (newsroom/cache.py).
The readers' forms (the comment form, "Melden", the language switch) are
protected instead by where the request comes from, as the browser reports
it, like Go 1.25's ``http.CrossOriginProtection`` and the proposal in
django/new-features#98:

- ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` and
  ``none`` (the reader typed or bookmarked the address) pass; ``same-site``
  and ``cross-site`` are refused;
- without it, ``Origin``: it must be this request's own
  ``scheme://host[:port]``; ``Origin: null`` (sandboxed frames, some
  redirects) is refused;
- with neither header the request passes: it is not a browser driven by
  another site's page (old browsers send no ``Origin`` on same-origin
  forms; scripts and ``curl`` send none).

GET, HEAD, OPTIONS and TRACE are never refused: they must not change
anything. Staff and admin pages keep Django's ``CsrfViewMiddleware`` and
their tokens; only views wrapped in ``cross_origin_protected`` (or calling
``same_origin`` themselves) are exempt from it.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import permission_denied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ACCEPTED_FETCH_SITES = frozenset({"same-origin", "none"})
REFUSED_TEMPLATE = "403_cross_origin.html"


def same_origin(request) -> bool:
    """Whether the browser says this request comes from this site (see the
    module docstring); True for clients that send neither header."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site:
        return fetch_site in ACCEPTED_FETCH_SITES
    origin = request.headers.get("Origin", "").strip()
    if origin:
        return origin == f"{request.scheme}://{request.get_host()}"
    return True


def refuse(request):
    """The 403 page for a form another site sent (German, like every error page)."""
    return permission_denied(
        request,
        PermissionDenied("cross-origin request"),
        template_name=REFUSED_TEMPLATE,
    )


def cross_origin_protected(view):
    """Exempt ``view`` from Django's CSRF token check and refuse, instead, an
    unsafe request (POST ...) that another site's page sent."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not same_origin(request):
            return refuse(request)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
