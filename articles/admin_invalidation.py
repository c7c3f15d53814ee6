"""The editorial desk's changes of what readers see besides articles
(sections, authors, images, sources, topics) and its deletions of articles
drop the reader pages that show them (``articles.invalidation``)."""

from . import invalidation


class DropsReaderPages:
    """For the admin of a model whose rows reader pages show: after a change,
    and before a deletion (the rows that say where it is shown go with it),
    the pages that show it are dropped."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidation.object_changed(obj)

    def delete_model(self, request, obj):
        invalidation.object_changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            invalidation.object_changed(obj)
        super().delete_queryset(request, queryset)
