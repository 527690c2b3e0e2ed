"""Placements as rows on another record's page: an officer's page lists their batches, a batch's page
its officers. One definition, so both pages edit the same columns the same way."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin.base import PortalTabularInline
from core.admin.display import choice_label
from officers.models import Placement, PlacementOutcome


class PlacementInline(PortalTabularInline):
    model = Placement
    details = ["division", "supervisor_name", "supervisor", "start_date", "end_date", "outcome"]
    # The column naming the record at the other end.
    other_end = ""

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [self.other_end, *self.details]

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        return [self.other_end, "division", "supervisor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The row's own name reads the officer and the batch with its track.
        return super().get_queryset(request).select_related("officer", "batch__track", "division", "supervisor")


class OfficerPlacementInline(PlacementInline):
    fk_name = "officer"
    other_end = "batch"


class BatchPlacementInline(PlacementInline):
    fk_name = "batch"
    other_end = "officer"
    verbose_name_plural = _("officers placed in this batch")


def listed(placements: QuerySet) -> list[Placement]:
    """The placements as both pages list them until their table is opened (`ListedRowsMixin`),
    each with its outcome's label."""
    rows = list(placements)
    for placement in rows:
        placement.outcome_label = choice_label(PlacementOutcome, placement.outcome)
    return rows
