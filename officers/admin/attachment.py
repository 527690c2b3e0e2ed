"""The attachment year in the Secretariat's workspace: supervisors, invited to sign in as focal points
are; and every officer's objectives and reports, to read, filter and export.

Objectives and reports move only on the officers' and supervisors' own pages, through
`officers.services.attachment`, which checks who acts and each move. Here they are read-only for every
role, and an old version of one is read, never saved back over the moves (a revert would be a move
nobody made). Editors and viewers read them; Communications sees nothing of them (`officers.roles`).
"""

from datetime import datetime

import tablib
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from batches.admin.filters import batch_filter, track_filter
from core.admin.base import PortalModelAdmin
from core.admin.counts import count_per_row
from core.admin.display import choice_label
from core.admin.read_only import ReadOnlyAdminMixin, ReadOnlyHistoryMixin
from core.imports.formats import SafeCSV
from officers.admin.invitations import LoginByInvitationMixin, invite_each
from officers.admin.nomination_actions import RefuseActionsNotPermittedMixin
from officers.admin.privacy import ContactDetailsAdminMixin, contact_lookups
from officers.countries import Country
from officers.models import AttachmentReport, ObjectivesState, Placement, PlacementObjectives, ReportState, Supervisor
from officers.models.attachment import REPORT_SECTIONS
from officers.services.supervisors import SupervisorInvitationError, invite_supervisor


@admin.action(permissions=["change"], description=gettext_lazy("Invite selected supervisors to sign in"))
def invite_selected_supervisors(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    invite_each(
        modeladmin,
        request,
        queryset.order_by("full_name", "pk"),
        invite=lambda supervisor, base_url: invite_supervisor(
            supervisor=supervisor, by=request.user, base_url=base_url
        ),
        refused=SupervisorInvitationError,
    )


@admin.register(Supervisor)
class SupervisorAdmin(
    LoginByInvitationMixin, RefuseActionsNotPermittedMixin, ContactDetailsAdminMixin, PortalModelAdmin
):
    # A supervisor's email and login are contact details, kept from viewers as officers' are.
    contact_details = ("email", "user")
    list_display = ["full_name", "email", "user", "officer", "placement_count"]
    list_select_related = ["user", "officer"]
    search_fields = ["full_name", "email", "officer__full_name"]
    search_help_with_contact_details = gettext_lazy("Name or email.")
    search_help_without_contact_details = gettext_lazy("Name.")
    autocomplete_fields = ["officer"]
    fieldsets = [
        (None, {"fields": ["full_name", "officer"]}),
        (gettext_lazy("Private contact details"), {"fields": ["email", "user"]}),
    ]
    actions = [invite_selected_supervisors]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(placement_count=count_per_row(Placement.objects.all(), of="supervised_by"))
        )

    @admin.display(description=gettext_lazy("placements supervised"), ordering="placement_count")
    def placement_count(self, supervisor: Supervisor) -> int:
        return supervisor.placement_count


class ReadOnlyWorkAdmin(ReadOnlyAdminMixin, ReadOnlyHistoryMixin, ContactDetailsAdminMixin, PortalModelAdmin):
    """An officer's own work, moved only on their and their supervisor's pages: read here, by every role
    that may view it. The officers' logins in its history are contact details (`_mask_portal_login`)."""

    contact_details = contact_lookups("placement__officer__")
    search_fields = ["placement__officer__full_name", "placement__officer__email"]
    search_help_with_contact_details = gettext_lazy("Officer's name or email.")
    search_help_without_contact_details = gettext_lazy("Officer's name.")

    @admin.display(description=gettext_lazy("officer"), ordering="placement__officer__full_name")
    def officer(self, record: AttachmentReport | PlacementObjectives) -> str:
        return record.placement.officer.full_name

    @admin.display(description=gettext_lazy("batch"), ordering="placement__batch__number")
    def batch(self, record: AttachmentReport | PlacementObjectives) -> str:
        return f"{record.placement.batch.track.short_name}: {record.placement.batch.label}"


