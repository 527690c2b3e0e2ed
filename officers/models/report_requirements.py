"""The reports the Secretariat requires of a track's placements beyond the mid-term and final reports.

A track may ask each of its officers for more, e.g. a report on the ASEAN Summit they service. Each
requirement falls due at a share of the placement, so it follows the placement's dates as the mid-term
and final reports do; `officers.services.report_schedule` gives every placement under way its reports.
"""

from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batches.models import ProgrammeTrack
from core.versioning import VersionedModel


def due_at_share(start: date, end: date, percent: int) -> date:
    """The day `percent` of the way through a placement from `start` to `end`: 50 its middle, 100 `end`."""
    return start + timedelta(days=(end - start).days * percent // 100)


class RequiredReport(VersionedModel):
    """A further report every placement of the track owes, with its title and when it falls due."""

    track = models.ForeignKey(
        ProgrammeTrack, on_delete=models.CASCADE, related_name="required_reports", verbose_name=_("track")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("For example, “Report on the ASEAN Summit”."))
    due_at_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("due at (% of the placement)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "When the report falls due, as a share of each placement: 50 is half-way through the placement, "
            "100 its last day."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["track", "due_at_percent", "title"]
        verbose_name = _("required report")
        constraints = [
            models.UniqueConstraint(
                "track",
                Lower("title"),
                name="required_report_unique_title_per_track",
                violation_error_message=_("This track already requires a report with this title."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_at_percent__gte=1, due_at_percent__lte=100),
                name="required_report_due_within_placement",
                violation_error_message=_("A report falls due between 1 and 100%% of the way through the placement."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def due_on(self, start: date, end: date) -> date:
        return due_at_share(start, end, self.due_at_percent)
