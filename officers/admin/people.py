"""Officers and organisations in the admin, with an officer's placements, milestones and stories on one page."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from batches.admin.filters import batch_filter, track_filter
from core.admin.base import ListedRowsMixin, PortalModelAdmin, PortalTabularInline
from core.admin.display import choice_label
from core.imports.admin import SpreadsheetAdminMixin
from core.partial_date_fields import PartialDateAdminMixin
from officers.admin.actions import enrol_in_batch
from officers.admin.consent import record_consent_view
from officers.admin.forms import CareerMilestoneAdminForm, OfficerAdminForm
from officers.admin.invitations import LoginByInvitationMixin, invite_selected_officers
from officers.admin.placement_inlines import OfficerPlacementInline, listed
from officers.admin.privacy import ContactDetailsAdminMixin, contact_lookups
from officers.models import CareerMilestone, GraduateStory, Officer, Organisation, Placement, PlacementOutcome
from officers.resources import OfficerResource
from officers.services.officer_records import save_officer


@admin.register(Organisation)
class OrganisationAdmin(PortalModelAdmin):
    list_display = ["name", "country", "officer_count"]
    ordering = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(officer_count=Count("nominated_officers"))

    @admin.display(description=_("officers nominated"), ordering="officer_count")
    def officer_count(self, organisation: Organisation) -> int:
        return organisation.officer_count

    def chooser_label(self, organisation: Organisation) -> str:
        # Five countries each have a "Ministry of Foreign Affairs": a chooser tells them apart.
        if not organisation.country:
            return organisation.name
        country = organisation.get_country_display()
        return _("%(name)s (%(country)s)") % {"name": organisation.name, "country": country}


class CareerMilestoneInline(PartialDateAdminMixin, PortalTabularInline):
    model = CareerMilestone
    form = CareerMilestoneAdminForm
    partial_date_displays = {"date": "date_display"}
    fields = ["title", "organisation", "kind", "date", "source", "source_note", "checked"]
    readonly_fields = ["checked"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("organisation", "checked_by")

    @admin.display(description=_("date"))
    def date_display(self, milestone: CareerMilestone) -> str:
        return milestone.date_display or "—"

    @admin.display(description=_("checked"))
    def checked(self, milestone: CareerMilestone) -> str:
        if not milestone.checked_at:
            return "—"
        return _("%(who)s, %(when)s") % {
            "who": milestone.checked_by,
            "when": timezone.localtime(milestone.checked_at).date().isoformat(),
        }


class GraduateStoryInline(PortalTabularInline):
    """The officer's stories at a glance; they are written and published on the story's own page."""

    model = GraduateStory
    fields = ["headline", "state", "published_on", "officer_approved_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class InvitationFilter(admin.SimpleListFilter):
    """Officers to invite: never invited, or invited and the link expired unused (the model's rules).
    Whether an officer has a login is a contact detail: the filter is there only for staff who see those."""

    title = _("invitation")
    parameter_name = "invitation"

    def lookups(self, request: HttpRequest, model_admin) -> list:
        if model_admin.hides_contact_details(request):
            return []
        return [("never", _("Never invited")), ("lapsed", _("Invitation expired unused"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.lookup_choices:
            return queryset
        if self.value() == "never":
            return queryset.never_invited()
        if self.value() == "lapsed":
            return queryset.invitation_lapsed()
        return queryset


@admin.register(Officer)
class OfficerAdmin(
    LoginByInvitationMixin, ListedRowsMixin, ContactDetailsAdminMixin, SpreadsheetAdminMixin, PortalModelAdmin
):
    form = OfficerAdminForm
    contact_details = contact_lookups()
    resource_classes = [OfficerResource]
    list_display = [
        "full_name",
        "country",
        "tracks",
        "batches",
        "divisions",
        "placement_status",
        "public_profile_consent",
    ]
    list_filter = [
        "country",
        track_filter("placements__batch__track"),
        batch_filter("placements__batch"),
        # Every division (a dozen): listing only those with a placement searched every officer's placements.
        ("placements__division", admin.RelatedFieldListFilter),
        ("placements__outcome", admin.ChoicesFieldListFilter),
        "public_profile_consent",
        InvitationFilter,
        "gender",
    ]
    list_select_related = ["home_organisation"]
    search_fields = ["full_name", "name_in_own_script", "slug", "email", "home_organisation__name"]
    search_help_with_contact_details = _("Name (in Latin or own script), slug, email or home organisation.")
    search_help_without_contact_details = _("Name (in Latin or own script), slug or home organisation.")
    autocomplete_fields = ["home_organisation"]
    # Consent is the officer's: staff record a signed form on its own page ("Record a signed consent form").
    readonly_fields = ["programme_line", *Officer.CONSENT_FIELDS]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "full_name",
                    "name_in_own_script",
                    "slug",
                    "honorific",
                    "gender",
                    "country",
                    "home_organisation",
                    "position_at_nomination",
                    "programme_line",
                ]
            },
        ),
        (_("Private contact details (never public)"), {"fields": ["email", "phone", "user"]}),
        (
            _("Public profile"),
            {
                "description": _(
                    "Consent is the officer's: they give or withdraw it on their own page. Staff record a consent "
                    "form the officer signed with \u201cRecord a signed consent form\u201d, which cannot undo a "
                    "later withdrawal."
                ),
                "fields": [
                    ("public_profile_consent", "consent_changed_on"),
                    ("consent_form_reference", "consent_form_signed_on", "consent_recorded_by"),
                    "bio",
                    "portrait",
                    "portrait_alt",
                    "portrait_caption",
                    "portrait_credit",
                ],
            },
        ),
    ]
    inlines = [OfficerPlacementInline, CareerMilestoneInline, GraduateStoryInline]
    listed_inlines = [OfficerPlacementInline, CareerMilestoneInline]
    actions = [enrol_in_batch, invite_selected_officers]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_placements()

    def listed_rows(self, obj: Officer) -> dict[type, object]:
        return {
            OfficerPlacementInline: listed(obj.placements.chronological().select_related("supervisor")),
            CareerMilestoneInline: obj.milestones.timeline().select_related("checked_by"),
        }

    def has_enrol_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("officers.add_placement")

    def get_urls(self) -> list:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/consent-form/",
                self.admin_site.admin_view(lambda request, object_id: record_consent_view(self, request, object_id)),
                name=f"{opts.app_label}_{opts.model_name}_record_consent",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request: HttpRequest, obj: Officer, form, change: bool) -> None:
        # The form has kept the consent fields as the record has them (`OfficerAdminForm`).
        save_officer(officer=obj, by=request.user)

    def _placements(self, officer: Officer) -> list[Placement]:
        # Four columns show the prefetched placements: listed once per officer, not once per column.
        if not hasattr(officer, "shown_placements"):
            officer.shown_placements = list(officer.placements.all())
        return officer.shown_placements

    @admin.display(description=_("track"))
    def tracks(self, officer: Officer) -> str:
        return _lines(placement.batch.track.short_name for placement in self._placements(officer))

    @admin.display(description=_("batch"))
    def batches(self, officer: Officer) -> str:
        return _lines(placement.batch.label for placement in self._placements(officer))

    @admin.display(description=_("division"))
    def divisions(self, officer: Officer) -> str:
        return _lines(placement.division or "—" for placement in self._placements(officer))

    @admin.display(description=_("placement status"))
    def placement_status(self, officer: Officer) -> str:
        return _lines(choice_label(PlacementOutcome, placement.outcome) for placement in self._placements(officer))

    @admin.display(description=_("programme line"))
    def programme_line(self, officer: Officer) -> str:
        return officer.programme_line if officer.pk else "—"


def _lines(values) -> str:
    """One line per placement, oldest first; "—" for an officer not yet placed."""
    values = [str(value) for value in values]
    return format_html_join("", "<span class='portal-line'>{}</span>", ((v,) for v in values)) if values else "—"
