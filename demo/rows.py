"""The demo's rows that have no service of their own: users (with their
groups), sections, authors, sources and images. Each is found by its natural
key and brought back to ``demo.data`` (sources also to ``demo.news``),
validated with ``full_clean()`` like input from the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from articles import images
from articles.models import Author, Image, Section, Source

from . import data, news
from .pictures import render_demo_jpeg


class DemoSetupError(RuntimeError):
    """The database is not ready for the demo (e.g. migrations not applied)."""


def upsert(model, lookup: dict, values: dict):
    """update_or_create that validates: find by ``lookup``, set ``values``,
    ``full_clean()``, save. Returns the instance."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def check_groups():
    wanted = {user["group"] for user in data.USERS}
    existing = set(Group.objects.filter(name__in=wanted).values_list("name", flat=True))
    missing = sorted(wanted - existing)
    if missing:
        raise DemoSetupError(
            "Fehlende Gruppen: {}. Bitte zuerst `python manage.py migrate` ausführen "
            "(Missing groups; run migrate first).".format(", ".join(missing))
        )


def load_users(password: str) -> dict:
    User = get_user_model()
    users = {}
    for spec in data.USERS:
        user = User.objects.filter(username=spec["username"]).first() or User(
            username=spec["username"]
        )
        user.first_name = spec["first_name"]
        user.last_name = spec["last_name"]
        user.email = spec["email"]
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.set([Group.objects.get(name=spec["group"])])
        users[spec["username"]] = user
    return users


def load_sections() -> dict:
    sections = {}
    for position, spec in enumerate(data.SECTIONS, start=1):
        sections[spec["slug"]] = upsert(
            Section,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "description": spec["description"],
                "position": position * 10,
                "comment_moderation": spec.get("comment_moderation", "pre"),
            },
        )
    return sections


def load_authors(users) -> dict:
    return {
        spec["slug"]: upsert(
            Author,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "bio": spec["bio"],
                "user": users[spec["user"]] if spec["user"] else None,
            },
        )
        for spec in data.AUTHORS
    }


def load_sources() -> dict:
    sources = {}
    for spec in [*data.SOURCES, *news.SOURCES]:
        values = {
            "role": "",
            "affiliation": "",
            "url": "",
            "is_confidential": False,
            "internal_notes": "",
            "aliases": "",
            **{k: v for k, v in spec.items() if k != "slug"},
        }
        sources[spec["slug"]] = upsert(Source, {"slug": spec["slug"]}, values)
    return sources


def load_image(spec: dict, users: dict) -> Image:
    """Reuse the row with this alt text; write a file only when it has none
    (or the file went missing from storage)."""
    image = Image.objects.filter(alt_text=spec["alt_text"]).order_by("pk").first()
    if image is None:
        image = Image(alt_text=spec["alt_text"])
    image.uploaded_by = users[spec.get("uploaded_by", "redaktion")]
    image.caption = spec["caption"]
    image.credit = data.IMAGE_CREDIT
    has_file = bool(image.file) and image.file.storage.exists(image.file.name)
    if not has_file:
        image.file = ContentFile(render_demo_jpeg(spec), name=spec["filename"])
    image.full_clean()
    images.store(image)
    if has_file:
        # Loaded before: a rendition width added since (RENDITION_WIDTHS) is written now.
        images.add_missing_renditions(image)
    return image
