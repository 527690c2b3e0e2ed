"""The batch page with the officers placed in it: placements belong to the officers app, so the
batches admin is extended here rather than importing them.

A batch takes fifty officers or so: the page lists them and the batch's activities, each linking to
its own page, and opens the tables of choosers that edit them on request (`ListedRowsMixin`)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from batches.admin.programme import ActivityInline, BatchAdmin
from batches.models import Batch
from core.admin.base import ListedRowsMixin
from core.admin.counts import count_per_row
from officers.admin.placement_inlines import BatchPlacementInline, listed
from officers.models import Placement

admin.site.unregister(Batch)


@admin.register(Batch)
class BatchWithPlacementsAdmin(ListedRowsMixin, BatchAdmin):
    list_display = [*BatchAdmin.list_display, "officer_count", "graduate_count"]
    inlines = [BatchPlacementInline, *BatchAdmin.inlines]
    listed_inlines = [BatchPlacementInline, ActivityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                officer_count=count_per_row(Placement.objects.all(), of="batch"),
                graduate_count=count_per_row(Placement.objects.graduates(), of="batch"),
            )
        )

    def listed_rows(self, obj: Batch) -> dict[type, object]:
        placements = obj.placements.select_related("officer", "division", "supervisor")
        return {
            BatchPlacementInline: listed(placements.order_by("officer__full_name", "pk")),
            ActivityInline: obj.activities.all(),
        }

    @admin.display(description=_("officers"), ordering="officer_count")
    def officer_count(self, batch: Batch) -> int:
        return batch.officer_count

    @admin.display(description=_("graduates"), ordering="graduate_count")
    def graduate_count(self, batch: Batch) -> int:
        return batch.graduate_count
