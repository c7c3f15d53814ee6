"""A live article is protected: a save that does not publish becomes its
working draft, every public surface stays byte for byte as it was, and the
change goes out only when an editor publishes it. Driven over HTTP through
the real admin, as a journalist or an attacker would post it.

Length: every public surface before and after each step on a live article, per
role; the cases share this module's fixtures and helpers.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import publishing
from articles.models import Article, ArticleDraft, Correction, Transition
from tests.admin_forms import change_form, post_change
from tests.factories import (
    make_article,
    make_author,
    make_citation,
    make_image,
    make_section,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

# Bytes that differ between any two responses by design: the CSRF token is
# masked anew for each response, the CSP nonce is per response and the
# comment form's signed time moves with the clock.
PER_RESPONSE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(rb'nonce="[^"]+"'),
    re.compile(rb'name="(?:ts|timestamp|form_time|signed_time)" value="[^"]+"'),
]


def _normalised(content: bytes) -> bytes:
    for pattern in PER_RESPONSE:
        content = pattern.sub(b"", content)
    return content


@pytest.fixture
def live(journalist):
    """A journalist's published article, on every public surface."""
    author = make_author(name="Anna Berger", user=journalist)
    source = make_source(name="NATO", slug="nato")
    article = make_article(
        title="Nordkorea verlegt Truppen",
        slug="nordkorea-verlegt-truppen",
        lead="Seoul – Nordkorea hat Einheiten verlegt.",
        body="Erster Absatz.\n\n## Lage\n\nZweiter Absatz.",
        authors=[author],
        tags=["Korea"],
        created_by=journalist,
        hero_image=make_image(alt_text="Grenze", credit="Foto: APA"),
    )
    make_citation(article, source=source, quote="Wir beobachten die Lage")
    return article


def _public_urls(article):
    section, tag = article.section, article.tags.get()
    author, source = article.authors.get(), article.citations.get().source
    return [
        article.get_absolute_url(),
        reverse("articles:home"),
        section.get_absolute_url(),
        reverse("articles:tag", args=[tag.slug]),
        author.get_absolute_url(),
        source.get_absolute_url(),
        reverse("feed"),
        reverse("feed-atom"),
        reverse("section-feed", args=[section.slug]),
        reverse("tag-feed", args=[tag.slug]),
        reverse("sitemap-index"),
        reverse("sitemap", args=["articles"]),
        reverse("search:search") + "?q=Nordkorea",
        reverse("search:search") + "?q=Gefälscht",
    ]


def _snapshot(urls):
    reader = Client()
    pages = {}
    for url in urls:
        response = reader.get(url)
        pages[url] = (response.status_code, _normalised(response.content))
    return pages


def _hostile_edit(data, *, colleague, image):
    """Everything a journalist could change on the form at once."""
    return {
        **data,
        "title": "Gefälschte Schlagzeile",
        "kicker": "Exklusiv",
        "lead": "Ein anderer Vorspann.",
        "body": "Ganz neuer Text.",
        "slug": "gefaelscht",
        "hero_image": image.pk,
        "bylines-0-author": colleague.pk,
        "new_tags": "Gefälscht",
        "comments_enabled": None,
    }


def _without_none(data):
    return {k: v for k, v in data.items() if v is not None}


def test_a_journalists_save_on_a_live_article_changes_no_public_surface(client, journalist, live):
    urls = _public_urls(live)
    before = _snapshot(urls)
    colleague = make_author(name="Kollegin")
    client.force_login(journalist)
    _, data = change_form(client, live)
    hostile = _hostile_edit(data, colleague=colleague, image=make_image(alt_text="Fremd"))
    response = post_change(client, live, _without_none(hostile))
    assert response.status_code == 302

    assert _snapshot(urls) == before
    live.refresh_from_db()
    assert live.title == "Nordkorea verlegt Truppen"
    assert [a.name for a in live.authors.all()] == ["Anna Berger"]
    assert list(live.tags.names()) == ["Korea"]
    assert live.comments_enabled is True
    draft = ArticleDraft.objects.get(article=live)
    assert draft.data["fields"]["title"] == "Gefälschte Schlagzeile"
    assert draft.data["bylines"] == [colleague.pk]
    assert draft.updated_by == journalist
    assert reverse("articles:article", args=["gefaelscht"]) not in str(before)
    assert Client().get(reverse("articles:article", args=["gefaelscht"])).status_code == 404


