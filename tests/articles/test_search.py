"""Reader search at /suche/: PostgreSQL full-text search with the german
configuration, a simple fallback on SQLite, and on both only published
articles, calm answers to odd queries and a constant number of queries.

Vectors are written after commit; the tests create and edit articles inside
``django_capture_on_commit_callbacks(execute=True)`` (the ``indexed``
fixture) so that the vector is there as it would be in production.

Length: the search on both databases (PostgreSQL's full text, SQLite's
fallback), its query parsing and its hostile queries; the cases share this
module's fixtures and helpers.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from articles.search import (
    MAX_FALLBACK_TERMS,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    fallback_terms,
    normalise_query,
    search,
)
from tests.factories import forget_stored_pages, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search (german stemming, ranking, web-search syntax) needs PostgreSQL",
)
fallback_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="tests the SQLite fallback search"
)

# The English search: assertions below read the English msgids; German is
# the lead's catalogue.
URL = "/en/suche/"


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """make_article, with the on-commit vector update run as in production."""

    def make(**kw):
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(**kw)

    return make


def _found(client, q, **params):
    """The titles a search finds, searched afresh (the factories and a plain
    save() bypass the services that drop stored pages)."""
    forget_stored_pages()
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    page = response.context["page"]
    return [article.title for article in page] if page is not None else []


# --- Routing and the empty query ---------------------------------------------


def test_search_is_routed_at_suche():
    assert reverse("search:search") == "/suche/"
    with translation.override("en"):
        assert reverse("search:search") == URL


def test_empty_query_shows_a_hint_and_searches_nothing(client, indexed, settings):
    indexed(title="Irgendein Artikel")
    settings.PAGE_CACHE = False  # its probe for scheduled articles is not a search
    for q in ("", "   ", "\x00\t\n"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert response.context["page"] is None
        assert not [x for x in ctx.captured_queries if "articles_article" in x["sql"]]
        html = response.content.decode()
        assert 'name="q"' in html and 'type="search"' in html
        assert '<meta name="robots" content="noindex">' in html
        assert 'class="help"' in html


def test_search_function_returns_nothing_for_an_empty_query():
    assert list(search("  \x00 ")) == []


# --- Finding ----------------------------------------------------------------


def test_finds_an_article_by_a_word_anywhere(client, indexed):
    indexed(title="Gipfel in Wien", kicker="Diplomatie")
    indexed(title="Andere Nachricht", lead="Beim Gipfel wurde wenig erreicht.")
    indexed(title="Dritte Nachricht", body="Ein langer Text über den Gipfel.")
    indexed(title="Ohne Bezug")
    assert sorted(_found(client, "Gipfel")) == [
        "Andere Nachricht",
        "Dritte Nachricht",
        "Gipfel in Wien",
    ]
    assert _found(client, "Diplomatie") == ["Gipfel in Wien"]


def test_all_words_are_required(client, indexed):
    indexed(title="Nordkorea und Russland vereinbaren Zusammenarbeit")
    indexed(title="Nordkorea testet Rakete")
    indexed(title="Russland meldet Wachstum")
    indexed(title="Treffen", lead="Nordkorea schickt Truppen", body="Russland bestätigt.")
    assert sorted(_found(client, "Nordkorea Russland")) == [
        "Nordkorea und Russland vereinbaren Zusammenarbeit",
        "Treffen",
    ]


def test_excluded_word(client, indexed):
    indexed(title="Wahl in Österreich")
    indexed(title="Wahl in Deutschland")
    assert _found(client, "Wahl -Deutschland") == ["Wahl in Österreich"]


@postgresql_only
@pytest.mark.parametrize(
    ("text", "query"),
    [("Ein Soldat wurde verletzt", "Soldaten"), ("Das Haus brannte", "Häuser")],
)
def test_german_stemming(client, indexed, text, query):
    indexed(title="Meldung", body=text)
    indexed(title="Anderes")
    assert _found(client, query) == ["Meldung"]


@postgresql_only
def test_headline_match_ranks_above_lead_above_body(client, indexed):
    now = timezone.now()
    # The newest first in time, so only the rank can put them in this order.
    indexed(title="Bericht", body="Die Inflation steigt.", publish_at=now - timedelta(minutes=1))
    indexed(title="Analyse", lead="Die Inflation sinkt.", publish_at=now - timedelta(minutes=2))
    indexed(title="Inflation im Euroraum", publish_at=now - timedelta(minutes=3))
    assert _found(client, "Inflation") == ["Inflation im Euroraum", "Analyse", "Bericht"]


@postgresql_only
def test_websearch_phrase_and_or(client, indexed):
    indexed(title="Der Bundeskanzler reist nach Paris")
    indexed(title="Paris empfängt den Bundeskanzler nicht")
    indexed(title="Rom")
    assert _found(client, '"Bundeskanzler reist"') == ["Der Bundeskanzler reist nach Paris"]
    assert sorted(_found(client, "Rom OR reist")) == ["Der Bundeskanzler reist nach Paris", "Rom"]


# --- The published gate -------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED, "publish_at": timezone.now() - timedelta(days=1)},
        "future",
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_unpublished_articles_are_never_found(client, indexed, state):
    if state == "future":
        state = {
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() + timedelta(hours=2),
        }
    indexed(title="Geheimsache Embargo", lead="Geheimsache", body="Geheimsache", **state)
    indexed(title="Öffentliche Geheimsache")
    assert _found(client, "Geheimsache") == ["Öffentliche Geheimsache"]
    assert _found(client, "Embargo") == []
    assert b"Embargo</a>" not in client.get(URL, {"q": "Geheimsache Embargo"}).content


# --- Keeping the vector current ---------------------------------------------


@postgresql_only
def test_vector_follows_an_edit_after_commit(client, indexed, django_capture_on_commit_callbacks):
    article = indexed(title="Alte Schlagzeile über Tomaten")
    assert _found(client, "Tomaten") == ["Alte Schlagzeile über Tomaten"]

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Neue Schlagzeile über Gurken"
        article.save()
    assert _found(client, "Tomaten") == []
    assert _found(client, "Gurken") == ["Neue Schlagzeile über Gurken"]


def _vector_updates(callbacks):
    """The search-vector refreshes among on-commit callbacks (the page cache
    queues its own)."""
    return [c for c in callbacks if c.__module__ == "articles.signals"]


@postgresql_only
def test_vector_is_written_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = make_article(title="Kartoffeln")
    callbacks = _vector_updates(callbacks)
    assert len(callbacks) == 1
    article.refresh_from_db()
    assert article.search_vector is None  # not yet committed
    callbacks[0]()
    assert [a.title for a in search("Kartoffeln")] == ["Kartoffeln"]


def test_saving_unsearched_fields_does_not_queue_an_update(django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks:
        article.featured = True
        article.save(update_fields=["featured"])
    assert _vector_updates(callbacks) == []
    with django_capture_on_commit_callbacks() as callbacks:
        article.lead = "Neu"
        article.save(update_fields=["lead"])
    assert len(_vector_updates(callbacks)) == 1


@postgresql_only
def test_the_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "articles_article")
    assert constraints["article_search_gin"]["type"] == "gin"
    assert constraints["article_search_gin"]["columns"] == ["search_vector"]


# --- Snippets -----------------------------------------------------------------


def test_snippet_marks_the_match_and_escapes_the_text(client, indexed):
    indexed(
        title="Sicherheitslücke",
        lead="",
        body="Der Exploit `<script>alert(1)</script>` & <b>fett</b> "
        "<script>alert(2)</script> kam ans Licht.",
    )
    response = client.get(URL, {"q": "Exploit"})
    html = response.content.decode()
    (article,) = response.context["page"]
    assert "<mark>Exploit</mark>" in article.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.snippet
    assert "<script" not in html
    assert "alert(2)" not in html  # removed with the raw HTML by the renderer
    assert "<b>" not in article.snippet
    assert '<p class="teaser-lead search-snippet">' in html


def test_snippet_sets_a_subheading_off_from_the_text_after_it(client, indexed):
    article = indexed(
        title="Rathaus",
        lead="Kurz.",
        body="Erster Absatz.\n\n## Neue Regeln\n\nDie Stadt ändert die Parkordnung."
        "\n\n## Was gilt?\n\nAb Montag gilt sie.",
    )
    # Also when the blocks have no line break between them.
    Article.objects.filter(pk=article.pk).update(body_html=article.body_html.replace("\n", ""))
    response = client.get(URL, {"q": "Parkordnung"})
    (found,) = response.context["page"]
    assert "Absatz. Neue Regeln – Die Stadt" in found.snippet
    assert "<mark>Parkordnung</mark>. Was gilt? Ab Montag gilt sie." in found.snippet
    assert not found.snippet.endswith("–")


def test_lead_is_shown_when_the_body_does_not_match(client, indexed):
    indexed(title="Wetter in Tirol", lead="Schnee bis in tiefe Lagen.", body="Kein Treffer hier.")
    response = client.get(URL, {"q": "Tirol"})
    (article,) = response.context["page"]
    assert article.snippet == ""
    assert "Schnee bis in tiefe Lagen." in response.content.decode()


def test_the_query_is_echoed_escaped(client):
    response = client.get(URL, {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# --- Pagination -----------------------------------------------------------------


def test_pagination_keeps_the_query(client, indexed):
    section = make_section()
    for i in range(PAGE_SIZE + 5):
        indexed(title=f"Budget {i}", lead="Zum Budget & Haushalt.", section=section)
    first = client.get(URL, {"q": "Budget & Haushalt"})
    assert len(first.context["page"]) == PAGE_SIZE
    html = first.content.decode()
    assert "25 results for “Budget &amp; Haushalt”" in html
    assert 'href="?q=Budget%20%26%20Haushalt&amp;page=2"' in html
    second = client.get(URL, {"q": "Budget & Haushalt", "page": "2"})
    assert len(second.context["page"]) == 5
    assert 'href="?q=Budget%20%26%20Haushalt&amp;page=1"' in second.content.decode()
    titles = {a.title for a in first.context["page"]} | {a.title for a in second.context["page"]}
    assert len(titles) == PAGE_SIZE + 5
    for page in ("abc", "0", "-1", "999999", "9" * 400):
        assert client.get(URL, {"q": "Budget", "page": page}).status_code == 200


def test_result_count_singular_and_no_results(client, indexed):
    indexed(title="Einzelstück")
    assert "1 result for “Einzelstück”" in client.get(URL, {"q": "Einzelstück"}).content.decode()
    html = client.get(URL, {"q": "Nirgendwo"}).content.decode()
    assert "No articles found for “Nirgendwo”." in html


def test_search_page_queries_do_not_grow_with_results(client, indexed):
    """Guards the result loop: sections and bylines come in bulk (for_listing),
    snippets with the page query (PostgreSQL) or from fetched rows (SQLite)."""

    def add(n):
        for _ in range(n):
            indexed(title="Klimagipfel", section=make_section(), authors=[make_author()])

    def count():
        forget_stored_pages()  # the factories bypass the services that drop pages
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"q": "Klimagipfel"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(3)
    few = count()
    add(22)
    assert count() == few


# --- Odd input ------------------------------------------------------------------

HOSTILE_QUERIES = [
    "x" * 10_000,
    "Nordkorea " * 1_000,
    "'); DROP TABLE articles_article; --",
    "%_",
    "%",
    '"unclosed',
    '""',
    "-",
    "--",
    "OR",
    "or or or",
    "!",
    "&|!():*<>",
    "<script>alert(1)</script>",
    "\x00",
    "Nord\x00korea",
    "Soldat\u200b\u202e",
    "der die das",
    "a" * 300 + " " + "b" * 300,
    "🦆 Ente",
    "\\",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_odd_queries_are_answered_calmly(client, indexed, q):
    indexed(title="Nordkorea bleibt isoliert")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("query_string", ["q=%00Soldat%00&page=%00", "q=%ED%A0%80%FF", "q=%"])
def test_raw_bytes_in_the_url(client, query_string):
    assert client.get(f"{URL}?{query_string}").status_code == 200


def test_the_last_of_several_q_values_is_used(client, indexed):
    indexed(title="Apfel")
    indexed(title="Birne")
    response = client.get(URL + "?q=Apfel&q=Birne")
    assert response.context["query"] == "Birne"
    assert [a.title for a in response.context["page"]] == ["Birne"]


# --- Normalising and the fallback parser (no database needed) -------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        (None, ""),
        ("  Soldaten  ", "Soldaten"),
        ("Nord\x00korea\tRussland\n", "Nord korea Russland"),
        ("Sol\u00adda\u200bten", "Soldaten"),
        ("a   b", "a b"),
    ],
)
def test_normalise_query(raw, expected):
    assert normalise_query(raw) == expected


def test_normalise_query_caps_the_length():
    assert len(normalise_query("x" * 10_000)) == MAX_QUERY_LENGTH
    assert normalise_query("a " * 150) == ("a " * 100).strip()


def test_fallback_terms():
    assert fallback_terms('Wahl "große Koalition" -SPÖ or, Wien.') == [
        ("Wahl", False),
        ("große Koalition", False),
        ("SPÖ", True),
        ("Wien", False),
    ]
    assert fallback_terms('- -- %_ "" OR') == []
    assert len(fallback_terms(" ".join(f"w{i}" for i in range(20)))) == MAX_FALLBACK_TERMS


@fallback_only
def test_fallback_matches_substrings_case_insensitively(client, indexed):
    indexed(title="Bundesheer", body="Zwei SOLDATEN wurden ausgezeichnet.")
    indexed(title="Sport")
    assert _found(client, "soldat") == ["Bundesheer"]
    assert _found(client, "Soldat 100%") == []
    assert _found(client, '"wurden ausgezeichnet"') == ["Bundesheer"]


@pytest.mark.parametrize("q", ["%", "_", "%%", "_%_", "%_%", "W_hl", "Wa%l"])
def test_like_wildcards_match_nothing_they_do_not_literally_contain(client, indexed, q):
    """``%`` and ``_`` are LIKE wildcards: passed through unescaped, "%" would
    find every article and "W_hl" the "Wahl". Both search paths must treat
    them as the characters they are (the fallback's icontains escapes them,
    PostgreSQL's full-text parser does not know them)."""
    for title in ("Wahl in Wien", "Nordkorea bleibt isoliert", "Budget für 2027"):
        indexed(title=title)
    assert len(_found(client, "Wahl")) == 1  # the articles are searchable at all
    assert _found(client, q) == []
