"""The reader pages' URLs: the composed home and Ressort pages, then the
articles app's pages, under one namespace, ``articles`` (``articles:home``,
``articles:section``, ``articles:article`` …), as before the pages were
composed. The composed pages live here because ``articles`` must not know
``frontpage`` (.importlinter); the project's URLs include this module."""

from django.urls import path

from articles import urls as article_urls

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("ressort/<slug:slug>/", views.section_page, name="section"),
    *article_urls.urlpatterns,
]
