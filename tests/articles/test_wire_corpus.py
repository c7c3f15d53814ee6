"""The wire corpus (articles/quality_corpus/wire/): every whole wire text, as
it really arrives, becomes exactly its expected draft, pasted on the admin
page as a journalist would and read from a file by ``import_article``; the
draft's form shows the import report."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Author, WireImport
from articles.wire_quality import (
    FIELDS,
    differences,
    format_wire_share,
    wire_cases,
    wire_exact_share,
)
from tests.factories import make_section

CASES = wire_cases()
IMPORT_URL = "admin:articles_article_import"


def test_the_corpus_has_every_shape():
    assert len(CASES) >= 20
    for case in CASES:
        assert set(case.expected) == set(FIELDS), case.name
    expected = [case.expected for case in CASES]
    assert sum(e["proposed"] for e in expected) >= 5  # copy without a headline line
    assert sum(bool(e["kicker"]) for e in expected) >= 5
    assert sum(bool(e["bylines"]) for e in expected) >= 5
    assert sum(bool(e["dropped"]) for e in expected) >= 10
    assert sum(case.path.suffix == ".html" for case in CASES) >= 4
    assert any(b"\r\n" in case.data for case in CASES)
    assert any("\u00a0" in case.text and "\u00ad" in case.text for case in CASES)
    for figure in ("3.000", "12.000"):
        assert any(figure in e["lead"] + "".join(e["body"]) for e in expected)
    for quote in ("„", "»", '"'):
        assert any(quote in "".join(e["body"]) for e in expected)


def test_every_wire_text_is_imported_exactly():
    exact, total, failures = wire_exact_share()
    assert failures == []
    assert exact == total == len(CASES)
    assert (
        format_wire_share(exact, total) == f"Wire texts imported exactly: {total}/{total} (100.0 %)"
    )


def _assert_draft(article: Article, expected: dict):
    article.refresh_from_db()
    actual = {
        "kicker": article.kicker,
        "title": article.title,
        "proposed": article.proposed_title == article.title != "",
        "lead": article.lead,
        "body": article.body.split("\n\n") if article.body else [],
    }
    report = WireImport.objects.get(article=article).report
    actual["dropped"] = report["dropped"]
    actual["bylines"] = [b["name"] for b in report["bylines"]]
    assert differences(expected, actual) == []
    assert report["headline"] == article.title
    assert report["headline_proposed"] == expected["proposed"]
    assert article.status == Article.Status.DRAFT
    assert bool(article.proposed_title) == expected["proposed"]


@pytest.fixture
def anna(db):
    """An author in the directory: "Anna Berger" bylines are matched to her."""
    return Author.objects.create(name="Anna Berger", slug="anna-berger")


def _check_bylines(article, anna):
    for byline in WireImport.objects.get(article=article).report["bylines"]:
        assert byline["author"] == (anna.pk if byline["name"] == "Anna Berger" else None)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pasted_on_the_admin_page(client, journalist, anna, case):
    section = make_section()
    client.force_login(journalist)
    response = client.post(reverse(IMPORT_URL), {"section": section.pk, "text": case.text})
    assert response.status_code == 302, response.context["form"].errors
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    _assert_draft(article, case.expected)
    _check_bylines(article, anna)
    assert article.created_by == journalist

    page = client.get(response["Location"]).content.decode()
    assert "Import-Bericht" in page
    for line in case.expected["dropped"]:
        assert _html(line) in page
    assert ("Die Schlagzeile ist ein Vorschlag des Imports" in page) == case.expected["proposed"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_read_by_import_article(tmp_path, journalist, anna, case):
    make_section(slug="politik")
    path = tmp_path / case.path.name
    path.write_bytes(case.data)
    out = io.StringIO()
    call_command("import_article", str(path), section="politik", user="reporterin", stdout=out)
    article = Article.objects.get()
    _assert_draft(article, case.expected)
    _check_bylines(article, anna)
    output = out.getvalue()
    for line in case.expected["dropped"]:
        assert f"  - {line}" in output
    for name in case.expected["bylines"]:
        assert name in output


def _html(text: str) -> str:
    from django.utils.html import escape

    return escape(text)
