"""Views that fail in each way, for the error page tests, in front of the
project's own URLs (middleware may reverse them)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from newsroom.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("secret internals at /srv/newsroom/settings.py")


def forbidden(request):
    raise PermissionDenied("internal reason: group Editors missing")


def suspicious(request):
    raise SuspiciousOperation("internal detail of the bad request")


def query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok")


@csrf_protect
def form(request):
    return HttpResponse("posted")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    path("query/", query),
    path("form/", form),
    *project_urlpatterns,
]
