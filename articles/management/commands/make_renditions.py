"""Write the WebP renditions stored images lack: after a width was added to
``articles.images.RENDITION_WIDTHS`` (320 px for teaser thumbnails, issue 20)
or when rendition files were lost. Images that have all theirs are left alone;
one storage existence check per image and width. Safe to run again.
Exits with an error when an image's renditions could not be written (its
original missing or unreadable); the others are done all the same."""

import logging

from django.core.management.base import BaseCommand, CommandError

from articles import images
from articles.models import Image

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Write the renditions (srcset widths) that stored images lack."

    def handle(self, *args, verbosity=1, **options):
        written = failed = checked = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=500):
            checked += 1
            try:
                names = images.add_missing_renditions(image)
            except Exception:  # a missing or broken original: report it, go on
                logger.exception("Renditions of image %s (%s) failed", image.pk, image.file.name)
                self.stderr.write(f"Image {image.pk} ({image.file.name}): renditions failed")
                failed += 1
                continue
            written += len(names)
            if verbosity > 1:
                for name in names:
                    self.stdout.write(f"  {name}")
        self.stdout.write(f"{checked} images checked, {written} renditions written.")
        if failed:
            raise CommandError(f"{failed} images could not get their renditions (see above).")
