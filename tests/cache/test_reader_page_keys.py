"""What drops which stored reader page (articles/invalidation.py,
comments/invalidation.py): each change the desk makes in the admin shows on
the next request on every page that shows it, and pages that do not show it
stay stored. The changes are made as people make them: through the admin
over HTTP, or the services the admin calls."""

import pytest
from django.urls import reverse

from articles import publishing
from articles.models import Article
from comments import moderation, privacy
from comments.models import Comment
from tests.admin_forms import form_data
from tests.factories import (
    make_article,
    make_author,
    make_citation,
    make_comment,
    make_image,
    make_source,
)

pytestmark = pytest.mark.django_db


def _admin_change(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _status(reader, url):
    response = reader.get(url)
    return response["X-Page-Cache"], response.content.decode()


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader():
    from django.test import Client

    return Client()


def test_renaming_an_author_drops_their_pages_and_their_articles_lists(desk, reader):
    author = make_author(name="Anna Alt")
    article = make_article(authors=[author], title="Von Anna")
    other = make_article(title="Von niemandem")
    urls = ["/", author.get_absolute_url(), article.get_absolute_url()]
    for url in [*urls, other.get_absolute_url()]:
        reader.get(url)
    _admin_change(desk, author, name="Anna Neu")
    for url in urls:
        status, html = _status(reader, url)
        # The home page's teasers carry no byline (docs/reader-site.md), but
        # the page shows the article: it is dropped all the same.
        assert status == "miss" and (url == "/" or "Anna Neu" in html), url
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_renaming_a_section_drops_every_page(desk, reader, editor):
    article = make_article()
    section = article.section
    reader.get("/")
    reader.get(article.get_absolute_url())
    _admin_change(desk, section, name="Umbenannt")
    for url in ["/", article.get_absolute_url()]:
        status, html = _status(reader, url)
        assert status == "miss" and "Umbenannt" in html, url


def test_renaming_a_topic_drops_its_page_and_its_articles(desk, reader):
    article = make_article(tags=["Wahl"])
    tag = article.tags.get()
    reader.get(article.get_absolute_url())
    reader.get("/thema/wahl/")
    _admin_change(desk, tag, name="Landtagswahl", slug="wahl")
    assert "Landtagswahl" in _status(reader, article.get_absolute_url())[1]
    assert "Landtagswahl" in _status(reader, "/thema/wahl/")[1]


def test_editing_a_source_drops_the_articles_that_cite_it(desk, reader):
    source = make_source(name="Dr. Alt")
    article = make_article()
    make_citation(article, source=source, quote="Ein Satz.")
    other = make_article()
    for url in [article.get_absolute_url(), source.get_absolute_url(), other.get_absolute_url()]:
        reader.get(url)
    _admin_change(desk, source, name="Dr. Neu")
    assert "Dr. Neu" in _status(reader, article.get_absolute_url())[1]
    assert "Dr. Neu" in _status(reader, source.get_absolute_url())[1]
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_new_alt_text_of_a_hero_image_shows_on_its_article(desk, reader):
    image = make_image(alt_text="Alter Text")
    article = make_article(hero_image=image)
    other = make_article()
    reader.get(article.get_absolute_url())
    reader.get(other.get_absolute_url())
    _admin_change(desk, image, alt_text="Neuer Text")
    assert 'alt="Neuer Text"' in _status(reader, article.get_absolute_url())[1]
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_deleting_an_article_in_the_admin_drops_its_pages(desk, reader):
    article = make_article(title="Wird gelöscht")
    reader.get("/")
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert desk.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert "Wird gelöscht" not in _status(reader, "/")[1]
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_comment_changes_drop_only_their_article_page(reader, moderator):
    article, other = make_article(), make_article()
    for url in ["/", article.get_absolute_url(), other.get_absolute_url()]:
        reader.get(url)
    comment = make_comment(article, status=Comment.Status.PENDING, body="Zur Freigabe.")
    moderation.approve(comment_id=comment.pk, user=moderator)
    assert _status(reader, article.get_absolute_url())[0] == "miss"
    assert reader.get("/")["X-Page-Cache"] == "hit"
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    # A privacy erasure removes it at once too.
    privacy.erase_comments_by_email(comment.email, user=moderator)
    assert "Zur Freigabe." not in _status(reader, article.get_absolute_url())[1]


def test_a_pending_comment_rejected_drops_nothing(reader, moderator):
    article = make_article()
    reader.get(article.get_absolute_url())
    comment = make_comment(article, status=Comment.Status.PENDING)
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Nein.")
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_submitting_for_review_drops_nothing(reader, journalist, editor):
    draft = make_article(status=Article.Status.DRAFT)
    published = make_article()
    reader.get("/")
    publishing.submit_for_review(article=draft, user=editor)
    assert reader.get("/")["X-Page-Cache"] == "hit"
    publishing.unpublish(article=published, user=editor)
    assert reader.get("/")["X-Page-Cache"] == "miss"
