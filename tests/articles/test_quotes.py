"""Quotes and their speakers in German news text (articles/quotes.py), and
the measured quality on the shipped corpus (articles/quote_quality.py,
``manage.py quote_quality``)."""

import io

import pytest
from django.core.management import call_command

from articles.quote_quality import CORPUS_PATH, evaluate, load_corpus
from articles.quotes import Quote, extract_quotes


def one(text) -> Quote:
    found = extract_quotes(text)
    assert len(found) == 1, found
    return found[0]


# --- the patterns of agency copy ---------------------------------------------------------


def test_quote_first_with_an_apposition_behind_the_name():
    quote = one(
        "„Wir beobachten die Lage sehr genau“, sagte John Carver, Sprecher des "
        "US-Außenministeriums, am Mittwoch in Washington."
    )
    assert quote.quote == "Wir beobachten die Lage sehr genau"
    assert quote.speaker == "John Carver"
    assert quote.role == "Sprecher des US-Außenministeriums"
    assert quote.organisation == "US-Außenministerium"
    assert quote.kind == "person"


def test_role_before_the_name_and_a_pronoun_after():
    quote = one(
        "Die Sprecherin des russischen Außenministeriums, Jelena Morosowa, wies die Vorwürfe "
        "zurück. „Das ist eine Erfindung“, sagte sie in Moskau."
    )
    assert (quote.speaker, quote.role, quote.organisation) == (
        "Jelena Morosowa",
        "Sprecherin des russischen Außenministeriums",
        "russisches Außenministerium",
    )
    assert quote.sentence == 1


def test_speaker_first_with_a_colon_and_the_adjective_of_a_role():
    quote = one(
        "Der deutsche Verteidigungsminister Lukas Brandauer sagte am Montag: "
        "„Wir werden die Ukraine unterstützen.“"
    )
    assert quote.speaker == "Lukas Brandauer"
    assert quote.role == "deutscher Verteidigungsminister"
    assert quote.quote == "Wir werden die Ukraine unterstützen."


def test_so_with_a_surname_refers_back_to_the_full_name():
    found = extract_quotes(
        "Bildungslandesrat Florian Haberl wies die Kritik zurück. „Wir haben mit jeder "
        "Schule gesprochen“, so Haberl."
    )
    assert [(q.speaker, q.role) for q in found] == [("Florian Haberl", "Bildungslandesrat")]


def test_titles_are_no_part_of_the_name():
    quote = one(
        "„Wir sehen keine Erholung“, sagte Prof. Dr. Martina Leitgeb vom Institut für "
        "Höhere Studien in Wien."
    )
    assert quote.speaker == "Martina Leitgeb"
    assert quote.organisation == "Institut für Höhere Studien"


def test_hiess_es_takes_the_organisation_named_before():
    quote = one(
        "Der Handelsverband Seewalden befürchtet Umsatzeinbußen. „Wer am Samstag schließen "
        "muss, verliert seine besten Stunden“, heißt es in einer Stellungnahme des Verbands."
    )
    assert (quote.speaker, quote.organisation, quote.kind) == (
        "",
        "Handelsverband Seewalden",
        "organisation",
    )


def test_an_unnamed_spokesperson_speaks_for_the_organisation():
    quote = one("„Die Bewohner sind in Sicherheit“, sagte ein Sprecher der Feuerwehr.")
    assert (quote.speaker, quote.role, quote.organisation) == (
        "",
        "Sprecher der Feuerwehr",
        "Feuerwehr",
    )


def test_a_quote_nobody_is_named_for_is_unattributed():
    quote = one(
        "Im Parlament kursiert ein Entwurf. „Die Befristungen werden eingeschränkt“, hieß es."
    )
    assert quote.kind == ""
    assert (quote.speaker, quote.organisation) == ("", "")


def test_laut_and_zufolge_with_partial_quotes():
    found = extract_quotes(
        "Laut IOC-Sprecher Marc Dubois ist eine Entscheidung „frühestens im Frühjahr“ zu "
        "erwarten. Der Asylkoordination Österreich zufolge sind die Zahlen „vor allem eine "
        "Folge geschlossener Grenzen“."
    )
    assert [(q.quote, q.speaker or q.organisation) for q in found] == [
        ("frühestens im Frühjahr", "Marc Dubois"),
        ("vor allem eine Folge geschlossener Grenzen", "Asylkoordination Österreich"),
    ]
    assert found[0].organisation == "IOC"


