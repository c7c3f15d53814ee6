"""Attacks on issue 14 ("The live article is protected") that succeeded in a
black-box test against a production-like server (gunicorn, PostgreSQL, Redis,
DEBUG=false). Each test reproduces one finding over HTTP, as the attacker did,
and fails until it is fixed."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleDraft, Image, Source
from comments.models import Comment
from tests.admin_forms import change_form, post_change
from tests.factories import (
    jpeg_bytes,
    make_article,
    make_author,
    make_comment,
    make_image,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


def _without_none(data):
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def live(journalist):
    author = make_author(name="Anna Berger", user=journalist)
    return make_article(
        title="Nordkorea verlegt Truppen",
        slug="nordkorea-verlegt-truppen",
        body="Alter geprüfter Text.",
        authors=[author],
        created_by=journalist,
        hero_image=make_image(alt_text="Grenze", credit="Foto: APA"),
        featured=True,
    )


# --- the preview of the changes shows the live body ---------------------------------------------


def test_the_preview_of_the_changes_shows_the_changed_body(client, journalist, live):
    """editing.preview_of applies the draft's fields in memory but not
    ``body_html``, which the reader template renders: the preview (which the
    editor checks before publishing) shows the live body, not the draft's."""
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, _without_none(data), body="Neuer ungeprüfter Text.")
    assert ArticleDraft.objects.filter(article=live).exists()
    page = client.get(reverse("admin:articles_article_changes_preview", args=[live.pk]))
    html = page.content.decode()
    assert "Neuer ungeprüfter Text." in html
    assert "Alter geprüfter Text." not in html


# --- an image swapped after the editor reviewed the changes ---------------------------------------


def test_an_image_in_changes_under_review_cannot_be_swapped_behind_the_editors_back(
    journalist, editor, live
):
    """image_rights only protects images that a *live* article shows. A
    journalist's own image named in a working draft (or an article in review)
    stays changeable, and changing it does not raise the article's version:
    the editor publishes the changes from the form they reviewed and readers
    get the swapped picture and texts."""
    reporter, desk = Client(), Client()
    reporter.force_login(journalist)
    desk.force_login(editor)
    reporter.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("bild.jpg", jpeg_bytes((120, 80)), "image/jpeg"),
            "alt_text": "Harmloses Bild",
            "credit": "Foto: Reporterin",
        },
    )
    image = Image.objects.get(alt_text="Harmloses Bild")
    _, data = change_form(reporter, live)
    post_change(reporter, live, _without_none(data), hero_image=image.pk, _submit_changes="1")

    _, reviewed = change_form(desk, live)  # the editor reviews the changes
    reporter.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {
            "file": SimpleUploadedFile("x.jpg", jpeg_bytes((90, 60), (250, 0, 0)), "image/jpeg"),
            "alt_text": "Ausgetauscht nach der Prüfung",
            "credit": "Foto: niemand",
            "_save": "Sichern",
        },
    )
    post_change(desk, live, _without_none(reviewed), _publish_changes="1")

    page = Client().get(live.get_absolute_url()).content.decode()
    assert "Ausgetauscht nach der Prüfung" not in page


# --- bulk "publish now" takes unreviewed changes live -------------------------------------------


def test_bulk_publish_now_does_not_put_unreviewed_changes_live(journalist, editor, live):
    """A scheduled article with a journalist's working draft (saved, not even
    submitted): the editor's bulk action "Publish selected articles now"
    folds the draft into the article (publishing._move/_fold) and readers get
    text nobody reviewed. The article list gives no sign of pending changes."""
    Article.objects.filter(pk=live.pk).update(publish_at=timezone.now() + timedelta(days=2))
    reporter, desk = Client(), Client()
    reporter.force_login(journalist)
    desk.force_login(editor)
    _, data = change_form(reporter, live)
    post_change(reporter, live, _without_none(data), body="Ungeprüfter Text der Reporterin.")
    assert ArticleDraft.objects.filter(article=live, state="draft").exists()

    desk.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [live.pk], "index": 0},
    )

    page = Client().get(live.get_absolute_url()).content.decode()
    assert "Ungeprüfter Text der Reporterin." not in page


# --- a journalist publishes a page without review: the source page ------------------------------


def test_a_journalist_cannot_put_a_public_page_online_through_a_new_source(client, journalist):
    """Journalists may add sources (add_source). /quelle/<slug>/ answers 200
    for any non-confidential source, even one no published article cites, so
    a journalist's text (name, role, affiliation) is on a public, indexable
    page without any editor (articles.views.source_detail)."""
    client.force_login(journalist)
    client.post(
        reverse("admin:articles_source_add"),
        {
            "name": "Bürgermeisterin tritt zurück",
            "slug": "exklusiv",
            "kind": Source.Kind.PERSON,
            "role": "Exklusiv: Rücktritt heute",
        },
    )
    assert Source.objects.filter(slug="exklusiv").exists()
    assert Client().get(reverse("articles:source", args=["exklusiv"])).status_code == 404


