"""„Aktualisiert“ on the article page means a correction or an update was
added after publication, at that correction's time; the JSON-LD
dateModified and the feeds' updated time say the same. A save that only
fixes a typo is no update."""

import calendar
import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import make_article, make_correction

pytestmark = pytest.mark.django_db


def _page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _updated_times(html):
    """The datetime attributes of the "Aktualisiert" times in the byline."""
    meta = re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)
    return re.findall(r'Aktualisiert <time datetime="([^"]+)"', meta)


def _json_ld(html):
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def _atom_updated(client, article):
    parsed = feedparser.parse(client.get("/feed/atom/").content)
    (entry,) = [e for e in parsed.entries if e.link.endswith(article.get_absolute_url())]
    return calendar.timegm(entry.updated_parsed)


def _html_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S%z")


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def test_a_save_after_publication_without_a_correction_is_no_update(client):
    published = timezone.now() - timedelta(hours=3)
    article = make_article(publish_at=published)
    # A typo fixed an hour after publication: saved, but nothing to tell readers.
    Article.objects.filter(pk=article.pk).update(updated_at=published + timedelta(hours=1))

    html = _page(client, article)
    assert "Aktualisiert" not in html
    assert _json_ld(html)["dateModified"] == _json_ld(html)["datePublished"] == _iso(published)
    assert _atom_updated(client, article) == int(published.timestamp())


@pytest.mark.parametrize("kind", [Correction.Kind.CORRECTION, Correction.Kind.UPDATE])
def test_a_correction_or_update_is_the_updated_time_everywhere(client, kind):
    published = timezone.now() - timedelta(hours=3)
    article = make_article(publish_at=published)
    older = make_correction(article, kind=kind, created_at=published + timedelta(minutes=20))
    newest = make_correction(article, kind=kind, created_at=published + timedelta(minutes=90))
    # A later plain save does not move the time readers are shown.
    Article.objects.filter(pk=article.pk).update(updated_at=published + timedelta(hours=2))

    html = _page(client, article)
    assert _updated_times(html) == [_html_time(newest.created_at)]
    assert _html_time(older.created_at) not in _updated_times(html)
    assert _json_ld(html)["dateModified"] == _iso(newest.created_at)
    assert _atom_updated(client, article) == int(newest.created_at.timestamp())


def test_a_correction_from_before_the_publication_is_no_update(client):
    """An article unpublished, corrected and published again later: it is new
    as of its publication."""
    published = timezone.now() - timedelta(hours=1)
    article = make_article(publish_at=published)
    make_correction(article, created_at=published - timedelta(days=1))
    html = _page(client, article)
    assert _updated_times(html) == []
    assert "Ein Fehler wurde korrigiert." in html  # the correction itself is listed
    assert _json_ld(html)["dateModified"] == _iso(published)


def test_the_updated_time_costs_no_query(client):
    plain = make_article()
    corrected = make_article()
    make_correction(corrected, created_at=timezone.now())

    def queries(article):
        with CaptureQueriesContext(connection) as ctx:
            html = _page(client, article)
        return len(ctx.captured_queries), html

    _page(client, make_article())  # the first request of a test warms up the page cache
    few, _html = queries(plain)
    count, html = queries(corrected)
    assert _updated_times(html)
    assert count == few
