"""E-mail the moderators when the comment queue is too long or too old.

Run it every 5 minutes from cron or a systemd timer, e.g.::

    */5 * * * *  cd /srv/newsroom && .venv/bin/python manage.py notify_moderators \
                     --base-url https://www.example.at

It sends at most one alert per ``COMMENTS["QUEUE_ALERT_REPEAT_MINUTES"]``
(default 60). This needs a shared cache (``REDIS_URL``). The exit code is 0
whether or not a mail was sent. See ``comments.notifications``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from comments import notifications


class Command(BaseCommand):
    help = (
        "E-mail the moderators when the comment queue is longer or older than the "
        "COMMENTS thresholds; at most once per repeat interval. Run it every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=None,
            help="Site address for the link in the mail, e.g. https://www.example.at "
            "(default: the SITE_URL setting or environment variable; else a relative path).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send even if an alert was sent within the repeat interval.",
        )

    def handle(self, *args, base_url=None, force=False, verbosity=1, **options):
        backend = settings.CACHES.get("default", {}).get("BACKEND", "")
        if backend.endswith(("LocMemCache", "DummyCache")) and verbosity >= 1:
            self.stderr.write(
                "Warning: the cache is not shared between processes, so repeated runs "
                "cannot remember an alert (set REDIS_URL)."
            )
        result = notifications.notify_moderators(base_url=base_url, force=force)
        queue = result.queue
        oldest = "-" if queue.oldest_minutes is None else f"{queue.oldest_minutes:.0f} min"
        summary = f"Queue: {queue.size} pending, oldest waiting {oldest}."
        messages = {
            "sent": f"Alert ({', '.join(result.crossed)}) sent to {result.recipients} "
            "moderator(s).",
            "below_threshold": "Below the thresholds; no alert.",
            "recently_sent": "An alert was already sent within the last "
            f"{notifications.repeat_minutes()} minutes; none sent (use --force).",
            "no_recipients": "Thresholds crossed, but no active moderator has an e-mail address.",
        }
        line = f"{summary} {messages[result.outcome]}"
        if result.outcome == "no_recipients":
            self.stderr.write(line)
        else:
            self.stdout.write(line)
