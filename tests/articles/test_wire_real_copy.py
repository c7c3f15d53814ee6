"""Wire copy as it really arrives: without a headline line (the proposed
headline and what it takes to publish it), pasted HTML (also hostile),
author lines as byline suggestions, subheadings without blank lines, and
the import report.

Length: real agency and web copy, one case per shape of text; the cases share
this module's fixtures and helpers.
"""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import publishing, wire
from articles.models import Article, Author, WireImport
from articles.wire import import_wire_article, parse_wire_text, propose_headline
from tests.admin_forms import change_form, post_change
from tests.factories import make_section

IMPORT_URL = "admin:articles_article_import"
PROPOSAL_PROBLEM = "Die Schlagzeile ist ein Vorschlag des Imports: bitte ersetzen oder bestätigen."

APA_COPY = """Wien (APA) – Die Bundesregierung hat am Mittwoch ein Entlastungspaket für Pendler
beschlossen. Die Pendlerpauschale steigt ab 1. Jänner um 50 Prozent.

Kosten von 3.000 Millionen Euro

Das Paket kostet rund 3.000 Millionen Euro, teilte das Finanzministerium mit.
"""
APA_TITLE = "Die Bundesregierung hat am Mittwoch ein Entlastungspaket für Pendler beschlossen"


def _code(exc_info):
    error = exc_info.value
    return error.error_list[0].code if hasattr(error, "error_list") else None


# --- no headline line -------------------------------------------------------------


def test_copy_starting_with_the_lead_gets_a_proposed_headline():
    parsed = parse_wire_text(APA_COPY)
    assert parsed.title_proposed
    assert parsed.title == APA_TITLE
    assert parsed.lead.startswith("Wien (APA) – Die Bundesregierung hat am Mittwoch")
    assert parsed.dateline == "Wien (APA) –"
    assert parsed.body.startswith("## Kosten von 3.000 Millionen Euro\n\n")


@pytest.mark.parametrize(
    ("lead", "headline"),
    [
        (
            "Die NATO hat am Mittwoch gewarnt. Nordkorea verlegt Truppen.",
            "Die NATO hat am Mittwoch gewarnt",
        ),
        ("„Wir bleiben hier.“ Das sagte der Bürgermeister.", "„Wir bleiben hier“"),
        (
            "„Das ist eine gezielte Provokation“, sagte ein Sprecher am Mittwoch in Seoul.",
            "„Das ist eine gezielte Provokation“",
        ),
        (
            "SEOUL, 23. Oktober (Reuters) - Nordkorea hat erneut eine Rakete abgefeuert.",
            "Nordkorea hat erneut eine Rakete abgefeuert",
        ),
        (
            "Am 14. März hat Dr. Huber den 1. Preis gewonnen, teilte die Jury mit.",
            "Am 14. März hat Dr. Huber den 1. Preis gewonnen",
        ),
        ("Droht ein Flächenbrand? Die Lage ist unklar.", "Droht ein Flächenbrand?"),
        (
            "Graz (APA) - Bei einem Brand in einem Mehrfamilienhaus in Graz-Lend sind in der "
            "Nacht auf Sonntag zwei Menschen leicht verletzt worden.",
            "Bei einem Brand in einem Mehrfamilienhaus in Graz-Lend sind in der Nacht auf Sonntag…",
        ),
    ],
)  # fmt: skip
def test_proposed_headline_is_the_first_clause(lead, headline):
    proposal = propose_headline(lead)
    assert proposal == headline
    assert len(proposal) <= 90
    assert not proposal.endswith(".")


@pytest.mark.parametrize(
    "text",
    [
        "Die NATO hat am Mittwoch gewarnt. Nordkorea verlegt Truppen.\n\nMehr Text.",
        "Was er sagte:\n\nText.",
        # A dateline: the first line is the lead, though it ends without punctuation.
        "Wien (APA) – Die Regierung hat am Mittwoch das Budget\nbeschlossen.\n\nMehr.",
        # The next line continues the first: a wrapped lead.
        "Die Regierung hat am Mittwoch das Budget für das kommende\njahr beschlossen.\n\nMehr.",
    ],
)
def test_what_is_no_headline_line(text):
    assert parse_wire_text(text).title_proposed


