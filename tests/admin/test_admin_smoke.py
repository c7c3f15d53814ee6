"""Every ModelAdmin answers its changelist, add and change pages for a
superuser; the comment list opens on the pending queue."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    make_article,
    make_author,
    make_citation,
    make_comment,
    make_correction,
    make_image,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    article = make_article(authors=[make_author()], tags=["NATO"], hero_image=make_image())
    make_citation(article, source=make_source())
    make_correction(article)
    make_comment(article, status="pending")


@pytest.mark.parametrize(
    "model_admin",
    list(admin.site._registry.values()),
    ids=lambda ma: f"{ma.model._meta.app_label}.{ma.model._meta.model_name}",
)
def test_admin_pages_answer(client, superuser, objects, model_admin):
    client.force_login(superuser)
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "x"}).status_code == 200
    if model_admin.has_add_permission(_request(superuser)):
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 200
    obj = model_admin.model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
