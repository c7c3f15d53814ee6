"""Image rights (articles/image_rights.py), tried the way an outsider would:
logged in as a journalist, over HTTP against the admin.

A journalist may change (file, alt text, caption, credit) only an image they
uploaded and that nothing live shows: no published or scheduled article as
hero image, no author as photo. Anything else they get read-only, with the
reason; a POST to its change URL is refused with **403** (the read-only form
and the reason, nothing saved, no file written). Editors change any image.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.image_rights import can_change_image
from articles.models import Article, Image
from tests.factories import jpeg_bytes, make_article, make_author, make_user

pytestmark = pytest.mark.django_db

LIVE_REASON = "Dieses Bild wird in einem veröffentlichten Artikel gezeigt"
PHOTO_REASON = "Dieses Bild ist das Foto einer Autorin oder eines Autors"
OTHERS_REASON = "Dieses Bild hat jemand anderes hochgeladen"


def _change_url(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def _upload(client, user, alt_text, credit="Foto: Redaktion"):
    """Upload an image through the admin as ``user``."""
    client.force_login(user)
    response = client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("bild.jpg", jpeg_bytes((120, 80)), "image/jpeg"),
            "alt_text": alt_text,
            "caption": "Eine Bildunterschrift",
            "credit": credit,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Image.objects.get(alt_text=alt_text)


def _replacement(**overrides):
    """What an attacker posts: another picture, alt text, caption and credit."""
    return {
        "file": SimpleUploadedFile("ersatz.jpg", jpeg_bytes((90, 60), (0, 200, 0)), "image/jpeg"),
        "alt_text": "Ausgetauscht",
        "caption": "Falsche Bildunterschrift",
        "credit": "Foto: niemand",
        "_save": "Sichern",
        **overrides,
    }


def _media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _stored(image):
    image.refresh_from_db()
    with image.file.open("rb") as fp:
        content = fp.read()
    return {
        "name": image.file.name,
        "bytes": content,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "size": (image.width, image.height),
        "uploaded_by": image.uploaded_by_id,
    }


def _assert_refused(client, image, settings, reason):
    """A POST with a new file and texts changes nothing, byte for byte."""
    before, files = _stored(image), _media_files(settings)
    response = client.post(_change_url(image), _replacement())
    assert response.status_code == 403
    page = response.content.decode()
    assert reason in page
    assert 'name="alt_text"' not in page  # the read-only form, no inputs
    assert _stored(image) == before
    assert _media_files(settings) == files


def _assert_read_only(client, image, reason):
    response = client.get(_change_url(image))
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page
    assert 'name="alt_text"' not in page
    assert 'name="_save"' not in page
    assert image.alt_text in page


# --- the attack: an editor's hero image of a published article ------------------------------


@pytest.mark.parametrize(
    "publish_at",
    [timedelta(hours=-1), timedelta(days=1)],
    ids=["published", "scheduled"],
)
def test_journalist_cannot_replace_the_hero_image_of_a_live_article(
    client, journalist, editor, settings, publish_at
):
    image = _upload(client, editor, "Der Bundeskanzler am Rednerpult")
    make_article(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + publish_at,
        hero_image=image,
        created_by=editor,
    )
    client.force_login(journalist)
    _assert_read_only(client, image, LIVE_REASON)
    _assert_refused(client, image, settings, LIVE_REASON)
    # Deleting is refused too.
    delete = reverse("admin:articles_image_delete", args=[image.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_journalist_cannot_change_their_own_image_once_a_live_article_shows_it(
    client, journalist, editor, settings
):
    image = _upload(client, journalist, "Hochwasser an der Donau", credit="Foto: Reporterin")
    article = make_article(status=Article.Status.DRAFT, hero_image=image, created_by=journalist)
    # In their own draft it is still theirs.
    assert can_change_image(journalist, image)
    article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    client.force_login(journalist)
    _assert_read_only(client, image, LIVE_REASON)
    _assert_refused(client, image, settings, LIVE_REASON)


def test_journalist_cannot_change_an_unused_image_someone_else_uploaded(
    client, journalist, settings
):
    colleague = make_user("kollege", group="Journalists")
    image = _upload(client, colleague, "Ein Bild des Kollegen")
    client.force_login(journalist)
    _assert_read_only(client, image, OTHERS_REASON)
    _assert_refused(client, image, settings, OTHERS_REASON)


def test_images_from_before_uploaders_were_recorded_are_the_editors(
    client, journalist, editor, settings
):
    image = _upload(client, editor, "Ein altes Archivbild")
    Image.objects.filter(pk=image.pk).update(uploaded_by=None)
    client.force_login(journalist)
    _assert_refused(client, image, settings, OTHERS_REASON)


# --- author photos ---------------------------------------------------------------------------


def test_journalist_cannot_change_an_author_photo_not_even_their_own_upload(
    client, journalist, settings
):
    image = _upload(client, journalist, "Porträt der Reporterin")
    make_author(name="Reporterin", slug="reporterin", photo=image, user=journalist)
    client.force_login(journalist)
    _assert_read_only(client, image, PHOTO_REASON)
    _assert_refused(client, image, settings, PHOTO_REASON)


def test_journalist_cannot_change_an_author_or_swap_its_photo(client, journalist, editor):
    photo = _upload(client, editor, "Porträt von Anna Berger")
    other = _upload(client, journalist, "Ein anderes Gesicht")
    author = make_author(name="Anna Berger", slug="anna-berger", photo=photo)
    client.force_login(journalist)
    url = reverse("admin:articles_author_change", args=[author.pk])
    page = client.get(url)
    assert page.status_code == 200  # journalists may look at authors
    assert 'name="name"' not in page.content.decode()
    response = client.post(
        url, {"name": "Jemand anderes", "slug": "anna-berger", "bio": "", "photo": other.pk}
    )
    assert response.status_code == 403
    author.refresh_from_db()
    assert (author.name, author.photo_id) == ("Anna Berger", photo.pk)


# --- what stays allowed ---------------------------------------------------------------------


def test_journalist_changes_their_own_unused_image(client, journalist):
    image = _upload(client, journalist, "Mein Bild", credit="Foto: Reporterin")
    page = client.get(_change_url(image))
    assert 'name="alt_text"' in page.content.decode()
    response = client.post(_change_url(image), _replacement(alt_text="Mein besseres Bild"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.credit) == ("Mein besseres Bild", "Foto: niemand")
    assert (image.width, image.height) == (90, 60)
    assert image.uploaded_by == journalist


def test_journalist_changes_their_own_image_in_their_own_draft(client, journalist):
    image = _upload(client, journalist, "Entwurfsbild", credit="Foto: Reporterin")
    make_article(status=Article.Status.DRAFT, hero_image=image, created_by=journalist)
    response = client.post(_change_url(image), _replacement(file="", alt_text="Neuer Text"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Neuer Text"


def test_editor_changes_any_image(client, journalist, editor, settings):
    hero = _upload(client, journalist, "Bild der Reporterin")
    make_article(status=Article.Status.PUBLISHED, hero_image=hero, created_by=journalist)
    photo = _upload(client, journalist, "Porträt")
    make_author(photo=photo)
    client.force_login(editor)
    for image in (hero, photo):
        response = client.post(_change_url(image), _replacement(alt_text=f"Neu: {image.pk}"))
        assert response.status_code == 302
        image.refresh_from_db()
        assert image.alt_text == f"Neu: {image.pk}"
        assert image.uploaded_by == journalist  # still the uploader's


def test_journalist_uses_a_new_upload_instead(client, journalist, editor):
    """The way out the message names: upload a new image and select it."""
    live = _upload(client, editor, "Das Bild im Artikel")
    make_article(status=Article.Status.PUBLISHED, hero_image=live)
    own = _upload(client, journalist, "Mein eigenes Bild")
    assert not can_change_image(journalist, live)
    assert can_change_image(journalist, own)


# --- uploaders are recorded -----------------------------------------------------------------


def test_the_uploader_is_recorded_also_from_the_article_forms_popup(client, journalist):
    client.force_login(journalist)
    url = reverse("admin:articles_image_add") + "?_to_field=id&_popup=1"
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("popup.jpg", jpeg_bytes(), "image/jpeg"),
            "alt_text": "Aus dem Popup",
            "caption": "",
            "credit": "Foto: Reporterin",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200
    assert "data-popup-response" in response.content.decode()
    assert Image.objects.get(alt_text="Aus dem Popup").uploaded_by == journalist


def test_a_posted_uploader_is_ignored(client, journalist, editor):
    client.force_login(journalist)
    client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("bild.jpg", jpeg_bytes(), "image/jpeg"),
            "alt_text": "Untergeschoben",
            "credit": "Foto",
            "uploaded_by": editor.pk,
        },
    )
    assert Image.objects.get(alt_text="Untergeschoben").uploaded_by == journalist


# --- list and autocomplete ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_image_list_and_autocomplete_answer(client, journalist, editor, role):
    live = _upload(client, editor, "Bild im Artikel")
    make_article(status=Article.Status.PUBLISHED, hero_image=live)
    _upload(client, journalist, "Bild der Reporterin")
    Image.objects.filter(pk=live.pk).update(uploaded_by=None)
    client.force_login({"journalist": journalist, "editor": editor}[role])
    changelist = reverse("admin:articles_image_changelist")
    for query in ("", "?q=Bild", "?o=6"):
        response = client.get(changelist + query)
        assert response.status_code == 200
        assert "Bild im Artikel" in response.content.decode()
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "hero_image",
            "term": "Bild",
        },
    )
    assert response.status_code == 200
    texts = {result["text"] for result in response.json()["results"]}
    assert texts == {"Bild im Artikel", "Bild der Reporterin"}


# --- the demo -------------------------------------------------------------------------------


def test_demo_images_have_an_uploader_and_the_reporter_sees_hers_read_only(client):
    from demo.loader import load_demo

    load_demo(password="Ein-Testpasswort-42")
    assert not Image.objects.filter(uploaded_by=None).exists()
    reporter = User.objects.get(username="reporter")
    own = Image.objects.filter(uploaded_by=reporter)
    assert own.exists()
    # Hers, but shown in the published flagship: read-only for her.
    assert not any(can_change_image(reporter, image) for image in own)
    client.force_login(reporter)
    _assert_read_only(client, own.first(), LIVE_REASON)
