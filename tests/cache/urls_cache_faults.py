"""The project's URLs plus a slow cached page that counts its renders, for
tests/ops/test_cache_faults.py (one render per missed page)."""

import threading
import time

from django.http import HttpResponse
from django.urls import path

from newsroom.cache import reader_page
from newsroom.urls import urlpatterns as project_urlpatterns

renders = 0
render_seconds = 0.3
# Cleared by a test to hold the first render until it is set (a stuck renderer).
hold = threading.Event()
hold.set()
_lock = threading.Lock()


@reader_page
def slow_page(request):
    global renders
    with _lock:
        renders += 1
        number = renders
    if number == 1:
        hold.wait(timeout=30)
    time.sleep(render_seconds)
    return HttpResponse(f"<!DOCTYPE html><title>Langsam</title><p>Fassung {number}</p>")


urlpatterns = [path("langsam/", slow_page), *project_urlpatterns]
