"""Print how well the import reads wire copy: precision and recall of the
quote extraction on its corpus (``articles.quote_quality``), and the share of
wire texts imported exactly (``articles.wire_quality``). ``--check`` fails
below the bar the tests hold (quotes: precision 0.9, recall 0.85; every wire
text exact), for CI."""

from django.core.management.base import BaseCommand, CommandError

from articles.quote_quality import QualityReport, evaluate, load_corpus

MIN_PRECISION = 0.9
MIN_RECALL = 0.85


def _line(label: str, report: QualityReport) -> str:
    return (
        f"{label}: {report.paragraphs} paragraphs, {report.expected} quotes expected, "
        f"{report.found} found, {report.correct} correct — precision {report.precision:.3f}, "
        f"recall {report.recall:.3f}; of the correct ones role {report.role_accuracy:.3f}, "
        f"organisation {report.organisation_accuracy:.3f}"
    )


class Command(BaseCommand):
    help = "Measure the quote extraction (and the wire import, if measured) on their corpora."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail when a figure is below the tests' bar."
        )

    def handle(self, *args, check=False, verbosity=1, **options):
        corpus = load_corpus()
        report = evaluate(corpus)
        self.stdout.write(_line("Quotes", report))
        for name in sorted({p.get("set", "") for p in corpus} - {""}):
            part = evaluate([p for p in corpus if p.get("set") == name])
            self.stdout.write("  " + _line(name, part))
        if verbosity > 1:
            for miss in report.misses:
                self.stdout.write(
                    f"    {miss.paragraph}: {miss.kind} „{miss.quote}“ ({miss.speaker})"
                )
        failures = []
        if report.precision < MIN_PRECISION or report.recall < MIN_RECALL:
            failures.append("quote precision or recall below the bar")
        wire = self._wire()
        if wire is not None:
            line, exact, total = wire
            self.stdout.write(line)
            if exact < total:
                failures.append("not every wire text imported exactly")
        if check and failures:
            raise CommandError("; ".join(failures))

    def _wire(self):
        try:
            from articles import wire_quality
        except ImportError:
            return None
        share = getattr(wire_quality, "wire_exact_share", None)
        if share is None:
            return None
        exact, total, _ = share()
        formatter = getattr(wire_quality, "format_wire_share", None)
        line = (
            formatter(exact, total)
            if formatter
            else f"Wire texts imported exactly: {exact}/{total}"
        )
        return line, exact, total
