from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # The page cache and the purger (its system check registers here).
        from . import cache, edge  # noqa: F401
