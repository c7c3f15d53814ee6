"""``python manage.py load_demo``: demo sections, articles, sources, comments
and the three demo users. Idempotent; the content is ``demo.data``, written by
``demo.loader``."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo import data, loader
from newsroom.cache import invalidate_everything


class Command(BaseCommand):
    help = (
        "Lädt Demo-Inhalte (Ressorts, Artikel, Quellen, Kommentare) und die Benutzer "
        "reporter, redaktion und moderation. Mehrfach ausführbar. Passwort aus "
        "DEMO_PASSWORD; nur mit DEBUG gilt sonst der Entwicklungsstandard."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "")
        from_env = bool(password.strip())
        if not from_env:
            if not settings.DEBUG:
                raise CommandError(
                    "DEMO_PASSWORD ist nicht gesetzt. Ohne DEBUG legt load_demo keine "
                    "Benutzer mit dem Standardpasswort an; bitte DEMO_PASSWORD setzen. "
                    "(DEMO_PASSWORD is not set; with DEBUG off the demo users need an "
                    "explicit password.)"
                )
            password = data.DEFAULT_PASSWORD

        try:
            loader.load_demo(password=password, stdout=self.stdout)
            invalidate_everything()  # readers see the demo content at once
        except loader.DemoSetupError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            # E.g. an object edited by hand now clashes with the demo data.
            raise CommandError(f"Demo-Daten ungültig, nichts geändert: {exc}") from exc

        if from_env:
            self.stdout.write("Demo-Passwort: aus der Umgebungsvariable DEMO_PASSWORD")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Demo-Passwort: {password}  (Entwicklungsstandard; mit DEMO_PASSWORD ändern)"
                )
            )
