from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.views import article_queryset, render_article

from . import moderation
from .forms import CommentForm


@require_POST
def post_comment(request, slug):
    article = get_object_or_404(article_queryset().published(), slug=slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            moderation.submit_comment(
                article=article,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                body=form.cleaned_data["body"],
                ip=request.META.get("REMOTE_ADDR"),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Thank you! Your comment will appear once a moderator has approved it."),
            )
            return redirect(f"{article.get_absolute_url()}#kommentare")
    return render_article(request, article, extra_context={"comment_form": form}, status=400)
