"""Wire copy to draft: the parser on realistic German texts, the refusals,
the service, ``manage.py import_article`` and the admin import page.

Length: the wire import's form, parser and report, case by case; the cases
share this module's fixtures and helpers.
"""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from articles import wire
from articles.models import Article, Author
from articles.wire import decode_wire_bytes, import_wire_article, parse_wire_text
from tests.factories import make_article, make_section

IMPORT_URL = "admin:articles_article_import"

# A wire report as pasted from a news site: hard-wrapped lead, subheadings,
# „…“ quotes, German figures, and the page's comment and share links below.
NATO_REPORT = """NATO warnt vor Eskalation in Korea

Die NATO hat am Mittwoch vor einer weiteren Eskalation auf der koreanischen
Halbinsel gewarnt. Nach Angaben des südkoreanischen Geheimdienstes hat
Nordkorea rund 3.000 Soldaten an die Grenze verlegt.

Seoul spricht von Provokation

„Das ist eine gezielte Provokation“, sagte ein Sprecher des südkoreanischen \
Verteidigungsministeriums am Mittwoch in Seoul. Die Streitkräfte seien in erhöhter Bereitschaft.

Washington mahnt zur Zurückhaltung

Ein Sprecher des US-Außenministeriums rief beide Seiten zur Zurückhaltung auf. Die Lage sei \
„ernst, aber beherrschbar“. Die Rüstungsausgaben in der Region stiegen im vergangenen Jahr um \
2,4 Prozent auf 1,2 Billionen Dollar.

Teilen statt abschotten

Informationen zu teilen sei jetzt entscheidend, sagte der Generalsekretär: „Wir stehen eng an \
der Seite unserer Partner.“ Teilen, nicht abschotten, laute die Devise.



Kommentar hinterlassen
Teilen
"""

NATO_LEAD = (
    "Die NATO hat am Mittwoch vor einer weiteren Eskalation auf der koreanischen "
    "Halbinsel gewarnt. Nach Angaben des südkoreanischen Geheimdienstes hat "
    "Nordkorea rund 3.000 Soldaten an die Grenze verlegt."
)
NATO_BODY = (
    "## Seoul spricht von Provokation\n\n"
    "„Das ist eine gezielte Provokation“, sagte ein Sprecher des südkoreanischen "
    "Verteidigungsministeriums am Mittwoch in Seoul. Die Streitkräfte seien in erhöhter "
    "Bereitschaft.\n\n"
    "## Washington mahnt zur Zurückhaltung\n\n"
    "Ein Sprecher des US-Außenministeriums rief beide Seiten zur Zurückhaltung auf. Die Lage "
    "sei „ernst, aber beherrschbar“. Die Rüstungsausgaben in der Region stiegen im vergangenen "
    "Jahr um 2,4 Prozent auf 1,2 Billionen Dollar.\n\n"
    "## Teilen statt abschotten\n\n"
    "Informationen zu teilen sei jetzt entscheidend, sagte der Generalsekretär: „Wir stehen "
    "eng an der Seite unserer Partner.“ Teilen, nicht abschotten, laute die Devise."
)

# One paragraph per line, no blank lines, Windows line endings, a
# non-breaking space and a zero-width space from the web page.
STRIKE_REPORT = (
    "Bahnstreik legt Fern\u200bverkehr lahm\r\n"
    "Die Gewerkschaft hat für Donnerstag zu einem bundesweiten Streik aufgerufen. Betroffen "
    "sind nach Angaben der Bahn rund 1,5\u00a0Millionen Fahrgäste.\r\n"
    "Was Reisende wissen müssen\r\n"
    "Tickets für den 14. März können bis Sonntag flexibel genutzt werden, teilte die Bahn mit.\r\n"
    "»Wir bedauern die Einschränkungen«, sagte eine Sprecherin. \r\n"
    "Kommentare (12)\r\n"
    "Artikel teilen\r\n"
)

