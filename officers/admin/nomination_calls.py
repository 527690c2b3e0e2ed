"""Calls for nominations and the nominating focal points in the Secretariat's workspace."""

import logging

from django.contrib import admin, messages
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.base import PortalModelAdmin
from core.admin.counts import count_per_row
from officers.admin.nomination_actions import RefuseActionsNotPermittedMixin
from officers.admin.privacy import ContactDetailsAdminMixin
from officers.countries import Country
from officers.models import CallForNominations, CallPlaces, FocalPoint, Nomination, NominationState
from officers.models.nominations import SECRETARIAT_TIME_ZONE, secretariat_time
from officers.services.focal_points import FocalPointInvitationError, invite_focal_point

logger = logging.getLogger(__name__)


class CallPlacesInline(admin.TabularInline):
    model = CallPlaces
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
    """Each focal point is invited in their own transaction: one who cannot be is named with the
    reason and does not stop the others."""
    # The link must reach them at the address staff are using now (behind a TLS proxy too).
    base_url = f"{request.scheme}://{request.get_host()}"
    for focal_point in queryset.select_related("organisation").order_by("full_name", "pk"):
        try:
            user = invite_focal_point(focal_point=focal_point, by=request.user, base_url=base_url)
        except FocalPointInvitationError as error:
            reason = _("%(name)s: not invited. %(reason)s") % {"name": focal_point, "reason": error}
            modeladmin.message_user(request, reason, messages.ERROR)
        except OSError:
            # The mail server refused or could not be reached; the login is in place, so inviting
            # again later is safe.
            logger.exception("Invitation email to focal point %s could not be sent", focal_point.pk)
            modeladmin.message_user(
                request,
                _("%(name)s: the login is ready but the email could not be sent. Try again later.")
                % {"name": focal_point},
                messages.ERROR,
            )
        else:
            modeladmin.message_user(
                request,
                _("%(name)s: invitation sent to %(email)s.") % {"name": focal_point, "email": user.email},
                messages.SUCCESS,
            )


@admin.register(FocalPoint)
class FocalPointAdmin(RefuseActionsNotPermittedMixin, ContactDetailsAdminMixin, PortalModelAdmin):
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

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # A login opens the organisation's nominations: staff link it by inviting the focal point,
        # which creates the login itself; only superusers link one by hand.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("user")
        return readonly

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        fields = list(super().get_autocomplete_fields(request))
        if request.user.is_superuser:
            fields.append("user")
        return fields

    @admin.display(description=gettext_lazy("country"), ordering="organisation__country")
    def country(self, focal_point: FocalPoint) -> str:
        return focal_point.organisation.get_country_display()
