"""Changelist filters that speak the programme's language and cost one query however many rows."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from batches.models import Batch, BatchStatus, ProgrammeTrack


def batch_filter(field_path: str) -> type[admin.SimpleListFilter]:
    """A filter by batch through `field_path` ('batch', 'placements__batch', ...), its choices
    named "Junior Diplomats: 13th Batch, 2014-2015" with the tracks read in the same query."""

    class BatchFilter(admin.SimpleListFilter):
        title = _("batch")
        parameter_name = "batch"

        def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
            return [(str(batch.pk), str(batch)) for batch in Batch.objects.with_track()]

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            if self.value():
                return queryset.filter(**{field_path: self.value()}).distinct()
            return queryset

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
