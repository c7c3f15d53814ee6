"""The project's URLs plus a cached page that uses the CSP nonce, for
tests/cache/test_page_cache.py."""

from django.template import engines
from django.urls import path

from newsroom.cache import reader_page
from newsroom.urls import urlpatterns as project_urlpatterns

_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><title>n</title><script nonce="{{ csp_nonce }}">var a = 1;</script>'
)


@reader_page
def page_with_nonce(request):
    from django.http import HttpResponse

    return HttpResponse(_TEMPLATE.render({}, request))


urlpatterns = [path("mit-nonce/", page_with_nonce), *project_urlpatterns]
