"""The ceiling: a bare Django view that returns the bytes of the measured
article page, rendered once per process. It passes the same middleware as
every page, so the gap between it and the real article page is what the
page's own work costs (queries, templates, the page cache's lookups)."""

import threading

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from . import constants

_lock = threading.Lock()
_page: dict = {}


def _article_bytes(host):
    with _lock:
        if "content" not in _page:
            url = reverse("articles:article", kwargs={"slug": constants.ARTICLE_SLUG})
            response = Client(HTTP_HOST=host).get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}; no data set?")
            _page["content"] = response.content
            _page["content_type"] = response["Content-Type"]
        return _page["content"], _page["content_type"]


def ceiling(request):
    content, content_type = _article_bytes(request.get_host())
    return HttpResponse(content, content_type=content_type)