def test_the_form_opens_on_the_draft_with_a_comparison(client, journalist, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, data, title="Neue Schlagzeile", lead="Neuer Vorspann.")
    response, data = change_form(client, live)
    html = response.content.decode()
    assert data["title"] == "Neue Schlagzeile"
    assert data["bylines-0-author"] == live.authors.get().pk
    assert data["citations-0-quote"] == "Wir beobachten die Lage"
    assert "Unveröffentlichte Änderungen" in html
    assert "<del>Nordkorea verlegt Truppen</del>" in html
    assert "<ins>Neue Schlagzeile</ins>" in html
    # Saving the draft again unchanged keeps it, and keeps its rows.
    assert post_change(client, live, data).status_code == 302
    draft = ArticleDraft.objects.get(article=live)
    assert draft.data["citations"] == [
        {"source": live.citations.get().source_id, "quote": "Wir beobachten die Lage"}
    ]
    # A journalist gets "submit changes", never "publish".
    buttons = re.findall(r'name="(_[a-z_]+)"', html)
    assert "_submit_changes" in buttons
    assert "_publish_changes" not in buttons and "_publish" not in buttons


def test_the_change_goes_live_only_when_an_editor_publishes_it(client, journalist, editor, live):
    urls = _public_urls(live)
    client.force_login(journalist)
    _, data = change_form(client, live)
    colleague = make_author(name="Kollegin")
    new_image = make_image(alt_text="Neues Bild")
    edited = {
        **data,
        "title": "Nordkorea verlegt weitere Truppen",
        "bylines-0-author": colleague.pk,
        "hero_image": new_image.pk,
        "new_tags": "Asien",
        "_submit_changes": "1",
    }
    assert post_change(client, live, edited).status_code == 302
    draft = ArticleDraft.objects.get(article=live)
    assert draft.state == ArticleDraft.State.REVIEW
    assert _snapshot(urls)[live.get_absolute_url()][1].count(b"weitere Truppen") == 0

    client.force_login(editor)
    response, data = change_form(client, live)
    assert "_publish_changes" in response.content.decode()
    versions = Version.objects.get_for_object(live).count()
    assert post_change(client, live, {**data, "_publish_changes": "1"}).status_code == 302

    live.refresh_from_db()
    assert live.title == "Nordkorea verlegt weitere Truppen"
    assert live.hero_image == new_image
    assert [a.name for a in live.authors.all()] == ["Kollegin"]
    assert sorted(live.tags.names()) == ["Asien", "Korea"]
    assert not ArticleDraft.objects.filter(article=live).exists()
    assert Version.objects.get_for_object(live).count() == versions + 1
    page = Client().get(live.get_absolute_url()).content.decode()
    assert "Nordkorea verlegt weitere Truppen" in page and "Kollegin" in page
    steps = list(Transition.objects.filter(article=live).values_list("step", flat=True))
    assert steps[:2] == ["publish_changes", "submit_changes"]


def test_publishing_changes_runs_the_pre_publish_checks_on_the_draft(client, editor, live):
    client.force_login(editor)
    _, data = change_form(client, live)
    response = post_change(client, live, {**data, "lead": "", "_publish_changes": "1"})
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Vorspann" in m for m in messages), messages
    live.refresh_from_db()
    assert live.lead == "Seoul – Nordkorea hat Einheiten verlegt."
    assert ArticleDraft.objects.get(article=live).data["fields"]["lead"] == ""


def test_an_editor_discards_or_sends_back_changes(client, journalist, editor, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "title": "Entwurf", "_submit_changes": "1"})
    client.force_login(editor)
    _, data = change_form(client, live)
    response = post_change(client, live, {**data, "_send_back_changes": "1"})
    assert ArticleDraft.objects.get(article=live).state == ArticleDraft.State.REVIEW
    assert any("schreiben Sie eine Notiz" in str(m) for m in response.wsgi_request._messages)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "workflow_note": "Quelle fehlt", "_send_back_changes": "1"})
    assert ArticleDraft.objects.get(article=live).state == ArticleDraft.State.DRAFT
    assert Transition.objects.filter(article=live, note="Quelle fehlt").exists()

    _, data = change_form(client, live)
    post_change(client, live, {**data, "_discard_changes": "1"})
    assert not ArticleDraft.objects.filter(article=live).exists()
    live.refresh_from_db()
    assert live.title == "Nordkorea verlegt Truppen"
    _, data = change_form(client, live)
    assert data["title"] == "Nordkorea verlegt Truppen"


