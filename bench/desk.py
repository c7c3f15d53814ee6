"""What the bench's desk processes (manage.py bench_storm, bench_ticker)
share: a staff user who acts through the services, and a reader's GET."""

import urllib.error
import urllib.request

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission


def staff_user(username, *permissions):
    """Staff with ``permissions`` ("app_label.codename"), no password: it
    never logs in, the services check its rights."""
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    user.set_unusable_password()
    user.save()
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def fetch(url, agent, timeout=10.0):
    """(status, body) of a GET without cookies, as a reader sends it."""
    request = urllib.request.Request(url, headers={"User-Agent": agent})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError) as exc:
        return 0, str(exc)
