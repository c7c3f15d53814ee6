"""The notifications page of the admin (wired in ``ArticleAdmin.get_urls``):
the signed-in user's own notifications, newest first, and marking them read.
Open to every staff user; nobody sees or marks anyone else's."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.admin_kit import desk_page

from . import notifications
from .models import Notification

PER_PAGE = 50


def notifications_view(request, model_admin):
    if request.method == "POST":
        return _mark(request)
    page = Paginator(notifications.for_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return desk_page(
        request,
        model_admin,
        "admin/articles/notifications.html",
        title=_("Notifications"),
        beside_model=False,
        page_obj=page,
        notifications=page.object_list,
        unread=notifications.unread_count(request.user),
    )


def _mark(request):
    here = reverse("admin:articles_article_notifications")
    page = request.POST.get("page", "")
    if page.isdecimal() and len(page) < 6 and page != "1":
        here = f"{here}?page={int(page)}"
    if "all" in request.POST:
        count = notifications.mark_all_read(user=request.user)
        messages.success(
            request,
            ngettext(
                "%(n)d notification marked as read.", "%(n)d notifications marked as read.", count
            )
            % {"n": count},
        )
        return HttpResponseRedirect(here)
    try:
        notifications.mark_read(user=request.user, notification_id=request.POST.get("read"))
    except Notification.DoesNotExist:
        raise Http404(_("There is no such notification of yours.")) from None
    messages.success(request, _("Notification marked as read."))
    return HttpResponseRedirect(here)
