"""A comment's HTML is rendered once, when the comments app stores or decides
on it, and the article page shows exactly what it showed when every comment
was rendered per request (the old templates are kept here as the reference)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments import moderation, rendering
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

TRICKY = [
    "<script>alert('x')</script> & \"Anführung\"",
    "Siehe https://example.org/a?b=1&c=<2> und www.beispiel.at.",
    "Zeile eins\nZeile zwei\n\nNeuer Absatz\r\n\r\nnoch einer",
    "Grüße aus Köln – Straße, Öl, Übermaß, ß",
    "Donaudampfschifffahrtsgesellschaftskapitän" * 8,
    "Schreiben Sie an leser@example.org oder (http://example.com/x_(y))!",
    'javascript:alert(1) <a href="http://böse.example">klick</a>',
]


def _old_filter(value):
    """``comment_text`` as it was before the HTML was stored."""
    html = urlize(value, nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308


# templates/comments/_comment.html and the list in section.html, as they were.
OLD_COMMENT = """{% load i18n comments %}<article class="comment" id="kommentar-{{ comment.pk }}" aria-labelledby="kommentar-{{ comment.pk }}-name">
  {# A heading per comment (h3, a reply h4): screen readers can jump from comment to comment. #}
  <div class="comment-meta"><{% if comment.parent_id %}h4{% else %}h3{% endif %} class="comment-name" id="kommentar-{{ comment.pk }}-name">{{ comment.name }}</{% if comment.parent_id %}h4{% else %}h3{% endif %}> · <time datetime="{{ comment.created_at|date:'Y-m-d\\TH:i:sO' }}">{{ comment.created_at|date:"DATETIME_FORMAT" }}</time></div>
  <div class="comment-body">{{ comment.old_body }}</div>
  <p class="comment-actions">
    {% if is_open and not comment.parent_id %}<a href="?{{ reply_parameter }}={{ comment.pk }}#kommentar-formular">{% blocktranslate with name=comment.name %}Reply<span class="visually-hidden"> to {{ name }}</span>{% endblocktranslate %}</a> · {% endif %}
    <a href="{% url 'comments:report' comment.pk %}" rel="nofollow">{% blocktranslate with name=comment.name %}Report<span class="visually-hidden"> the comment by {{ name }}</span>{% endblocktranslate %}</a>
  </p>
</article>
"""  # noqa: E501
OLD_LIST = """{% load i18n %}<ol class="comment-list">
    {% for comment in comments %}
      <li>
        {% include old_comment %}
        {% if comment.visible_replies %}
        <ol class="comment-replies" aria-label="{% blocktranslate with name=comment.name %}Replies to {{ name }}{% endblocktranslate %}">
          {% for comment in comment.visible_replies %}<li>{% include old_comment %}</li>{% endfor %}
        </ol>
        {% endif %}
      </li>
    {% endfor %}
  </ol>"""  # noqa: E501


def _old_list(article, *, is_open):
    visible = Comment.objects.visible().filter(article=article)
    comments = list(
        visible.filter(parent=None).order_by("created_at", "pk")[: settings.COMMENTS["PER_PAGE"]]
    )
    for comment in comments:
        comment.visible_replies = list(visible.filter(parent=comment).order_by("created_at", "pk"))
        for c in [comment, *comment.visible_replies]:
            c.old_body = _old_filter(c.body)
    engine = engines["django"]
    return engine.from_string(OLD_LIST).render(
        {
            "comments": comments,
            "is_open": is_open,
            "reply_parameter": "antworten",
            "old_comment": engine.from_string(OLD_COMMENT),
        }
    )


def _new_list(html):
    return re.search(r'<ol class="comment-list">.*?\n  </ol>', html, re.S).group(0)


@pytest.mark.parametrize("body", TRICKY)
def test_stored_html_is_what_the_old_filter_rendered(body):
    assert rendering.render_body(body) == _old_filter(body)


@pytest.mark.parametrize("is_open", [True, False])
def test_article_page_is_byte_for_byte_what_it_was(client, is_open):
    article = make_article(comments_enabled=is_open)
    for i in range(60):
        top = make_comment(article, name=f"Leser <b>{i}</b> & Co", body=TRICKY[i % len(TRICKY)])
        if i % 4 == 0:
            make_comment(article, parent=top, name="Antwort „Ö“", body=f"Antwort {i}\nzwei")
    # Half of them as the comments app stores them, half without stored HTML
    # (written in bulk elsewhere): both must look the same.
    rendering.rerender(Comment.objects.filter(pk__lte=Comment.objects.order_by("pk")[40].pk))
    assert Comment.objects.exclude(body_html="").exists()
    assert Comment.objects.filter(body_html="").exists()

    html = client.get(article.get_absolute_url()).content.decode()
    assert _new_list(html) == _old_list(article, is_open=is_open)


def test_a_posted_comment_is_stored_with_its_html(client, comment_data, moderator):
    article = make_article()
    body = "Mehr unter https://example.org\n\n<b>fett</b>"
    response = client.post(
        f"{article.get_absolute_url()}kommentar/", {**comment_data, "body": body}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body_html == _old_filter(body)
    assert "&lt;b&gt;fett&lt;/b&gt;" in comment.body_html

    moderation.approve(comment_id=comment.pk, user=moderator)
    assert comment.body_html in client.get(article.get_absolute_url()).content.decode()


def test_a_decision_fills_in_html_that_is_missing(moderator):
    comment = make_comment(make_article(), status=Comment.Status.PENDING, body="a\nb")
    assert comment.body_html == ""
    moderation.approve(comment_id=comment.pk, user=moderator)
    comment.refresh_from_db()
    assert comment.body_html == "<p>a<br>b</p>"


def test_rerender_command_fills_in_and_changes_nothing_twice(capsys):
    article = make_article()
    comments = [make_comment(article, body=f"Nummer {i}: www.example.org") for i in range(3)]
    Comment.objects.filter(pk=comments[0].pk).update(body_html="<p>veraltet</p>")
    call_command("rerender_comments")
    assert "Rendered 3 comment(s)" in capsys.readouterr().out
    for comment in comments:
        comment.refresh_from_db()
        assert comment.body_html == _old_filter(comment.body)
    assert rendering.rerender() == (3, set())
