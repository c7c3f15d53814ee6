"""The article form's editing aids: autosave, restoring it, and the live
preview of the body (the script is static/admin/js/article_editor.js).

Thin: the autosave rules are ``articles.autosave``, who may edit what is
``articles.publishing.can_edit``, the body is rendered by
``articles.rendering.render_markdown``. The endpoints answer JSON, also when
they refuse (400 with a message, 403, 404, 405); they are wired in
``ArticleAdmin.get_urls`` behind the admin's login, staff and CSRF checks.
"""

import re

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.urls import reverse
from django.utils.translation import gettext as _

from . import autosave, publishing
from .models import Article
from .rendering import render_markdown

# The cookie that tells the form's script which submitted copies were saved
# (the last few ids, dot-separated), so the copy kept in the browser is not
# offered again; and the form field that carries a copy's id.
SAVED_COOKIE = "newsroom_autosave_saved"
SAVED_COOKIE_IDS = 10
SAVED_COOKIE_DAYS = 30
SUBMIT_ID_FIELD = "_nr_submit_id"
_SUBMIT_ID = re.compile(r"[A-Za-z0-9-]{8,40}")
_INLINE_NAME = re.compile(r"(?P<prefix>[A-Za-z_]+)-(?P<index>\d{1,4})-(?P<field>[A-Za-z_]+)")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


def _json_view(handler=None, *, too_large=autosave.too_large):
    """POST only; every refusal as JSON with a message, never an error page."""
    if handler is None:
        return lambda handler: _json_view(handler, too_large=too_large)

    def view(request, model_admin):
        if request.method != "POST":
            response = _json_error(405, _("Only POST is allowed here."))
            response["Allow"] = "POST"
            return response
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        try:
            if length > autosave.MAX_REQUEST_BYTES:
                raise too_large()
            try:
                raw = request.body
            except RequestDataTooBig:
                raise too_large() from None
            except RawPostDataException:
                # A form-encoded or multipart body, already read as a form
                # (by the CSRF check): these endpoints take JSON only.
                return _json_error(400, _("Please send the form as JSON."))
            return handler(request, model_admin, raw)
        except ValidationError as exc:
            return _json_error(400, " ".join(exc.messages))
        except Refused as exc:
            return _json_error(exc.status, exc.message)
        except PermissionDenied:
            return _json_error(403, _("You may not edit articles."))

    return view


def _article(request, model_admin, article_id: int | None) -> Article | None:
    """The article the form edits (None: a new one), if this user may edit it."""
    if article_id is None:
        if not model_admin.has_add_permission(request):
            raise Refused(403, _("You may not write articles."))
        return None
    if not model_admin.has_change_permission(request):
        raise Refused(403, _("You may not edit articles."))
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not publishing.can_edit(request.user, article):
        raise Refused(404, _("This article does not exist or you may not edit it."))
    return article


def field_filter(request, model_admin, article):
    """Which ``[name, value]`` pairs of the posted form are kept: the fields
    of the form this user gets for this article, and the editable fields of
    its inline rows (not their ids, links or delete marks)."""
    form_class = model_admin.get_form(request, article, change=article is not None)
    names = set(form_class.base_fields)
    inline_fields = {}
    for inline in model_admin.get_inline_instances(request, article):
        formset = inline.get_formset(request, article)
        inline_fields[formset.get_default_prefix()] = set(formset.form.base_fields)

    def accepts(name: str) -> bool:
        if name in names:
            return True
        match = _INLINE_NAME.fullmatch(name)
        return bool(match) and match["field"] in inline_fields.get(match["prefix"], ())

    return accepts


@_json_view
def autosave_view(request, model_admin, raw):
    payload = autosave.parse_request(raw)
    article = _article(request, model_admin, payload["article"])
    pairs = autosave.clean_pairs(payload["data"], field_filter(request, model_admin, article))
    saved = autosave.store(
        user=request.user, article=article, pairs=pairs, base_version=payload["base_version"]
    )
    return JsonResponse({"ok": True, "saved_at": saved.saved_at.isoformat()})


