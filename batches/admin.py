from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from batches.models import Activity, Batch, Division, Pillar, ProgrammeTrack


@admin.register(Pillar)
class PillarAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(ProgrammeTrack)
class ProgrammeTrackAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "first_year", "funder"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Batch)
class BatchAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start_date", "end_date", "status_label"]
    list_filter = ["track"]
    list_select_related = ["track"]
    search_fields = ["track__name", "number"]


@admin.register(Division)
class DivisionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "pillar"]
    search_fields = ["name", "department"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "batch", "place", "start_date"]
    list_filter = ["kind"]
    list_select_related = ["batch__track"]
    search_fields = ["title", "place", "host"]