# Navigation above, a kicker (Dachzeile) and a byline, chrome below.
GAS_REPORT = """Startseite > Wirtschaft > Energie
Lesezeit: 4 Minuten
Energiepreise
Gaspreis fällt auf Zweijahrestief
Von Anna Berger

Der Gaspreis im europäischen Großhandel ist am Montag auf den tiefsten Stand seit zwei
Jahren gefallen. Eine Megawattstunde kostete zeitweise 28,50 Euro.

Speicher zu 95 Prozent gefüllt

Die deutschen Gasspeicher sind nach Angaben der Bundesnetzagentur zu 95 Prozent gefüllt.
‚Entwarnung‘ gebe es aber nicht, hieß es aus dem Ministerium.

12 Kommentare
Drucken
Facebook
X
"""


def _code(exc_info):
    error = exc_info.value
    return error.error_list[0].code if hasattr(error, "error_list") else None


# --- the parser ---------------------------------------------------------------


def test_wire_report_becomes_headline_lead_and_body():
    parsed = parse_wire_text(NATO_REPORT)
    assert parsed.title == "NATO warnt vor Eskalation in Korea"
    assert parsed.kicker == ""
    assert parsed.lead == NATO_LEAD
    assert parsed.body == NATO_BODY


def test_quotes_and_figures_are_kept_byte_for_byte():
    parsed = parse_wire_text(NATO_REPORT)
    text = parsed.lead + parsed.body
    for fragment in (
        "3.000 Soldaten", "am Mittwoch", "2,4 Prozent", "1,2 Billionen",
        "„Das ist eine gezielte Provokation“", "„ernst, aber beherrschbar“",
    ):  # fmt: skip
        assert fragment.encode() in text.encode()


def test_trailing_chrome_is_dropped_but_teilen_in_the_text_stays():
    parsed = parse_wire_text(NATO_REPORT)
    assert "Kommentar hinterlassen" not in parsed.body
    assert not parsed.body.endswith("Teilen")
    assert "## Teilen statt abschotten" in parsed.body
    assert "Teilen, nicht abschotten" in parsed.body


def test_one_paragraph_per_line_without_blank_lines():
    parsed = parse_wire_text(STRIKE_REPORT)
    assert parsed.title == "Bahnstreik legt Fernverkehr lahm"
    assert parsed.kicker == ""
    assert parsed.lead == (
        "Die Gewerkschaft hat für Donnerstag zu einem bundesweiten Streik aufgerufen. Betroffen "
        "sind nach Angaben der Bahn rund 1,5 Millionen Fahrgäste."
    )
    assert parsed.body == (
        "## Was Reisende wissen müssen\n\n"
        "Tickets für den 14. März können bis Sonntag flexibel genutzt werden, teilte die Bahn "
        "mit.\n\n"
        "»Wir bedauern die Einschränkungen«, sagte eine Sprecherin."
    )


def test_kicker_byline_and_page_navigation():
    parsed = parse_wire_text(GAS_REPORT)
    assert parsed.kicker == "Energiepreise"
    assert parsed.title == "Gaspreis fällt auf Zweijahrestief"
    assert parsed.lead == (
        "Der Gaspreis im europäischen Großhandel ist am Montag auf den tiefsten Stand seit zwei "
        "Jahren gefallen. Eine Megawattstunde kostete zeitweise 28,50 Euro."
    )
    assert parsed.body == (
        "## Speicher zu 95 Prozent gefüllt\n\n"
        "Die deutschen Gasspeicher sind nach Angaben der Bundesnetzagentur zu 95 Prozent "
        "gefüllt. ‚Entwarnung‘ gebe es aber nicht, hieß es aus dem Ministerium."
    )


