from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("artikel/<slug:slug>/kommentar/", views.post_comment, name="post"),
    path("kommentar/<int:pk>/melden/", views.report_comment, name="report"),
    path("kommentar/formular/", views.form_timestamp, name="form_timestamp"),
]