def test_a_journalist_cannot_publish_or_discard_changes(client, journalist, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    for button in ("_publish_changes", "_discard_changes", "_publish", "_unpublish"):
        post_change(client, live, {**data, "title": "Eigenmächtig", button: "1"})
        live.refresh_from_db()
        assert live.title == "Nordkorea verlegt Truppen"
        assert live.status == Article.Status.PUBLISHED
    assert ArticleDraft.objects.get(article=live).data["fields"]["title"] == "Eigenmächtig"


def test_publishing_changes_can_add_a_note_for_readers(client, editor, live):
    client.force_login(editor)
    _, data = change_form(client, live)
    response = post_change(
        client,
        live,
        {
            **data,
            "body": "Korrigierter Text.",
            "correction_kind": "correction",
            "correction_text": "Die Zahl der Soldaten war falsch angegeben.",
            "_publish_changes": "1",
        },
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == "Korrigierter Text."
    correction = Correction.objects.get(article=live)
    assert correction.kind == "correction"
    assert "falsch angegeben" in Client().get(live.get_absolute_url()).content.decode()


def test_two_people_editing_the_draft_meet_the_conflict_check(client, journalist, editor, live):
    other = Client()
    client.force_login(journalist)
    other.force_login(editor)
    _, mine = change_form(client, live)
    _, theirs = change_form(other, live)
    assert post_change(other, live, {**theirs, "title": "Ihre Fassung"}).status_code == 302
    response = post_change(client, live, {**mine, "title": "Meine Fassung"})
    assert response.status_code == 200  # the form again, with both versions
    html = response.content.decode()
    assert "Ihre Fassung" in html and "Meine Fassung" in html
    assert ArticleDraft.objects.get(article=live).data["fields"]["title"] == "Ihre Fassung"


def test_restoring_a_revision_of_a_live_article_goes_to_the_draft(client, editor, live):
    client.force_login(editor)
    for title in ("Zweite Fassung", "Dritte Fassung"):
        _, data = change_form(client, live)
        post_change(client, live, {**data, "title": title, "_publish_changes": "1"})
    live.refresh_from_db()
    assert live.title == "Dritte Fassung"
    first = list(Version.objects.get_for_object(live))[-1]
    revision_url = reverse("admin:articles_article_revision", args=[live.pk, first.pk])
    page = client.get(revision_url)
    assert page.status_code == 200
    from tests.admin_forms import form_data

    restored = form_data(page)
    assert restored["title"] == "Zweite Fassung"
    assert client.post(revision_url, restored).status_code == 302
    live.refresh_from_db()
    assert live.title == "Dritte Fassung"  # readers still see the live version
    draft = ArticleDraft.objects.get(article=live)
    assert draft.data["fields"]["title"] == "Zweite Fassung"


def test_a_scheduled_article_is_protected_too_and_publish_now_takes_the_draft(
    client, journalist, editor
):
    article = make_article(
        created_by=journalist, publish_at=timezone.now() + timedelta(hours=2), title="Geplant"
    )
    client.force_login(journalist)
    _, data = change_form(client, article)
    post_change(client, article, {**data, "title": "Geplant, geändert"})
    article.refresh_from_db()
    assert article.title == "Geplant"
    client.force_login(editor)
    _, data = change_form(client, article)
    post_change(client, article, {**data, "_publish": "1"})
    article.refresh_from_db()
    assert article.title == "Geplant, geändert" and article.is_public
    assert not ArticleDraft.objects.filter(article=article).exists()


def test_unpublishing_makes_the_changes_the_article(editor, journalist, live):
    draft_content = {"fields": {"title": "Im Entwurf"}, "bylines": [], "citations": []}
    from articles import editing

    editing.save_content(article=live, content=draft_content, user=journalist)
    live.refresh_from_db()
    assert live.title == "Nordkorea verlegt Truppen"
    publishing.unpublish(article=live, user=editor)
    live.refresh_from_db()
    assert live.title == "Im Entwurf" and live.status == Article.Status.DRAFT
    assert not ArticleDraft.objects.filter(article=live).exists()
    assert live.authors.count() == 0


def test_saving_the_live_version_unchanged_leaves_no_draft(client, journalist, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "title": "Kurz anders"})
    _, data = change_form(client, live)
    post_change(client, live, {**data, "title": "Nordkorea verlegt Truppen"})
    assert not ArticleDraft.objects.filter(article=live).exists()


def test_drafts_never_reach_a_section_change_or_the_search_index(client, journalist, live):
    other_section = make_section(name="Sport", slug="sport")
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "section": other_section.pk, "body": "Geheimwort"})
    reader = Client()
    assert "Nordkorea" not in reader.get(other_section.get_absolute_url()).content.decode()
    assert (
        "Nordkorea" not in reader.get(reverse("search:search") + "?q=Geheimwort").content.decode()
    )