@pytest.mark.parametrize(
    ("text", "kicker", "title"),
    [
        # Two heading lines, one under the other, then a blank line: kicker + headline.
        (
            "Ukraine-Krieg\nSelenskyj bittet um Luftabwehr\n\nKiew. Der Präsident bat am Montag "
            "um mehr Hilfe.",
            "Ukraine-Krieg",
            "Selenskyj bittet um Luftabwehr",
        ),
        # … or directly followed by the lead.
        (
            "Ukraine-Krieg\nSelenskyj bittet um Luftabwehr\nKiew. Der Präsident bat um Hilfe.",
            "Ukraine-Krieg",
            "Selenskyj bittet um Luftabwehr",
        ),
        # A blank line between the first two lines: headline, then a subheading.
        (
            "Selenskyj bittet um Luftabwehr\n\nKiew im Dunkeln\n\nDer Strom fiel aus.",
            "",
            "Selenskyj bittet um Luftabwehr",
        ),
        # The second line is the lead.
        (
            "Selenskyj bittet um Luftabwehr\nDer Präsident bat am Montag um Hilfe.",
            "",
            "Selenskyj bittet um Luftabwehr",
        ),
        # Three heading lines in a row: no kicker (a list of subheadings follows).
        (
            "Selenskyj bittet um Luftabwehr\nKiew im Dunkeln\nCharkiw unter Beschuss\nText.",
            "",
            "Selenskyj bittet um Luftabwehr",
        ),
        # A lead wrapped over several lines directly below the headline.
        (
            "Selenskyj bittet um Luftabwehr\nDer Präsident hat am Montag die westlichen\n"
            "Partner um weitere Systeme gebeten. Die Lage in\nKiew sei ernst.",
            "",
            "Selenskyj bittet um Luftabwehr",
        ),
        (
            "Selenskyj bittet um Luftabwehr\nDer Präsident hat am Montag die westlichen\n"
            "Partner um weitere Systeme gebeten. Die Lage in Kiew sei ernst.\n\nMehr.",
            "Selenskyj bittet um Luftabwehr",  # the documented ambiguity
            "Der Präsident hat am Montag die westlichen",
        ),
        # A kicker has at most 100 characters.
        ("K" * 101 + "\nSelenskyj bittet um Luftabwehr\n\nText.", "", "K" * 101),
        # A kicker does not end with punctuation: the copy starts with its lead.
        ("Achtung:\nSelenskyj bittet um Luftabwehr\n\nText.", "", None),
    ],
)
def test_kicker_rule(text, kicker, title):
    parsed = parse_wire_text(text)
    if title is None:
        assert parsed.title_proposed
        assert (parsed.kicker, parsed.lead) == ("", "Achtung: Selenskyj bittet um Luftabwehr")
        return
    assert not parsed.title_proposed
    assert (parsed.kicker, parsed.title) == (kicker, title)


@pytest.mark.parametrize(
    "byline", ["Von Anna Berger", "Von ANNA BERGER, Brüssel", "Text: Anna Berger und Tim Klein"]
)
def test_byline_below_the_headline_is_dropped(byline):
    parsed = parse_wire_text(f"Schlagzeile\n{byline}\n\nDer Vorspann.")
    assert (parsed.kicker, parsed.title, parsed.lead) == ("", "Schlagzeile", "Der Vorspann.")


def test_a_lead_starting_with_von_is_no_byline():
    parsed = parse_wire_text(
        "Neue Regeln für Mieter\nVon Montag an gelten in ganz Österreich neue Regeln für\n"
        "alle Mieterinnen und Mieter, teilte das Ministerium mit.\n\nMehr dazu."
    )
    assert (parsed.kicker, parsed.title) == ("", "Neue Regeln für Mieter")
    assert parsed.lead == (
        "Von Montag an gelten in ganz Österreich neue Regeln für alle Mieterinnen und Mieter, "
        "teilte das Ministerium mit."
    )


def test_headline_only_has_an_empty_lead_and_body():
    parsed = parse_wire_text("Bundestag beschließt Haushalt\n\nKommentar hinterlassen\n")
    assert (parsed.title, parsed.lead, parsed.body) == ("Bundestag beschließt Haushalt", "", "")


