"""Small factories for readable tests: each makes a valid object with
sensible defaults, and any field can be overridden by keyword."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles import images
from articles.models import Article, Author, Byline, Citation, Correction, Image, Section, Source
from comments.models import Comment

_seq = itertools.count(1)


def forget_stored_pages():
    """Empty every cache, the page cache's copies in this process too. Data
    made with these factories bypasses the services that drop stored pages
    (articles/invalidation.py), so a test that measures a fresh render after
    making more data forgets the stored pages first."""
    from django.core.cache import caches

    from newsroom.cache import _local_entries

    for cache in caches.all():
        cache.clear()
    _local_entries.clear()


def _n():
    return next(_seq)


def make_section(**kw):
    n = _n()
    return Section.objects.create(**{"name": f"Ressort {n}", "slug": f"ressort-{n}", **kw})


def make_author(**kw):
    n = _n()
    return Author.objects.create(**{"name": f"Autorin {n}", "slug": f"autorin-{n}", **kw})


def make_source(**kw):
    n = _n()
    defaults = {
        "name": f"Quelle {n}",
        "slug": f"quelle-{n}",
        "kind": Source.Kind.PERSON,
        "role": "Sprecher",
    }
    return Source.objects.create(**{**defaults, **kw})


def jpeg_bytes(size=(64, 36), color=(120, 30, 30)):
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def make_image(**kw):
    image = Image(alt_text=kw.pop("alt_text", "Ein Bild"), credit=kw.pop("credit", "Foto: Test"))
    for key, value in kw.items():
        setattr(image, key, value)
    image.file = ContentFile(jpeg_bytes(), name=f"test-{_n()}.jpg")
    images.store(image)
    return image


def make_article(*, authors=(), tags=(), status=Article.Status.PUBLISHED, **kw):
    n = _n()
    defaults = {
        "title": f"Schlagzeile {n}",
        "slug": f"schlagzeile-{n}",
        "lead": "Ein Vorspann, der sagt, wer was wann getan hat.",
        "body": "Erster Absatz.\n\n## Zwischenüberschrift\n\nZweiter Absatz.",
        "status": status,
    }
    if status == Article.Status.PUBLISHED:
        defaults["publish_at"] = timezone.now() - timedelta(hours=1)
    data = {**defaults, **kw}
    if "section" not in data:
        data["section"] = make_section()
    article = Article.objects.create(**data)
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(list(tags))
    return article


def make_citation(article, source=None, **kw):
    return Citation.objects.create(article=article, source=source or make_source(), **kw)


def make_correction(article, **kw):
    defaults = {"kind": Correction.Kind.CORRECTION, "text": "Ein Fehler wurde korrigiert."}
    return Correction.objects.create(article=article, **{**defaults, **kw})


def make_comment(article, **kw):
    n = _n()
    defaults = {
        "name": f"Leserin {n}",
        "email": f"leserin{n}@example.org",
        "body": f"Kommentar Nummer {n}.",
        "status": Comment.Status.APPROVED,
    }
    return Comment.objects.create(article=article, **{**defaults, **kw})


def make_user(username, *, group=None, password="test-pass-123", **kw):
    user = User.objects.create_user(username, password=password, is_staff=group is not None, **kw)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_approved_comments(article, n, **kw):
    """``n`` approved comments under ``article`` in one query (for pages and counts)."""
    Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Leser {i}",
            email=f"l{i}@example.org",
            body=f"Kommentar {i}",
            status=Comment.Status.APPROVED,
            **kw,
        )
        for i in range(n)
    )


SEARCH_WORD = "Hochwasserschutz"


def make_search_matches(count):
    """``count`` published articles in a new section "Chronik" that a search
    for SEARCH_WORD finds (in the body, so the headline is not the match)."""
    section = make_section(name="Chronik", slug="chronik")
    for number in range(count):
        make_article(
            section=section,
            title=f"Gemeinde {number} plant neuen Damm",
            lead="Die Anrainer reden mit.",
            body=f"Der {SEARCH_WORD} am Fluss wird erneuert.\n\n## Kosten\n\nDas Land zahlt mit.",
        )
