"""Erase the stored (anonymised) IP addresses of comments and reader reports
older than ``COMMENTS["IP_RETENTION_DAYS"]`` days (or ``--days N``).

Run it daily from cron or a systemd timer::

    15 3 * * *  cd /srv/newsroom && .venv/bin/python manage.py purge_comment_ips
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments import privacy


class Command(BaseCommand):
    help = "Erase the IP addresses of comments and reports older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep the IP addresses of the last N days (default: "
            f"COMMENTS['IP_RETENTION_DAYS'], now {settings.COMMENTS['IP_RETENTION_DAYS']}).",
        )

    def handle(self, *args, days=None, **options):
        if days is None:
            days = settings.COMMENTS["IP_RETENTION_DAYS"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        comments, reports = privacy.purge_ips(days=days)
        self.stdout.write(
            f"Erased the IP addresses of {comments} comment(s) and {reports} report(s) "
            f"older than {days} day(s)."
        )
