"""The attachment itself: an officer placed in an ASEC division for one batch."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batches.models import Batch, BatchStatus, Division
from core.date_ranges import EndNotBeforeStart
from core.partial_dates import DatePrecision, period_end, period_start
from core.versioning import VersionedModel


class PlacementOutcome(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed (graduated)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PlacementStatus(models.TextChoices):
    """Where a placement stands on a day: its recorded outcome, and for an active one its dates."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    # Past its end and not yet marked completed: the Secretariat has its completion to record.
    AWAITING_COMPLETION = "awaiting_completion", _("Ended — awaiting completion")
    COMPLETED = "completed", _("Completed (graduated)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def graduated(prefix: str = "") -> Q:
    """The one rule for "a graduate": a completed placement. `prefix` reaches placements from
    another model ("placements__" from a batch)."""
    return Q(**{f"{prefix}outcome": PlacementOutcome.COMPLETED})


def attended(prefix: str = "") -> Q:
    """The one rule for "took part": any placement not withdrawn (active or completed)."""
    return ~Q(**{f"{prefix}outcome": PlacementOutcome.WITHDRAWN})


def ends_between(*, since: date | None = None, before: date | None = None) -> Q:
    """Placements whose last day (`Placement.ends_on`: their own end, else the last day of their
    batch's end period) is on or after `since` and before `before`.

    A batch's end is stored as the first day of its period, so its period ends before a day exactly
    when it is stored before the first day of that day's period at the same precision: one comparison
    per precision, and no date arithmetic the databases would each write differently."""
    own = Q(end_date__isnull=False)
    if since:
        own &= Q(end_date__gte=since)
    if before:
        own &= Q(end_date__lt=before)
    by_batch = []
    for precision in DatePrecision.values:
        batch_end = Q(batch__end_precision=precision, batch__end_date__isnull=False)
        if since:
            batch_end &= Q(batch__end_date__gte=period_start(since, precision))
        if before:
            batch_end &= Q(batch__end_date__lt=period_start(before, precision))
        by_batch.append(batch_end)
    return own | (Q(end_date__isnull=True) & reduce(or_, by_batch))


# Placements ending this soon are "coming to an end" on the workspace's dashboard and its list filter.
ENDING_SOON_DAYS = 30


def ending_soon(today: date, *, days: int) -> Q:
    """Active placements whose last day is today or within `days` days: their completion is next."""
    return Q(outcome=PlacementOutcome.ACTIVE) & ends_between(since=today, before=today + timedelta(days=days + 1))


def awaiting_completion(today: date) -> Q:
    """`Placement.status_on(today)` is `AWAITING_COMPLETION`: active, and past its last day, or dated
    nowhere in a batch recorded as completed."""
    undated_in_completed_batch = Q(
        start_date__isnull=True,
        end_date__isnull=True,
        batch__start_date__isnull=True,
        batch__end_date__isnull=True,
        batch__recorded_status=BatchStatus.COMPLETED,
    )
    return Q(outcome=PlacementOutcome.ACTIVE) & (ends_between(before=today) | undated_in_completed_batch)


def batch_graduate_count() -> Count:
    """An annotation for batches: how many of their placements were completed."""
    return Count("placements", filter=graduated("placements__"), distinct=True)


def refresh_first_batch_start(*, officer_ids: Iterable[int] | None = None, batch: Batch | None = None) -> None:
    """Bring the officers' stored sort key (`Officer.first_batch_start`: the start of the earliest
    batch they attended) up to date: for the officers named, for those placed in `batch`, or for
    everyone when neither is given (after a bulk load). One UPDATE, whatever the number of officers."""
    officer_model = Placement._meta.get_field("officer").related_model
    earliest = (
        Placement.objects.attended()
        .filter(officer=OuterRef("pk"))
        .order_by()
        .values("officer")
        .annotate(start=Min("batch__start_date"))
        .values("start")
    )
    officers = officer_model._base_manager.all()
    if officer_ids is not None:
        officers = officers.filter(pk__in=list(officer_ids))
    if batch is not None:
        officers = officers.filter(placements__batch=batch)
    officers.update(first_batch_start=Subquery(earliest))


class PlacementQuerySet(models.QuerySet):
    def graduates(self) -> "PlacementQuerySet":
        """Completed placements: one graduation each."""
        return self.filter(graduated())

    def attended(self) -> "PlacementQuerySet":
        """Placements not withdrawn."""
        return self.filter(attended())

    def ending_soon(self, *, days: int, today: date | None = None) -> "PlacementQuerySet":
        """Active placements ending today or within `days` days."""
        return self.filter(ending_soon(today or timezone.localdate(), days=days))

    def awaiting_completion(self, today: date | None = None) -> "PlacementQuerySet":
        """Active placements past their end: the Secretariat has their completion to record."""
        return self.filter(awaiting_completion(today or timezone.localdate()))

    def chronological(self) -> "PlacementQuerySet":
        """Oldest batch first, with the batch, track and division each placement is shown with."""
        return self.select_related("batch__track", "division").order_by("batch__start_date", "batch__number")


class Placement(VersionedModel):
    """One officer's attachment for one batch: one per officer and batch."""

    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="placements", verbose_name=_("officer")
    )
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="placements", verbose_name=_("batch"))
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
        verbose_name=_("ASEC division"),
    )
    supervisor_name = models.CharField(_("supervisor"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        "officers.Officer",
        on_delete=models.SET_NULL,
        related_name="supervised_placements",
        null=True,
        blank=True,
        verbose_name=_("supervisor's officer record"),
        help_text=_("When the supervisor is a former attachment officer."),
    )
    # The supervisor's login: who sees this placement at /supervise/, agrees its objectives and signs
    # off its reports.
    supervised_by = models.ForeignKey(
        "officers.Supervisor",
        on_delete=models.SET_NULL,
        related_name="placements",
        null=True,
        blank=True,
        verbose_name=_("supervisor's login"),
        help_text=_("The ASEC staff member who agrees the objectives and signs off the reports."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=PlacementOutcome.choices, default=PlacementOutcome.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False)

    history = HistoricalRecords()
    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["batch__start_date", "batch__number", "officer__full_name"]
        verbose_name = _("placement")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "batch"],
                name="placement_one_per_officer_and_batch",
                violation_error_message=_("This officer already has a placement in this batch."),
            ),
            EndNotBeforeStart(
                name="placement_end_not_before_start",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=F("officer")),
                name="placement_not_self_supervised",
                violation_error_message=_("An officer cannot supervise their own placement."),
            ),
        ]
        indexes = [models.Index(fields=["outcome", "batch"], name="placement_outcome_batch_idx")]

    def __str__(self) -> str:
        return f"{self.officer} — {self.batch}"

    def officers_to_refresh(self) -> set[int]:
        # A placement moved to another officer changes both officers' first batch.
        loaded = getattr(self, "_loaded_officer_id", None)
        return {officer_id for officer_id in (self.officer_id, loaded) if officer_id is not None}

    @classmethod
    def from_db(cls, db, field_names, values):
        placement = super().from_db(db, field_names, values)
        placement._loaded_officer_id = placement.__dict__.get("officer_id")
        return placement

    def clean(self) -> None:
        if self.supervisor_id and self.supervisor_id == self.officer_id:
            raise ValidationError({"supervisor": _("An officer cannot supervise their own placement.")})

    @property
    def is_attended(self) -> bool:
        """Python's side of `attended()`, for placements already loaded."""
        return self.outcome != PlacementOutcome.WITHDRAWN

    @property
    def ends_on(self) -> date | None:
        """The placement's own last day, else the last day of its batch's end period."""
        if self.end_date:
            return self.end_date
        batch = self.batch
        return period_end(batch.end_date, batch.end_precision) if batch.end_date else None

    def status_on(self, day: date) -> str:
        """The one rule for a placement's status (`PlacementStatus`): completed or withdrawn as
        recorded; an active one is planned, ongoing, or ended and awaiting completion by its own
        dates, else by its batch's."""
        if self.outcome == PlacementOutcome.COMPLETED:
            return PlacementStatus.COMPLETED
        if self.outcome == PlacementOutcome.WITHDRAWN:
            return PlacementStatus.WITHDRAWN
        batch = self.batch
        starts_on = self.start_date or (
            period_start(batch.start_date, batch.start_precision) if batch.start_date else None
        )
        if starts_on and day < starts_on:
            return PlacementStatus.PLANNED
        ends_on = self.ends_on
        if ends_on and day > ends_on:
            return PlacementStatus.AWAITING_COMPLETION
        if starts_on or ends_on:
            return PlacementStatus.ONGOING
        # No dates anywhere: the batch's recorded status, where an ended batch's placement awaits completion.
        status = batch.status_on(day)
        return PlacementStatus.AWAITING_COMPLETION if status == BatchStatus.COMPLETED else status

    @property
    def is_graduation(self) -> bool:
        """Python's side of `graduated()`, for placements already loaded."""
        return self.outcome == PlacementOutcome.COMPLETED

    @property
    def track_and_batch(self) -> str:
        """'Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)'."""
        return f"{self.batch.track.name} ({self.batch.label})"

    @property
    def supervisor_display(self) -> str:
        return self.supervisor_name or (str(self.supervisor) if self.supervisor_id else "")
