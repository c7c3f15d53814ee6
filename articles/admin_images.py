"""The image form when the media storage fails.

``images.store`` keeps nothing when the storage refuses a file
(``articles.images.ImageStorageError``: a full disk, a read-only folder, a
bucket that stops answering). Django's admin would answer with the generic
500 page, and the editor's alt text, caption and credit would be lost. Here
the add or change form is shown again instead, with what was typed and an
error on the file field; the database changes of the failed attempt were
rolled back (the admin's form view runs in one transaction).
"""

from django.utils.translation import gettext_lazy as _

from .images import ImageStorageError, store

STORAGE_FAILED = _(
    "The image could not be stored: the media storage is full or not writable. "
    "Nothing was saved and what you typed is kept: choose the file again and save, "
    "or try later; if it keeps happening, tell the technical team."
)
_FAILED_ATTR = "_newsroom_image_storage_failed"


class StorageErrorsAsFormErrors:
    """For a ModelAdmin of ``Image``: the image is saved through
    ``images.store`` (the upload's files with the row), and a storage
    failure is a form error."""

    def save_model(self, request, obj, form, change):
        store(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageStorageError:
            if request.method != "POST" or getattr(request, _FAILED_ATTR, False):
                raise
        # The same request once more: the form validates as before (the
        # upload was decoded once and is not stored again), then fails with
        # the storage error and is rendered with everything typed.
        setattr(request, _FAILED_ATTR, True)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, _FAILED_ATTR, False):
            return form_class

        class StorageFailedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                self.add_error("file" if "file" in self.fields else None, STORAGE_FAILED)
                return cleaned_data

        return StorageFailedForm
