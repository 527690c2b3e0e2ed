"""A placement's reports, scheduled from its dates: the mid-term and final reports every placement under
way owes, and the further reports the Secretariat requires of its track (`RequiredReport`). A report not
yet submitted moves when staff correct the placement's dates, or the Secretariat when a required report
falls due. Scheduling runs on the officers' and supervisors' pages and in the scheduled reminders run.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.history import save_with_history
from officers.models import AttachmentReport, Placement, PlacementOutcome, ReportKind, ReportState, RequiredReport
from officers.models.attachment import report_due_dates
from officers.models.report_requirements import due_at_share

# A placement's report: its kind, and the key of the requirement it answers (None for mid-term and final).
ReportKey = tuple[str, int | None]
# A report in the database: its key, state and due date.
Existing = tuple[int, str, date]


def due_dates(placement: Placement, requirements: dict[int, int] | None = None) -> dict[ReportKey, date] | None:
    """When the placement's reports fall due (`report_due_dates`, and the share of the placement at which
    each of `requirements`, the percent by required report's key, falls due), or None when it has none:
    only a placement under way whose dates are known has reports. A placement that ended before the
    portal kept reports gets none, so no graduate is asked for one years on."""
    if placement.outcome != PlacementOutcome.ACTIVE or placement.start_date is None or placement.end_date is None:
        return None
    start, end = placement.start_date, placement.end_date
    dates: dict[ReportKey, date] = {(kind, None): due_on for kind, due_on in report_due_dates(start, end).items()}
    for pk, percent in (requirements or {}).items():
        dates[(ReportKind.OTHER, pk)] = due_at_share(start, end, percent)
    return dates


def schedule_reports(*, placements: Iterable[Placement]) -> int:
    """Give each placement the reports it is due (`due_dates`, with its track's required reports); a
    report not yet submitted moves with the placement's dates when staff correct them. Returns how many
    reports were created. Safe to call on every page view and from a scheduled command: once the reports
    exist and their dates hold, it reads one query and writes nothing. Otherwise a second query reads
    the required reports of every track involved at once."""
    scheduled = {placement.pk: placement for placement in placements if due_dates(placement) is not None}
    if not scheduled:
        return 0
    existing, requirements = _existing_reports(scheduled)
    if requirements is None:
        requirements = _requirements_of(scheduled.values())
    created = 0
    for placement in scheduled.values():
        for (kind, requirement), due_on in (due_dates(placement, requirements[placement.pk]) or {}).items():
            found = existing.get((placement.pk, kind, requirement))
            if found is None:
                created += _create_report(placement=placement, kind=kind, requirement=requirement, due_on=due_on)
            elif found[1] == ReportState.DUE and found[2] != due_on:
                _move_due_date(pk=found[0], due_on=due_on)
    return created


def _existing_reports(
    placements: dict[int, Placement],
) -> tuple[dict[tuple[int, str, int | None], Existing], dict[int, dict[int, int]] | None]:
    """The placements' reports by placement and key, in one query; and, when each placement has a
    report for every requirement of its track, the percent at which each falls due, by placement and
    requirement (None when one may be missing: the requirements must then be read)."""
    required = (
        RequiredReport.objects.filter(track=OuterRef("placement__batch__track"))
        .order_by()
        .values("track")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = (
        AttachmentReport.objects.filter(placement_id__in=placements)
        .order_by()
        .annotate(required=Coalesce(Subquery(required), 0))
        .values_list(
            "pk",
            "placement_id",
            "kind",
            "requirement_id",
            "requirement__due_at_percent",
            "requirement__track_id",
            "placement__batch__track_id",
            "state",
            "due_on",
            "required",
        )
    )
    existing: dict[tuple[int, str, int | None], Existing] = {}
    known: dict[int, dict[int, int]] = defaultdict(dict)
    required_of: dict[int, int] = {}
    for pk, placement_id, kind, requirement, percent, requirement_track, track, state, due_on, count in rows:
        existing[(placement_id, kind, requirement)] = (pk, state, due_on)
        required_of[placement_id] = count
        # A report of a requirement of another track (the placement moved batch) no longer moves.
        if requirement is not None and requirement_track == track:
            known[placement_id][requirement] = percent
    complete = all(pk in required_of and len(known[pk]) == required_of[pk] for pk in placements)
    return existing, ({pk: known[pk] for pk in placements} if complete else None)


def _requirements_of(placements: Iterable[Placement]) -> dict[int, dict[int, int]]:
    """The percent at which each required report of the placements' tracks falls due, by placement and
    requirement: one query for all the tracks, reached through the placements' batches."""
    placements = list(placements)
    by_batch: dict[int, dict[int, int]] = defaultdict(dict)
    for pk, percent, batch_id in (
        RequiredReport.objects.filter(track__batches__in={placement.batch_id for placement in placements})
        .order_by()
        .values_list("pk", "due_at_percent", "track__batches")
    ):
        by_batch[batch_id][pk] = percent
    return {placement.pk: by_batch[placement.batch_id] for placement in placements}


def _create_report(*, placement: Placement, kind: str, requirement: int | None, due_on: date) -> int:
    report = AttachmentReport(placement=placement, kind=kind, requirement_id=requirement, due_on=due_on)
    try:
        with transaction.atomic():
            save_with_history(report, by=None, reason=_("Scheduled from the placement's dates"))
    except IntegrityError:
        # Another request scheduled it a moment ago: the one constraint per kind, or per requirement,
        # and placement holds.
        return 0
    return 1


@transaction.atomic
def _move_due_date(*, pk: int, due_on: date) -> None:
    report = AttachmentReport.objects.select_for_update().get(pk=pk)
    if report.state == ReportState.DUE:
        report.due_on = due_on
        save_with_history(report, by=None, reason=_("Due date follows the placement's dates"))
