"""``python manage.py import_article FILE --section SLUG [--user USERNAME]``:
wire copy from a UTF-8 text or HTML file (or ``-`` for standard input) becomes
a draft, and the import report is printed. The rules are those of
``articles.wire``; on any error nothing is created."""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import wire
from articles.models import Section


class Command(BaseCommand):
    help = (
        "Imports wire copy (UTF-8 plain text or HTML) as a draft: first line headline (or "
        "one proposed from the lead), first paragraph lead, short lines without final "
        "punctuation become subheadings; prints what was recognised and dropped. "
        "FILE may be '-' for standard input."
    )
    # Tests pass a byte stream as ``stdin``.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="UTF-8 text or HTML file, or - for stdin")
        parser.add_argument("--section", required=True, metavar="SLUG", help="section slug")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="creator of the draft; must be allowed to add articles",
        )

    def handle(self, *args, **options):
        section = self._section(options["section"])
        user = self._user(options["user"]) if options["user"] else None
        data = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            text = wire.decode_wire_bytes(data)
            article = wire.import_wire_article(text=text, section=section, user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(wire.error_messages(exc))) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        url = reverse("admin:articles_article_change", args=[article.pk])
        self.stdout.write(
            self.style.SUCCESS(
                _("Draft %(id)s created: %(title)s") % {"id": article.pk, "title": article.title}
            )
        )
        self.stdout.write(url)
        report = wire.import_report(article)
        for line in report["summary"] if report else []:
            self.stdout.write(f"{line['label']}: {line['text']}")
            for item in line.get("entries", []):
                self.stdout.write(f"  - {item}")

    def _section(self, slug):
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            slugs = ", ".join(Section.objects.values_list("slug", flat=True)) or "–"
            raise CommandError(
                _("Unknown section “%(slug)s”. Valid sections: %(slugs)s")
                % {"slug": slug, "slugs": slugs}
            )
        return section

    def _user(self, username):
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(_("Unknown user “%(name)s”.") % {"name": username}) from None

    def _read(self, path, stdin):
        """At most one byte more than allowed, so an oversized file is
        refused without reading all of it."""
        limit = wire.MAX_FILE_BYTES + 1
        if path == "-":
            stream = getattr(stdin, "buffer", stdin)
            data = stream.read(limit)
            return data.encode("utf-8") if isinstance(data, str) else data
        try:
            with open(path, "rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise CommandError(
                _("Cannot read “%(path)s”: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc}
            ) from exc
