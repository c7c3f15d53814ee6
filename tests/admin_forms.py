"""What an admin change form posts back, read from the page the admin served:
the main form's fields and every inline row, as a browser would send them
unchanged. Tests then change what a user would change."""

from django.urls import reverse


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
