"""A scheduled article appears by itself on every public surface at its
time, with nothing running, and nowhere before."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_author, make_citation, make_section, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(editor):
    section = make_section(slug="politik")
    source = make_source(slug="nato-sprecherin")
    article = make_article(
        status=Article.Status.REVIEW,
        title="Geplanter Bericht",
        section=section,
        authors=[make_author(slug="reporterin")],
        tags=["Planung"],
    )
    make_citation(article, source=source)
    publishing.schedule(article=article, user=editor, at=timezone.now() + timedelta(minutes=10))
    return article


SURFACES = [
    "/",
    "/ressort/politik/",
    "/thema/planung/",
    "/autor/reporterin/",
    "/quelle/nato-sprecherin/",
]


def _visible_everywhere(client, article):
    seen = {}
    for url in SURFACES:
        seen[url] = "Geplanter Bericht" in client.get(url).content.decode()
    seen["article"] = client.get(article.get_absolute_url()).status_code == 200
    return seen


def test_nothing_shows_before_the_time(client, scheduled):
    assert not any(_visible_everywhere(client, scheduled).values())


def test_everything_shows_after_the_time_without_anything_running(client, scheduled):
    # The clock moves past the time; nothing is saved or run in between.
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert all(_visible_everywhere(client, scheduled).values())


def test_desk_lists_scheduled_and_in_review_by_time(client, editor, scheduled):
    in_review = make_article(status=Article.Status.REVIEW, title="Wartet auf Abnahme")
    later = make_article(title="Übermorgen", status=Article.Status.REVIEW)
    publishing.schedule(article=later, user=editor, at=timezone.now() + timedelta(days=2))
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_desk")).content.decode()
    assert "Wartet auf Abnahme" in html and in_review.section.name in html
    assert html.index("Geplanter Bericht") < html.index("Übermorgen")
    assert "Europe/Vienna" in html


def test_desk_is_closed_to_moderators(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("admin:articles_article_desk")).status_code == 403