def test_missing_lead_when_a_subheading_follows_the_headline():
    parsed = parse_wire_text(
        "Bundestag beschließt Haushalt\n\nDie Eckdaten\n\nDie Zahlen im Überblick\n\n"
        "Der Etat umfasst 480 Milliarden Euro."
    )
    assert parsed.lead == ""
    assert parsed.body == (
        "## Die Eckdaten\n\n## Die Zahlen im Überblick\n\nDer Etat umfasst 480 Milliarden Euro."
    )


@pytest.mark.parametrize(
    "title",
    [
        "Droht ein Flächenbrand in Nahost?",
        "Endlich Frühling!",
        "Scholz: „Wir stehen an der Seite der Ukraine“",
        "3.000 Soldaten an der Grenze",
    ],
)
def test_headlines_may_end_with_question_or_exclamation_mark_or_a_quote(title):
    assert parse_wire_text(f"{title}\n\nDer Text.").title == title


@pytest.mark.parametrize(
    "block",
    [
        "„Wir bleiben“",  # a quote, not a subheading
        "Er sagte: „Nein“",
        "Das war alles.",
        "Was nun?",
        "Weiter geht es …",
        "- Punkt eins",
        "2024",  # no letter
        "Eine sehr lange Zeile ohne Satzzeichen am Ende, die viel zu lang für eine "
        "Zwischenzeile ist",
    ],
)
def test_what_does_not_become_a_subheading(block):
    parsed = parse_wire_text(f"Schlagzeile\n\nDer Vorspann.\n\n{block}")
    assert not parsed.body.startswith("##")


def test_lines_of_a_paragraph_are_joined_and_blank_lines_collapse():
    parsed = parse_wire_text(
        "Schlagzeile\n\n\n\nErste Zeile\nzweite Zeile.\n\n\n\n\nNoch ein Absatz\nmit Umbruch."
    )
    assert parsed.lead == "Erste Zeile zweite Zeile."
    assert parsed.body == "Noch ein Absatz mit Umbruch."


def test_a_block_with_long_lines_has_one_paragraph_per_line():
    """Headline and lead as <p>, the rest of the page as <div>s: blank lines
    only here and there. Lines over 100 characters were never wrapped."""
    long_1 = (
        "Der Stadtrat hat am Dienstagabend mit knapper Mehrheit beschlossen, die Linie 5 bis "
        "zum neuen Stadtteil zu verlängern."
    )
    long_2 = (
        "Die Kosten von 240 Millionen Euro teilen sich Land und Stadt, wie ein Sprecher bestätigte."
    )
    parsed = parse_wire_text(
        f"Straßenbahn wird verlängert\n\nDer Vorspann.\n\n{long_1}\nKritik der Opposition\n"
        f"{long_2}\n\nEin kurzer Absatz, der umbrochen\nwurde, bleibt ein Absatz."
    )
    assert parsed.body == (
        f"{long_1}\n\n## Kritik der Opposition\n\n{long_2}\n\n"
        "Ein kurzer Absatz, der umbrochen wurde, bleibt ein Absatz."
    )


def test_invisible_and_control_characters_are_removed():
    text = (
        "\ufeffGr\u00fc\u00dfe aus Wien\u200d\n\n"
        "Der B\u00fcrger\u00admeister sagte\u0007 am\tMittwoch\u00a0\u00a0etwas.\u200b\n\n"
        "Mu\u0308nchen reagiert gelassen."  # macOS: u + combining diaeresis
    )
    parsed = parse_wire_text(text)
    assert parsed.title == "Grüße aus Wien"
    assert parsed.lead == "Der Bürgermeister sagte am Mittwoch etwas."
    assert parsed.body == "München reagiert gelassen."


