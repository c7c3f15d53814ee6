"""Uploaded images served by Django (``settings.SERVE_MEDIA``).

Development has it on by default; a small deployment without a separate web
server for MEDIA_ROOT may turn it on as well. Only what the image pipeline
(articles/images.py) writes is served: a file under MEDIA_ROOT whose extension
is one of the image types below, with that type as Content-Type, ``nosniff``,
``inline`` and a year-long cache (stored names are generated from a uuid, so a
name never gets other content). Anything else - another extension, a path
that leaves MEDIA_ROOT (``..``, an absolute path, a symlink pointing out), a
hidden file, a directory, a missing file - is a 404.
"""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

IMAGE_TYPES = {
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".avif": "image/avif",
}
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _media_file(path: str) -> tuple[Path, str]:
    """The file for a URL path below MEDIA_URL and its Content-Type; Http404
    unless it is an image type and really lies inside MEDIA_ROOT."""
    relative = PurePosixPath(path)
    content_type = IMAGE_TYPES.get(relative.suffix.lower())
    if (
        content_type is None
        or "\x00" in path
        or "\\" in path
        or relative.is_absolute()
        or any(part in ("", ".", "..") or part.startswith(".") for part in path.split("/"))
    ):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        candidate = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        raise Http404 from None
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise Http404
    return candidate, content_type


@require_safe
def serve_media(request, path):
    """GET/HEAD MEDIA_URL<path>: the image, or 404."""
    file_path, content_type = _media_file(path)
    stat = file_path.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(file_path.open("rb"), content_type=content_type)
        response["Last-Modified"] = http_date(stat.st_mtime)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    return response
