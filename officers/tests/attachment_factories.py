"""Factories for the attachment year: supervisors, the placements they supervise, objectives and reports.

By default: a supervisor with a login (username = email); a placement under way now (it started 60
days ago and ends in 120), supervised by a new supervisor, of an officer with a login; draft
objectives of such a placement; a mid-term report of such a placement, due on the date
`report_due_dates` gives, with every section written (a report of kind OTHER answers a new requirement
of its placement's track). Traits move objectives and reports along:
`PlacementObjectivesFactory(proposed=True)`, `AttachmentReportFactory(submitted=True)`.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import (
    AttachmentReport,
    ObjectivesState,
    PlacementObjectives,
    PlacementOutcome,
    ReportKind,
    ReportState,
    RequiredReport,
    Supervisor,
)
from officers.models.attachment import report_due_dates
from officers.tests.factories import OfficerFactory, PlacementFactory, UserFactory


class SupervisorFactory(factory.django.DjangoModelFactory):
    """An ASEC staff member who supervises officers, with a login (username = email)."""

    class Meta:
        model = Supervisor

    full_name = factory.Sequence(lambda n: f"Supervisor Name {n}")
    email = factory.Sequence(lambda n: f"supervisor{n}@asean.example.org")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class SupervisedPlacementFactory(PlacementFactory):
    """A placement under way, with its own dates inside its batch's, supervised by `supervised_by`;
    its officer has a login."""

    officer = factory.SubFactory(OfficerFactory, user=factory.SubFactory(UserFactory))
    batch = factory.SubFactory(
        BatchFactory,
        start_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90)),
        end_date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=150)),
    )
    supervisor_name = ""
    supervised_by = factory.SubFactory(SupervisorFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    outcome = PlacementOutcome.ACTIVE


class PlacementObjectivesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementObjectives

    placement = factory.SubFactory(SupervisedPlacementFactory)
    text = "Learn how the AEC Council prepares its meetings.\nDraft the minutes of two sectoral meetings."
    state = ObjectivesState.DRAFT

    class Params:
        proposed = factory.Trait(state=ObjectivesState.PROPOSED)
        returned = factory.Trait(state=ObjectivesState.RETURNED, supervisor_comment="Add a measurable objective.")
        agreed = factory.Trait(state=ObjectivesState.AGREED, agreed_at=factory.LazyFunction(timezone.now))


class RequiredReportFactory(factory.django.DjangoModelFactory):
    """A further report a track requires, due three quarters of the way through each placement."""

    class Meta:
        model = RequiredReport

    track = factory.SubFactory(ProgrammeTrackFactory)
    title = factory.Sequence(lambda n: f"Report on the ASEAN Summit {n}")
    due_at_percent = 75


def _due_on(report: AttachmentReport):
    """The date `report_due_dates` gives its kind, or its requirement's share of the placement; any
    other further report, the last day."""
    placement = report.placement
    if report.requirement is not None:
        return report.requirement.due_on(placement.start_date, placement.end_date)
    return report_due_dates(placement.start_date, placement.end_date).get(report.kind, placement.end_date)


class AttachmentReportFactory(factory.django.DjangoModelFactory):
    """A report of a supervised placement, every section written, due as `report_due_dates` says."""

    class Meta:
        model = AttachmentReport

    placement = factory.SubFactory(SupervisedPlacementFactory)
    kind = ReportKind.MID_TERM
    requirement = factory.Maybe(
        factory.LazyAttribute(lambda report: report.kind == ReportKind.OTHER),
        yes_declaration=factory.SubFactory(
            RequiredReportFactory, track=factory.SelfAttribute("..placement.batch.track")
        ),
        no_declaration=None,
    )
    due_on = factory.LazyAttribute(_due_on)
    state = ReportState.DUE
    work_done = "Drafted briefs for the Trade Facilitation Division."
    meetings_serviced = "Two meetings of the Coordinating Committee on Trade Facilitation."
    papers_written = "The minutes of both meetings."
    activities_attended = "The study visit to Japan."
    learned = "How a regional agreement is negotiated."
    taking_home = "A template for our ministry's briefs."
    suggestions = "A longer induction week."

    class Params:
        submitted = factory.Trait(state=ReportState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))
        returned = factory.Trait(
            state=ReportState.RETURNED,
            submitted_at=factory.LazyFunction(timezone.now),
            supervisor_comment="Say more about the meetings you serviced.",
        )
        signed_off = factory.Trait(
            state=ReportState.SIGNED_OFF,
            submitted_at=factory.LazyFunction(timezone.now),
            signed_off_at=factory.LazyFunction(timezone.now),
            signed_off_by=factory.SelfAttribute("placement.supervised_by"),
        )
