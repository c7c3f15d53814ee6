"""The articles admin speaks German to people about people: states and other
choices by their labels in the revision comparison ("in Prüfung", not
"review"), yes/no as "Ja"/"Nein", and colleagues by their full name (the user
name only when no name is set) in the list, the form, the workflow history,
the revisions and the desk overview."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import publishing
from articles.models import Article
from tests.articles.test_revisions_and_conflicts import _form_data, _save
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def christa(db):
    return make_user("chefin", group="Editors", first_name="Christa", last_name="Brandl")


@pytest.fixture
def jonas(db):
    return make_user("jrieder", group="Journalists", first_name="Jonas", last_name="Rieder")


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def _diff_lines(html):
    """What the comparison shows as removed and added."""
    return re.findall(r"<del>(.*?)</del>", html), re.findall(r"<ins>(.*?)</ins>", html)


def test_compare_shows_state_and_choice_labels_not_raw_values(client, christa, jonas):
    article = make_article(status=Article.Status.DRAFT, created_by=jonas, featured=False)
    client.force_login(jonas)
    assert _save(client, article, _form_data(client, article)).status_code == 302
    # The journalist turns comments off and submits in one go.
    data = _form_data(client, article)
    del data["comments_enabled"]
    assert _save(client, article, data, _submit_review="1").status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    publishing.publish(article=article, user=christa)

    versions = list(Version.objects.get_for_object(article))  # newest first
    client.force_login(christa)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    html = _get(client, url, **{"from": versions[-1].pk, "to": versions[0].pk})
    removed, added = _diff_lines(html)
    assert "Entwurf" in removed and "veröffentlicht" in added
    assert "Ja" in removed and "Nein" in added  # comments enabled → off
    for raw in ("draft", "review", "published", "True", "False"):
        assert raw not in removed + added, raw
    # Who saved each revision: by name.
    assert "(Jonas Rieder)" in html and "(Christa Brandl)" in html
    assert "(jrieder)" not in html and "(chefin)" not in html


def test_people_are_shown_by_full_name_across_the_articles_admin(client, christa, jonas):
    article = make_article(status=Article.Status.DRAFT, created_by=jonas, title="Ein Bericht")
    client.force_login(jonas)
    response = _save(client, article, _form_data(client, article), _submit_review="1")
    assert response.status_code == 302
    client.force_login(christa)

    # The article list: who changed it last.
    listing = _get(client, reverse("admin:articles_article_changelist"))
    cell = re.search(r'<td class="field-last_changed_by">(.*?)</td>', listing).group(1)
    assert cell == "Jonas Rieder"

    # The change form: the status line, the read-only field, the workflow history.
    form = _get(client, reverse("admin:articles_article_change", args=[article.pk]))
    assert "Zuletzt geändert von Jonas Rieder" in form
    readonly = re.search(r'field-last_changed_by.*?<div class="readonly">(.*?)</div>', form, re.S)
    assert readonly.group(1).strip() == "Jonas Rieder"
    history_table = form[form.index("nr-transitions") :]
    assert "<td>Jonas Rieder</td>" in history_table
    assert "<td>jrieder</td>" not in history_table

    # The revision list.
    history = _get(client, reverse("admin:articles_article_history", args=[article.pk]))
    assert "<td>Jonas Rieder</td>" in history and "<td>jrieder</td>" not in history

    # The desk overview: the article in review, last changed by …
    desk = _get(client, reverse("admin:articles_article_desk"))
    assert "· Jonas Rieder" in desk and "· jrieder" not in desk


def test_without_a_name_the_user_name_is_shown(client, editor):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    assert _save(client, article, _form_data(client, article)).status_code == 302
    listing = _get(client, reverse("admin:articles_article_changelist"))
    cell = re.search(r'<td class="field-last_changed_by">(.*?)</td>', listing).group(1)
    assert cell == editor.username
