"""The batch page with the officers placed in it: placements belong to the officers app, so the
batches admin is extended here rather than importing them."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from batches.admin.programme import BatchAdmin
from batches.models import Batch
from officers.admin.placement_inlines import BatchPlacementInline
from officers.models import batch_graduate_count

admin.site.unregister(Batch)


@admin.register(Batch)
class BatchWithPlacementsAdmin(BatchAdmin):
    list_display = [*BatchAdmin.list_display, "officer_count", "graduate_count"]
    inlines = [BatchPlacementInline, *BatchAdmin.inlines]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(officer_count=Count("placements", distinct=True), graduate_count=batch_graduate_count())
        )

    @admin.display(description=_("officers"), ordering="officer_count")
    def officer_count(self, batch: Batch) -> int:
        return batch.officer_count

    @admin.display(description=_("graduates"), ordering="graduate_count")
    def graduate_count(self, batch: Batch) -> int:
        return batch.graduate_count
