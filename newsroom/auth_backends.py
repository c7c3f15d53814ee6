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

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
