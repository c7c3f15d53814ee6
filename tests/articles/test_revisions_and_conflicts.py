"""Revisions (list, compare, restore) and concurrent edits through the real
admin: nothing anyone saved is lost silently."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Correction
from tests.admin_forms import management
from tests.factories import make_article, make_citation, make_source

pytestmark = pytest.mark.django_db


def _form_data(client, article):
    """What the change form would post back unchanged, read from the page."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    data = {
        "section": article.section_id,
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "comments_enabled": "on",
        "edit_version": form.initial.get("edit_version", form.fields["edit_version"].initial),
    }
    bylines = list(article.bylines.all())
    citations = list(article.citations.all())
    data.update(management("bylines", len(bylines), len(bylines)))
    for i, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": byline.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-author": byline.author_id,
                f"bylines-{i}-position": byline.position,
            }
        )
    data.update(management("citations", len(citations), len(citations)))
    for i, citation in enumerate(citations):
        data.update(
            {
                f"citations-{i}-id": citation.pk,
                f"citations-{i}-article": article.pk,
                f"citations-{i}-source": citation.source_id or "",
                f"citations-{i}-quote": citation.quote,
                f"citations-{i}-position": citation.position,
            }
        )
    corrections = article.corrections.count()
    data.update(management("corrections", corrections, corrections))
    for i, correction in enumerate(article.corrections.all()):
        data.update(
            {
                f"corrections-{i}-id": correction.pk,
                f"corrections-{i}-article": article.pk,
                f"corrections-{i}-kind": correction.kind,
                f"corrections-{i}-text": correction.text,
            }
        )
    return data


def _save(client, article, data, **extra):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, {**data, **extra})


# --- concurrent editing -----------------------------------------------------


