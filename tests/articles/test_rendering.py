from articles.rendering import render_markdown
from tests.factories import make_article


def test_subheadings_become_h2_and_paragraphs_stay():
    html = render_markdown(
        "Vorspann.\n\n## NATO warnt vor Eskalation\n\n„3.000 Soldaten“, sagte er."
    )
    assert "<h2>NATO warnt vor Eskalation</h2>" in html
    assert "<p>„3.000 Soldaten“, sagte er.</p>" in html


def test_single_hash_is_demoted_so_the_headline_stays_the_only_h1():
    assert "<h1>" not in render_markdown("# Groß")
    assert "<h2>Groß</h2>" in render_markdown("# Groß")


def test_scripts_event_handlers_and_dangerous_urls_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[a](javascript:alert(3)) [b](data:text/html,hi) ![c](https://x.test/c.png)"
        '<a href="https://ok.test" onclick="x()">ok</a>'
    )
    for bad in ("<script", "onerror", "javascript:", "data:", "onclick", "<img"):
        assert bad not in html
    assert 'href="https://ok.test"' in html


def test_article_save_keeps_rendered_body_in_step(db):
    article = make_article(body="## Eins")
    assert article.body_html == "<h2>Eins</h2>"
    article.body = "## Zwei"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<h2>Zwei</h2>"
