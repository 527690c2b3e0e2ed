"""The editors' queue of career updates: the steps officers proposed on `/my/career/` (or reported to
the Secretariat) that nobody has checked yet. An editor opens a step to correct it, then checks and
publishes it from the list; its officer is told by email. A checked step leaves the queue and stays
under Career milestones.
"""

from datetime import datetime

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.base import PortalModelAdmin
from core.history import save_with_history
from core.partial_date_fields import PartialDateAdminMixin
from officers.admin.forms import CareerMilestoneAdminForm
from officers.admin.privacy import ContactDetailsAdminMixin, contact_lookups
from officers.models import CareerMilestone, Officer
from officers.models.careers import CareerUpdate
from officers.services.career_updates import publish_career_updates


@admin.register(CareerUpdate)
class CareerUpdateAdmin(PartialDateAdminMixin, ContactDetailsAdminMixin, PortalModelAdmin):
    contact_details = contact_lookups("officer__")
    form = CareerMilestoneAdminForm
    partial_date_displays = {"date": "date_display"}
    list_display = ["title", "officer", "organisation", "date_display", "waiting_since"]
    list_filter = ["kind", "officer__country"]
    list_select_related = ["officer", "organisation"]
    search_fields = ["title", "officer__full_name", "officer__slug", "organisation__name", "source_note"]
    autocomplete_fields = ["organisation"]
    # The officer and the source say whose step it is and where it came from: an editor corrects the
    # step, not that. It is checked with the list's action, which records who checked it.
    readonly_fields = ["officer", "source", "waiting_since", "checked_by", "checked_at"]
    fieldsets = [
        (None, {"fields": ["officer", "title", "organisation", "kind", "date"]}),
        (gettext_lazy("Source"), {"fields": ["source", "source_note", "waiting_since"]}),
    ]
    # Oldest first: the queue is worked in the order the steps came in.
    ordering = ["id"]
    actions = ["publish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The milestones themselves rather than their proxy: Django signals a save under the class
        # saved, and the history (django-simple-history) listens to CareerMilestone's saves only.
        proposed = CareerMilestone.history.filter(id=OuterRef("pk")).order_by("history_date").values("history_date")
        queryset = CareerMilestone.objects.awaiting_check().annotate(waiting_since=Subquery(proposed[:1]))
        return queryset.order_by(*self.get_ordering(request))

    # The queue is the milestones' own work: whoever may change a milestone works it, and nobody adds
    # to it here (officers propose steps on their page; editors add others under Career milestones).
    def _may(self, request: HttpRequest, action: str) -> bool:
        return request.user.has_perm(f"officers.{get_permission_codename(action, CareerMilestone._meta)}")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may(request, "view") or self._may(request, "change")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may(request, "delete")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CareerMilestone, form, change: bool) -> None:
        save_with_history(obj, by=request.user, reason=_("Corrected before the check"))

    # A step's history is the milestone's: its pages live under Career milestones.
    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:officers_careermilestone_history", args=[object_id]))

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:officers_careermilestone_simple_history", args=[object_id, version_id])
        )

    @admin.display(description=gettext_lazy("date"), ordering="date")
    def date_display(self, milestone: CareerMilestone) -> str:
        return milestone.date_display or "—"

    @admin.display(description=gettext_lazy("waiting since"), ordering="waiting_since")
    def waiting_since(self, milestone: CareerMilestone) -> datetime | None:
        # When its first history entry was written; none for a step loaded in bulk (no history).
        return milestone.waiting_since

    @admin.action(permissions=["change"], description=gettext_lazy("Mark checked and publish"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = publish_career_updates(milestones=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Checked and published %(count)d career update; its officer is told by email.",
                "Checked and published %(count)d career updates; their officers are told by email.",
                len(published),
            )
            % {"count": len(published)},
            messages.SUCCESS,
        )
        public = set(Officer.objects.public().filter(milestones__in=published).values_list("pk", flat=True))
        private = sorted({str(m.officer) for m in published if m.officer_id not in public})
        if private:
            self.message_user(
                request,
                format_lazy(
                    "{}: {}",
                    _("Checked, but not shown to the public, as these officers' profiles are not public"),
                    ", ".join(private),
                ),
                messages.WARNING,
            )
