"""Figures the programme's sources reported (the article's "88 graduates from 15 Batches ..."), shown
on the public home and statistics pages beside the figures the records give. Editors add, correct and
remove them; viewers and Communications read them (`officers.roles`). The public sees the latest of
each kind per track (`ReportedFigure.objects.current()`), which the list marks.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from batches.admin.filters import track_filter
from core.admin.base import PortalModelAdmin
from officers.admin.nomination_actions import RefuseActionsNotPermittedMixin
from officers.models import ReportedFigure


@admin.register(ReportedFigure)
class ReportedFigureAdmin(RefuseActionsNotPermittedMixin, PortalModelAdmin):
    list_display = ["figure", "as_of", "source_name", "shown_to_the_public"]
    list_filter = ["kind", track_filter("track"), "source_name"]
    list_select_related = ["track"]
    search_fields = ["source_name", "source_title", "statement"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["track"]
    fieldsets = [
        (None, {"fields": ["kind", "track", "value", "as_of"]}),
        (gettext_lazy("Source"), {"fields": ["source_name", "source_title", "source_url", "statement"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        shown = ReportedFigure.objects.current().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_shown=Exists(shown))

    @admin.display(description=gettext_lazy("figure"), ordering="value")
    def figure(self, reported: ReportedFigure) -> str:
        return reported.counted

    @admin.display(description=gettext_lazy("shown to the public"), boolean=True, ordering="is_shown")
    def shown_to_the_public(self, reported: ReportedFigure) -> bool:
        return reported.is_shown