@_json_view
def discard_view(request, model_admin, raw):
    payload = autosave.parse_request(raw)
    article = _article(request, model_admin, payload["article"])
    deleted = autosave.discard(user=request.user, article_id=article.pk if article else None)
    return JsonResponse({"ok": True, "deleted": deleted})


def _preview_too_large():
    return ValidationError(
        _("The text is too long for the preview (at most 1 MB)."), code="too_large"
    )


@_json_view(too_large=_preview_too_large)
def preview_view(request, model_admin, raw):
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    body = autosave.parse_text(raw, "body")
    return JsonResponse({"ok": True, "html": render_markdown(body)})


def editor_urls():
    """Entries for ``ArticleAdmin.get_urls`` (``extra_admin_urls``)."""
    return [
        ("editor/autosave/", autosave_view, "editor_autosave"),
        ("editor/discard/", discard_view, "editor_discard"),
        ("editor/preview/", preview_view, "editor_preview"),
    ]


class ArticleEditorMixin:
    """Gives the article's add and change form what its script needs, and
    deletes the user's autosave when the form was saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        autosaving = _is_plain_form(request, self.opts)
        article_id = _form_article_id(object_id)
        context = {
            "nr_editor": _editor_config(
                request,
                self.opts,
                article_id,
                autosaving=autosaving and article_id is not False,
            ),
            **(extra_context or {}),
        }
        response = super().changeform_view(request, object_id, form_url, context)
        if (
            autosaving
            and article_id is not False
            and request.method == "POST"
            and response.status_code == 302
        ):
            # Saved (the admin redirects only then): the autosave is done with.
            autosave.discard(user=request.user, article_id=article_id)
            submit_id = request.POST.get(SUBMIT_ID_FIELD, "")
            if _SUBMIT_ID.fullmatch(submit_id):
                saved = [
                    known
                    for known in request.COOKIES.get(SAVED_COOKIE, "").split(".")
                    if _SUBMIT_ID.fullmatch(known) and known != submit_id
                ]
                response.set_cookie(
                    SAVED_COOKIE,
                    ".".join([*saved, submit_id][-SAVED_COOKIE_IDS:]),
                    max_age=SAVED_COOKIE_DAYS * 24 * 3600,
                    path=reverse("admin:index"),
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                    httponly=False,  # read by the form's script, carries no secret
                )
        return response


def _is_plain_form(request, opts) -> bool:
    """The ordinary add or change page, not a revision or a deleted article
    being restored (their forms are not the user's work in progress)."""
    match = getattr(request, "resolver_match", None)
    prefix = f"{opts.app_label}_{opts.model_name}_"
    return match is not None and match.url_name in {prefix + "add", prefix + "change"}


def _form_article_id(object_id):
    """The article id of the form (None: a new article); False for an id
    that is not one, which the admin answers itself."""
    if object_id is None:
        return None
    try:
        return autosave.optional_id(unquote(object_id)) or False
    except ValidationError:
        return False


def _editor_config(request, opts, article_id, *, autosaving: bool) -> dict:
    stored = None
    if autosaving and request.method == "GET":
        stored = autosave.load(user=request.user, article_id=article_id)
    prefix = f"admin:{opts.app_label}_{opts.model_name}_editor_"
    return {
        "autosave_enabled": autosaving,
        "article_id": article_id or "",
        "autosave": autosave.as_json(stored),
        "autosave_url": reverse(prefix + "autosave"),
        "discard_url": reverse(prefix + "discard"),
        "preview_url": reverse(prefix + "preview"),
        "saved_cookie": SAVED_COOKIE,
        "submit_id_field": SUBMIT_ID_FIELD,
        "time_zone": settings.TIME_ZONE,
    }
