"""``python manage.py bench_explain`` (``DJANGO_SETTINGS_MODULE=bench.settings``,
PostgreSQL, after ``bench_data``): the query plans of the reader pages.

Requests each page through Django's test client with the page cache off,
captures its SQL and runs ``EXPLAIN (ANALYZE, BUFFERS)`` on every SELECT.
Prints, per page, each query's execution time and plan, and marks
sequential scans of the large tables. The comment POST runs inside a
transaction that is rolled back, so nothing is stored.
"""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles.models import Author, Source
from bench import constants
from comments.forms import CommentForm

LARGE_TABLES = (
    "comments_comment",
    "articles_article",
    "taggit_taggeditem",
    "articles_byline",
    "articles_citation",
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "EXPLAIN ANALYZE the SQL of the reader pages on the benchmark data set."

    def add_arguments(self, parser):
        parser.add_argument("--page", action="append", help="only these pages (names)")
        parser.add_argument("--brief", action="store_true", help="times and scans, no plans")

    def pages(self):
        author = (
            Author.objects.filter(slug__startswith=constants.PREFIX)
            .annotate(n=Count("bylines"))
            .order_by("-n")
            .first()
        )
        source = (
            Source.objects.filter(slug__startswith=constants.PREFIX, is_confidential=False)
            .annotate(n=Count("citations"))
            .order_by("-n")
            .first()
        )
        if author is None or source is None:
            raise CommandError("No benchmark data: run bench_data first.")
        return {
            "home": "/",
            "section": f"/ressort/{constants.SECTION_SLUG}/",
            "section-page-50": f"/ressort/{constants.SECTION_SLUG}/?page=50",
            "tag": f"/thema/{constants.TAG_SLUG}/",
            "author": f"/autor/{author.slug}/",
            "source": f"/quelle/{source.slug}/",
            "search": f"/suche/?q={constants.SEARCH_QUERY}",
            "search-broad": f"/suche/?q={constants.SEARCH_BROAD_QUERY}",
            "article": f"/artikel/{constants.ARTICLE_SLUG}/",
            "big-article": f"/artikel/{constants.BIG_ARTICLE_SLUG}/",
            "big-article-page-60": f"/artikel/{constants.BIG_ARTICLE_SLUG}/?kommentare=60",
            "feed": "/feed/",
        }

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_explain needs PostgreSQL.")
        pages = self.pages()
        wanted = options["page"] or [*pages, "comment-post"]
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else None)
        with override_settings(PAGE_CACHE=False, DEBUG=False):
            for name in wanted:
                if name == "comment-post":
                    captured = self.post(client)
                elif name in pages:
                    with CaptureQueriesContext(connection) as ctx:
                        response = client.get(pages[name])
                    if response.status_code != 200:
                        raise CommandError(f"{pages[name]} answered {response.status_code}")
                    captured = ctx.captured_queries
                else:
                    raise CommandError(f"Unknown page {name}; pages: {', '.join(pages)}")
                self.explain(name, pages.get(name, "POST comment"), captured, options["brief"])

    def post(self, client):
        data = {
            "name": "Explain Leserin",
            "email": "explain@example.org",
            "body": f"{constants.POST_BODY_PREFIX} explain",
            "ts": CommentForm.fresh_timestamp(),
        }
        url = f"/artikel/{constants.POST_ARTICLE_SLUG}/kommentar/"
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data)
                if response.status_code != 302:
                    raise CommandError(f"POST {url} answered {response.status_code}")
                raise Rollback
        except Rollback:
            pass
        return ctx.captured_queries

    def explain(self, name, url, captured, brief):
        selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
        self.stdout.write(f"\n=== {name}: {url} ({len(captured)} queries, {len(selects)} SELECT)")
        total = 0.0
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
                ms = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
                total += ms
                seq = [
                    line.strip()
                    for line in plan
                    if "Seq Scan" in line and any(t in line for t in LARGE_TABLES)
                ]
                flag = "  SEQ SCAN: " + "; ".join(seq) if seq else ""
                self.stdout.write(f"--- {ms:8.2f} ms  {sql[:160]}{flag}")
                if not brief:
                    self.stdout.write("\n".join("      " + line for line in plan))
        self.stdout.write(f"=== {name}: {total:.1f} ms in SELECTs")


# Q is imported for readers extending the page list with filtered lookups.
__all__ = ["Command", "Q"]
