"""Reader views: posting a comment or a reply, and reporting one. Thin: the
rules live in ``comments.moderation`` and ``comments.policy``."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from articles.validators import no_control_characters
from articles.views import article_queryset, render_article

from . import moderation, policy
from .forms import CommentForm
from .models import Comment, Report

# What the reader is told after sending. Spam is told the same as a held
# comment, so that a spammer learns nothing from the answer.
_HELD = gettext_lazy("Thank you! Your comment will appear once a moderator has approved it.")
SENT_MESSAGES = {
    Comment.Status.PENDING: _HELD,
    Comment.Status.SPAM: _HELD,
    Comment.Status.APPROVED: gettext_lazy("Thank you! Your comment is published."),
    Comment.Status.REJECTED: gettext_lazy(
        "Your comment breaks our discussion rules and will not be published."
    ),
}


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


@require_POST
def post_comment(request, slug):
    article = get_object_or_404(article_queryset().published(), slug=slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_article(request, article, extra_context={"comment_form": form}, status=400)
    data = form.cleaned_data
    if policy.is_flooding(ip=_client_ip(request), email=data["email"]):
        response = render(
            request,
            "comments/too_many.html",
            {"article": article},
            status=429,
        )
        response["Retry-After"] = str(settings.COMMENTS["FLOOD_WINDOW_SECONDS"])
        return response
    parent = None
    if data.get("parent"):
        parent = Comment.objects.filter(pk=data["parent"], article=article).first()
        if parent is None:
            form.add_error(None, _("The comment you wanted to answer no longer exists."))
            return render_article(
                request, article, extra_context={"comment_form": form}, status=400
            )
    try:
        comment, _created = moderation.submit_comment(
            article=article,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            ip=_client_ip(request),
            parent=parent,
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return render_article(request, article, extra_context={"comment_form": form}, status=400)
    level = messages.ERROR if comment.status == Comment.Status.REJECTED else messages.SUCCESS
    messages.add_message(request, level, SENT_MESSAGES[comment.status])
    anchor = (
        f"kommentar-{comment.pk}" if comment.status == Comment.Status.APPROVED else "kommentare"
    )
    return redirect(f"{article.get_absolute_url()}#{anchor}")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why are you reporting this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=500,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """The "Melden" page: a small form that works without JavaScript."""
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    article = comment.article
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=_client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Thank you. The moderators will look at the comment you reported.")
            )
            return redirect(f"{article.get_absolute_url()}#kommentare")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "comments/report.html",
        {"comment": comment, "article": article, "form": form},
        status=status,
    )
