"""The article form's quote suggestions: take one over, drop it, search the
text again. Wired in ``ArticleAdmin.get_urls`` (``citing_urls``) behind the
admin's login, staff and CSRF checks; the panel is
``templates/admin/articles/article/_quote_suggestions.html`` with its data
from ``{% quote_suggestions original %}``.

Thin: the rules are ``articles.citing``. Every endpoint takes POST only and
answers a refusal with a page that says why (403, 404, 405, 400, 409),
never an error; success goes back to the article form with a message.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import citing, editing, publishing
from .models import Article


def citing_urls():
    """Entries for ``ArticleAdmin.get_urls`` (``extra_admin_urls``)."""
    return [
        ("<path:object_id>/quotes/accept/", accept_view, "quotes_accept"),
        ("<path:object_id>/quotes/reject/", reject_view, "quotes_reject"),
        ("<path:object_id>/quotes/scan/", scan_view, "quotes_scan"),
    ]


def panel_urls(article) -> dict:
    """The panel's form targets for ``article``."""
    return {
        name: reverse(f"admin:articles_article_quotes_{name}", args=[article.pk])
        for name in ("accept", "reject", "scan")
    }


def _refused(request, model_admin, message, status, article=None):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Quote suggestions"),
        "message": message,
        "article": article,
    }
    response = TemplateResponse(
        request, "admin/articles/article/quote_refused.html", context, status=status
    )
    if status == 405:
        response["Allow"] = "POST"
    return response


def _back(article) -> HttpResponseRedirect:
    url = reverse("admin:articles_article_change", args=[article.pk])
    return HttpResponseRedirect(f"{url}#nr-quotes")


def _article(object_id) -> Article | None:
    try:
        return Article.objects.filter(pk=int(unquote(str(object_id)))).first()
    except (TypeError, ValueError):
        return None


def _post_only(handler):
    def view(request, model_admin, object_id):
        if request.method != "POST":
            return _refused(request, model_admin, _("Only POST is allowed here."), 405)
        if not model_admin.has_change_permission(request):
            return _refused(request, model_admin, _("You may not edit articles."), 403)
        article = _article(object_id)
        if article is None:
            return _refused(request, model_admin, _("This article does not exist."), 404)
        if not publishing.can_edit(request.user, article):
            return _refused(
                request,
                model_admin,
                _(
                    "This article is not one of your articles. Only its authors and the "
                    "editors can edit it."
                ),
                403,
            )
        try:
            return handler(request, article)
        except citing.UnknownSuggestion as exc:
            return _refused(request, model_admin, str(exc), 404, article)
        except PermissionDenied as exc:
            message = str(exc) or _("You may not do this.")
            return _refused(request, model_admin, message, 403, article)
        except ValidationError as exc:
            return _refused(request, model_admin, " ".join(exc.messages), 400, article)
        except editing.EditConflict:
            message = _("Someone saved the article meanwhile; please try again.")
            return _refused(request, model_admin, message, 409, article)

    return view


def _short(text: str) -> str:
    return Truncator(text).chars(90)


@_post_only
def accept_view(request, article):
    suggestion = citing.accept(article=article, user=request.user, key=request.POST.get("key"))
    if suggestion.source is None:
        message = _(
            "The quote “%(quote)s” was added to the sources without a source: choose who said "
            "it under “Sources”."
        ) % {"quote": _short(suggestion.quote)}
        messages.warning(request, message)
        return _back(article)
    values = {"source": suggestion.source.name, "quote": _short(suggestion.quote)}
    if suggestion.created:
        message = _("New source “%(source)s” added to the directory and cited with “%(quote)s”.")
    else:
        message = _("Cited from “%(source)s”: “%(quote)s”.")
    messages.success(request, message % values)
    if editing.is_live(article):
        messages.info(
            request,
            _("Saved as unpublished changes: readers see the citation once an editor "
              "publishes the changes."),
        )  # fmt: skip
    return _back(article)


@_post_only
def reject_view(request, article):
    citing.reject(article=article, user=request.user, key=request.POST.get("key"))
    messages.info(request, _("The suggestion was dropped; it will not be offered again."))
    return _back(article)


@_post_only
def scan_view(request, article):
    found = len(citing.suggestions(article))
    if found:
        message = ngettext(
            "%(n)d quote in the text can become a citation.",
            "%(n)d quotes in the text can become citations.",
            found,
        ) % {"n": found}
    else:
        message = _("No quotes found in the text that are not cited or decided yet.")
    messages.info(request, message)
    return _back(article)
