from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("artikel/<slug:slug>/kommentar/", views.post_comment, name="post"),
]
