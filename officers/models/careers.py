"""Career milestones: what became of an officer, each fact with its source and who checked it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.partial_dates import DatePrecision, format_partial_date, period_start
from core.versioning import VersionedModel


class MilestoneKind(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    APPOINTMENT = "appointment", _("Appointment")
    POSTING = "posting", _("Posting")
    OTHER = "other", _("Other")


class MilestoneSource(models.TextChoices):
    PUBLISHED_STORY = "published_story", _("A published story")
    OFFICER = "officer", _("The officer")
    HOME_MINISTRY = "home_ministry", _("The home ministry")


# A step the officer reported themselves that the Secretariat has not checked yet: the editors'
# queue, and the one kind of step no public page shows.
AWAITING_CHECK = Q(source=MilestoneSource.OFFICER, checked_at__isnull=True)


class CareerMilestoneQuerySet(models.QuerySet):
    def public(self) -> "CareerMilestoneQuerySet":
        """The one rule for the steps a public page shows: all but those still awaiting a check.
        Whose steps may be shown at all is the profile's rule, `Officer.objects.public()`."""
        return self.exclude(AWAITING_CHECK)

    def awaiting_check(self) -> "CareerMilestoneQuerySet":
        return self.filter(AWAITING_CHECK)

    def timeline(self) -> "CareerMilestoneQuerySet":
        """Oldest first; steps whose date is unknown come before the dated ones, as the sources
        mention them as earlier positions."""
        return self.select_related("organisation").order_by(models.F("date").asc(nulls_first=True), "id")


class CareerMilestone(VersionedModel):
    """A dated step before or after the programme. The latest is the officer's "where are they now"."""

    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.CASCADE, related_name="milestones", verbose_name=_("officer")
    )
    title = models.CharField(_("title"), max_length=250)
    organisation = models.ForeignKey(
        "officers.Organisation",
        on_delete=models.PROTECT,
        related_name="milestones",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MilestoneKind.choices, default=MilestoneKind.OTHER)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave empty when the source gives none."))
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField(_("source"), max_length=16, choices=MilestoneSource.choices)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False)

    history = HistoricalRecords()
    objects = CareerMilestoneQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").asc(nulls_first=True), "id"]
        verbose_name = _("career milestone")
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_at__isnull=True) | Q(checked_by__isnull=False),
                name="milestone_check_names_its_checker",
                violation_error_message=_("A check must say who made it."),
            ),
        ]
        indexes = [models.Index(fields=["officer", "date"], name="milestone_officer_date_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.date:
            self.date = period_start(self.date, self.date_precision)
        if self.checked_at and not self.checked_by_id:
            raise ValidationError({"checked_by": _("A check must say who made it.")})

    @property
    def is_awaiting_check(self) -> bool:
        """Python's side of `awaiting_check()`, for steps already loaded."""
        return self.source == MilestoneSource.OFFICER and self.checked_at is None

    @property
    def date_display(self) -> str:
        """At the precision the source gave: "2016", "June 2019" or "12 April 2018"."""
        return format_partial_date(self.date, self.date_precision)


class CareerUpdateManager(models.Manager.from_queryset(CareerMilestoneQuerySet)):
    def get_queryset(self) -> CareerMilestoneQuerySet:
        return super().get_queryset().awaiting_check()


class CareerUpdate(CareerMilestone):
    """The editors' queue: career steps officers proposed on `/my/career/` (or reported to the
    Secretariat) that nobody has checked yet. The same records as `CareerMilestone`, under the same
    permissions (the queue's admin asks for the milestone's), so the proxy adds none of its own."""

    objects = CareerUpdateManager()

    class Meta:
        proxy = True
        verbose_name = _("career update")
        verbose_name_plural = _("career updates to check")
        default_permissions = ()
