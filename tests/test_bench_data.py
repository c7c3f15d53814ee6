"""The benchmark's data generator (bench/) at a tiny size, so that it cannot
rot between the runs of ``make bench``: counts, relations, idempotence,
--reset, bad sizes, the ceiling view and the reading of wrk's output."""

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection
from taggit.models import Tag

from articles.models import Article, Author, Byline, Citation, Source
from bench import constants
from comments.models import Comment

SIZES = {"articles": 8, "comments": 300, "big_article_comments": 60}


def bench_data(**options):
    # The bench app is installed only by bench.settings; its command is
    # loaded directly so the tests run under the site's own settings.
    command = load_command_class("bench", "bench_data")
    call_command(command, images=1, **options)


def bench_articles():
    return Article.objects.filter(slug__startswith=constants.PREFIX)


def bench_comments():
    return Comment.objects.filter(article__slug__startswith=constants.PREFIX)


@pytest.fixture
def data_set(db):
    bench_data(**SIZES)


def test_sizes_and_the_measured_articles(data_set):
    assert bench_articles().published().count() == SIZES["articles"]
    assert bench_articles().exclude(pk__in=bench_articles().published()).exists()
    assert bench_comments().count() == SIZES["comments"]

    article = Article.objects.get(slug=constants.ARTICLE_SLUG)
    assert article.is_public and article.comments_enabled
    visible = Comment.objects.visible().filter(article=article)
    assert visible.count() == constants.ARTICLE_COMMENTS == article.comments.count()
    assert visible.filter(parent__isnull=False).exists()  # replies too

    big = Article.objects.get(slug=constants.BIG_ARTICLE_SLUG)
    assert big.comments.count() == SIZES["big_article_comments"]
    assert Article.objects.get(slug=constants.POST_ARTICLE_SLUG).is_public

    statuses = set(bench_comments().values_list("status", flat=True))
    assert statuses == {s.value for s in Comment.Status}


def test_relations_are_whole(data_set):
    for article in bench_articles().published():
        assert article.body_html.startswith("<p>")
        assert Byline.objects.filter(article=article).exists()
        assert article.tags.count() >= 2
    assert constants.TAG_NAME in Article.objects.get(slug=constants.ARTICLE_SLUG).tags.names()
    assert Tag.objects.filter(slug=constants.TAG_SLUG).exists()
    assert Citation.objects.filter(article__in=bench_articles()).exists()
    assert not Citation.objects.filter(article__in=bench_articles(), source=None).exists()
    # Replies answer an approved top-level comment of the same article, and
    # come after it.
    for reply in bench_comments().filter(parent__isnull=False).select_related("parent"):
        assert reply.parent.article_id == reply.article_id
        assert reply.parent.parent_id is None
        assert reply.parent.status == Comment.Status.APPROVED
        assert reply.parent.created_at <= reply.created_at
    # Comments come after their article, and every one has a fingerprint.
    for comment in bench_comments().select_related("article")[:100]:
        assert comment.created_at >= comment.article.publish_at
        assert len(comment.fingerprint) == 64
    if connection.vendor == "postgresql":
        assert not bench_articles().filter(search_vector=None).exists()


def test_same_size_again_changes_nothing(data_set, capsys):
    first = list(bench_comments().order_by("pk").values_list("pk", flat=True))
    bench_data(**SIZES)
    assert "already there" in capsys.readouterr().out
    assert list(bench_comments().order_by("pk").values_list("pk", flat=True)) == first


def test_another_size_needs_reset(data_set):
    other = {**SIZES, "articles": 10}
    with pytest.raises(CommandError, match="--reset"):
        bench_data(**other)
    assert bench_articles().published().count() == SIZES["articles"]

    bench_data(reset=True, **other)
    assert bench_articles().published().count() == 10
    assert bench_comments().count() == SIZES["comments"]
    # The old authors and sources went with the old articles.
    # The old authors and sources went with the old articles (a small data
    # set has three of each).
    assert Author.objects.filter(slug__startswith=constants.PREFIX).count() == 3
    assert Source.objects.filter(slug__startswith=constants.PREFIX).count() == 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"articles": 2, "comments": 300, "big_article_comments": 10}, "at least 3"),
        ({"articles": 8, "comments": 100, "big_article_comments": 10}, "at least 210"),
        ({"articles": 8, "comments": 300, "big_article_comments": -1}, "negative"),
    ],
)
def test_bad_sizes_are_refused(db, options, message):
    with pytest.raises(CommandError, match=message):
        bench_data(**options)
    assert not bench_articles().exists()


def test_ceiling_returns_the_article_page(data_set, client, settings):
    settings.ROOT_URLCONF = "bench.urls"
    page = client.get(f"/artikel/{constants.ARTICLE_SLUG}/")
    ceiling = client.get("/_bench/ceiling/")
    assert page.status_code == ceiling.status_code == 200
    title = Article.objects.get(slug=constants.ARTICLE_SLUG).title
    assert title in ceiling.content.decode()
    # The same page but for its per-request CSRF token.
    assert abs(len(ceiling.content) - len(page.content)) < 200


WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.20ms  80.00ms   90.00%
    Req/Sec   325.10     20.30   370.00     70.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   15.20ms
     99%    1.20s
  6502 requests in 10.01s, 476.25MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    649.55
Transfer/sec:     47.58MB
"""


def test_wrk_output_is_read():
    from bench.run import parse_wrk

    result = parse_wrk(WRK_OUTPUT)
    assert result["rps"] == 649.55
    assert result["p50_ms"] == 11.5
    assert result["p99_ms"] == 1200.0
    assert result["requests"] == 6502
    assert result["errors"] == 7
    assert round(result["bytes_per_request"]) == round(476.25 * 1024**2 / 6502)


def test_targets_compare_with_the_mean_of_the_ceiling_runs():
    """The ceiling is measured first and last; the table and the targets both
    divide by the mean of the two runs, so they never disagree."""
    from bench.run import Result, targets

    def result(key, rps):
        return Result(key, key, "cached", rps=rps, p50_ms=1, p99_ms=2, requests=1, errors=0)

    results = [result("ceiling", 1000), result("article", 600), result("ceiling", 2000)]
    rows = targets(results, None, full=True)
    assert "| Cached article page >= 0.7 × ceiling req/s | 0.40 | **missed** |" in rows
