"""What admin forms post, in one place for every test: the change form as
the admin served it (the main form's fields and every inline row, as a
browser would send them unchanged; tests then change what a user would
change), an inline's management form, and an image upload."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def management(prefix, total=0, initial=0) -> dict:
    """The management form of the inline ``prefix`` with ``total`` rows,
    ``initial`` of them existing."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


IMAGE_FIELDS = {"alt_text": "Soldaten an einer Grenze", "caption": "", "credit": "Foto: APA"}


def upload_image(client, name, content, content_type="image/jpeg", *, url=None, **fields):
    """POST an image file to the admin's "add image" page (or ``url``), with
    the text fields an editor fills in (``IMAGE_FIELDS``, overridden by
    ``fields``)."""
    return client.post(
        url or reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            **IMAGE_FIELDS,
            **fields,
        },
    )


def _post_value(bound_field):
    value = bound_field.value()
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) == "checkbox":
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [getattr(v, "pk", v) for v in value]
    if value is None:
        return ""
    return getattr(value, "pk", value)


def form_data(response) -> dict:
    """The POST data of the change form in ``response`` (a rendered admin
    change or add page), including inline management forms."""
    data = {}

    def add(form, prefix=None):
        for name in form.fields:
            value = _post_value(form[name])
            if value is not None:
                data[form.add_prefix(name) if prefix is None else f"{prefix}-{name}"] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _post_value(management[name])
        for form in formset.forms:
            add(form)
    return data


def change_form(client, article):
    """GET the article's change form; returns (response, its POST data)."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200, response.status_code
    return response, form_data(response)


def post_change(client, article, data, **changes):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {**data, **changes}
    )
