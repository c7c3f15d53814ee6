"""The article's history says what happened: a workflow step pressed without
other edits is logged as that step, not as an empty "Keine Felder geändert"
entry before it; a save without edits says so in words."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.articles.test_revisions_and_conflicts import _form_data, _save
from tests.factories import make_article

pytestmark = pytest.mark.django_db

EMPTY = ("Keine Felder geändert", "No fields changed")


def _log(article):
    entries = LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
    return [entry.get_change_message() for entry in entries]


def _revision_comments(article):
    return [v.revision.get_comment() for v in Version.objects.get_for_object(article)]


def _history(client, article):
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_workflow_step_without_edits_is_logged_once_as_the_step(client, journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    client.force_login(journalist)
    response = _save(client, article, _form_data(client, article), _submit_review="1")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    log = _log(article)
    assert not [m for m in log if m.startswith(EMPTY)], log
    assert log == ["Entwurf → in Prüfung"]
    comments = _revision_comments(article)
    assert not [c for c in comments if c.startswith(EMPTY)], comments
    assert "Entwurf → in Prüfung" in comments
    html = _history(client, article)
    assert "Keine Felder geändert" not in html
    assert "Entwurf → in Prüfung" in html


def test_a_save_without_edits_says_so(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    assert _save(client, article, _form_data(client, article)).status_code == 302

    assert _log(article) == ["Ohne Änderungen gespeichert."]
    assert _revision_comments(article) == ["Ohne Änderungen gespeichert."]
    html = _history(client, article)
    assert "Keine Felder geändert" not in html
    assert "Ohne Änderungen gespeichert." in html


def test_a_save_with_edits_and_a_step_keeps_both(client, journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    client.force_login(journalist)
    data = _form_data(client, article)
    response = _save(client, article, data, title="Neue Schlagzeile", _submit_review="1")
    assert response.status_code == 302
    log = _log(article)
    assert len(log) == 2
    assert "Schlagzeile" in log[0] and "geändert" in log[0]
    assert log[1] == "Entwurf → in Prüfung"
