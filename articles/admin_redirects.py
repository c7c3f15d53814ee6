"""The editors' redirects in the admin: only people who may publish manage
them, and the form accepts only a target that is a public page of this site
now (``articles.redirects`` checks the addresses)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from . import publishing, redirects
from .models import Redirect


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "target", "note"]

    hosts: tuple = ()  # the admin's own host, set per request

    def clean_old_path(self):
        try:
            path = redirects.normalise_path(self.cleaned_data["old_path"], hosts=self.hosts)
        except redirects.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        if "?" in path:
            raise forms.ValidationError(_("Please give the old address without a query (?…)."))
        problem = redirects.old_path_problem(path)
        if problem:
            raise forms.ValidationError(problem)
        return path

    def clean_target(self):
        try:
            target = redirects.normalise_path(self.cleaned_data["target"], hosts=self.hosts)
        except redirects.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        path = target.split("?", 1)[0]
        problem = redirects.page_problem(path)
        if problem:
            raise forms.ValidationError(problem)
        others = Redirect.objects.exclude(pk=self.instance.pk)
        if others.filter(old_path=path).exists():
            raise forms.ValidationError(
                _("This address is itself redirected; please give the final address.")
            )
        return target

    def clean(self):
        cleaned = super().clean()
        old, target = cleaned.get("old_path"), cleaned.get("target")
        if old and target:
            if target.split("?", 1)[0] == old:
                raise forms.ValidationError(_("An address cannot redirect to itself."))
            pointing_here = Redirect.objects.exclude(pk=self.instance.pk).filter(target=old)
            if pointing_here.exists():
                # Other redirects lead here: send them on to the new target
                # in one hop (done on save), rather than refusing.
                self.retarget = list(pointing_here)
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "note", "created_by", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["old_path", "target", "note"]
    readonly_fields = ["created_by", "created_at"]

    def _editor(self, request):
        return publishing.can_publish(request.user)

    def has_module_permission(self, request):
        return self._editor(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request)

    def has_add_permission(self, request):
        return self._editor(request)

    def has_change_permission(self, request, obj=None):
        return self._editor(request)

    def has_delete_permission(self, request, obj=None):
        return self._editor(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"hosts": (request.get_host(),)})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        for other in getattr(form, "retarget", []):
            other.target = obj.target
            other.save(update_fields=["target"])
