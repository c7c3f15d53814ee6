"""Render the HTML of every comment's body again (``comments.rendering``).

Run it after a change to how comments are rendered (``render_body``), or to
fill in comments written in bulk without it; the pages of the articles whose
comments changed are refreshed. Safe to repeat: unchanged rows are not written.
"""

from django.core.management.base import BaseCommand

from comments import rendering
from comments.invalidation import comments_changed
from comments.models import Comment


class Command(BaseCommand):
    help = "Render the HTML of every comment's body again and refresh the changed pages."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="only the comments of this article (id)")

    def handle(self, *args, article=None, **options):
        comments = Comment.objects.all()
        if article is not None:
            comments = comments.filter(article_id=article)
        seen, articles = rendering.rerender(comments)
        comments_changed(*articles)
        self.stdout.write(
            f"Rendered {seen} comment(s); the HTML of comments under {len(articles)} "
            "article(s) changed and their pages were refreshed."
        )