@pytest.mark.django_db
def test_the_proposal_blocks_publishing_and_scheduling_until_changed(journalist, editor):
    article = import_wire_article(text=APA_COPY, section=make_section(), user=journalist)
    assert article.proposed_title == article.title == APA_TITLE
    assert PROPOSAL_PROBLEM in publishing.publication_problems(article)
    publishing.submit_for_review(article=article, user=journalist)  # not blocked
    with pytest.raises(ValidationError) as exc_info:
        publishing.publish(article=article, user=editor)
    assert PROPOSAL_PROBLEM in exc_info.value.messages
    with pytest.raises(ValidationError):
        publishing.schedule(article=article, user=editor, at=timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


@pytest.mark.django_db
def test_the_form_offers_to_confirm_and_confirming_allows_publishing(client, editor):
    article = import_wire_article(text=APA_COPY, section=make_section(), user=editor)
    client.force_login(editor)
    response, data = change_form(client, article)
    page = response.content.decode()
    assert "Vorgeschlagene Schlagzeile bestätigen" in page
    assert 'name="confirm_title"' in page
    assert PROPOSAL_PROBLEM in page
    assert 'class="nr-proposed-title"' in page

    # Publishing without confirming: the edits are saved, the step refused.
    response = post_change(client, article, data, _publish="1")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.proposed_title == APA_TITLE

    response, data = change_form(client, article)
    response = post_change(client, article, data, confirm_title="on", _publish="1")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.proposed_title == ""
    assert article.title == APA_TITLE
    assert article.status == Article.Status.PUBLISHED
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert b'name="confirm_title"' not in page
    assert PROPOSAL_PROBLEM.encode() not in page


@pytest.mark.django_db
def test_changing_the_headline_settles_the_proposal(client, journalist):
    article = import_wire_article(text=APA_COPY, section=make_section(), user=journalist)
    client.force_login(journalist)
    response, data = change_form(client, article)
    response = post_change(client, article, data, title="Pendler werden entlastet")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.proposed_title) == ("Pendler werden entlastet", "")
    assert PROPOSAL_PROBLEM not in publishing.publication_problems(article)


