"""``manage.py load_demo``: idempotent, the flagship article shaped as designed,
the publication gate, the demo users and the password rules; the demo's
history is the services' own (the moderation log, the workflow, the audit log)."""

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
from audit.models import AuditEvent
from comments import moderation
from comments.models import Comment, Decision, Report
from demo import data
from demo.data import DEFAULT_PASSWORD, FLAGSHIP_SLUG

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


# --- the history is real: written by the services ------------------------------------------


def history():
    return {
        model.__name__: model.objects.count()
        for model in (Decision, Report, AuditEvent, ArticleDraft, Correction)
    }


def test_the_moderation_log_holds_the_demo_moderators_decisions(demo_password, client):
    load_demo()
    before = history()
    load_demo()  # again: nothing decided, reported or logged twice
    assert history() == before

    flagship = Article.objects.get(slug=FLAGSHIP_SLUG)
    expected = {"approve": "approved", "reject": "rejected", "spam": "spam", None: "pending"}
    for spec in data.COMMENTS:
        comment = Comment.objects.get(article=flagship, name=spec["name"])
        assert comment.status == expected[spec["decision"]], spec["name"]
        # Sent like any reader's: the policy held it for a moderator.
        held = comment.decisions.filter(moderator=None)
        assert not held.exists() and comment.reasons, spec["name"]
        decisions = comment.decisions.filter(
            source=Decision.Source.MODERATOR, from_status=Comment.Status.PENDING
        )
        if spec["decision"] is None:
            assert not comment.decisions.exists()
            assert comment.moderated_by is None
            continue
        (decision,) = decisions
        assert decision.moderator.username == "moderation"
        assert decision.to_status == comment.status
        assert decision.reason == spec.get("reason", "")
        assert comment.moderated_by.username == "moderation"
        assert comment.moderation_reason == spec.get("reason", "")

    by_moderator = Decision.objects.filter(moderator__username="moderation")
    assert set(by_moderator.values_list("to_status", flat=True)) == {
        Comment.Status.APPROVED,
        Comment.Status.REJECTED,
        Comment.Status.SPAM,
    }
    # Each decision is in the audit log too, by the same moderator.
    moderated = AuditEvent.objects.filter(action=AuditEvent.Action.MODERATE)
    assert moderated.count() == by_moderator.count()
    assert set(moderated.values_list("actor__username", flat=True)) == {"moderation"}

    # The moderators' read-only log in the admin shows them.
    client.force_login(by_moderator.first().moderator)
    page = client.get(reverse("admin:comments_decision_changelist"))
    assert page.status_code == 200
    reject = next(spec for spec in data.COMMENTS if spec["decision"] == "reject")
    assert reject["reason"] in page.content.decode()


def test_reports_went_through_the_reporting_service(demo_password):
    load_demo()
    comment = Comment.objects.get(name=data.REPORTED_COMMENT)
    # The moderator kept it after the first report: reports no longer hide it,
    # the two open ones put it in the reported queue; the first network's
    # second report weighs nothing (its first was overruled).
    assert moderation.moderation_state(comment) == moderation.REPORTED
    assert comment.kept_after_reports and not comment.hidden_by_reports
    assert comment.reports_count == 2
    reports = comment.reports.order_by("pk")
    assert list(reports.values_list("ip_address", "resolved", "outcome", "weight")) == [
        ("198.51.100.0", True, Report.Outcome.OVERRULED, 1),
        ("198.51.100.0", False, "", 0),
        ("203.0.113.0", False, "", 1),
    ]
    keep = comment.decisions.get(from_status=Comment.Status.APPROVED)
    assert (keep.moderator.username, keep.to_status) == ("moderation", Comment.Status.APPROVED)


def test_the_desk_published_through_the_workflow(demo_password):
    load_demo()
    flagship = Article.objects.get(slug=FLAGSHIP_SLUG)
    assert flagship.created_by.username == "reporter"
    steps = list(flagship.transitions.values_list("step", "user__username"))
    assert steps == [("publish", "redaktion")]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PUBLISH, object_id=str(flagship.pk)
    ).exists()
    scheduled = Article.objects.get(slug="seewaldner-stadtlauf-2500-teilnehmende-erwartet")
    assert list(scheduled.transitions.values_list("step", flat=True)) == ["schedule"]


def test_a_renamed_article_keeps_its_old_link(demo_password, client):
    """The desk renamed one article after it went out (demo.data.RENAMED): its
    old link leads to it, and the summary names that link."""
    out = load_demo()
    assert (
        "Alter Link (leitet weiter): http://127.0.0.1:8000/artikel/derby-seewalden-riedbach/" in out
    )
    response = client.get("/artikel/derby-seewalden-riedbach/")
    assert response.status_code == 301
    assert response["Location"] == "/artikel/seewaldner-sc-gewinnt-derby-in-der-nachspielzeit/"
    assert client.get(response["Location"]).status_code == 200