@pytest.mark.parametrize(
    "chrome",
    [
        "Kommentar hinterlassen", "KOMMENTARE", "Kommentare (12)", "12 Kommentare",
        "1 Kommentar", "Teilen", "Artikel teilen", "Drucken", "Mehr zum Thema", "Facebook",
        "Twitter", "X", "WhatsApp", "E-Mail", "Link kopieren", "Zum Seitenanfang", "Anzeige",
        "Newsletter abonnieren", "Feedback", "» Kommentar schreiben", "Foto: dpa/Kay Nietfeld",
        "© dpa-infocom, dpa:250312-99-123456/2",
    ],
)  # fmt: skip
def test_each_kind_of_trailing_chrome_is_dropped(chrome):
    parsed = parse_wire_text(f"Schlagzeile\n\nDer Vorspann.\n\nDer Text.\n\n{chrome}\n")
    assert parsed.body == "Der Text."


@pytest.mark.parametrize(
    "chrome",
    [
        "Startseite", "Home", "Politik > Ausland", "Startseite › Politik › Ausland",
        "Lesezeit: 3 Minuten", "Lesezeit: ca. 3 Min.", "3 Min. Lesezeit", "12.03.2025, 14:30 Uhr",
        "Aktualisiert am 12. März 2025 um 14:30 Uhr", "Foto: APA/Georg Hochmuth", "Anzeige",
    ],
)  # fmt: skip
def test_each_kind_of_leading_chrome_is_dropped(chrome):
    parsed = parse_wire_text(f"{chrome}\nSchlagzeile\n\nDer Vorspann.")
    assert (parsed.kicker, parsed.title, parsed.lead) == ("", "Schlagzeile", "Der Vorspann.")


def test_chrome_in_the_middle_stays():
    text = "Schlagzeile\n\nDer Vorspann.\n\nTeilen\n\nFacebook sperrt Konten, hieß es.\n\nTeilen"
    assert parse_wire_text(text).body == "## Teilen\n\nFacebook sperrt Konten, hieß es."


MARKDOWN_TEXT = """Transfers am Deadline-Day
Der Verein hat am Dienstag zwei Neuzugänge vorgestellt.
1. FC Köln holt Stürmer aus Wien, teilte der Klub mit.
#MeToo-Debatte erreicht die Bundesliga, berichten mehrere Medien.
- Der Verband prüft den Fall noch.
+ Zwei Spiele Sperre sind möglich.
> Zitat aus dem Urteil: gesperrt.
Trainer*innen und Spieler*innen begrüßen die Entscheidung.
Der Name <dpa> steht für die Agentur, &amp; bleibt stehen.
[Anm. d. Red.]: Der Artikel wurde ergänzt.
: Eine Zeile mit Doppelpunkt.
---
3.000 Fans kamen zum Training.
"""


@pytest.mark.django_db
def test_markdown_characters_are_escaped_and_render_literally(journalist):
    article = import_wire_article(text=MARKDOWN_TEXT, section=make_section(), user=journalist)
    assert article.body.split("\n\n") == [
        "1\\. FC Köln holt Stürmer aus Wien, teilte der Klub mit.",
        "\\#MeToo-Debatte erreicht die Bundesliga, berichten mehrere Medien.",
        "\\- Der Verband prüft den Fall noch.",
        "\\+ Zwei Spiele Sperre sind möglich.",
        "\\> Zitat aus dem Urteil: gesperrt.",
        "Trainer\\*innen und Spieler\\*innen begrüßen die Entscheidung.",
        "Der Name &lt;dpa> steht für die Agentur, &amp;amp; bleibt stehen.",
        "\\[Anm. d. Red.]: Der Artikel wurde ergänzt.",
        "&#58; Eine Zeile mit Doppelpunkt.",
        "\\---",
        "3.000 Fans kamen zum Training.",
    ]
    html = article.body_html
    for literal in (
        "<p>1. FC Köln holt Stürmer",
        "<p>#MeToo-Debatte",
        "<p>- Der Verband",
        "<p>+ Zwei Spiele",
        "<p>&gt; Zitat aus dem Urteil",
        "<p>Trainer*innen und Spieler*innen begrüßen",
        "<p>Der Name &lt;dpa&gt; steht für die Agentur, &amp;amp; bleibt stehen.</p>",
        "<p>[Anm. d. Red.]: Der Artikel wurde ergänzt.</p>",
        "<p>: Eine Zeile mit Doppelpunkt.</p>",
        "<p>---</p>",
        "<p>3.000 Fans kamen zum Training.</p>",
    ):
        assert literal in html
    for markup in ("<ol", "<ul", "<h1", "<h2", "<em>", "<blockquote", "<hr", "<dl", "\\"):
        assert markup not in html


