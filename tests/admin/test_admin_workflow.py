"""The editorial path through the real admin forms and actions: a journalist
writes and submits, an editor publishes, a moderator approves a comment."""

import pytest
from django.urls import reverse

from articles.models import Article, Author
from comments.models import Comment
from tests.admin_forms import management
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


def _article_form(section, **overrides):
    data = {
        "section": section.pk,
        "kicker": "Krise",
        "title": "NATO warnt vor Eskalation",
        "slug": "nato-warnt",
        "lead": "Die NATO hat am Mittwoch gewarnt.",
        "body": "Text.\n\n## Zwischentitel\n\nMehr.",
        "new_tags": "NATO, Nordkorea",
        "status": "draft",
        "comments_enabled": "on",
        **management("bylines"),
        **management("citations"),
        **management("corrections"),
    }
    return {**data, **overrides}


def test_journalist_writes_a_draft_and_is_bylined(client, journalist):
    Author.objects.create(name="Reporterin", slug="reporterin", user=journalist)
    section = make_section()
    client.force_login(journalist)
    response = client.post(reverse("admin:articles_article_add"), _article_form(section))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="nato-warnt")
    assert article.created_by == journalist
    assert article.status == Article.Status.DRAFT
    assert [b.author.slug for b in article.bylines.all()] == ["reporterin"]
    assert sorted(article.tags.names()) == ["NATO", "Nordkorea"]
    assert "<h2>Zwischentitel</h2>" in article.body_html


def test_journalist_cannot_publish_through_the_form(client, journalist):
    """Status is not a form field, and the publish button is refused."""
    section = make_section()
    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_article_add"),
        _article_form(section, status="published", _publish="1"),
        follow=True,
    )
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert not article.is_public
    assert "Sie dürfen keine Artikel veröffentlichen." in response.content.decode()


def test_journalist_saves_and_submits_with_one_button(client, journalist):
    section = make_section()
    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_article_add"),
        _article_form(section, _submit_review="1"),
        follow=True,
    )
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert "Zur Prüfung eingereicht" in response.content.decode()


def test_journalist_cannot_open_a_colleagues_article(client, journalist):
    foreign = make_article(status=Article.Status.DRAFT)
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[foreign.pk])
    # The change form says the article is not theirs (403, articles/admin_pages.not_yours_view),
    # without its title.
    response = client.get(url)
    assert response.status_code == 403
    assert "Nicht Ihr Artikel" in response.content.decode()
    assert foreign.title not in response.content.decode()
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert foreign.title not in changelist


def test_journalist_submits_via_action_and_editor_publishes(client, journalist, editor):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    changelist = reverse("admin:articles_article_changelist")

    client.force_login(journalist)
    response = client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT  # the action is not offered
    client.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    client.force_login(editor)
    response = client.post(
        changelist, {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.is_public
    assert client.get(article.get_absolute_url()).status_code == 200


def test_moderator_queue_defaults_to_pending_and_approves(client, moderator):
    article = make_article()
    waiting = make_comment(article, status="pending", body="Wartet noch")
    make_comment(article, status="approved", body="Schon sichtbar")
    client.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    html = client.get(changelist).content.decode()
    assert "Wartet noch" in html
    assert "Schon sichtbar" not in html

    client.post(changelist, {"action": "approve", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert waiting.moderated_by == moderator
    assert "Wartet noch" in client.get(article.get_absolute_url()).content.decode()


def test_moderator_sees_nothing_editorial(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_source_changelist")).status_code == 403


def test_tag_autocomplete_answers_journalists(client, journalist):
    make_article(tags=["Nordkorea"])
    client.force_login(journalist)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "nord", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Nordkorea"]
