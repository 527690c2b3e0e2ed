"""A nominating focal point's pages: the calls open to their country and their own organisation's
nominations; nothing of any other organisation or country.

Who may see them: a signed-in login linked to a focal point. Every view finds that focal point
through `focal_point_for(request.user)`, and a nomination only through `nomination_for()`, which
looks among the nominations of the focal point's organisation alone: another organisation's
nomination is a 404, exactly like one that does not exist. Anyone else who is signed in gets a page
saying what these pages are for, with status 403. The pages hold personal data, so no browser or
proxy may keep a copy (`never_cache`); they are not public pages, so the page cache never stores them.
"""

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.private_files import private_file_response
from core.versioning import StaleRecordError
from officers.models import CallForNominations, FocalPoint, Nomination, NominationState
from officers.models.nominations import secretariat_time
from officers.nomination_forms import DOCUMENT_FIELDS, NominationForm
from officers.services.nominations import (
    NominationError,
    delete_draft,
    missing_documents,
    save_draft,
    submit_nomination,
    withdraw_nomination,
)


def focal_point_for(user: AbstractBaseUser | AnonymousUser) -> FocalPoint | None:
    """The focal point linked to this login, or None (anonymous, an officer, a staff member)."""
    if not user.is_authenticated:
        return None
    return FocalPoint.objects.select_related("organisation").filter(user_id=user.pk).first()


def nomination_for(focal_point: FocalPoint, pk: int) -> Nomination:
    """One of the focal point's organisation's nominations, with its call; 404 for any other."""
    return get_object_or_404(
        Nomination.objects.select_related("call__batch__track", "organisation").prefetch_related("call__places"),
        pk=pk,
        nominating_organisation_id=focal_point.organisation_id,
    )


def focal_point_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the signed-in focal point, never cached; the view gets the focal point after the
    request. Anonymous visitors are sent to sign in; other logins get the 403 page."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        focal_point = focal_point_for(request.user)
        if focal_point is None:
            return render(request, "nominate/not_focal_point.html", status=403)
        return view(request, focal_point, *args, **kwargs)

    return wrapper


def own_nomination(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or action about one of the focal point's organisation's nominations. The nomination is
    looked up before anything else (the method included), so for anyone else every request about
    it ends the same way: 404."""

    @focal_point_page
    @wraps(view)
    def wrapper(request: HttpRequest, focal_point: FocalPoint, pk: int, **kwargs) -> HttpResponse:
        return view(request, focal_point, nomination_for(focal_point, pk), **kwargs)

    return wrapper


@dataclass(frozen=True)
class CallSummary:
    """A call as a focal point reads it: its places for their country and its closing time in Jakarta."""

    call: CallForNominations
    places: int
    closes: str
    is_open: bool


def call_summary(call: CallForNominations, focal_point: FocalPoint) -> CallSummary:
    return CallSummary(
        call=call,
        places=call.places_for(focal_point.country),
        closes=secretariat_time(call.closes_at),
        is_open=call.is_open(),
    )


@dataclass(frozen=True)
class NominationRow:
    nomination: Nomination
    next_step: str


@dataclass
class CallNominations:
    """The organisation's nominations to one call."""

    call: CallSummary
    rows: list[NominationRow] = field(default_factory=list)


# What comes next for a nomination the focal point can no longer change.
NEXT_STEPS = {
    NominationState.SUBMITTED: gettext_lazy("Awaiting the Secretariat's decision. You may withdraw it until then."),
    NominationState.SHORTLISTED: gettext_lazy(
        "Shortlisted: awaiting the Secretariat's decision. You may withdraw it until then."
    ),
    NominationState.SELECTED: gettext_lazy(
        "Selected. The Secretariat will write to the nominee about their placement and invite them to the portal."
    ),
    NominationState.RESERVE: gettext_lazy(
        "On the reserve list: if a place becomes free, the Secretariat will tell you."
    ),
    NominationState.NOT_SELECTED: gettext_lazy("Not selected for this batch."),
    NominationState.ENROLLED: gettext_lazy("Enrolled: the nominee is now an attachment officer of this batch."),
    NominationState.WITHDRAWN: gettext_lazy("Withdrawn by your organisation: the Secretariat will not consider it."),
}


def next_step(nomination: Nomination) -> str:
    """What the focal point, or the Secretariat, does next with this nomination."""
    if nomination.state != NominationState.DRAFT:
        return str(NEXT_STEPS[nomination.state])
    closes = secretariat_time(nomination.call.closes_at)
    if not nomination.call.is_open():
        return _("Never submitted: the call closed on %(closes)s.") % {"closes": closes}
    missing = missing_documents(nomination)
    if missing:
        return _("Draft: add %(missing)s, then submit before %(closes)s.") % {
            "missing": _(" and ").join(missing),
            "closes": closes,
        }
    return _("Draft: complete. Submit it before %(closes)s.") % {"closes": closes}


def open_calls(focal_point: FocalPoint) -> list[CallSummary]:
    """The calls taking nominations from the focal point's country now, the soonest to close first."""
    calls = CallForNominations.objects.open_for(focal_point.country).prefetch_related("places").order_by("closes_at")
    return [call_summary(call, focal_point) for call in calls]


def nominations_by_call(focal_point: FocalPoint) -> list[CallNominations]:
    """The organisation's nominations, grouped by call, the latest call first; closed calls included."""
    nominations = (
        Nomination.objects.filter(nominating_organisation_id=focal_point.organisation_id)
        .select_related("call__batch__track", "organisation")
        .prefetch_related("call__places")
        .order_by("-call__closes_at", "call_id", "full_name", "pk")
    )
    groups: dict[int, CallNominations] = {}
    for nomination in nominations:
        if nomination.call_id not in groups:
            groups[nomination.call_id] = CallNominations(call=call_summary(nomination.call, focal_point))
        groups[nomination.call_id].rows.append(NominationRow(nomination=nomination, next_step=next_step(nomination)))
    return list(groups.values())


@focal_point_page
@require_safe
def home(request: HttpRequest, focal_point: FocalPoint) -> HttpResponse:
    """The calls open to the focal point's country, then their organisation's nominations by call."""
    context = {
        "focal_point": focal_point,
        "open_calls": open_calls(focal_point),
        "groups": nominations_by_call(focal_point),
    }
    return render(request, "nominate/home.html", context)


@focal_point_page
@require_http_methods(["GET", "POST"])
def new_nomination(request: HttpRequest, focal_point: FocalPoint, call_id: int) -> HttpResponse:
    """A new draft for a call that offers the focal point's country places, while it is open."""
    call = get_object_or_404(
        CallForNominations.objects.select_related("batch__track").prefetch_related("places"), pk=call_id
    )
    if not call.places_for(focal_point.country):
        raise Http404
    if not call.is_open():
        messages.error(request, _closed_message(call))
        return redirect("nominate:home")
    return _draft_form(request, focal_point, Nomination(call=call))


@own_nomination
@require_http_methods(["GET", "POST"])
def nomination_detail(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination) -> HttpResponse:
    """A draft of an open call is a form; any other nomination is read-only, with what comes next."""
    if nomination.is_editable_by_focal_point:
        return _draft_form(request, focal_point, nomination)
    if request.method == "POST":
        messages.error(request, _not_editable_message(nomination))
        return redirect("nominate:nomination", pk=nomination.pk)
    context = {
        "focal_point": focal_point,
        "nomination": nomination,
        "call": call_summary(nomination.call, focal_point),
        "documents": _stored_documents(nomination),
        "next_step": next_step(nomination),
    }
    return render(request, "nominate/nomination_detail.html", context)


def _draft_form(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination) -> HttpResponse:
    """Show the draft's form, or save it through `save_draft` and go to the saved draft."""
    # The page describes the draft as stored: read it before the form copies what was posted onto it.
    stored = {
        "nomination": copy(nomination) if nomination.pk else None,
        "documents": _stored_documents(nomination),
        "next_step": next_step(nomination) if nomination.pk else "",
    }
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=nomination,
        call=nomination.call,
        focal_point=focal_point,
    )
    if form.is_bound and form.is_valid():
        try:
            nomination = save_draft(nomination=form.instance, focal_point=focal_point)
        except ValidationError as error:
            _show_beside_fields(form, error)
        except (NominationError, StaleRecordError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _saved_message(nomination))
            return redirect("nominate:nomination", pk=nomination.pk)
    context = {**stored, "focal_point": focal_point, "form": form, "call": call_summary(nomination.call, focal_point)}
    return render(request, "nominate/nomination_form.html", context)