@pytest.mark.django_db
def test_subheadings_render_as_h2(journalist):
    article = import_wire_article(
        text="Schlagzeile\n\nVorspann.\n\n1. FC Köln im Pech\n\nText.\n\nPlatz eins für #\n\nMehr.",
        section=make_section(),
        user=journalist,
    )
    assert article.body == "## 1. FC Köln im Pech\n\nText.\n\n## Platz eins für \\#\n\nMehr."
    assert "<h2>1. FC Köln im Pech</h2>" in article.body_html
    assert "<h2>Platz eins für #</h2>" in article.body_html


# --- refusals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (" \n\t\n\u00a0\n\u200b\n", "empty"),
        ("Kommentar hinterlassen\nTeilen\nFacebook\n", "only_chrome"),
        ("<div><script>alert(1)</script><p> </p><img src=x onerror=x></div>", "html_no_text"),
        ("<!DOCTYPE html><html><head><title>T</title></head><body></body></html>", "html_no_text"),
        ("Schlagzeile " * 20 + "\n\nText.", "title_too_long"),
        ("Schlagzeile\n\n" + "Ein sehr langer Vorspann. " * 70, "lead_too_long"),
        ("Schlagzeile\n\n" + "x" * 200_000, "too_long"),
    ],
)
def test_bad_text_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as exc_info:
        parse_wire_text(text)
    assert _code(exc_info) == code
    assert exc_info.value.messages[0]


def test_error_messages_are_sentences():
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc_info:
            parse_wire_text("Schlagzeile " * 20)
    assert exc_info.value.messages == [
        "The headline is too long: 239 characters, at most 200 are allowed. "
        "The first line should be the headline."
    ]


def test_body_limit():
    text = "Schlagzeile\n\nVorspann.\n\n" + "*" * 110_000
    with pytest.raises(ValidationError) as exc_info:
        parse_wire_text(text)  # escaping doubles the length
    assert _code(exc_info) == "body_too_long"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "not_text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not_text"),
        (b"Schlagzeile\n\nText\x00mit NUL.", "not_text"),
        ("Grüße aus Köln\n\n„Text“.".encode("latin-1", "replace"), "not_utf8"),
        ("Schlagzeile".encode("utf-16"), "not_utf8"),
        (b"Schlagzeile\n\n" + b"x" * (1024 * 1024), "file_too_large"),
    ],
)
def test_bad_files_are_refused(data, code):
    with pytest.raises(ValidationError) as exc_info:
        decode_wire_bytes(data)
    assert _code(exc_info) == code


def test_utf8_with_and_without_bom_is_accepted():
    text = "Grüße aus Köln\n\n„Alles gut“, sagte sie."
    assert decode_wire_bytes(text.encode()) == text
    assert decode_wire_bytes(b"\xef\xbb\xbf" + text.encode()) == text


def test_not_utf8_message():
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc_info:
            decode_wire_bytes("Größe".encode("latin-1"))
    assert "not UTF-8" in exc_info.value.messages[0]


# --- the service --------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_a_draft_with_byline(journalist):
    author = Author.objects.create(name="Anna Berger", slug="anna-berger", user=journalist)
    section = make_section()
    article = import_wire_article(text=GAS_REPORT, section=section, user=journalist)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.section == section
    assert article.created_by == journalist
    assert article.kicker == "Energiepreise"
    assert article.slug == "gaspreis-faellt-auf-zweijahrestief"
    assert list(article.authors.all()) == [author]
    assert article.publish_at is None
    assert "<h2>Speicher zu 95 Prozent gefüllt</h2>" in article.body_html
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # The admin's history and revision pages know where the draft came from.
    assert Version.objects.get_for_object(article).count() == 1
    assert LogEntry.objects.get(object_id=str(article.pk)).user == journalist


