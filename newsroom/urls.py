from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from .language import switch_language
from .password_reset import ThrottledPasswordResetView

admin.site.site_header = _("Newsroom editorial desk")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editorial desk")

_desk = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    # Password reset for the editorial desk (the admin login links to it). The
    # answer is the same whether or not an account has the address; requests
    # are limited per address and per network (newsroom/password_reset.py).
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(extra_context=_desk),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=_desk),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=_desk),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=_desk),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", switch_language, name="set_language"),
    # Feeds, sitemaps and robots.txt are German whatever the language
    # (articles/feed_urls.py): one address each, no /en/ copy.
    path("", include("articles.feed_urls")),
    # The read API: JSON, one address whatever the language (docs/api.md).
    path("api/v1/", include("api.urls")),
]

# Reader pages: German at the unprefixed addresses, English under /en/ (the
# language comes from the address only: newsroom/middleware.py).
urlpatterns += i18n_patterns(
    path("", include("comments.urls")),
    path("", include("articles.search_urls")),
    # The composed home and Ressort pages and the articles app's pages, in
    # the namespace "articles" (frontpage/urls.py).
    path("", include("frontpage.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    from newsroom.media import serve_media

    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media))
