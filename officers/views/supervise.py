"""A supervisor's pages: the officers placed with them, what waits for them (objectives to agree, reports
to review), each placement's objectives and reports; nothing of any other supervisor's officers.

Who may see them: a signed-in login linked to a supervisor. Every view finds that supervisor through
`supervisor_for(request.user)`, and a placement or report only among the placements they supervise
(`Placement.supervised_by`): another supervisor's is a 404, exactly like one that does not exist.
Anyone else who is signed in gets a page saying what these pages are for, with status 403. The pages
hold personal data, so no browser or proxy may keep a copy (`never_cache`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Literal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.versioning import StaleRecordError
from officers.attachment_forms import ReviewForm, report_sections
from officers.models import (
    AttachmentReport,
    ObjectivesState,
    Placement,
    PlacementObjectives,
    PlacementOutcome,
    ReportState,
    Supervisor,
)
from officers.services.attachment import (
    AttachmentError,
    agree_objectives,
    return_objectives,
    return_report,
    sign_off_report,
)
from officers.services.report_schedule import schedule_reports

# A placement as these pages show it: its officer, batch, track, division and objectives in one query.
PLACEMENT_JOINS = ("officer", "batch__track", "division", "objectives_agreement")


def supervisor_for(user: AbstractBaseUser | AnonymousUser) -> Supervisor | None:
    """The supervisor linked to this login, or None (anonymous, an officer, other staff)."""
    if not user.is_authenticated:
        return None
    return Supervisor.objects.filter(user_id=user.pk).first()


def supervisor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the signed-in supervisor, never cached; the view gets the supervisor after the
    request. Anonymous visitors are sent to sign in; other logins get the 403 page."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        supervisor = supervisor_for(request.user)
        if supervisor is None:
            return render(request, "supervise/not_supervisor.html", status=403)
        return view(request, supervisor, *args, **kwargs)

    return wrapper


def supervised_placement(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or action about one of the supervisor's placements. The placement is looked up before
    anything else (the method included), so for anyone else every request about it ends in a 404."""

    @supervisor_page
    @wraps(view)
    def wrapper(request: HttpRequest, supervisor: Supervisor, pk: int) -> HttpResponse:
        placement = get_object_or_404(
            Placement.objects.select_related(*PLACEMENT_JOINS), pk=pk, supervised_by=supervisor
        )
        return view(request, supervisor, placement)

    return wrapper


def supervised_report(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or action about a report of one of the supervisor's placements; a 404 for any other."""

    @supervisor_page
    @wraps(view)
    def wrapper(request: HttpRequest, supervisor: Supervisor, pk: int) -> HttpResponse:
        joins = [f"placement__{name}" for name in ("officer", "batch__track", "division")]
        report = get_object_or_404(
            AttachmentReport.objects.select_related(*joins, "signed_off_by"),
            pk=pk,
            placement__supervised_by=supervisor,
        )
        return view(request, supervisor, report)

    return wrapper


@dataclass
class SupervisedPlacement:
    """One placement on the supervisor's list, with its reports and what in it waits for them."""

    placement: Placement
    objectives: PlacementObjectives | None
    reports: list[AttachmentReport]
    objectives_waiting: bool = False
    reports_waiting: list[AttachmentReport] = field(default_factory=list)

    @property
    def waits(self) -> bool:
        return self.objectives_waiting or bool(self.reports_waiting)

    @property
    def is_current(self) -> bool:
        return self.placement.outcome == PlacementOutcome.ACTIVE


def _supervised(placement: Placement) -> SupervisedPlacement:
    objectives = getattr(placement, "objectives_agreement", None)
    reports = list(placement.reports.all())
    return SupervisedPlacement(
        placement=placement,
        objectives=objectives,
        reports=reports,
        objectives_waiting=bool(objectives and objectives.state == ObjectivesState.PROPOSED),
        reports_waiting=[report for report in reports if report.state == ReportState.SUBMITTED],
    )


@supervisor_page
@require_safe
def home(request: HttpRequest, supervisor: Supervisor) -> HttpResponse:
    """What waits for the supervisor first, then their current officers, then their past ones."""
    placements = list(
        Placement.objects.filter(supervised_by=supervisor)
        .select_related(*PLACEMENT_JOINS)
        .order_by("-batch__start_date", "officer__full_name", "pk")
    )
    schedule_reports(placements=placements)
    prefetch_related_objects(placements, "reports")
    rows = [_supervised(placement) for placement in placements]
    context = {
        "supervisor": supervisor,
        "waiting": [row for row in rows if row.waits],
        "current": [row for row in rows if row.is_current],
        "past": [row for row in rows if not row.is_current],
    }
    return render(request, "supervise/home.html", context)


def _placement_page(
    request: HttpRequest, supervisor: Supervisor, placement: Placement, form: ReviewForm | None = None
) -> HttpResponse:
    schedule_reports(placements=[placement])
    row = _supervised(placement)
    if form is None and row.objectives and row.objectives.state == ObjectivesState.PROPOSED:
        form = ReviewForm(initial={"seen_version": row.objectives.version})
    context = {"supervisor": supervisor, "placement": placement, "row": row, "form": form}
    return render(request, "supervise/placement.html", context)


def _report_page(
    request: HttpRequest, supervisor: Supervisor, report: AttachmentReport, form: ReviewForm | None = None
) -> HttpResponse:
    if form is None and report.state == ReportState.SUBMITTED:
        form = ReviewForm(initial={"seen_version": report.version})
    context = {"supervisor": supervisor, "report": report, "sections": report_sections(report), "form": form}
    return render(request, "supervise/report.html", context)


@supervised_placement
@require_safe
def placement_detail(request: HttpRequest, supervisor: Supervisor, placement: Placement) -> HttpResponse:
    """One officer's placement: its objectives, to agree or return when proposed, and its reports."""
    return _placement_page(request, supervisor, placement)


@supervised_report
@require_safe
def report_detail(request: HttpRequest, supervisor: Supervisor, report: AttachmentReport) -> HttpResponse:
    """One report to read, and to return with comments or sign off once submitted."""
    return _report_page(request, supervisor, report)


def _review(
    move: Callable[..., object], *, of: Literal["placement", "report"], done: Promise
) -> Callable[..., HttpResponse]:
    """The POST that runs the supervisor's `move` on one of their placements or reports (`of`) with
    the posted comment and the version they read: back to its page saying `done`, or, refused, its page
    again with the form saying why."""
    find, page = (supervised_placement, _placement_page) if of == "placement" else (supervised_report, _report_page)

    @find
    @require_POST
    def view(request: HttpRequest, supervisor: Supervisor, record: Placement | AttachmentReport) -> HttpResponse:
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                move(
                    **{of: record},
                    supervisor=supervisor,
                    comment=form.cleaned_data["comment"],
                    seen_version=form.cleaned_data["seen_version"],
                )
            except (AttachmentError, StaleRecordError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                return redirect(f"supervise:{of}", pk=record.pk)
        return page(request, supervisor, record, form)

    return view


agree = _review(
    agree_objectives, of="placement", done=gettext_lazy("The objectives are agreed. The officer is told by email.")
)
return_for_changes = _review(
    return_objectives,
    of="placement",
    done=gettext_lazy("The objectives are returned to the officer with your comment."),
)
return_report_view = _review(
    return_report, of="report", done=gettext_lazy("The report is returned to the officer with your comments.")
)
sign_off = _review(
    sign_off_report, of="report", done=gettext_lazy("The report is signed off. The officer is told by email.")
)