@pytest.mark.django_db
def test_saving_without_changing_or_confirming_keeps_the_proposal(client, journalist):
    article = import_wire_article(text=APA_COPY, section=make_section(), user=journalist)
    client.force_login(journalist)
    response, data = change_form(client, article)
    response = post_change(client, article, data, lead="Ein neuer Vorspann.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.proposed_title == article.title == APA_TITLE


@pytest.mark.django_db
def test_a_headline_from_the_copy_is_no_proposal(journalist):
    article = import_wire_article(
        text="Pendler werden entlastet\n\n" + APA_COPY, section=make_section(), user=journalist
    )
    assert article.proposed_title == ""
    assert PROPOSAL_PROBLEM not in publishing.publication_problems(article)


# --- HTML -------------------------------------------------------------------------

HOSTILE = """<html><head><script>alert('kopf')</script><style>body{}</style></head>
<body onload="steal()"><nav>Startseite Politik Sport</nav>
<iframe src="javascript:alert(1)">Iframe</iframe>
<h1 onmouseover="alert(2)">Polizei warnt vor falschen SMS</h1>
<p onclick="alert(3)">Wien (APA) – Die Polizei warnt vor gefälschten SMS. Allein im Oktober
wurden mehr als 12.000 solcher Nachrichten gemeldet.</p>
<p>Der Link führt auf eine &lt;script&gt;-Seite, <a href="javascript:alert(4)">die Daten
abgreift</a>.<img src=x onerror="alert(5)"></p>
<svg onload="alert(6)"><script>alert(7)</script></svg>
<object data="x.swf">Objekt</object><form><input value="geheim"></form>
<aside>Mehr zum Thema</aside><footer>Impressum</footer>
</body></html>"""


@pytest.mark.django_db
def test_hostile_html_never_reaches_the_draft(client, journalist):
    client.force_login(journalist)
    response = client.post(reverse(IMPORT_URL), {"section": make_section().pk, "text": HOSTILE})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Polizei warnt vor falschen SMS"
    assert article.lead == (
        "Wien (APA) – Die Polizei warnt vor gefälschten SMS. Allein im Oktober wurden mehr als "
        "12.000 solcher Nachrichten gemeldet."
    )
    assert article.body == "Der Link führt auf eine &lt;script>-Seite, die Daten abgreift."
    stored = " ".join([article.title, article.lead, article.body, article.body_html])
    for hostile in ("alert", "javascript", "onload", "onclick", "<script", "Iframe", "Objekt",
                    "geheim", "Impressum", "Startseite", "steal"):  # fmt: skip
        assert hostile not in stored
    assert "<p>Der Link führt auf eine &lt;script&gt;-Seite, die Daten abgreift.</p>" in (
        article.body_html
    )
    assert WireImport.objects.get(article=article).report["format"] == "html"


def test_deeply_nested_html_is_read_without_recursion():
    depth = 18_000
    markup = "<div>" * depth + "<h1>Tief</h1><p>Ganz unten steht der Text.</p>" + "</div>" * depth
    assert len(markup) < wire.MAX_TEXT_LENGTH
    started = time.monotonic()
    parsed = parse_wire_text(markup)
    assert (parsed.title, parsed.lead) == ("Tief", "Ganz unten steht der Text.")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<div><img src=x onerror=alert(1)><iframe>Text</iframe></div>",
        "<!DOCTYPE html><html><head><title>Nur ein Titel</title></head><body> </body></html>",
        "<nav>Startseite</nav><footer>Impressum</footer><aside>Mehr</aside>",
    ],
)
def test_html_without_text_is_refused(markup):
    with pytest.raises(ValidationError) as exc_info:
        parse_wire_text(markup)
    assert _code(exc_info) == "html_no_text"


def test_plain_text_with_angle_brackets_is_no_html():
    parsed = parse_wire_text("Inflation <3 Prozent\n\nDer Name <dpa> bleibt, <p> auch.")
    assert parsed.source_format == "text"
    assert parsed.body == ""
    assert parsed.lead == "Der Name <dpa> bleibt, <p> auch."


def test_html_over_the_limit_is_refused_before_parsing():
    with pytest.raises(ValidationError) as exc_info:
        parse_wire_text("<p>" + "x" * wire.MAX_TEXT_LENGTH + "</p>")
    assert _code(exc_info) == "too_long"


@pytest.mark.django_db
def test_an_html_file_is_imported(client, journalist):
    client.force_login(journalist)
    upload = SimpleUploadedFile(
        "seite.html",
        "<h1>Neue Buslinie</h1><p>Die Stadt führt eine neue Buslinie ein.</p>".encode(),
        "text/html",
    )
    response = client.post(reverse(IMPORT_URL), {"section": make_section().pk, "file": upload})
    assert response.status_code == 302
    assert Article.objects.get().lead == "Die Stadt führt eine neue Buslinie ein."


@pytest.mark.django_db
def test_command_refuses_html_without_text(tmp_path):
    make_section(slug="politik")
    path = tmp_path / "leer.html"
    path.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(CommandError) as exc_info:
        call_command("import_article", str(path), section="politik")
    assert "HTML" in str(exc_info.value)
    assert Article.objects.count() == 0


