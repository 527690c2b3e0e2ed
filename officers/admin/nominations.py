"""Nominations in the Secretariat's workspace: a call's nominations beside its places per country, the
nominees' documents opened through a view that checks who asks, and the selection actions.

A nomination is the ministry's: staff read what its focal point sent and keep their own interview
notes; its state moves only through the services (`officers.services.nominations`), which keep who
decided what, when and why. A draft is the focal point's until they submit it, so it is not listed.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin.base import PortalModelAdmin
from core.history import save_with_history
from core.private_files import private_file_response
from officers.admin.nomination_actions import (
    RefuseActionsNotPermittedMixin,
    decide_nominations,
    enrol_selected_nominees,
    shortlist_selected,
)
from officers.admin.privacy import ContactDetailsAdminMixin
from officers.models import CallForNominations, CallPlaces, Nomination, NominationState
from officers.roles import may_open_nomination_documents

# The nominee's documents, by the name the document view takes, with the name they download under.
DOCUMENTS = {"cv": gettext_lazy("CV"), "letter": gettext_lazy("nomination letter")}
# What counts against a country's places: nominees selected, and those already enrolled.
TAKING_A_PLACE = (NominationState.SELECTED, NominationState.ENROLLED)
# Nominations before the Secretariat: neither a draft nor withdrawn.
IN_SELECTION = ~Q(state__in=(NominationState.DRAFT, NominationState.WITHDRAWN))


class CallFilter(admin.SimpleListFilter):
    """The calls, named by their batch: one query for all of them."""

    title = gettext_lazy("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(str(call.pk), str(call)) for call in CallForNominations.objects.select_related("batch__track")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(call_id=self.value()) if self.value() else queryset


class StateFilter(admin.SimpleListFilter):
    """The states a listed nomination can be in (a draft is never listed)."""

    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(state.value, state.label) for state in NominationState if state != NominationState.DRAFT]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(state=self.value()) if self.value() else queryset


def places_per_country(call_id: int) -> list[CallPlaces]:
    """A call's places per country, each with how many nominees are selected (`selected`) and how many
    nominations are before the Secretariat (`in_selection`): one query."""

    def counted(condition: Q) -> Coalesce:
        nominations = Nomination.objects.filter(condition, call_id=OuterRef("call_id"), country=OuterRef("country"))
        return Coalesce(Subquery(nominations.order_by().values("call_id").annotate(n=Count("*")).values("n")), 0)

    return list(
        CallPlaces.objects.filter(call_id=call_id).annotate(
            selected=counted(Q(state__in=TAKING_A_PLACE)), in_selection=counted(IN_SELECTION)
        )
    )


@admin.register(Nomination)
class NominationAdmin(RefuseActionsNotPermittedMixin, ContactDetailsAdminMixin, PortalModelAdmin):
    # The nominee's email is a contact detail: editors see it, viewers do not (`may_see_contact_details`).
    contact_details = ("email",)
    list_display = ["full_name", "country", "organisation", "position", "call", "state", "submitted_at", "documents"]
    list_filter = [
        CallFilter,
        "country",
        StateFilter,
        ("nominating_organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation", "call__batch__track"]
    search_fields = ["full_name", "name_in_own_script", "email"]
    search_help_with_contact_details = gettext_lazy("Nominee's name (in Latin or own script) or email.")
    search_help_without_contact_details = gettext_lazy("Nominee's name (in Latin or own script).")
    fieldsets = [
        (None, {"fields": ["call", "state", "submitted_at", ("focal_point", "nominating_organisation")]}),
        (
            gettext_lazy("Nominee, as the focal point sent them"),
            {
                "fields": [
                    ("full_name", "name_in_own_script"),
                    ("honorific", "gender", "date_of_birth"),
                    ("country", "organisation"),
                    "position",
                    "email",
                    "languages",
                    "documents",
                ]
            },
        ),
        (
            gettext_lazy("Selection"),
            {"fields": ["interview_notes", "decision_reason", ("decided_by", "decided_at"), "officer"]},
        ),
    ]
    # Staff keep their interview notes; the rest is the ministry's nomination or the services' record.
    readonly_fields = [
        "call",
        "state",
        "submitted_at",
        "focal_point",
        "nominating_organisation",
        "full_name",
        "name_in_own_script",
        "honorific",
        "gender",
        "date_of_birth",
        "country",
        "organisation",
        "position",
        "email",
        "languages",
        "documents",
        "document_pages",
        "decision_reason",
        "decided_by",
        "decided_at",
        "officer",
    ]
    actions = [shortlist_selected, decide_nominations, enrol_selected_nominees]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).exclude(state=NominationState.DRAFT)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Nominations come from the focal points' own page, never typed in by staff.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A nomination not taken is decided "not selected", with its reason: the record stays.
        return False

    def has_enrol_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request) and request.user.has_perms(
            ["officers.add_officer", "officers.change_officer", "officers.add_placement"]
        )

    def get_list_display(self, request: HttpRequest) -> list:
        return _for_reader(super().get_list_display(request), request)

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        return [
            (name, {**options, "fields": _for_reader(options["fields"], request)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_urls(self) -> list:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/document/<str:kind>/",
                self.admin_site.admin_view(self.document_view),
                name=f"{opts.app_label}_{opts.model_name}_document",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        call_id = request.GET.get(CallFilter.parameter_name, "")
        places = places_per_country(int(call_id)) if call_id.isdecimal() else None
        return super().changelist_view(request, {**(extra_context or {}), "places_per_country": places})

    def document_view(self, request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
        """A nominee's CV or letter, as a download, for staff who may open nominees' documents."""
        if not (self.has_view_permission(request) and may_open_nomination_documents(request.user)):
            raise PermissionDenied
        nomination = self.get_object(request, unquote(object_id))
        document = getattr(nomination, kind) if nomination is not None and kind in DOCUMENTS else None
        if not document:
            raise Http404
        download_name = f"{slugify(nomination.full_name)}-{slugify(DOCUMENTS[kind])}.pdf"
        return private_file_response(document, download_name=download_name)

    def save_model(self, request: HttpRequest, obj: Nomination, form, change: bool) -> None:
        # Only the interview notes are the Secretariat's to write. A revert from the history saves a
        # whole old copy of the record, so the notes alone are taken from it, never an old state.
        stored = Nomination.objects.get(pk=obj.pk)
        stored.interview_notes = obj.interview_notes
        stored.expected_version = obj.expected_version
        save_with_history(stored, by=request.user, reason=_("Interview notes"))

    @admin.display(description=gettext_lazy("documents"))
    def documents(self, nomination: Nomination) -> str:
        """Links that download the documents (for staff who may open them)."""
        links = [
            (document_url(nomination, kind), _document_label(nomination, kind))
            for kind in DOCUMENTS
            if getattr(nomination, kind)
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', links) if links else "—"

    @admin.display(description=gettext_lazy("documents"))
    def document_pages(self, nomination: Nomination) -> str:
        """The documents' page counts, for staff who may not open them."""
        labels = [_document_label(nomination, kind) for kind in DOCUMENTS if getattr(nomination, kind)]
        return ", ".join(labels) or "—"


def document_url(nomination: Nomination, kind: str) -> str:
    return reverse("admin:officers_nomination_document", args=[nomination.pk, kind])


def _document_label(nomination: Nomination, kind: str) -> str:
    """'CV (3 pages)'."""
    pages = getattr(nomination, f"{kind}_pages")
    if pages is None:
        return str(DOCUMENTS[kind])
    return ngettext("%(document)s (%(count)d page)", "%(document)s (%(count)d pages)", pages) % {
        "document": DOCUMENTS[kind],
        "count": pages,
    }


def _for_reader(names, request: HttpRequest) -> list:
    """Column or field names with the document links swapped for page counts for staff who may not open them."""
    if may_open_nomination_documents(request.user):
        return list(names)
    return ["document_pages" if name == "documents" else name for name in names]
