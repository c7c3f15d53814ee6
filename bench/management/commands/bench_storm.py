"""``python manage.py bench_storm`` (with ``DJANGO_SETTINGS_MODULE=bench.settings``):
the moderator of the storm benchmark (issue 16), run by ``bench/run.py`` in a
process of its own beside the readers.

``--refill`` replaces the storm article's pool of pending comments (before
each storm, so that every run approves the same way).

``--base URL --seconds N`` approves one pending comment of the pool every
``--interval`` seconds (default 1) for N seconds, through the moderation
service a moderator's click runs (``comments.moderation.approve``, committed,
with everything it does after the commit: page-cache invalidation and, when
``EDGE_PURGER`` is set, the purge of the edge cache). Right after each
approval it requests the page of the article that shows the comment
(``?kommentare=N``: the comments are paginated) from ``URL`` and looks for the
comment's anchor (``id="kommentar-<pk>"``); a page without it is a miss.
With ``--wait`` it prints ``READY`` once set up and starts when a line
arrives on stdin, so that the driver can start the readers at the same
moment. At the end it prints one line ``BENCH-STORM {json}``.
"""

import json
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from bench import constants, data, desk
from comments import moderation
from comments.models import Comment
from comments.templatetags.comments import PAGE_PARAMETER


def moderator():
    """The storm's moderator: staff with the moderation permission."""
    return desk.staff_user(constants.STORM_MODERATOR, moderation.MODERATE_PERMISSION)


def comment_page(comment) -> int:
    """The page (``?kommentare=``) of the article page that shows the
    top-level ``comment``: its place among the visible top-level comments,
    in the page's order (created_at, pk)."""
    before = (
        Comment.objects.visible()
        .filter(article_id=comment.article_id, parent__isnull=True)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, pk__lt=comment.pk)
        )
        .count()
    )
    return before // settings.COMMENTS["PER_PAGE"] + 1


class Command(BaseCommand):
    help = (
        "The storm benchmark's moderator: approve a pending comment every second and check "
        "that the next request shows it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refill", action="store_true", help="Replace the pending pool.")
        parser.add_argument("--pending", type=int, default=constants.STORM_PENDING)
        parser.add_argument("--base", help="Where to check, e.g. http://127.0.0.1:8000")
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--wait", action="store_true", help="READY, then wait for stdin.")

    def handle(self, *args, **options):
        article = data.storm_article()
        if article is None:
            raise CommandError("No storm article: run bench_data first.")
        if options["refill"]:
            if options["pending"] < 0:
                raise CommandError("--pending must not be negative.")
            ids = data.refill_storm(article, options["pending"])
            self.stdout.write(f"{len(ids)} pending comments in the storm's pool.")
            return
        if not options["base"]:
            raise CommandError("--base is required (or --refill).")
        if options["interval"] <= 0 or options["seconds"] < 0:
            raise CommandError("--interval must be positive and --seconds not negative.")
        count = round(options["seconds"] / options["interval"])
        pool = list(
            Comment.objects.filter(
                article=article,
                status=Comment.Status.PENDING,
                parent__isnull=True,
                body__startswith=constants.STORM_BODY_PREFIX,
            ).order_by("created_at", "pk")[:count]
        )
        if len(pool) < count:
            raise CommandError(
                f"{count} approvals need {count} pending comments; the pool has {len(pool)} "
                "(bench_storm --refill --pending N)."
            )
        user = moderator()
        url = options["base"].rstrip("/") + article.get_absolute_url()
        if options["wait"]:
            self.stdout.write("READY")
            self.stdout.flush()
            sys.stdin.readline()
        results = self.storm(pool, user, url, options["interval"])
        self.stdout.write("BENCH-STORM " + json.dumps(results))

    def storm(self, pool, user, url, interval):
        approvals = []
        started = time.monotonic()
        for i, comment in enumerate(pool):
            delay = started + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            t0 = time.monotonic()
            try:
                moderation.approve(comment_id=comment.pk, user=user, expected_status="pending")
            except Exception as exc:  # noqa: BLE001 - counted and reported, not fatal
                approvals.append({"pk": comment.pk, "approved": False, "error": repr(exc)})
                continue
            t1 = time.monotonic()
            page = comment_page(comment)
            status, body = desk.fetch(f"{url}?{PAGE_PARAMETER}={page}", "bench-storm")
            t2 = time.monotonic()
            approvals.append(
                {
                    "pk": comment.pk,
                    "approved": True,
                    "page": page,
                    "status": status,
                    "visible": status == 200 and f'id="kommentar-{comment.pk}"' in body,
                    "approve_ms": round((t1 - t0) * 1000, 1),
                    "check_ms": round((t2 - t1) * 1000, 1),
                }
            )
        done = [a for a in approvals if a["approved"]]
        return {
            "approvals": len(pool),
            "approved": len(done),
            "failed": [a["error"] for a in approvals if not a["approved"]][:5],
            "visible": sum(a["visible"] for a in done),
            "missed": [a["pk"] for a in done if not a["visible"]],
            "statuses": sorted({a["status"] for a in done}),
            "approve_ms_max": max((a["approve_ms"] for a in done), default=0),
            "check_ms_max": max((a["check_ms"] for a in done), default=0),
            "pages": sorted({a["page"] for a in done}),
            "seconds": round(time.monotonic() - started, 1),
        }
