"""Calls for nominations and the nominating focal points in the Secretariat's workspace."""

from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.accessible_names import AccessibleFieldNamesMixin, NamedDeleteBoxesFormSet
from core.admin.base import PortalModelAdmin
from core.admin.counts import count_per_row
from officers.admin.invitations import LoginByInvitationMixin, invite_each
from officers.admin.nomination_actions import RefuseActionsNotPermittedMixin
from officers.admin.privacy import ContactDetailsAdminMixin
from officers.countries import Country
from officers.models import CallForNominations, CallPlaces, FocalPoint, Nomination, NominationState
from officers.models.nominations import SECRETARIAT_TIME_ZONE, secretariat_time
from officers.services.focal_points import FocalPointInvitationError, invite_focal_point


class CallPlacesInline(AccessibleFieldNamesMixin, admin.TabularInline):
    model = CallPlaces
    formset = NamedDeleteBoxesFormSet
    fields = ["country", "places"]
    max_num = len(Country)

    def get_extra(self, request: HttpRequest, obj=None, **kwargs) -> int:
        # A new call offers a row for each country (see `get_formset_kwargs`); an existing one has its rows.
        return len(Country) if obj is None else 0


@admin.register(CallForNominations)
class CallForNominationsAdmin(RefuseActionsNotPermittedMixin, PortalModelAdmin):
    list_display = ["batch", "opens", "closes", "open_or_closed", "places_total", "nomination_count"]
    list_select_related = ["batch__track"]
    autocomplete_fields = ["batch"]
    fieldsets = [
        (
            None,
            {
                "fields": ["batch", "opens_at", "closes_at"],
                "description": gettext_lazy(
                    "Times are Jakarta time (UTC+7), the Secretariat's, whoever reads them. "
                    "To extend a call, set a later closing time."
                ),
            },
        ),
        (
            gettext_lazy("What the call asks"),
            {"fields": ["eligibility", "documents_required", "asks_date_of_birth", "message"]},
        ),
    ]
    inlines = [CallPlacesInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        places = CallPlaces.objects.filter(call=OuterRef("pk")).order_by().values("call")
        return (
            super()
            .get_queryset(request)
            .annotate(
                places_total=Coalesce(Subquery(places.annotate(total=Sum("places")).values("total")), 0),
                nomination_count=count_per_row(Nomination.objects.exclude(state=NominationState.DRAFT), of="call"),
            )
        )

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and isinstance(inline, CallPlacesInline):
            # Each country named already: the editor fills in the places, and a row left empty is skipped.
            kwargs["initial"] = [{"country": country} for country in Country.values]
        return kwargs

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        # The form reads and writes times on the Secretariat's clock, as its description says; the
        # page is rendered here, while that clock is the current one.
        with timezone.override(SECRETARIAT_TIME_ZONE):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    @admin.display(description=gettext_lazy("opens"), ordering="opens_at")
    def opens(self, call: CallForNominations) -> str:
        return secretariat_time(call.opens_at)

    @admin.display(description=gettext_lazy("closes"), ordering="closes_at")
    def closes(self, call: CallForNominations) -> str:
        return secretariat_time(call.closes_at)

    @admin.display(description=gettext_lazy("taking nominations"))
    def open_or_closed(self, call: CallForNominations) -> str:
        if call.is_open():
            return _("Open")
        return _("Closed") if call.has_closed() else _("Not open yet")

    @admin.display(description=gettext_lazy("places"), ordering="places_total")
    def places_total(self, call: CallForNominations) -> int:
        return call.places_total

    @admin.display(description=gettext_lazy("nominations"), ordering="nomination_count")
    def nomination_count(self, call: CallForNominations) -> str:
        nominations = reverse("admin:officers_nomination_changelist") + f"?call={call.pk}"
        return format_html('<a href="{}">{}</a>', nominations, call.nomination_count)


@admin.action(permissions=["change"], description=gettext_lazy("Invite selected focal points to sign in"))
def invite_selected_focal_points(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    invite_each(
        modeladmin,
        request,
        queryset.select_related("organisation").order_by("full_name", "pk"),
        invite=lambda focal_point, base_url: invite_focal_point(
            focal_point=focal_point, by=request.user, base_url=base_url
        ),
        refused=FocalPointInvitationError,
    )


@admin.register(FocalPoint)
class FocalPointAdmin(
    LoginByInvitationMixin, RefuseActionsNotPermittedMixin, ContactDetailsAdminMixin, PortalModelAdmin
):
    # A focal point's email and login are contact details, kept from viewers as officers' are.
    contact_details = ("email", "user")
    list_display = ["full_name", "organisation", "country", "email", "user"]
    list_filter = ["organisation__country"]
    list_select_related = ["organisation", "user"]
    search_fields = ["full_name", "organisation__name", "email"]
    search_help_with_contact_details = gettext_lazy("Name, organisation or email.")
    search_help_without_contact_details = gettext_lazy("Name or organisation.")
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["full_name", "organisation"]}),
        (gettext_lazy("Private contact details"), {"fields": ["email", "user"]}),
    ]
    actions = [invite_selected_focal_points]

    @admin.display(description=gettext_lazy("country"), ordering="organisation__country")
    def country(self, focal_point: FocalPoint) -> str:
        return focal_point.organisation.get_country_display()
