"""The rate limit: requests per minute per client, counted in the Django
cache: a window of a minute from the client's first counted request.

A client is its API key, or without one its network (``newsroom.net``:
IPv4 /24, IPv6 /48, so one machine cannot dodge the limit by rotating the
addresses of its block). Anonymous clients get ``API_ANON_RATE`` requests a
minute (default 60), a key its own ``rate``.

The limit sits *behind* the page cache (inside the view that
``reader_page`` wraps): only a request the cache cannot answer is counted.
A cached answer costs the origin one cache read, the same as counting it
would; the limit is there to protect the database and the renderers, and
only misses reach them. In front of a CDN or Varnish the same holds: what
the edge answers never reaches the origin at all.

When the cache fails, nobody is limited (the page cache's own breaker
renders without it as well): the limit protects, it must not take the API
down with the cache."""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle

from newsroom.net import anonymise_ip

logger = logging.getLogger(__name__)

WINDOW = 60


def anonymous_rate() -> int:
    return getattr(settings, "API_ANON_RATE", 60)


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        api_key = request.auth
        if api_key is not None:
            client, rate = f"key:{api_key.pk}", api_key.rate
        else:
            network = anonymise_ip(request.META.get("REMOTE_ADDR")) or "unknown"
            client, rate = f"ip:{network}", anonymous_rate()
        now = time.time()
        cache = caches[settings.PAGE_CACHE_ALIAS]
        try:
            # The client's window opens with its first counted request.
            cache.add(f"api:rate:{client}:start", now, WINDOW)
            start = cache.get(f"api:rate:{client}:start") or now
            counter = f"api:rate:{client}:{start:.3f}"
            cache.add(counter, 0, WINDOW + 5)
            count = cache.incr(counter)
        except Exception as exc:  # noqa: BLE001 - any cache failure: fail open
            logger.warning("api rate limit: the cache failed (%s), not counted", exc)
            return True
        self.retry_after = max(1, math.ceil(start + WINDOW - now))
        return count <= rate

    def wait(self):
        return self.retry_after
