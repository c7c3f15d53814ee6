"""A journalist who opens a colleague's article in the admin is told plainly
that it is not theirs (403, with the way back), not that it does not exist;
nothing about the article is given away."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Dieser Artikel gehört nicht zu Ihren Artikeln. Nur seine Autorinnen und Autoren "
    "und die Redaktion können ihn bearbeiten."
)


@pytest.fixture
def foreign():
    colleague = make_user("kollegin", group="Journalists")
    return make_article(
        status=Article.Status.DRAFT,
        created_by=colleague,
        title="Geheime Recherche zum Stadtwerk",
        slug="geheime-recherche-zum-stadtwerk",
    )


@pytest.mark.parametrize("admin_page", ["change", "history"])
def test_a_colleagues_article_is_not_theirs_not_missing(client, journalist, foreign, admin_page):
    client.force_login(journalist)
    response = client.get(reverse(f"admin:articles_article_{admin_page}", args=[foreign.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert MESSAGE in html
    assert f'href="{reverse("admin:articles_article_changelist")}"' in html
    assert "Zurück zu Ihren Artikeln" in html
    assert "existiert nicht" not in html and "gelöscht" not in html
    assert "Geheime Recherche" not in html and foreign.slug not in html


def test_a_post_to_a_colleagues_article_changes_nothing(client, journalist, foreign):
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[foreign.pk])
    response = client.post(url, {"title": "Übernommen"})
    assert response.status_code == 403
    assert MESSAGE in response.content.decode()
    assert Article.objects.get(pk=foreign.pk).title == "Geheime Recherche zum Stadtwerk"


def test_the_revision_comparison_says_the_same(client, journalist, foreign):
    client.force_login(journalist)
    url = reverse("admin:articles_article_compare", args=[foreign.pk])
    response = client.get(url, {"from": "1", "to": "2"})
    assert response.status_code == 403
    assert MESSAGE in response.content.decode()


def test_an_article_that_does_not_exist_is_still_reported_missing(client, journalist):
    client.force_login(journalist)
    for missing in ("999999", "kein-artikel"):
        url = reverse("admin:articles_article_change", args=[missing])
        response = client.get(url)
        assert response.status_code == 302  # the admin's "does not exist" redirect
        assert response.url == reverse("admin:index")


def test_own_articles_and_editors_open_as_before(client, journalist, editor, foreign):
    own = make_article(status=Article.Status.DRAFT, created_by=journalist)
    client.force_login(journalist)
    assert client.get(reverse("admin:articles_article_change", args=[own.pk])).status_code == 200
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[foreign.pk])
    assert client.get(url).status_code == 200


def test_a_moderator_learns_nothing(client, moderator, foreign):
    client.force_login(moderator)
    response = client.get(reverse("admin:articles_article_change", args=[foreign.pk]))
    assert response.status_code == 403
    assert MESSAGE not in response.content.decode()
