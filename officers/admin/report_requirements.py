"""The further reports the Secretariat requires of each track's placements, beside the mid-term and
final reports. Editors add, change and remove them; viewers read them; Communications sees nothing of
them (`officers.roles`). Every placement under way of the track gets the report, due at its share of the
placement, the next time its reports are scheduled (`officers.services.report_schedule`); a requirement
is removed only while no placement has its report yet.
"""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from batches.admin.filters import track_filter
from core.admin.base import PortalModelAdmin
from officers.admin.nomination_actions import RefuseActionsNotPermittedMixin
from officers.models import RequiredReport


@admin.register(RequiredReport)
class RequiredReportAdmin(RefuseActionsNotPermittedMixin, PortalModelAdmin):
    list_display = ["title", "track", "due_share"]
    list_filter = [track_filter("track")]
    list_select_related = ["track"]
    search_fields = ["title"]
    fields = ["track", "title", "due_at_percent"]
    autocomplete_fields = ["track"]

    @admin.display(description=gettext_lazy("due"), ordering="due_at_percent")
    def due_share(self, requirement: RequiredReport) -> str:
        return _("%(percent)s%% through the placement") % {"percent": requirement.due_at_percent}