def test_second_save_over_a_newer_version_is_stopped_and_shows_both(client, editor, journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    client.force_login(journalist)
    journalist_form = _form_data(client, article)
    client.force_login(editor)
    editor_form = _form_data(client, article)

    response = _save(client, article, editor_form, lead="Die Fassung der Chefin.")
    assert response.status_code == 302

    client.force_login(journalist)
    response = _save(client, article, journalist_form, lead="Die Fassung der Reporterin.")
    assert response.status_code == 200  # not saved
    html = response.content.decode()
    assert "Die Fassung der Chefin." in html  # the saved version, shown
    assert "Die Fassung der Reporterin." in html  # the user's own, kept in the form
    assert str(editor) in html
    assert Article.objects.get(pk=article.pk).lead == "Die Fassung der Chefin."

    # Having seen both, saving again deliberately keeps the journalist's text.
    again = {**journalist_form, "lead": "Die Fassung der Reporterin."}
    again["edit_version"] = response.context["adminform"].form.data["edit_version"]
    assert _save(client, article, again).status_code == 302
    assert Article.objects.get(pk=article.pk).lead == "Die Fassung der Reporterin."


def test_a_workflow_step_in_between_is_a_conflict_too(client, editor):
    from articles import publishing

    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    stale = _form_data(client, article)
    publishing.submit_for_review(article=article, user=editor)
    assert _save(client, article, stale, title="Neu").status_code == 200
    assert Article.objects.get(pk=article.pk).title != "Neu"


def test_list_and_form_show_who_changed_it_last(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    assert _save(client, article, _form_data(client, article)).status_code == 302
    article.refresh_from_db()
    assert article.updated_by == editor
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert editor.username in listing
    form_page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert editor.username in form_page.content.decode()


# --- revisions -----------------------------------------------------------------


def test_every_admin_save_keeps_a_revision_and_restoring_makes_a_new_one(client, editor):
    source = make_source(name="NATO")
    article = make_article(status=Article.Status.DRAFT, title="Erste Fassung")
    make_citation(article, source=source, quote="Alt")
    client.force_login(editor)
    assert _save(client, article, _form_data(client, article)).status_code == 302
    data = _form_data(client, article)
    data["citations-0-quote"] = "Neu"
    assert _save(client, article, data, title="Zweite Fassung").status_code == 302
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 2
    first = versions[-1]

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert f'value="{first.pk}"' in history.content.decode()

    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": first.pk, "to": versions[0].pk},
    )
    html = compare.content.decode()
    assert compare.status_code == 200
    assert "<del>Erste Fassung</del>" in html and "<ins>Zweite Fassung</ins>" in html
    assert "Alt" in html and "Neu" in html

    # Restore the first: the revision page shows it in the form; saving restores it.
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    page = client.get(revision_url)
    assert page.status_code == 200
    restored = _form_data_from_revision(page, article)
    assert client.post(revision_url, restored).status_code == 302
    article.refresh_from_db()
    assert article.title == "Erste Fassung"
    assert article.citations.get().quote == "Alt"
    assert Version.objects.get_for_object(article).count() == 3


def _form_data_from_revision(page, article):
    form = page.context["adminform"].form
    data = {
        name: (value if value is not None else "")
        for name, value in form.initial.items()
        if name in {"section", "kicker", "title", "slug", "lead", "body", "hero_image"}
    }
    data["edit_version"] = form.fields["edit_version"].initial
    data["comments_enabled"] = "on"
    html = page.content.decode()
    for prefix in ("bylines", "citations", "corrections"):
        total = re.search(rf'name="{prefix}-TOTAL_FORMS"[^>]*value="(\d+)"', html)
        initial = re.search(rf'name="{prefix}-INITIAL_FORMS"[^>]*value="(\d+)"', html)
        data.update(management(prefix, int(total.group(1)), int(initial.group(1))))
    for inline in page.context["inline_admin_formsets"]:
        for i, inline_form in enumerate(inline.formset.forms):
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                data[f"{inline.formset.prefix}-{i}-{name}"] = "" if value is None else value
    return data


def test_journalist_cannot_open_revisions_of_a_colleagues_article(client, journalist, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    _save(client, article, _form_data(client, article))
    version = Version.objects.get_for_object(article).first()
    client.force_login(journalist)
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    # Both say the article is not theirs (403, articles/admin_pages.not_yours_view).
    for response in (
        client.get(url),
        client.get(
            reverse("admin:articles_article_compare", args=[article.pk]),
            {"from": version.pk, "to": version.pk},
        ),
    ):
        assert response.status_code == 403
        assert "Nicht Ihr Artikel" in response.content.decode()
    assert Version.objects.get_for_object(article).count() == 1


def test_compare_with_bad_parameters_is_a_404(client, editor):
    article = make_article()
    client.force_login(editor)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    for params in ({}, {"from": "x", "to": "1"}, {"from": "999999", "to": "1"}):
        assert client.get(url, params).status_code == 404


# --- corrections ----------------------------------------------------------------


def test_editor_adds_a_correction_and_the_article_shows_it_newest_first(client, editor):
    from articles import publishing

    article = make_article(title="Bericht mit Fehler")
    first = publishing.add_correction(
        article=article, user=editor, kind=Correction.Kind.CORRECTION, text="Zahl korrigiert."
    )
    before = Article.objects.get(pk=article.pk).updated_at
    client.force_login(editor)
    data = _form_data(client, article)
    data.update(management("corrections", 2, 1))
    data.update({"corrections-1-kind": "update", "corrections-1-text": "Neue Stellungnahme."})
    assert _save(client, article, data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at > before
    assert article.corrections.count() == 2
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Neue Stellungnahme.") < html.index("Zahl korrigiert.")
    assert "Aktualisierung" in html and "Korrektur" in html
    assert first.created_at <= article.updated_at


def test_journalists_cannot_add_corrections(journalist):
    from django.core.exceptions import PermissionDenied

    from articles import publishing

    with pytest.raises(PermissionDenied):
        publishing.add_correction(
            article=make_article(), user=journalist, kind="correction", text="x"
        )