def test_the_changes_can_be_previewed_as_readers_will_see_them(client, journalist, editor, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    new_source = make_source(name="Außenministerium", slug="aussenministerium")
    post_change(
        client,
        live,
        {
            **data,
            "title": "Vorschau-Schlagzeile",
            "citations-0-source": new_source.pk,
            "new_tags": "Vorschau",
        },
    )
    url = reverse("admin:articles_article_changes_preview", args=[live.pk])
    for user in (journalist, editor):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Vorschau-Schlagzeile" in html and "Außenministerium" in html
        assert "Vorschau der unveröffentlichten Änderungen" in html
        assert 'content="noindex"' in html
        assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    # Readers never reach it; nor does a colleague without rights.
    assert Client().get(url).status_code == 302
    colleague = make_user("kollege", group="Journalists")
    client.force_login(colleague)
    # The 403 "Nicht Ihr Artikel" of the change form, history and compare pages.
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Nicht Ihr Artikel" in refused.content.decode()
    assert "Vorschau-Schlagzeile" not in refused.content.decode()
    assert "Vorschau-Schlagzeile" not in Client().get(live.get_absolute_url()).content.decode()


def test_publishing_changes_whose_author_was_deleted_is_refused_not_an_error(
    client, journalist, editor, live
):
    colleague = make_author(name="Bald gelöscht")
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "bylines-0-author": colleague.pk})
    colleague.delete()
    client.force_login(editor)
    assert client.get(reverse("admin:articles_article_change", args=[live.pk])).status_code == 200
    with pytest.raises(ValidationError, match="no longer exists|nicht mehr"):
        publishing.publish_changes(article=live, user=editor)
    live.refresh_from_db()
    assert [a.name for a in live.authors.all()] == ["Anna Berger"]
    assert ArticleDraft.objects.filter(article=live).exists()


def test_an_editors_plain_save_is_a_draft_too(client, editor, live):
    urls = _public_urls(live)
    before = _snapshot(urls)
    client.force_login(editor)
    _, data = change_form(client, live)
    assert post_change(client, live, {**data, "title": "Redaktion ändert"}).status_code == 302
    assert _snapshot(urls) == before
    _, data = change_form(client, live)
    post_change(client, live, {**data, "_publish_changes": "1"})
    live.refresh_from_db()
    assert live.title == "Redaktion ändert"
    assert "Redaktion ändert" in Client().get(live.get_absolute_url()).content.decode()


def test_a_moderator_or_a_colleague_cannot_touch_the_live_article(client, moderator, live):
    colleague = make_user("kollegin", group="Journalists")
    url = reverse("admin:articles_article_change", args=[live.pk])
    for user in (moderator, colleague):
        client.force_login(user)
        response = client.post(url, {"title": "Übernommen", "_publish_changes": "1"})
        assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Nordkorea verlegt Truppen"
    assert not ArticleDraft.objects.filter(article=live).exists()


def test_post_moderation_is_set_per_article_in_the_form(client, editor, journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    for user in (journalist, editor):
        client.force_login(user)
        response, data = change_form(client, article)
        assert 'name="comment_moderation"' in response.content.decode()
    assert post_change(client, article, {**data, "comment_moderation": "post"}).status_code == 302
    article.refresh_from_db()
    assert article.comment_moderation == "post"
    _, data = change_form(client, article)
    response = post_change(client, article, {**data, "comment_moderation": "sofort"})
    assert response.status_code == 200  # a form error, nothing saved
    article.refresh_from_db()
    assert article.comment_moderation == "post"


def test_the_article_list_says_which_live_articles_carry_changes(client, journalist, editor, live):
    client.force_login(journalist)
    _, data = change_form(client, live)
    post_change(client, live, {**data, "title": "Geändert", "_submit_changes": "1"})
    client.force_login(editor)
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "nr-changes-review" in listing and "Änderungen in Prüfung" in listing


def test_archiving_waits_until_the_changes_are_published_or_discarded(editor, journalist, live):
    from articles import editing

    editing.save_content(article=live, content={"fields": {"title": "Neu"}}, user=journalist)
    with pytest.raises(ValidationError, match="archiv"):
        publishing.archive(article=live, user=editor)
    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED


def test_a_published_correction_cannot_be_rewritten_through_the_form(client, editor, live):
    client.force_login(editor)
    _, data = change_form(client, live)
    post_change(
        client,
        live,
        {
            **data,
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "Die erste Fassung nannte 2.000 Soldaten.",
        },
    )
    correction = Correction.objects.get(article=live)
    response, data = change_form(client, live)
    assert 'name="corrections-0-text"' not in response.content.decode()  # read-only now
    post_change(
        client,
        live,
        {**data, "corrections-0-text": "Nie passiert.", "corrections-0-id": correction.pk},
    )
    correction.refresh_from_db()
    assert correction.text == "Die erste Fassung nannte 2.000 Soldaten."
