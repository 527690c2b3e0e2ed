"""The selection actions on the nominations list: shortlist, decide (with a reason) and enrol the
selected nominees of a call (with each one's division, supervisor and dates).

Each calls a service and reports on every nomination it was given: what it did, and what it refused
and why. Nothing is half-written: a decision is saved whole or not at all, and an enrolment enrols
every nominee or none.
"""

import logging
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from batches.models import Division
from officers.admin.actions import action_page, refused_rows
from officers.admin.nomination_forms import DecideForm, NomineePlacementForm
from officers.models import CallForNominations, Nomination, NominationState, Placement
from officers.services.nominations import NominationError, decide_nomination, shortlist_nominations
from officers.services.nominee_enrolment import enrol_nominees

logger = logging.getLogger(__name__)

# The mixin is only ever mixed into model admins: type-check it as one.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class RefuseActionsNotPermittedMixin(_AdminBase):
    """An action the person may not run is refused with 403, not quietly ignored as an unknown one."""

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            known = {name for _function, name, _description in self._get_base_actions()}
            posted = set(request.POST.getlist("action")) & known
            if posted - set(self.get_actions(request)):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


def _names(records) -> str:
    return ", ".join(str(record) for record in records)


@admin.action(permissions=["change"], description=gettext_lazy("Shortlist selected nominations"))
def shortlist_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    nominations = list(queryset.order_by("full_name"))
    changed = shortlist_nominations(nominations=nominations, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("Shortlisted %(count)d nomination.", "Shortlisted %(count)d nominations.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )
    shortlisted = {nomination.pk for nomination in changed}
    left = [nomination for nomination in nominations if nomination.pk not in shortlisted]
    if left:
        modeladmin.message_user(
            request,
            _("Left as they were (only a submitted nomination is shortlisted): %(names)s.") % {"names": _names(left)},
            messages.WARNING,
        )


@admin.action(permissions=["change"], description=gettext_lazy("Decide on selected nominations…"))
def decide_nominations(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    """Asks for the decision and its reason, then records it on each nomination in turn: one that
    cannot take it is named with the reason and left as it was."""
    nominations = list(queryset.select_related("call", "focal_point").order_by("full_name"))
    form = DecideForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return action_page(
            modeladmin,
            request,
            "admin/officers/nomination/decide.html",
            {"title": _("Decide on nominations"), "nominations": nominations, "form": form},
        )
    decision = NominationState(form.cleaned_data["decision"])
    decided = []
    for nomination in nominations:
        try:
            decide_nomination(
                nomination=nomination, decision=decision, reason=form.cleaned_data["reason"], by=request.user
            )
        except NominationError as error:
            modeladmin.message_user(
                request, _("%(name)s: not decided. %(reason)s") % {"name": nomination, "reason": error}, messages.ERROR
            )
        except OSError:
            # The decision is saved; only the focal point's email failed, so say so rather than fail the page.
            logger.exception("Decision email for nomination %s could not be sent", nomination.pk)
            decided.append(nomination)
            modeladmin.message_user(
                request,
                _("%(name)s: decided, but the email to the focal point could not be sent.") % {"name": nomination},
                messages.WARNING,
            )
        else:
            decided.append(nomination)
    if decided:
        modeladmin.message_user(
            request,
            _("%(decision)s: %(names)s.") % {"decision": decision.label, "names": _names(decided)},
            messages.SUCCESS,
        )
    return None


@admin.action(permissions=["enrol"], description=gettext_lazy("Enrol selected nominees…"))
def enrol_selected_nominees(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Asks for each selected nominee's division, supervisor and dates, then enrols them all in the
    call's batch, or none of them."""
    nominations = list(
        queryset.filter(state=NominationState.SELECTED).select_related("call__batch__track").order_by("full_name")
    )
    call = _one_call(modeladmin, request, nominations)
    if call is None:
        return None
    divisions = {division.pk: division for division in Division.objects.all()}
    data = request.POST if "apply" in request.POST else None
    forms = [
        NomineePlacementForm(
            data,
            prefix=f"nominee-{n.pk}",
            nomination=n,
            batch=call.batch,
            divisions=divisions,
            admin_site=modeladmin.admin_site,
        )
        for n in nominations
    ]
    refusal = ""
    # Every form is checked, so that each shows its own errors.
    valid = [form.is_valid() for form in forms]
    if data is not None and not all(valid):
        refusal = refused_rows(forms)
    elif data is not None:
        try:
            placements = enrol_nominees(call=call, placements=[form.placement() for form in forms], by=request.user)
        except NominationError as error:
            refusal = _("Nobody was enrolled: %(reason)s") % {"reason": error}
        else:
            _report_enrolment(modeladmin, request, call=call, placements=placements)
            return None
    context = {
        "title": _("Enrol selected nominees"),
        "call": call,
        "forms": forms,
        "refusal": refusal,
        "left_out": queryset.exclude(state=NominationState.SELECTED).order_by("full_name"),
        "media": modeladmin.media + forms[0].media,
    }
    return action_page(modeladmin, request, "admin/officers/nomination/enrol.html", context)


def _one_call(
    modeladmin: admin.ModelAdmin, request: HttpRequest, nominations: list[Nomination]
) -> CallForNominations | None:
    """The one call the selected nominees were nominated to, or None, having said why they cannot be
    enrolled together."""
    calls = {nomination.call for nomination in nominations}
    if len(calls) == 1:
        return calls.pop()
    refusal = (
        _("Choose the nominees of one call: they are enrolled in its batch.")
        if calls
        else _("Only selected nominees can be enrolled, and none of those chosen is selected.")
    )
    modeladmin.message_user(request, refusal, messages.ERROR)
    return None


def _report_enrolment(
    modeladmin: admin.ModelAdmin, request: HttpRequest, *, call: CallForNominations, placements: list[Placement]
) -> None:
    """Say who was enrolled, with a link to them in the officers list, where they are invited to sign in."""
    officer_ids = ",".join(str(placement.officer_id) for placement in placements)
    officers = reverse("admin:officers_officer_changelist") + f"?id__in={officer_ids}"
    message = ngettext(
        "Enrolled %(count)d nominee in %(batch)s: %(names)s.",
        "Enrolled %(count)d nominees in %(batch)s: %(names)s.",
        len(placements),
    ) % {"count": len(placements), "batch": call.batch, "names": _names(p.officer for p in placements)}
    modeladmin.message_user(
        request,
        format_html('{} <a href="{}">{}</a>', message, officers, _("Invite them to sign in from the officers list.")),
        messages.SUCCESS,
    )
