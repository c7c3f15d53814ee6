"""``python manage.py bench_data --articles N --comments M --big-article-comments K``
(with ``DJANGO_SETTINGS_MODULE=bench.settings``): the benchmark data set.

Does nothing when a data set of exactly that size is there; refuses when one
of another size is there, unless ``--reset`` (which deletes the generated
data first). ``--quick`` is the size of ``make bench-quick``. Either way it
adds the storm article (``--storm-comments``, ``--storm-pending``) and the
live ticker (``--ticker-entries``) when they are missing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench import constants, data


class Command(BaseCommand):
    help = (
        "Generate the benchmark data set (published articles with bylines, tags, citations, "
        "and comments) in bulk. Idempotent for the same size; --reset replaces another size."
    )

    def add_arguments(self, parser):
        full = constants.FULL
        parser.add_argument("--articles", type=int, default=full["articles"])
        parser.add_argument("--comments", type=int, default=full["comments"])
        parser.add_argument(
            "--big-article-comments", type=int, default=full["big_article_comments"]
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="The quick size: {articles} articles, {comments} comments, "
            "{big_article_comments} on the big article.".format(**constants.QUICK),
        )
        parser.add_argument(
            "--storm-comments",
            type=int,
            default=constants.STORM_COMMENTS,
            help="Approved comments on the storm article (added when it is missing).",
        )
        parser.add_argument(
            "--storm-pending",
            type=int,
            default=constants.STORM_PENDING,
            help="Pending comments in the storm's pool (bench_storm approves them).",
        )
        parser.add_argument(
            "--ticker-entries",
            type=int,
            default=constants.TICKER_ENTRIES,
            help="Entries of the live ticker (added when it is missing).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--images", type=int, default=4, help="Hero images to share.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the generated data first (only articles, authors and sources "
            "whose slug starts with 'bench-', and what hangs on them).",
        )

    def handle(self, *args, **options):
        chosen = constants.QUICK if options["quick"] else options
        sizes = data.Sizes(
            articles=chosen["articles"],
            comments=chosen["comments"],
            big_article_comments=chosen["big_article_comments"],
        )
        if options["images"] < 0:
            raise CommandError("--images must not be negative.")
        if options["storm_comments"] < 0 or options["storm_pending"] < 0:
            raise CommandError("--storm-comments and --storm-pending must not be negative.")
        if options["ticker_entries"] < 0:
            raise CommandError("--ticker-entries must not be negative.")
        try:
            sizes.check()
        except data.BenchDataError as exc:
            raise CommandError(str(exc)) from exc

        present = data.existing()
        if present is not None and not options["reset"]:
            if present == sizes:
                self.stdout.write(f"Benchmark data of this size is already there: {present}.")
                self._storm(options)
                self._ticker(options)
                return
            raise CommandError(
                f"Benchmark data of another size is there ({present}); "
                "run with --reset to replace it."
            )
        if present is not None:
            started = time.perf_counter()
            deleted = data.reset()
            self.stdout.write(
                f"Deleted the old data set ({deleted} articles) in "
                f"{time.perf_counter() - started:.1f} s."
            )

        self.stdout.write(f"Generating {sizes} …")
        started = time.perf_counter()
        try:
            summary = data.generate(
                sizes=sizes, seed=options["seed"], images=options["images"], stdout=self.stdout
            )
        except data.BenchDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - started:.1f} s: {sizes.articles} published "
                f"and {summary.unpublished} unpublished articles, {summary.authors} authors, "
                f"{summary.sources} sources, {summary.tags} tags, {summary.bylines} bylines, "
                f"{summary.citations} citations, {summary.tagged} tag links, "
                f"{sizes.comments} comments."
            )
        )
        self._storm(options)
        self._ticker(options)

    def _storm(self, options):
        """The storm article, when the data set has none yet (data sets
        generated before it existed get it without being regenerated)."""
        if data.storm_article() is not None:
            return
        self.stdout.write("Adding the storm article …")
        try:
            data.add_storm(
                comments=options["storm_comments"],
                pending=options["storm_pending"],
                stdout=self.stdout,
            )
        except data.BenchDataError as exc:
            raise CommandError(str(exc)) from exc

    def _ticker(self, options):
        """The live ticker, when the data set has none yet (added like the
        storm article)."""
        if data.ticker_article() is not None:
            return
        self.stdout.write("Adding the live ticker …")
        try:
            data.add_ticker(entries=options["ticker_entries"], stdout=self.stdout)
        except data.BenchDataError as exc:
            raise CommandError(str(exc)) from exc
