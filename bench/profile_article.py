"""Where the time of an uncached article page goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_quick \\
        .venv/bin/python bench/profile_article.py [--requests 50] [--top 25] [--slug ...]

Renders the benchmark's article with 200 approved comments (``make bench``'s
data set must be there) through the Django test client with production
settings and the page cache off, as many times as asked: prints the mean
time per request and the queries of one request, then profiles the same
number of requests with cProfile and prints the functions with the most
time of their own and the most time in total. Measuring only; no test
asserts times.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import secrets
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import constants  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--slug", default=constants.ARTICLE_SLUG)
    args = parser.parse_args(argv)

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_quick")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": "profile-only-" + secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    logging.disable(logging.INFO)  # one log line per request would be most of the output
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/artikel/{args.slug}/"

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; is the bench data there?")
        return response

    page = get()  # warm: templates loaded, connection open
    with ExitStack() as stack:  # reads may go to a replica's alias
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        get()
    queries = [q for context in captured for q in context.captured_queries]
    started = time.perf_counter()
    for _ in range(args.requests):
        get()
    per_request = (time.perf_counter() - started) / args.requests * 1000
    print(f"{url}: {len(page.content):,} bytes, {len(queries)} queries")
    print(f"{per_request:.1f} ms per request (mean of {args.requests}, one process)")
    for query in queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        get()
    profile.disable()
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    print("\n--- own time ---")
    stats.sort_stats("tottime").print_stats(args.top)
    print("\n--- cumulative ---")
    stats.sort_stats("cumulative").print_stats(args.top)
    print("\n--- callers of the template engine's heaviest parts ---")
    stats.print_callers(
        "functional.py:.*wrapper|html.py:.*__call__|i18n.py:.*render|dateformat.py:.*format"
    )


if __name__ == "__main__":
    main()
