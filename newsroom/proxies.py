"""The client's address behind a reverse proxy.

Comment flood control, report limits, login throttling and the audit log key
on ``REMOTE_ADDR``. Behind a proxy that is the proxy's address, so every
reader would share one limit. With ``TRUSTED_PROXIES`` (addresses or
networks, e.g. ``10.0.0.0/8``) set, a request that comes *from* a trusted
proxy gets ``REMOTE_ADDR`` from ``X-Forwarded-For``: the right-most address
that is not itself a trusted proxy (the left part of that header is whatever
the client sent, so it is never believed). Requests from anywhere else keep
their own address and their ``X-Forwarded-For`` is ignored.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries]


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(remote_addr, forwarded_for, trusted) -> str:
    """The client's address as seen through ``trusted`` proxies."""
    current = _address(remote_addr or "")
    if current is None or not any(current in net for net in trusted) or not forwarded_for:
        return remote_addr
    for hop in reversed(forwarded_for.split(",")[-20:]):
        address = _address(hop)
        if address is None:
            break  # a malformed entry: believe nothing left of it
        current = address
        if not any(address in net for net in trusted):
            break
    return str(current)


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = _networks(tuple(settings.TRUSTED_PROXIES))
        if trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR"),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                trusted,
            )
        return self.get_response(request)