def test_a_comparison_in_the_headline_is_no_breadcrumb():
    parsed = parse_wire_text("Inflation > 5 Prozent\n\nDie Teuerung steigt weiter.")
    assert parsed.title == "Inflation > 5 Prozent"


@pytest.mark.django_db
def test_slug_collisions_get_a_number(journalist):
    section = make_section()
    make_article(slug="nato-warnt-vor-eskalation-in-korea", title="Alt")
    second = import_wire_article(text=NATO_REPORT, section=section, user=journalist)
    third = import_wire_article(text=NATO_REPORT, section=section, user=journalist)
    assert second.slug == "nato-warnt-vor-eskalation-in-korea-2"
    assert third.slug == "nato-warnt-vor-eskalation-in-korea-3"


def test_german_slugs():
    assert wire.german_slug("Große Ärger-Öl-Übung in Köln") == "grosse-aerger-oel-uebung-in-koeln"
    assert wire.german_slug("„?!“") == "artikel"
    assert len(wire.german_slug("Ä" * 200)) <= 210


@pytest.mark.django_db
def test_without_add_permission_nothing_is_created(moderator):
    with pytest.raises(PermissionDenied):
        import_wire_article(text=NATO_REPORT, section=make_section(), user=moderator)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_without_user_the_draft_has_no_creator():
    article = import_wire_article(text=NATO_REPORT, section=make_section(), user=None)
    assert article.created_by is None
    assert article.bylines.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["", "   \n\n  ", "Teilen\nKommentare", "<p><script>alert(1)</script></p><br>"]
)
def test_bad_input_creates_nothing(journalist, text):
    make_article()
    before = Article.objects.count()
    with pytest.raises(ValidationError):
        import_wire_article(text=text, section=make_section(), user=journalist)
    assert Article.objects.count() == before


# --- manage.py import_article ---------------------------------------------------


@pytest.fixture
def wire_file(tmp_path):
    def write(data: bytes, name="meldung.txt"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


@pytest.mark.django_db
def test_command_imports_a_file_and_prints_the_admin_url(wire_file, journalist):
    section = make_section(slug="politik")
    out = io.StringIO()
    call_command(
        "import_article", wire_file(NATO_REPORT.encode()), section="politik", user="reporterin",
        stdout=out,
    )  # fmt: skip
    article = Article.objects.get()
    assert article.section == section
    assert article.status == Article.Status.DRAFT
    assert article.created_by == journalist
    assert article.lead == NATO_LEAD
    output = out.getvalue()
    assert reverse("admin:articles_article_change", args=[article.pk]) in output
    assert str(article.pk) in output


@pytest.mark.django_db
def test_command_reads_stdin():
    make_section(slug="wirtschaft")
    out = io.StringIO()
    stdin = io.BytesIO(GAS_REPORT.encode())
    call_command("import_article", "-", section="wirtschaft", stdout=out, stdin=stdin)
    article = Article.objects.get()
    assert article.title == "Gaspreis fällt auf Zweijahrestief"
    assert article.created_by is None


@pytest.mark.django_db
def test_command_unknown_section_lists_the_valid_ones(wire_file):
    make_section(slug="politik")
    make_section(slug="kultur")
    with pytest.raises(CommandError) as exc_info:
        call_command("import_article", wire_file(NATO_REPORT.encode()), section="sport")
    assert "sport" in str(exc_info.value)
    assert "politik" in str(exc_info.value)
    assert "kultur" in str(exc_info.value)
    assert Article.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        "Grüße aus Köln\n\nText.".encode("latin-1"),
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"",
        b"Teilen\nKommentare\n",
        b"x" * (1024 * 1024 + 1),
    ],
)
def test_command_bad_file_creates_nothing(wire_file, data):
    make_section(slug="politik")
    with pytest.raises(CommandError) as exc_info:
        call_command("import_article", wire_file(data), section="politik")
    assert str(exc_info.value)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_command_missing_file(tmp_path):
    make_section(slug="politik")
    with pytest.raises(CommandError):
        call_command("import_article", str(tmp_path / "fehlt.txt"), section="politik")