# --- author lines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Von Anna Berger", ["Anna Berger"]),
        ("Von Anna Berger und Max Muster", ["Anna Berger", "Max Muster"]),
        ("Von Anna Berger, Max Muster und Eva Klein", ["Anna Berger", "Max Muster", "Eva Klein"]),
        ("VON ANNA BERGER, BRÜSSEL", ["Anna Berger"]),
        ("Autor: Tim Klein | 04.06.2025", ["Tim Klein"]),
        ("Autorin: Dr. Eva Klein", ["Dr. Eva Klein"]),
        ("Text: Anna Berger und Tim Klein", ["Anna Berger", "Tim Klein"]),
    ],
)
def test_author_lines_become_byline_suggestions(line, names):
    parsed = parse_wire_text(f"Schlagzeile\n{line}\n\nDer Vorspann.")
    assert (parsed.title, parsed.lead, parsed.body) == ("Schlagzeile", "Der Vorspann.", "")
    assert list(parsed.bylines) == names
    assert parsed.dropped == ()


@pytest.mark.django_db
def test_suggested_bylines_are_matched_to_authors(journalist):
    jurgen = Author.objects.create(name="Jürgen Müller", slug="juergen-mueller")
    article = import_wire_article(
        text="Schlagzeile\nVon JÜRGEN MÜLLER und Max Muster\n\nDer Vorspann.",
        section=make_section(),
        user=journalist,
    )
    report = WireImport.objects.get(article=article).report
    assert report["bylines"] == [
        {"name": "Jürgen Müller", "author": jurgen.pk, "author_name": "Jürgen Müller"},
        {"name": "Max Muster", "author": None, "author_name": ""},
    ]
    # Suggestions only: the byline is the importing journalist's, if any.
    assert list(article.authors.all()) == []
    assert WireImport.objects.get(article=article).created_by == journalist


# --- shapes -----------------------------------------------------------------------


def test_subheadings_without_blank_lines_in_wrapped_copy():
    parsed = parse_wire_text(
        "Schlagzeile\n\nDer Gaspreis ist am Montag auf den tiefsten Stand seit zwei Jahren\n"
        "gefallen.\n\nSpeicher zu 95 Prozent gefüllt\nDie Gasspeicher sind nach Angaben der "
        "Bundesnetzagentur zu 95\nProzent gefüllt, hieß es.\nVerbraucher müssen warten\n"
        "Bei den Haushalten kommen die Preise erst\nspäter an."
    )
    assert parsed.body.split("\n\n") == [
        "## Speicher zu 95 Prozent gefüllt",
        "Die Gasspeicher sind nach Angaben der Bundesnetzagentur zu 95 Prozent gefüllt, hieß es.",
        "## Verbraucher müssen warten",
        "Bei den Haushalten kommen die Preise erst später an.",
    ]
    assert parsed.subheadings == ("Speicher zu 95 Prozent gefüllt", "Verbraucher müssen warten")


def test_a_wrapped_line_is_no_subheading():
    """Its next word would not have fitted: a line wrapper broke it."""
    parsed = parse_wire_text(
        "Schlagzeile\n\nDer Vorspann.\n\nDie NATO hat am Mittwoch vor einer weiteren militärischen "
        "Eskalation\nKoreas gewarnt. Nordkorea hat rund 3.000 Soldaten an die Grenze verlegt."
    )
    assert parsed.body == (
        "Die NATO hat am Mittwoch vor einer weiteren militärischen Eskalation Koreas gewarnt. "
        "Nordkorea hat rund 3.000 Soldaten an die Grenze verlegt."
    )


def test_read_also_and_credits_in_the_middle_are_dropped():
    parsed = parse_wire_text(
        "Schlagzeile\n\nDer Vorspann.\n\nLesen Sie auch: Was die Regierung plant\n\n"
        "Foto: APA/Hans Klaus Techt\n\nDer Text geht weiter.\n\nLesen Sie auch\n"
        "Was die Opposition fordert\n\nUnd endet hier."
    )
    assert parsed.body == "Der Text geht weiter.\n\nUnd endet hier."
    assert parsed.dropped == (
        "Lesen Sie auch: Was die Regierung plant",
        "Foto: APA/Hans Klaus Techt",
        "Lesen Sie auch",
        "Was die Opposition fordert",
    )


