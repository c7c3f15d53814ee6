"""``python manage.py bench_ticker`` (with ``DJANGO_SETTINGS_MODULE=bench.settings``):
the desk of the live-ticker benchmark (issue 19), run by ``bench/run.py`` in a
process of its own beside the pollers.

``--refill`` takes the ticker back to its generated entries (what earlier
runs posted goes, an ended ticker runs again) and prints ``NEWEST <id>``.

``--base URL --seconds N`` posts one entry every ``--interval`` seconds
(default 1) for N seconds through the service the desk's Ctrl+Enter runs
(``articles.live.post_entry``, as an editor: the entry goes out at once and
the service drops the ticker's key ``live-<pk>``; with ``EDGE_PURGER`` set it
purges the edge too). Right after each post it asks the poll endpoint at
``URL`` what a reader who has the previous entry gets
(``live.json?nach=<previous id>``) and looks for the new entry; an answer
without it is a miss. With ``--wait`` it prints ``READY <newest id>`` once set
up and starts when a line arrives on stdin. At the end it prints one line
``BENCH-TICKER {json}`` with each post's id and wall-clock times (ms since
the epoch), so that the driver can tell when the pollers first saw it.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from articles import live, publishing
from bench import constants, data, desk


def desk_editor():
    """The ticker's editor: staff who may change and publish articles."""
    return desk.staff_user(
        constants.TICKER_EDITOR, "articles.change_article", publishing.PUBLISH_PERMISSION
    )


def entry_ids(body: str) -> set[int]:
    """The ids in a poll answer's ``entries`` (the new ones)."""
    try:
        return {entry["id"] for entry in json.loads(body)["entries"]}
    except (ValueError, KeyError, TypeError):
        return set()


def now_ms() -> float:
    return time.time() * 1000


class Command(BaseCommand):
    help = (
        "The live-ticker benchmark's desk: post an entry every second through the ticker's "
        "service and check that the next poll shows it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refill", action="store_true", help="Back to the generated entries.")
        parser.add_argument("--base", help="Where to check, e.g. http://127.0.0.1:8000")
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--wait", action="store_true", help="READY, then wait for stdin.")

    def handle(self, *args, **options):
        article = data.ticker_article()
        if article is None or live.ticker_of(article) is None:
            raise CommandError("No live-ticker article: run bench_data first.")
        if options["refill"]:
            self.stdout.write(f"NEWEST {data.reset_ticker(article)}")
            return
        if not options["base"]:
            raise CommandError("--base is required (or --refill).")
        if options["interval"] <= 0 or options["seconds"] < 0:
            raise CommandError("--interval must be positive and --seconds not negative.")
        count = round(options["seconds"] / options["interval"])
        user = desk_editor()
        newest = data.reset_ticker(article)
        url = options["base"].rstrip("/") + f"/artikel/{article.slug}/live.json"
        if options["wait"]:
            self.stdout.write(f"READY {newest}")
            self.stdout.flush()
            sys.stdin.readline()
        results = self.post(article, user, url, newest, count, options["interval"])
        self.stdout.write("BENCH-TICKER " + json.dumps(results))

    def post(self, article, user, url, newest, count, interval):
        posts = []
        started = time.monotonic()
        for i in range(count):
            delay = started + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            t0 = now_ms()
            try:
                entry = live.post_entry(
                    article,
                    user,
                    f"{constants.TICKER_POSTED_PREFIX} {i + 1}: Neue Zahlen aus den Sprengeln.",
                    headline=f"Hochrechnung {i + 1}" if i % 10 == 9 else "",
                )
            except Exception as exc:  # noqa: BLE001 - counted and reported, not fatal
                posts.append({"posted": False, "error": repr(exc)})
                continue
            t1 = now_ms()
            status, body = desk.fetch(f"{url}?nach={newest}", "bench-ticker")
            t2 = now_ms()
            posts.append(
                {
                    "posted": True,
                    "id": entry.pk,
                    "t0": round(t0, 1),
                    "t1": round(t1, 1),
                    "status": status,
                    "visible": status == 200 and entry.pk in entry_ids(body),
                    "check_ms": round(t2 - t1, 1),
                }
            )
            newest = entry.pk
        done = [p for p in posts if p["posted"]]
        return {
            "posts": count,
            "posted": len(done),
            "failed": [p["error"] for p in posts if not p["posted"]][:5],
            "visible": sum(p["visible"] for p in done),
            "missed": [p["id"] for p in done if not p["visible"]],
            "statuses": sorted({p["status"] for p in done}),
            "post_ms_max": max((p["t1"] - p["t0"] for p in done), default=0),
            "check_ms_max": max((p["check_ms"] for p in done), default=0),
            "entries": [{k: p[k] for k in ("id", "t0", "t1")} for p in done],
            "seconds": round(time.monotonic() - started, 1),
        }
