"""The programme's structure in the admin: pillars, tracks, batches, divisions, activities.

The batch page's placements and graduate counts are added by the officers admin, which owns placements."""

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from batches.admin.filters import BatchStatusFilter, batch_filter, track_filter
from batches.models import Activity, Batch, Division, Pillar, ProgrammeTrack
from batches.resources import BatchResource
from core.admin.base import PortalModelAdmin, PortalStackedInline
from core.imports.admin import SpreadsheetAdminMixin
from core.partial_date_fields import PartialDateAdminMixin, PartialDateFormMixin
from core.versioning import VersionCheckedForm


@admin.register(Pillar)
class PillarAdmin(PortalModelAdmin):
    # Pillars carry no version number: three fixed rows, edited perhaps once.
    form = forms.ModelForm
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(ProgrammeTrack)
class ProgrammeTrackAdmin(PortalModelAdmin):
    list_display = ["short_name", "name", "first_year", "batch_count", "funder"]
    ordering = ["first_year", "name"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["pillars"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(batch_count=Count("batches"))

    @admin.display(description=_("batches"), ordering="batch_count")
    def batch_count(self, track: ProgrammeTrack) -> int:
        return track.batch_count


class ActivityInline(PortalStackedInline):
    model = Activity
    fields = [("kind", "title"), ("place", "host"), ("start_date", "end_date"), "description"]


class BatchAdminForm(PartialDateFormMixin, VersionCheckedForm):
    """A batch's start and end typed as the Secretariat knows them: "2016", "2019-Q4", "2019-06"."""

    partial_dates = [("start_date", "start_precision"), ("end_date", "end_precision")]


@admin.register(Batch)
class BatchAdmin(PartialDateAdminMixin, SpreadsheetAdminMixin, PortalModelAdmin):
    form = BatchAdminForm
    partial_date_displays = {"start_date": "start_display", "end_date": "end_display"}
    resource_classes = [BatchResource]
    list_display = [
        "batch_label",
        "track",
        "start_display",
        "end_display",
        "status_label",
    ]
    list_display_links = ["batch_label"]
    ordering = ["track__first_year", "track__name", "number"]
    list_filter = [track_filter("track"), BatchStatusFilter]
    list_select_related = ["track"]
    search_fields = ["track__name", "track__short_name", "track__slug", "=number"]
    search_help_text = _("A track's name or slug, or a batch number.")
    date_hierarchy = "start_date"
    autocomplete_fields = ["track"]
    readonly_fields = ["batch_label", "status_label"]
    fieldsets = [
        (None, {"fields": ["track", "number", "batch_label", "status_label"]}),
        (
            _("Dates, at the precision known"),
            {"fields": ["start_date", "end_date", "recorded_status"]},
        ),
        (None, {"fields": ["notes"]}),
    ]
    inlines = [ActivityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("track")

    @admin.display(description=_("batch"), ordering="number")
    def batch_label(self, batch: Batch) -> str:
        return batch.label if batch.pk else "—"

    @admin.display(description=_("start"), ordering="start_date")
    def start_display(self, batch: Batch) -> str:
        return batch.start_display

    @admin.display(description=_("end"), ordering="end_date")
    def end_display(self, batch: Batch) -> str:
        return batch.end_display

    @admin.display(description=_("status"))
    def status_label(self, batch: Batch) -> str:
        return batch.status_label if batch.pk else "—"


@admin.register(Division)
class DivisionAdmin(PortalModelAdmin):
    list_display = ["name", "department", "pillar", "placement_count"]
    ordering = ["name"]
    list_filter = ["pillar"]
    list_select_related = ["pillar"]
    search_fields = ["name", "department"]
    autocomplete_fields = ["pillar"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(placement_count=Count("placements"))

    @admin.display(description=_("placements"), ordering="placement_count")
    def placement_count(self, division: Division) -> int:
        return division.placement_count


@admin.register(Activity)
class ActivityAdmin(PortalModelAdmin):
    list_display = ["title", "kind", "batch", "place", "host", "start_date"]
    list_filter = ["kind", track_filter("batch__track"), batch_filter("batch")]
    list_select_related = ["batch__track"]
    search_fields = ["title", "place", "host"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["batch"]