@admin.register(PlacementObjectives)
class PlacementObjectivesAdmin(ReadOnlyWorkAdmin):
    list_display = ["officer", "batch", "state_label", "agreed_at"]
    list_filter = [track_filter("placement__batch__track"), batch_filter("placement__batch"), "state"]
    list_select_related = ["placement__officer", "placement__batch__track"]
    fields = ["placement", "state", "agreed_at", "text", "supervisor_comment"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_label(self, objectives: PlacementObjectives) -> str:
        return choice_label(ObjectivesState, objectives.state)


class OverdueFilter(admin.SimpleListFilter):
    """Reports still the officer's after their due date, by `AttachmentReport.objects.overdue()`."""

    title = gettext_lazy("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        overdue = AttachmentReport.objects.overdue().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@admin.action(permissions=["view"], description=gettext_lazy("Export selected reports (CSV)"))
def export_reports(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    """The chosen reports as a spreadsheet, one row each with every section: "Select all" on a
    filtered list exports everything the filters found."""
    section_labels = [capfirst(AttachmentReport._meta.get_field(name).verbose_name) for name in REPORT_SECTIONS]
    headers = [_("Officer"), _("Country"), _("Track"), _("Batch"), _("Division"), _("Supervisor"), _("Report")]
    headers += [_("Due"), _("State"), _("Overdue"), _("Submitted"), _("Signed off"), _("Signed off by")]
    dataset = tablib.Dataset(headers=[*map(str, headers), *section_labels, _("Supervisor's comments")])
    today = timezone.localdate()
    reports = queryset.select_related(
        "placement__officer", "placement__batch__track", "placement__division", "placement__supervised_by"
    ).select_related("signed_off_by")
    for report in reports.order_by("placement__batch__track__short_name", "placement__batch__number", "due_on"):
        placement = report.placement
        dataset.append(
            [
                placement.officer.full_name,
                choice_label(Country, placement.officer.country),
                placement.batch.track.short_name,
                placement.batch.label,
                placement.division.name if placement.division else "",
                str(placement.supervised_by or placement.supervisor_display),
                report.title,
                report.due_on.isoformat(),
                choice_label(ReportState, report.state),
                _("yes") if report.is_overdue(today) else "",
                _when(report.submitted_at),
                _when(report.signed_off_at),
                str(report.signed_off_by or ""),
                *(getattr(report, name) for name in REPORT_SECTIONS),
                report.supervisor_comment,
            ]
        )
    response = HttpResponse(SafeCSV().export_data(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attachment-reports-{today.isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@admin.register(AttachmentReport)
class AttachmentReportAdmin(RefuseActionsNotPermittedMixin, ReadOnlyWorkAdmin):
    list_display = ["officer", "batch", "division", "report_title", "due_on", "state_label", "overdue", "submitted_at"]
    list_filter = [
        track_filter("placement__batch__track"),
        batch_filter("placement__batch"),
        ("placement__division", admin.RelatedOnlyFieldListFilter),
        "state",
        OverdueFilter,
        "kind",
    ]
    list_select_related = ["placement__officer", "placement__batch__track", "placement__division"]
    ordering = ["-due_on", "pk"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "placement",
                    "report_title",
                    "due_on",
                    "state",
                    ("submitted_at", "signed_off_at", "signed_off_by"),
                ]
            },
        ),
        (gettext_lazy("The report"), {"fields": list(REPORT_SECTIONS)}),
        (gettext_lazy("The supervisor"), {"fields": ["supervisor_comment"]}),
    ]
    readonly_fields = [
        "placement",
        "report_title",
        "due_on",
        "state",
        "submitted_at",
        "signed_off_at",
        "signed_off_by",
    ]
    readonly_fields += [*REPORT_SECTIONS, "supervisor_comment"]
    actions = [export_reports]

    @admin.display(description=gettext_lazy("report"), ordering="kind")
    def report_title(self, report: AttachmentReport) -> str:
        return report.title

    @admin.display(description=gettext_lazy("division"), ordering="placement__division__name")
    def division(self, report: AttachmentReport) -> str:
        return report.placement.division.name if report.placement.division else "—"

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_label(self, report: AttachmentReport) -> str:
        return choice_label(ReportState, report.state)

    @admin.display(description=gettext_lazy("overdue"), boolean=True)
    def overdue(self, report: AttachmentReport) -> bool:
        return report.is_overdue()
