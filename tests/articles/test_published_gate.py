"""The published gate: drafts, articles in review, archived and scheduled
articles never reach a reader, on any page; staff who may edit preview them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_citation, make_source, make_user

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.REVIEW},
    {"status": Article.Status.ARCHIVED, "publish_at": timezone.now() - timedelta(days=1)},
]


def _future():
    return {"status": Article.Status.PUBLISHED, "publish_at": timezone.now() + timedelta(hours=2)}


@pytest.fixture(params=[*HIDDEN_STATES, "scheduled"], ids=["draft", "review", "archived", "future"])
def hidden_article(request):
    state = _future() if request.param == "scheduled" else request.param
    author = make_author()
    return make_article(title="Geheime Geschichte", authors=[author], tags=["Embargo"], **state)


def test_published_excludes_hidden_states(hidden_article):
    visible = make_article()
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_at_its_time_without_anything_running():
    at = timezone.now() + timedelta(minutes=5)
    article = make_article(publish_at=at)
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=at)
    assert article in Article.objects.published(now=at + timedelta(seconds=1))


def test_hidden_article_answers_404_to_readers(client, hidden_article):
    assert client.get(hidden_article.get_absolute_url()).status_code == 404


def test_hidden_article_is_on_no_list_page(client, hidden_article):
    source = make_source(name="Sprecherin Müller")
    make_citation(hidden_article, source=source)
    # A tag or a source with no published article has no page (404); the front
    # page, the section and the author's page are there, without the article.
    expected = {
        "/": 200,
        hidden_article.section.get_absolute_url(): 200,
        "/thema/embargo/": 404,
        hidden_article.bylines.get().author.get_absolute_url(): 200,
        source.get_absolute_url(): 404,
    }
    for url, status in expected.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert "Geheime Geschichte" not in response.content.decode(), url


def test_journalist_cannot_preview_someone_elses_draft(client, journalist):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(journalist)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_author_previews_own_draft_uncached(client, journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    client.force_login(journalist)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Vorschau" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "noindex" in response.content.decode()


def test_editor_previews_scheduled_article(client, editor):
    article = make_article(**_future())
    client.force_login(editor)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_logged_in_non_staff_user_gets_404(client):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user("leser"))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_confidential_source_is_never_shown(client):
    article = make_article()
    make_citation(article, source=make_source(name="Informant X", is_confidential=True))
    make_citation(article, source=make_source(name="NATO-Sprecher"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "NATO-Sprecher" in html
    assert "Informant X" not in html
    confidential = article.citations.get(source__is_confidential=True).source
    assert client.get(confidential.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("tag", ["Fußball", "Südkorea", "Außenpolitik"])
def test_tags_with_umlauts_link_to_their_page(client, tag):
    article = make_article(tags=[tag], title="Mit Umlaut")
    html = client.get(article.get_absolute_url()).content.decode()
    tag_url = reverse("articles:tag", args=[article.tags.get().slug])
    assert tag_url.startswith("/thema/")
    assert f'href="{tag_url}"' in html
    assert "Mit Umlaut" in client.get(tag_url).content.decode()


def test_a_topic_only_unpublished_articles_carry_is_a_404(client):
    make_article(status=Article.Status.DRAFT, tags=["Geheimes Übernahmeprojekt"])
    response = client.get(reverse("articles:tag", args=["geheimes-übernahmeprojekt"]))
    assert response.status_code == 404
    assert "Übernahmeprojekt" not in response.content.decode()