def test_the_report_says_what_was_recognised():
    parsed = parse_wire_text(
        "Startseite > Politik\nEnergie\nGaspreis fällt\nVon Anna Berger\n\n"
        "Berlin (dpa) – Der Gaspreis fällt.\n\nSpeicher voll\n\nDie Speicher sind voll.\n\nTeilen"
    )
    assert parsed.report() == {
        "format": "text",
        "headline": "Gaspreis fällt",
        "headline_proposed": False,
        "kicker": "Energie",
        "lead_found": True,
        "dateline": "Berlin (dpa) –",
        "subheadings": ["Speicher voll"],
        "paragraphs": 1,
        "dropped": ["Startseite > Politik", "Teilen"],
        "bylines": [{"name": "Anna Berger", "author": None}],
        "sources": [],
    }


@pytest.mark.django_db
def test_the_report_shows_on_the_draft_only(client, journalist, editor):
    article = import_wire_article(text=APA_COPY, section=make_section(), user=journalist)
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    page = page.decode()
    assert "Import-Bericht" in page
    assert "aus dem Vorspann vorgeschlagen" in page
    assert "mit der Ortsmarke „Wien (APA) –“" in page
    assert "Zwischenüberschriften:</strong> 1" in page
    summary = wire.report_summary(WireImport.objects.get(article=article).report)
    assert [line["label"] for line in summary][:3] == ["Schlagzeile", "Dachzeile", "Vorspann"]
    # Once published, the report has done its work.
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now(), proposed_title=""
    )
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert b"Import-Bericht" not in page
    # An article written in the form has no report.
    assert wire.import_report(Article(pk=None)) is None


def test_read_also_with_a_teaser_under_the_headline_is_dropped():
    parsed = parse_wire_text(
        "Schlagzeile\nLesen Sie auch\nWas die Opposition fordert\n\nDer Vorspann.\n\nText."
    )
    assert (parsed.kicker, parsed.title, parsed.lead, parsed.body) == (
        "",
        "Schlagzeile",
        "Der Vorspann.",
        "Text.",
    )
    assert parsed.dropped == ("Lesen Sie auch", "Was die Opposition fordert")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("<p>Text</p><![ kaputt <article>", "html_unreadable"),
        ("<h1>…</h1><p>„“ – 123.</p>", "no_headline"),  # nothing to propose a headline from
    ],
)
def test_broken_copy_gets_a_reason(text, code):
    with pytest.raises(ValidationError) as exc_info:
        parse_wire_text(text)
    assert _code(exc_info) == code


def test_the_report_names_the_speakers_quoted_in_the_copy(client, journalist):
    from tests.factories import make_source

    make_source(name="Jens Stoltenberg", slug="jens-stoltenberg", role="NATO-Generalsekretär")
    text = (
        "Nato warnt vor Eskalation\n\n"
        "Brüssel (dpa) – Die Nato ist besorgt über die Lage im Osten.\n\n"
        "„Wir beobachten die Lage sehr genau“, sagte Nato-Generalsekretär Jens Stoltenberg "
        "am Mittwoch in Brüssel.\n\n"
        "„Die Grenze bleibt geschlossen“, erklärte Innenministerin Anna Wagner.\n"
    )
    article = import_wire_article(text=text, section=make_section(), user=journalist)
    sources = WireImport.objects.get(article=article).report["sources"]
    speakers = {(entry["speaker"], entry["new"]) for entry in sources}
    assert ("Jens Stoltenberg", False) in speakers
    assert ("Anna Wagner", True) in speakers
    assert not article.citations.exists()  # suggested, never saved by the import
    client.force_login(journalist)
    response, _ = change_form(client, article)
    html = response.content.decode()
    assert "Vorgeschlagene Quellen" in html and "Anna Wagner" in html
