"""Drop every stored reader page, here and in the proxy or CDN in front.

The services drop exactly the pages a change concerns (newsroom/cache.py);
this is for what bypasses them: rows changed in a shell or by SQL, a new
release whose templates or translations changed."""

from django.core.management.base import BaseCommand

from newsroom.cache import invalidate_everything


class Command(BaseCommand):
    help = "Drop every stored reader page (page cache and edge cache)."

    def handle(self, *args, **options):
        invalidate_everything()
        self.stdout.write("Every stored reader page was dropped.")
