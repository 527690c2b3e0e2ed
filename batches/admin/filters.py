"""Changelist filters that speak the programme's language and cost at most one query however many rows."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, BatchStatus, ProgrammeTrack
from core.admin.filters import AutocompleteListFilter, YearListFilter


def batch_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """A filter by batch through `field_path` ('batch', 'placements__batch', ...): the batch is
    searched for by track and number, as in the edit forms, and named "Junior Diplomats: 13th
    Batch, 2014-2015" once chosen."""

    class BatchFilter(AutocompleteListFilter):
        title = _("batch")
        parameter_name = "batch"

        def chosen_records(self) -> QuerySet:
            return Batch.objects.with_track()

    BatchFilter.field_path = field_path
    return BatchFilter


def track_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """A filter by programme track, by slug in the URL as on the public pages."""

    class TrackFilter(admin.SimpleListFilter):
        title = _("track")
        parameter_name = "track"

        def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
            return [(track.slug, track.short_name) for track in ProgrammeTrack.objects.all()]

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            if self.value():
                return queryset.filter(**{f"{field_path}__slug": self.value()}).distinct()
            return queryset

    return TrackFilter


def batch_year_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """A filter by the year the batch at `field_path` started, the years read from the batches."""

    class BatchYearFilter(YearListFilter):
        title = _("batch started")
        parameter_name = "started"

        def years(self) -> list[int]:
            return [day.year for day in Batch.objects.dates("start_date", "year")]

    BatchYearFilter.field_path = f"{field_path}__start_date"
    return BatchYearFilter


class BatchStatusFilter(admin.SimpleListFilter):
    """Planned, ongoing or completed as `Batch.status` decides it (dates first, recorded status
    where they cannot tell): read from the batches themselves, a table of a few dozen rows."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        return BatchStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        today = timezone.localdate()
        matching = [batch.pk for batch in Batch.objects.all() if batch.status_on(today) == self.value()]
        return queryset.filter(pk__in=matching)
