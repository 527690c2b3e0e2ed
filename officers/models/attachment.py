"""The attachment year itself: the supervisor, the objectives agreed with them, and the reports.

A supervisor is an ASEC staff member's login linked to the placements they supervise; having this
record is the role, and it opens `/supervise/`. Objectives and reports move only through
`officers.services.attachment`, which checks who acts and each move (see the `*_MOVES` tables).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel
from officers.models.people import Officer
from officers.models.placements import Placement
from officers.models.report_requirements import RequiredReport, due_at_share


class Supervisor(VersionedModel):
    """An ASEC staff member who supervises attached officers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="supervisor",
        null=True,
        blank=True,
        verbose_name=_("login"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    # When the supervisor is a former attachment officer, as the article tells of one.
    officer = models.OneToOneField(
        Officer,
        on_delete=models.SET_NULL,
        related_name="supervisor_role",
        null=True,
        blank=True,
        verbose_name=_("their own officer record"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("supervisor")
        constraints = [models.UniqueConstraint(Lower("email"), name="supervisor_unique_email")]

    def __str__(self) -> str:
        return self.full_name


class ObjectivesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Waiting for the supervisor")
    RETURNED = "returned", _("Returned with a comment")
    AGREED = "agreed", _("Agreed")


OBJECTIVES_MOVES: dict[str, set[str]] = {
    ObjectivesState.DRAFT: {ObjectivesState.PROPOSED},
    ObjectivesState.PROPOSED: {ObjectivesState.AGREED, ObjectivesState.RETURNED},
    ObjectivesState.RETURNED: {ObjectivesState.PROPOSED},
    ObjectivesState.AGREED: set(),
}


class PlacementObjectives(VersionedModel):
    """What an officer sets out to do in their placement, drafted by them and agreed by the supervisor."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="objectives_agreement")
    text = models.TextField(_("objectives"))
    state = models.CharField(
        _("state"), max_length=10, choices=ObjectivesState.choices, default=ObjectivesState.DRAFT, editable=False
    )
    supervisor_comment = models.TextField(_("supervisor's comment"), blank=True, editable=False)
    agreed_at = models.DateTimeField(_("agreed"), null=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectives")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return str(_("Objectives of %(placement)s") % {"placement": self.placement})


class ReportKind(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term report")
    FINAL = "final", _("Final report")
    # A further report, usually one the Secretariat requires of the track (`RequiredReport`).
    OTHER = "other", _("Report")


class ReportState(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    SIGNED_OFF = "signed_off", _("Signed off")


REPORT_MOVES: dict[str, set[str]] = {
    ReportState.DUE: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {ReportState.RETURNED, ReportState.SIGNED_OFF},
    ReportState.RETURNED: {ReportState.SUBMITTED},
    ReportState.SIGNED_OFF: set(),
}
# The officer writes while the report is theirs: before it is submitted, or once it is returned.
EDITABLE_BY_OFFICER = (ReportState.DUE, ReportState.RETURNED)

# The parts of a report, in the order the officer writes them.
REPORT_SECTIONS = (
    "work_done",
    "meetings_serviced",
    "papers_written",
    "activities_attended",
    "learned",
    "taking_home",
    "suggestions",
)


class AttachmentReportQuerySet(models.QuerySet):
    def overdue(self, today: date | None = None) -> "AttachmentReportQuerySet":
        """Not submitted (or returned and not resubmitted) after the due date."""
        today = today or timezone.localdate()
        return self.filter(state__in=EDITABLE_BY_OFFICER, due_on__lt=today)


class AttachmentReportManager(models.Manager.from_queryset(AttachmentReportQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> AttachmentReportQuerySet:
        # A required report is named by its requirement (`title`) wherever a report is printed, so every
        # list of reports reads the requirements of its rows in one more query, and none when no row has
        # one. Prefetched rather than joined: a join would stop the admin's lists adding their own.
        return super().get_queryset().prefetch_related("requirement")


class AttachmentReport(VersionedModel):
    """An officer's report on their placement: structured, drafted, submitted, returned with comments,
    resubmitted and signed off by the supervisor. The history keeps every version."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    # PROTECT, not SET_NULL: a report written for a requirement must go on saying what it reports on,
    # so a requirement is removed only while no placement has its report yet.
    requirement = models.ForeignKey(
        RequiredReport,
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("required report"),
    )
    due_on = models.DateField(_("due"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DUE, editable=False
    )

    work_done = models.TextField(_("work done"), blank=True)
    meetings_serviced = models.TextField(_("meetings serviced"), blank=True)
    papers_written = models.TextField(_("reports and papers written"), blank=True)
    activities_attended = models.TextField(_("activities attended"), blank=True)
    learned = models.TextField(_("what I learned"), blank=True)
    taking_home = models.TextField(_("what I will take home"), blank=True)
    suggestions = models.TextField(_("suggestions for the programme"), blank=True)

    supervisor_comment = models.TextField(_("supervisor's comments"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, editable=False)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, editable=False)
    signed_off_by = models.ForeignKey(
        Supervisor,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("signed off by"),
    )

    history = HistoricalRecords()
    objects = AttachmentReportManager()

    class Meta:
        ordering = ["placement", "due_on"]
        verbose_name = _("attachment report")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind"],
                condition=~models.Q(kind=ReportKind.OTHER),
                name="report_one_mid_term_and_one_final_per_placement",
            ),
            models.UniqueConstraint(
                fields=["placement", "requirement"],
                name="report_one_per_placement_and_requirement",
                violation_error_message=_("This placement already has this required report."),
            ),
            # A further report answers one requirement of its track; the mid-term and final reports are
            # every track's and answer none.
            models.CheckConstraint(
                condition=models.Q(kind=ReportKind.OTHER, requirement__isnull=False)
                | (~models.Q(kind=ReportKind.OTHER) & models.Q(requirement__isnull=True)),
                name="report_requirement_exactly_for_other_kind",
                violation_error_message=_(
                    "A further report answers a required report; the mid-term and final reports do not."
                ),
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="report_state_due_idx")]

    def __str__(self) -> str:
        return f"{self.title}: {self.placement}"

    @property
    def title(self) -> str:
        """What the report is called: its kind ("Mid-term report"), or the title the Secretariat gave
        the report it requires ("Report on the ASEAN Summit")."""
        if self.kind == ReportKind.OTHER and self.requirement is not None:
            return self.requirement.title
        return self.get_kind_display()

    @property
    def title_in_text(self) -> str:
        """The title as a sentence reads it: "your mid-term report", "your Report on the ASEAN Summit"."""
        return self.title if self.requirement_id else self.title.lower()

    @property
    def is_editable_by_officer(self) -> bool:
        return self.state in EDITABLE_BY_OFFICER

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_editable_by_officer and self.due_on < (today or timezone.localdate())


def report_due_dates(start: date, end: date) -> dict[str, date]:
    """When a placement's reports fall due: the mid-term report at the middle of the placement, the
    final report on its last day (the track's further reports: `RequiredReport.due_on`)."""
    return {ReportKind.MID_TERM: due_at_share(start, end, 50), ReportKind.FINAL: due_at_share(start, end, 100)}