@pytest.mark.django_db
def test_command_user_without_permission_or_unknown(wire_file, moderator):
    make_section(slug="politik")
    path = wire_file(NATO_REPORT.encode())
    with pytest.raises(CommandError):
        call_command("import_article", path, section="politik", user="moderator")
    with pytest.raises(CommandError):
        call_command("import_article", path, section="politik", user="niemand")
    assert Article.objects.count() == 0


# --- the admin page -------------------------------------------------------------


@pytest.mark.django_db
def test_journalist_sees_the_import_form(client, journalist):
    make_section(name="Politik", slug="politik")
    client.force_login(journalist)
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="text"' in html
    assert 'name="file"' in html
    assert "csrfmiddlewaretoken" in html
    assert reverse("admin:articles_article_changelist") in html  # breadcrumbs
    assert "Politik" in html
    assert "<script>" not in html.replace("<script src=", "")
    assert "style=" not in html


@pytest.mark.django_db
def test_journalist_pastes_text_and_lands_on_the_draft(client, journalist):
    section = make_section()
    client.force_login(journalist)
    response = client.post(reverse(IMPORT_URL), {"section": section.pk, "text": NATO_REPORT})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.created_by == journalist
    assert article.status == Article.Status.DRAFT
    assert article.title == "NATO warnt vor Eskalation in Korea"
    assert article.body == NATO_BODY
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "NATO warnt vor Eskalation in Korea" in page.content.decode()


@pytest.mark.django_db
def test_journalist_uploads_a_text_file(client, journalist):
    section = make_section()
    client.force_login(journalist)
    upload = SimpleUploadedFile("meldung.txt", STRIKE_REPORT.encode(), "text/plain")
    response = client.post(reverse(IMPORT_URL), {"section": section.pk, "file": upload})
    assert response.status_code == 302
    assert Article.objects.get().title == "Bahnstreik legt Fernverkehr lahm"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"text": ""}, "__all__", "missing"),
        ({"text": "Kommentar hinterlassen\nTeilen"}, "text", None),
        ({"text": "<div><style>p{}</style><p>\u00a0</p></div>"}, "text", "html_no_text"),
        ({"file": ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00")}, "file", "not_text"),
        ({"file": ("alt.txt", "Größe zählt".encode("latin-1"))}, "file", "not_utf8"),
        ({"file": ("gross.txt", b"x" * (1024 * 1024 + 1))}, "file", "file_too_large"),
        ({"text": NATO_REPORT, "file": ("m.txt", b"Titel\n\nText.")}, "__all__", "both"),
    ],
)
def test_bad_input_shows_the_error_and_creates_nothing(client, journalist, data, field, code):
    section = make_section()
    client.force_login(journalist)
    payload = {"section": section.pk}
    for key, value in data.items():
        payload[key] = SimpleUploadedFile(value[0], value[1]) if key == "file" else value
    response = client.post(reverse(IMPORT_URL), payload)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(field, code)
    for message in form.errors[field]:
        assert str(message) in response.content.decode().replace("&quot;", '"').replace(
            "&#x27;", "'"
        )
    assert "errornote" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_moderator_may_not_import(client, moderator):
    section = make_section()
    client.force_login(moderator)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    response = client.post(reverse(IMPORT_URL), {"section": section.pk, "text": NATO_REPORT})
    assert response.status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_import_url_is_reachable_for_editors(client, editor):
    client.force_login(editor)
    assert client.get(reverse(IMPORT_URL)).status_code == 200


@pytest.mark.django_db
def test_superuser_import(client, superuser):
    section = make_section()
    client.force_login(superuser)
    response = client.post(reverse(IMPORT_URL), {"section": section.pk, "text": GAS_REPORT})
    assert response.status_code == 302
    assert User.objects.get(username="root") == Article.objects.get().created_by
