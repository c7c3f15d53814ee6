"""``manage.py load_demo``: idempotent, the flagship article shaped as designed,
the publication gate, the demo users and the password rules."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.demo import DEFAULT_PASSWORD, FLAGSHIP_SLUG
from articles.models import (
    Article,
    ArticleDraft,
    Author,
    Byline,
    Citation,
    Correction,
    Image,
    Section,
    Source,
)
from comments.models import Comment

pytestmark = pytest.mark.django_db

DEMO_USERS = {"reporter": "Journalists", "redaktion": "Editors", "moderation": "Moderators"}
PASSWORD = "Ein-Testpasswort-42"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    return PASSWORD


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot(media_root):
    """Everything the demo creates, without the timestamps (they follow the clock)."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Section,
                Author,
                Source,
                Article,
                Byline,
                Citation,
                Correction,
                Image,
                Comment,
                Tag,
                TaggedItem,
                get_user_model(),
                Group,
            )
        },
        "articles": sorted(
            Article.objects.values_list("slug", "status", "featured", "title", "body_html")
        ),
        "citations": sorted(Citation.objects.values_list("article__slug", "source__slug", "quote")),
        "comments": sorted(Comment.objects.values_list("name", "status", "moderated_by__username")),
        "images": sorted(Image.objects.values_list("file", "alt_text", "width", "height")),
        "files": sorted(
            str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()
        ),
    }


def test_load_demo_is_idempotent(demo_password, media_root):
    load_demo()
    first = snapshot(media_root)
    load_demo()
    assert snapshot(media_root) == first
    assert first["counts"]["Article"] >= 8
    originals = [f for f in first["files"] if not re.search(r"-w\d+\.webp$", f)]
    assert len(originals) == first["counts"]["Image"]


def test_flagship_article_is_published_and_shaped_as_designed(demo_password):
    load_demo()
    article = Article.objects.published().get(slug=FLAGSHIP_SLUG)

    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at <= timezone.now()
    assert article.kicker and article.lead
    assert len(re.findall(r"<h2[\s>]", article.body_html)) == 7
    assert "„" in article.body and "“" in article.body
    assert "3.000 Soldaten" in article.title + article.lead
    assert article.bylines.exists()
    assert article.tags.exists()

    hero = article.hero_image
    assert hero is not None and hero.alt_text and hero.credit == "Grafik: Newsroom-Demo"
    assert (hero.width, hero.height) == (1200, 675)

    quotes = [c.quote for c in article.citations.exclude(quote="")]
    assert len(quotes) >= 5
    for quote in quotes:
        assert quote in article.body, quote
    assert {c.source.kind for c in article.citations.select_related("source")} == set(
        Source.Kind.values
    )
    assert article.corrections.filter(kind=Correction.Kind.UPDATE).count() == 1


def test_published_articles_span_the_sections(demo_password):
    load_demo()
    published = Article.objects.published()
    assert published.count() >= 6
    assert published.filter(featured=True).exists()
    assert set(published.values_list("section__slug", flat=True)) == set(
        Section.objects.values_list("slug", flat=True)
    )
    for article in Article.objects.all():
        assert article.body_html.count("<h2>") >= 2, article.slug
        assert article.citations.exists() and article.bylines.exists(), article.slug
        assert article.tags.exists(), article.slug
    # Tag pages must be reachable: the URL pattern takes ASCII slugs only.
    for tag in Tag.objects.all():
        reverse("articles:tag", args=[tag.slug])


def test_draft_and_scheduled_articles_stay_behind_the_gate(demo_password, client):
    load_demo()
    published = Article.objects.published()
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT))
    assert drafts
    scheduled = Article.objects.get(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
    assert scheduled.publish_at > timezone.now() + timedelta(days=1)
    assert not published.filter(pk__in=[*(d.pk for d in drafts), scheduled.pk]).exists()
    for hidden in [*drafts, scheduled]:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_flagship_page_shows_approved_comments_but_no_secrets(demo_password, client):
    load_demo()
    article = Article.objects.get(slug=FLAGSHIP_SLUG)
    comments = Comment.objects.filter(article=article)
    approved = comments.filter(status=Comment.Status.APPROVED)
    pending = comments.filter(status=Comment.Status.PENDING)
    assert approved.count() >= 2 and pending.count() >= 2
    for comment in approved:
        assert comment.moderated_by.username == "moderation"
        assert comment.moderated_at is not None
    assert not pending.exclude(moderated_by=None).exists()

    confidential = Source.objects.get(is_confidential=True)
    assert confidential.internal_notes
    assert article.citations.filter(source=confidential).exists()

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    for comment in approved:
        assert comment.name in html
    for comment in pending:
        assert comment.body not in html
    assert confidential.name not in html
    assert confidential.internal_notes not in html
    assert client.get(confidential.get_absolute_url()).status_code == 404


def test_every_source_kind_and_one_confidential_source(demo_password):
    load_demo()
    assert set(Source.objects.values_list("kind", flat=True)) == set(Source.Kind.values)
    assert Source.objects.filter(is_confidential=True).count() == 1
    assert Source.objects.filter(kind=Source.Kind.PERSON, role__startswith="Sprecher").exists()


def test_demo_users_have_their_roles_and_the_env_password(demo_password, client):
    output = load_demo()
    User = get_user_model()
    for username, group in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.is_staff and user.is_active and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert authenticate(username=username, password=PASSWORD) == user
        assert client.login(username=username, password=PASSWORD)
        assert client.get(reverse("admin:index")).status_code == 200
        client.logout()
    assert Author.objects.get(user__username="reporter")
    assert PASSWORD not in output
    assert "DEMO_PASSWORD" in output
    assert "http://127.0.0.1:8000/" in output and "/admin/" in output


def test_rerun_sets_the_new_password(monkeypatch, demo_password):
    load_demo()
    monkeypatch.setenv("DEMO_PASSWORD", "Ein-anderes-Passwort-7")
    load_demo()
    assert authenticate(username="reporter", password=PASSWORD) is None
    assert authenticate(username="reporter", password="Ein-anderes-Passwort-7") is not None


def test_debug_uses_and_prints_the_development_password(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = load_demo()
    assert f"Demo-Passwort: {DEFAULT_PASSWORD}" in output
    assert authenticate(username="redaktion", password=DEFAULT_PASSWORD) is not None


@pytest.mark.parametrize("value", [None, "", "   "])
def test_without_debug_a_missing_password_is_refused(settings, monkeypatch, value):
    settings.DEBUG = False
    if value is None:
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("DEMO_PASSWORD", value)
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        load_demo()
    assert not get_user_model().objects.filter(username__in=DEMO_USERS).exists()
    assert not Article.objects.exists()


def test_without_debug_an_explicit_password_works(settings, demo_password):
    settings.DEBUG = False
    load_demo()
    assert authenticate(username="moderation", password=PASSWORD) is not None


def test_missing_groups_abort_without_partial_data(demo_password):
    Group.objects.filter(name="Moderators").delete()
    with pytest.raises(CommandError, match="migrate"):
        load_demo()
    assert not get_user_model().objects.exists()
    assert not Article.objects.exists()


def test_a_live_article_carries_unpublished_changes_in_review(demo_password, client):
    load_demo()
    load_demo()  # again: still one working draft, still in review
    article = Article.objects.get(slug="seewalden-sperrt-innenstadt-fuer-durchgangsverkehr")
    draft = ArticleDraft.objects.get(article=article)
    assert draft.state == ArticleDraft.State.REVIEW
    assert draft.data["fields"]["lead"].startswith("Ab März")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Ab März" not in page and article.lead[:40] in page
