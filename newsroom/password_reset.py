"""Password reset requests, limited per e-mail address and per network.

Django's ``PasswordResetView`` sends a mail for every request naming an
account's address: anyone could flood a colleague's inbox with reset mails,
or use the form to send mail to many addresses from one machine. Here, within
``PASSWORD_RESET_WINDOW_SECONDS`` (an hour), at most
``PASSWORD_RESET_PER_ADDRESS`` (3) requests name one address, from wherever
they come, and at most ``PASSWORD_RESET_PER_NETWORK`` (10) come from one
client network (IPv4 /24, IPv6 /48, as for comments), whatever addresses
they name. A request over a limit answers 429 with the form, the address as
typed and a message saying when to try again; no mail is sent.

Every request counts, whether or not an account has the address, and the
refusal is the same for both, so the limit tells nothing about accounts.
The counters are in the cache (Redis in production, so all web processes
share them): fixed windows, one key per address (a hash, never the address)
and per network. If the cache fails, requests are let through and a warning
is logged: a reset mail is not worth an error page.

The client's address is ``REMOTE_ADDR``, after ``newsroom.proxies`` (behind
trusted proxies, the client's own).
"""

import hashlib
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)


def client_network(remote_addr):
    """The client's network: IPv4 /24, IPv6 /48; "unknown" for no address."""
    try:
        ip = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:a.b.c.d from a dual-stack socket
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def retry_after(*, email, remote_addr, now=None):
    """Count one reset request; return the seconds until the caller may try
    again if it is over a limit, else None."""
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    now = time.time() if now is None else now
    index = int(now // window)
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    limits = [
        (f"password-reset:address:{address}:{index}", settings.PASSWORD_RESET_PER_ADDRESS),
        (
            f"password-reset:network:{client_network(remote_addr)}:{index}",
            settings.PASSWORD_RESET_PER_NETWORK,
        ),
    ]
    over = False
    try:
        for key, limit in limits:
            cache.add(key, 0, timeout=window + 60)
            over = cache.incr(key) > limit or over
    except Exception:  # any cache failure: let the request through
        logger.warning("Password reset limits not checked: the cache failed", exc_info=True)
        return None
    if not over:
        return None
    return max(1, math.ceil((index + 1) * window - now))


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        wait = retry_after(
            email=form.cleaned_data["email"], remote_addr=self.request.META.get("REMOTE_ADDR")
        )
        if wait is None:
            return super().form_valid(form)
        minutes = math.ceil(wait / 60)
        form.add_error(
            "email",
            ngettext(
                "Too many requests to reset a password for this address or from your "
                "network. Please try again in %(minutes)d minute.",
                "Too many requests to reset a password for this address or from your "
                "network. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(wait)
        return response