def test_nested_quotes_stay_inside_and_other_quotation_marks_work():
    assert (
        one("„Als er sagte: ‚Wir sind dabei‘, wusste ich es“, sagte Ursula Brenner.").quote
        == "Als er sagte: ‚Wir sind dabei‘, wusste ich es"
    )
    assert one("»Das gilt überall«, sagte Parteichef Thomas Reuter.").speaker == "Thomas Reuter"
    assert one('"Eine Entwarnung ist das nicht", sagte Tobias Thaler.').quote == (
        "Eine Entwarnung ist das nicht"
    )
    assert one("“Ich kann es nicht glauben”, sagte Sophie Lehner.").speaker == "Sophie Lehner"


def test_split_and_continued_quotes_keep_their_speaker():
    found = extract_quotes(
        "„Wir haben ein schwieriges Jahr hinter uns“, sagte Finanzvorstand Georg Aigner, "
        "„aber die Talsohle ist durchschritten.“ „Wir investieren weiter.“"
    )
    assert [q.speaker for q in found] == ["Georg Aigner"] * 3


def test_indirect_speech_titles_and_terms_are_no_quotes():
    assert (
        extract_quotes(
            "Der Kompromiss sei tragfähig, sagte Kellner in Berlin. Die Grünen hätten sich "
            "durchgesetzt, räumte sie ein."
        )
        == []
    )
    assert (
        extract_quotes(
            "Die Regierung hat ihr Programm „Zukunft Land 2030“ vorgestellt. Kern ist ein "
            "sogenannter „Digitalbonus“. In sozialen Netzwerken war von „Zensur“ die Rede. "
            "Sommer sagte gegenüber der „Seewaldner Rundschau“, der Preis gehöre allen."
        )
        == []
    )


def test_a_pronoun_never_jumps_to_a_person_of_the_other_gender():
    found = extract_quotes(
        "„Sie haben das Vertrauen missbraucht“, sagte Richterin Andrea Wiesner. Der Angeklagte "
        "nahm das Urteil an. „Ich schäme mich“, sagte er."
    )
    assert [(q.quote, q.speaker) for q in found] == [
        ("Sie haben das Vertrauen missbraucht", "Andrea Wiesner"),
        ("Ich schäme mich", ""),
    ]


def test_markdown_bodies_headings_and_escapes():
    body = (
        "## Expertin: „Ein eingespieltes Tauschgeschäft“\n\n"
        "„Nordkorea liefert Soldaten \\*und\\* Munition“, sagte Miriam Castellan."
    )
    quote = one(body)
    assert quote.quote == "Nordkorea liefert Soldaten *und* Munition"
    assert quote.speaker == "Miriam Castellan"


@pytest.mark.parametrize(
    "text",
    ["", "„", "„“", '"""', "\x00 „a“", "„" * 5000, "a. " * 5000, "»Nur« »zwei« »Worte«"],
)
def test_odd_input_gives_no_quotes_and_no_error(text):
    assert extract_quotes(text) == []


# --- measured quality ----------------------------------------------------------------------


def test_the_corpus_is_broad_enough():
    corpus = load_corpus()
    assert CORPUS_PATH.is_file()
    assert len(corpus) >= 40
    assert len({p["id"] for p in corpus}) == len(corpus)
    topics = {p["topic"] for p in corpus}
    assert {"politik", "wirtschaft", "sport", "kultur", "chronik"} <= topics
    # Paragraphs without any direct quote (indirect speech only) are part of it.
    assert any(not p["quotes"] for p in corpus)
    assert sum(len(p["quotes"]) for p in corpus) >= 80


def test_precision_and_recall_on_the_corpus():
    report = evaluate()
    assert report.precision >= 0.9, report.misses
    assert report.recall >= 0.85, report.misses
    held_out = evaluate([p for p in load_corpus() if p["set"] == "held-out"])
    assert held_out.precision >= 0.9 and held_out.recall >= 0.85, held_out.misses


def test_the_quality_command_prints_the_figures():
    out = io.StringIO()
    call_command("quote_quality", stdout=out)
    text = out.getvalue()
    assert "precision" in text and "recall" in text
    assert "held-out" in text