def _show_beside_fields(form: NominationForm, error: ValidationError) -> None:
    """The service's refusals beside the fields they are about; the rest above the form."""
    for name, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


def _saved_message(nomination: Nomination) -> str:
    missing = missing_documents(nomination)
    if missing:
        return _("Draft saved. Add %(missing)s, then submit it.") % {"missing": _(" and ").join(missing)}
    return _("Draft saved. When it is complete, submit it to the Secretariat.")


def _closed_message(call: CallForNominations) -> str:
    if call.has_closed():
        return _("This call closed on %(closes)s: nominations can no longer be added or changed.") % {
            "closes": secretariat_time(call.closes_at)
        }
    return _("This call opens on %(opens)s: you can nominate from then.") % {"opens": secretariat_time(call.opens_at)}


def _not_editable_message(nomination: Nomination) -> str:
    if nomination.state != NominationState.DRAFT:
        return _("This nomination is %(state)s: it can no longer be changed.") % {
            "state": nomination.get_state_display().lower()
        }
    return _closed_message(nomination.call)


def _stored_documents(nomination: Nomination) -> dict[str, int]:
    """The documents stored for the nomination, with their page counts."""
    return {name: getattr(nomination, f"{name}_pages") for name in DOCUMENT_FIELDS if getattr(nomination, name)}


@own_nomination
@require_POST
def submit(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination) -> HttpResponse:
    try:
        submit_nomination(nomination=nomination, focal_point=focal_point)
    except (NominationError, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, _("%(name)s's nomination is submitted to the Secretariat.") % {"name": nomination.full_name}
        )
    return redirect("nominate:nomination", pk=nomination.pk)


@own_nomination
@require_POST
def withdraw(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination) -> HttpResponse:
    try:
        withdraw_nomination(nomination=nomination, focal_point=focal_point)
    except NominationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s's nomination is withdrawn.") % {"name": nomination.full_name})
    return redirect("nominate:nomination", pk=nomination.pk)


@own_nomination
@require_POST
def delete(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination) -> HttpResponse:
    try:
        delete_draft(nomination=nomination, focal_point=focal_point)
    except NominationError as error:
        messages.error(request, str(error))
        return redirect("nominate:nomination", pk=nomination.pk)
    messages.success(request, _("The draft nomination of %(name)s is deleted.") % {"name": nomination.full_name})
    return redirect("nominate:home")


def _refusal(error: NominationError | ValidationError) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@own_nomination
@require_safe
def document(request: HttpRequest, focal_point: FocalPoint, nomination: Nomination, name: str) -> HttpResponse:
    """The nomination's CV or letter, as a download."""
    if name not in DOCUMENT_FIELDS or not getattr(nomination, name):
        raise Http404
    download_name = f"{slugify(nomination.full_name) or 'nominee'}-{name}.pdf"
    return private_file_response(getattr(nomination, name), download_name=download_name)