# --- a journalist's save drops an editor's decision in the draft ---------------------------------


def test_a_journalists_save_keeps_the_editors_featured_choice_in_the_draft(
    journalist, editor, live
):
    """editing._complete fills the fields a journalist's form lacks
    (``featured``) from the live rows, not from the working draft as its
    docstring says: the editor's un-featuring in the draft is silently undone."""
    reporter, desk = Client(), Client()
    reporter.force_login(journalist)
    desk.force_login(editor)
    _, data = change_form(desk, live)
    data["featured"] = None
    post_change(desk, live, _without_none(data), kicker="Redaktion")
    assert ArticleDraft.objects.get(article=live).data["fields"]["featured"] is False
    _, data = change_form(reporter, live)
    post_change(reporter, live, _without_none(data), kicker="Reporterin")
    assert ArticleDraft.objects.get(article=live).data["fields"]["featured"] is False


# --- errors (500) from hostile input ------------------------------------------------------------


def test_autosave_endpoints_answer_a_multipart_body_with_json_not_500(journalist, live):
    """The CSRF middleware reads request.POST, which consumes a multipart
    body; admin_editor._json_view then reads request.body: RawPostDataException."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(journalist)
    client.get(reverse("admin:articles_article_change", args=[live.pk]))
    token = client.cookies["csrftoken"].value
    for name in ("editor_autosave", "editor_discard", "editor_preview"):
        response = client.post(
            reverse(f"admin:articles_article_{name}"),
            {"article": str(live.pk)},
            HTTP_X_CSRFTOKEN=token,
        )
        assert response.status_code == 400, (name, response.status_code)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "field,value",
    [("hero_image", "abc"), ("hero_image", "1e3"), ("tags", "abc"), ("bylines-0-author", "1\x00")],
)
def test_a_non_numeric_id_in_an_autocomplete_field_is_a_form_error_not_500(
    journalist, live, field, value
):
    """The admin's autocomplete widget re-renders the bound value with a
    query that raises ValueError for a non-numeric id."""
    client = Client(raise_request_exception=False)
    client.force_login(journalist)
    _, data = change_form(client, live)
    response = post_change(client, live, _without_none(data), **{field: value})
    assert response.status_code == 200


def test_a_nul_in_the_reason_of_a_moderation_decision_is_refused_not_500(moderator):
    """Was a DataError (500) on PostgreSQL: comments.moderation.decide saved
    the reason unchecked. check_decision now refuses control characters
    before anything is decided: back to the comment (302) with the message."""
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    client = Client(raise_request_exception=False)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_decide"),
        {
            "comment": comment.pk,
            "decision": Comment.Status.REJECTED,
            "expected": "pending",
            "reason": "Beleidigung\x00",
        },
        follow=True,
    )
    workspace = reverse("admin:comments_comment_workspace")
    assert response.redirect_chain == [(f"{workspace}#comment-{comment.pk}", 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"#{comment.pk}: Der Text enthält unsichtbare Steuerzeichen. Bitte entfernen Sie sie."
    ]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.decisions.exists()


# --- journalists list colleagues' deleted articles ----------------------------------------------


def test_journalists_do_not_see_the_deleted_articles_of_colleagues(client, journalist, editor):
    """recover_view is for editors only, but reversion's recoverlist_view
    (/admin/articles/article/recover/) lists every deleted article's title."""
    desk = Client()
    desk.force_login(editor)
    secret = make_article(
        title="Geheime Recherche zur Stadtwerke-Affäre",
        status=Article.Status.DRAFT,
        section=make_section(),
        created_by=make_user("kollegin", group="Journalists"),
    )
    _, data = change_form(desk, secret)
    post_change(desk, secret, _without_none(data), kicker="Recherche")  # a revision
    desk.post(reverse("admin:articles_article_delete", args=[secret.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=secret.pk).exists()

    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_recoverlist"))
    assert "Stadtwerke-Affäre" not in response.content.decode()


def test_json_endpoints_refuse_text_they_cannot_parse(journalist, live):
    """Control: hostile JSON is a 400 with a message (held in the attack)."""
    client = Client()
    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_article_editor_autosave"),
        data=json.dumps({"article": live.pk, "data": [["title", "a\x00"]]}),
        content_type="application/json",
    )
    assert response.status_code == 400
