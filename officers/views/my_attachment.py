"""An officer's own objectives and reports, under /my/: drafted, proposed or submitted, returned with
comments, agreed or signed off; nothing of anyone else.

Who may see them: a signed-in officer, about their own placements only. A placement or report is found
only among the signed-in officer's own (`own_placement`, `own_report`): another officer's is a 404,
exactly like one that does not exist. Every change goes through `officers.services.attachment`, which
checks the move again under a lock. The pages hold personal data, so they are never cached.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.versioning import StaleRecordError
from officers.attachment_forms import ObjectivesForm, ReportForm, report_sections
from officers.models import AttachmentReport, Officer, Placement, PlacementObjectives, PlacementOutcome
from officers.services.attachment import (
    AttachmentError,
    objectives_editable,
    propose_objectives,
    save_objectives,
    save_report,
    submit_report,
)
from officers.services.report_schedule import schedule_reports
from officers.views.my import own_officer_page


def own_placement(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page about one of the signed-in officer's placements, with its objectives and supervisor."""

    @own_officer_page
    @wraps(view)
    def wrapper(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
        placement = get_object_or_404(
            Placement.objects.chronological().select_related("supervised_by", "objectives_agreement"),
            pk=pk,
            officer=officer,
        )
        return view(request, officer, placement)

    return wrapper


def own_report(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page about one of the signed-in officer's reports, with its placement and supervisor."""

    @own_officer_page
    @wraps(view)
    def wrapper(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
        report = get_object_or_404(
            AttachmentReport.objects.select_related(
                "placement__batch__track", "placement__supervised_by", "signed_off_by"
            ),
            pk=pk,
            placement__officer=officer,
        )
        return view(request, officer, report)

    return wrapper


def _moved(request: HttpRequest, form: Form, move: Callable[..., object], *, done: str, **fields) -> bool:
    """Run the officer's `move` with `fields` and say `done`; or put why it was refused on the form."""
    try:
        move(**fields)
    except (AttachmentError, ValidationError, StaleRecordError) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            form.add_error(None, message)
        return False
    messages.success(request, done)
    return True


@own_placement
@require_http_methods(["GET", "POST"])
def objectives(request: HttpRequest, officer: Officer, placement: Placement) -> HttpResponse:
    """The officer's objectives for a placement: a form while they are theirs to write (a draft, or
    returned with a comment), saved as a draft or proposed to the supervisor; read-only otherwise."""
    agreement: PlacementObjectives | None = getattr(placement, "objectives_agreement", None)
    editable = placement.outcome == PlacementOutcome.ACTIVE and objectives_editable(agreement)
    form = None
    if editable:
        form = ObjectivesForm(
            request.POST if request.method == "POST" else None,
            instance=agreement or PlacementObjectives(placement=placement),
            initial={"opened_version": agreement.version if agreement else None},
        )
    elif request.method == "POST":
        messages.error(request, _("Your objectives cannot be changed now: the page says why."))
        return redirect("my:objectives", pk=placement.pk)
    if form is not None and form.is_bound and form.is_valid():
        if "propose" in request.POST:
            move, done = propose_objectives, _("Your objectives are sent to your supervisor to agree.")
        else:
            move, done = (
                save_objectives,
                _("Your draft objectives are saved. Propose them to your supervisor when they are ready."),
            )
        if _moved(
            request,
            form,
            move,
            done=done,
            placement=placement,
            officer=officer,
            text=form.cleaned_data["text"],
            opened_version=form.cleaned_data["opened_version"],
        ):
            return redirect("my:objectives", pk=placement.pk)
    context = {"officer": officer, "placement": placement, "objectives": agreement, "form": form}
    return render(request, "my/objectives_form.html", context)


@own_officer_page
@require_safe
def report_list(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The officer's reports, each with its due date and state, their placements' latest first."""
    placements = list(Placement.objects.filter(officer=officer))
    schedule_reports(placements=placements)
    reports = (
        AttachmentReport.objects.filter(placement__officer=officer)
        .select_related("placement__batch__track")
        .order_by("-placement__batch__start_date", "placement_id", "due_on", "pk")
    )
    return render(request, "my/report_list.html", {"officer": officer, "reports": list(reports)})


@own_report
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, officer: Officer, report: AttachmentReport) -> HttpResponse:
    """One report: a form while it is the officer's to write (due, or returned with comments), saved
    as a draft or submitted to the supervisor; read-only once submitted, and for good once signed off."""
    if not report.is_editable_by_officer:
        if request.method == "POST":
            messages.error(request, _("This report cannot be changed now: the page says why."))
            return redirect("my:report", pk=report.pk)
        context = {"officer": officer, "report": report, "sections": report_sections(report)}
        return render(request, "my/report_detail.html", context)
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        instance=report,
        initial={"opened_version": report.version},
    )
    if form.is_bound and form.is_valid():
        if "submit" in request.POST:
            move, done = submit_report, _("Your report is submitted to your supervisor.")
        else:
            move, done = save_report, _("Your draft is saved. Submit the report when it is ready.")
        if _moved(
            request,
            form,
            move,
            done=done,
            report=report,
            officer=officer,
            fields=form.sections(),
            opened_version=form.cleaned_data["opened_version"],
        ):
            return redirect("my:report", pk=report.pk)
    return render(request, "my/report_form.html", {"officer": officer, "report": report, "form": form})
