"""Login throttling: django-axes in front of Django's ModelBackend.

``ThrottledLoginBackend`` is axes' ``AxesStandaloneBackend`` (first in
``AUTHENTICATION_BACKENDS``): a login attempt that comes with a request, which
is every login form on the site (the admin login passes its request to
``authenticate``), is refused while its username and IP address are locked out.

Axes refuses ``authenticate()`` calls without a request outright. Those come
only from code running on the server (``manage.py`` commands, the shell, the
test client's ``login()``), never from the network, so there is nothing to
throttle: this backend lets them through to ``ModelBackend``. Failed attempts
without a request are not counted either (axes' handler needs the request).
"""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_failure_limit(request, credentials):
    """``AXES_FAILURE_LIMIT``: the failures allowed for this attempt's
    username and address, ``LOGIN_FAILURE_LIMIT``; none at all once the
    address has ``LOGIN_IP_FAILURE_LIMIT`` failures within the cool-off window,
    whatever the usernames (password spraying).

    The address total is counted here rather than with an ``"ip_address"``
    lockout parameter, because a successful login resets the attempts matching
    every parameter: one valid account would wipe its address's count, and
    with it the failures against other usernames from there."""
    from_address = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    if (from_address or 0) >= settings.LOGIN_IP_FAILURE_LIMIT:
        return 0
    return settings.LOGIN_FAILURE_LIMIT
