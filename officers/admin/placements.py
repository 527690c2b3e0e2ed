"""Placements and career milestones in the admin."""

from django.contrib import admin
from django.db.models import Max, Min, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from batches.admin.filters import batch_filter, batch_year_filter, track_filter
from core.admin.base import PortalModelAdmin, SortedFirstChangeList
from core.admin.display import choice_label
from core.admin.filters import YearListFilter
from core.imports.admin import SpreadsheetAdminMixin
from core.partial_date_fields import PartialDateAdminMixin
from officers.admin.actions import mark_milestones_checked, mark_placements_completed
from officers.admin.forms import CareerMilestoneAdminForm
from officers.admin.privacy import ContactDetailsAdminMixin, contact_lookups
from officers.countries import Country
from officers.models import CareerMilestone, Placement
from officers.models.placements import ENDING_SOON_DAYS
from officers.resources import CareerMilestoneResource, PlacementResource


class CompletionFilter(admin.SimpleListFilter):
    """Active placements whose completion is next: ending soon, or past their end and not yet completed
    (the model's rules, `ending_soon()` and `awaiting_completion()`)."""

    title = _("completion")
    parameter_name = "completion"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        return [
            ("ending", _("Ends within %(days)s days") % {"days": ENDING_SOON_DAYS}),
            ("ended", _("Ended, awaiting completion")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "ending":
            return queryset.ending_soon(days=ENDING_SOON_DAYS)
        if self.value() == "ended":
            return queryset.awaiting_completion()
        return queryset


@admin.register(Placement)
class PlacementAdmin(ContactDetailsAdminMixin, SpreadsheetAdminMixin, PortalModelAdmin):
    contact_details = contact_lookups("officer__") + contact_lookups("supervisor__")
    resource_classes = [PlacementResource]
    list_display = [
        "officer",
        "country",
        "batch_label",
        "division",
        "supervisor_display",
        "outcome",
    ]
    list_filter = [
        "outcome",
        CompletionFilter,
        track_filter("batch__track"),
        batch_filter("batch"),
        batch_year_filter("batch"),
        "division",
        "officer__country",
    ]
    list_select_related = ["officer", "batch__track", "division", "supervisor"]
    search_fields = ["officer__full_name", "officer__slug", "officer__email", "supervisor_name", "division__name"]
    search_help_with_contact_details = _("Officer's name, slug or email; supervisor; division.")
    search_help_without_contact_details = _("Officer's name or slug; supervisor; division.")
    autocomplete_fields = ["officer", "batch", "division", "supervisor", "supervised_by"]
    fieldsets = [
        (None, {"fields": ["officer", "batch", "division", "outcome"]}),
        (_("Supervisor"), {"fields": ["supervisor_name", "supervisor", "supervised_by"]}),
        (None, {"fields": [("start_date", "end_date"), "objectives", "notes"]}),
    ]
    actions = [mark_placements_completed]

    @admin.display(description=_("country"), ordering="officer__country")
    def country(self, placement: Placement) -> str:
        return choice_label(Country, placement.officer.country)

    # The track's short name leads the batch ("JD: 13th Batch, 2014-2015"): one column, so the list fits
    # a 1280 px screen beside its filters.
    @admin.display(description=_("batch"), ordering="batch__track__short_name")
    def batch_label(self, placement: Placement) -> str:
        return f"{placement.batch.track.short_name}: {placement.batch.label}"

    @admin.display(description=_("supervisor"), ordering="supervisor_name")
    def supervisor_display(self, placement: Placement) -> str:
        return placement.supervisor_display or "—"


class CheckedFilter(admin.SimpleListFilter):
    title = _("checked")
    parameter_name = "checked"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        return [("yes", _("Checked")), ("no", _("Not checked yet"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_at__isnull=self.value() == "no")
        return queryset


class MilestoneYearFilter(YearListFilter):
    """Every year from the earliest dated milestone to the latest, both read in one aggregate: Django's
    date links read them too, then grouped every milestone by its year."""

    field_path = "date"

    def years(self) -> list[int]:
        ends = CareerMilestone.objects.aggregate(first=Min("date"), last=Max("date"))
        if ends["first"] is None:
            return []
        return list(range(ends["first"].year, ends["last"].year + 1))


@admin.register(CareerMilestone)
class CareerMilestoneAdmin(PartialDateAdminMixin, ContactDetailsAdminMixin, SpreadsheetAdminMixin, PortalModelAdmin):
    contact_details = contact_lookups("officer__")
    form = CareerMilestoneAdminForm
    partial_date_displays = {"date": "date_display"}
    resource_classes = [CareerMilestoneResource]
    list_display = ["title", "officer", "organisation", "kind", "date_display", "source", "checked_by", "checked_at"]
    list_filter = [CheckedFilter, MilestoneYearFilter, "kind", "source", "officer__country"]
    # Read by key once the page is sorted (`SortedFirstChangeList`): joined first, PostgreSQL sorted
    # all fourteen thousand milestones with every officer to keep fifty, 50 ms at 10,000 officers.
    list_select_related = ["officer", "organisation", "checked_by"]
    search_fields = ["title", "officer__full_name", "officer__slug", "organisation__name", "source_note"]
    autocomplete_fields = ["officer", "organisation"]
    readonly_fields = ["checked_by", "checked_at"]
    fieldsets = [
        (None, {"fields": ["officer", "title", "organisation", "kind", "date"]}),
        (_("Source"), {"fields": ["source", "source_note", ("checked_by", "checked_at")]}),
    ]
    actions = [mark_milestones_checked]

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[SortedFirstChangeList]:
        return SortedFirstChangeList

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, milestone: CareerMilestone) -> str:
        return milestone.date_display or "—"
