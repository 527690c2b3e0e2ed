"""The programme's structure: pillars, tracks, numbered batches, ASEC divisions and activities."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.date_ranges import EndNotBeforeStart
from core.partial_dates import DatePrecision, format_partial_date, period_end, period_start
from core.versioning import VersionedModel


class Pillar(models.Model):
    """One of the three ASEAN Community pillars (APSC, AEC, ASCC)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("pillar")

    def __str__(self) -> str:
        return self.code


class ProgrammeTrack(VersionedModel):
    """A line of the programme with its own numbered batches, e.g. the one for Junior Diplomats."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    pillars = models.ManyToManyField(Pillar, related_name="tracks", verbose_name=_("pillars"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    description = models.TextField(_("description"), blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    work_plan_reference = models.CharField(_("IAI work-plan reference"), max_length=200, blank=True)
    # Public: shown on "How to take part" and to officers and people setting a password. A shared
    # mailbox of the Secretariat, never a person's own address.
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_("The Secretariat's address for questions about this track, shown to the public."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year", "name"]
        verbose_name = _("programme track")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("public:track-detail", kwargs={"track": self.slug})


def batch_name(number: int) -> str:
    """The programme's name for a batch in the active language: "13th Batch" in English.

    English names a batch by its ordinal, whose suffix ("st", "nd", "rd", "th") no other language of the
    portal has: they each write the number into a pattern of their own (Khmer "ជំនាន់ទី ១៣"). Built when
    a page is drawn, never stored, so every visitor reads it in the language of the page.
    """
    if (get_language() or "en").startswith("en"):
        return f"{english_ordinal(number)} Batch"
    # Translators: a batch's name, e.g. "13th Batch" in English; %(number)s is its number (13), written in
    # the digits of the entry "digits a batch's number is written in".
    pattern = pgettext("batch label for languages without an English ordinal", "Batch %(number)s")
    return pattern % {"number": in_own_digits(number)}


ENGLISH_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 112th."""
    suffix = "th" if number % 100 in (11, 12, 13) else ENGLISH_SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


WESTERN_DIGITS = "0123456789"


def in_own_digits(number: int) -> str:
    """The number in the digits the active language writes a batch's number in ("១៣" for Khmer numerals)."""
    # Translators: the ten digits 0 to 9, in order, as your language writes a batch's number: Khmer numerals
    # "០១២៣៤៥៦៧៨៩", Myanmar "၀၁၂၃၄၅၆၇၈၉", or these same digits where they are the ones used.
    digits = pgettext("digits a batch's number is written in", "0123456789")
    if len(digits) != len(WESTERN_DIGITS):  # a mistyped entry must not garble the number
        digits = WESTERN_DIGITS
    return str(number).translate(str.maketrans(WESTERN_DIGITS, digits))


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


# How long after its start a batch whose end was never recorded may still be ongoing before staff are
# asked to record its end: a batch runs for about a year.
OPEN_FOR_AT_MOST_YEARS = 2


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def still_open_long_after_start(today: date) -> Q:
    """Batches `Batch.status_on(today)` calls ongoing only because no end was recorded (and no
    recorded status says otherwise), though they started more than OPEN_FOR_AT_MOST_YEARS ago."""
    return Q(
        end_date__isnull=True,
        start_date__lt=years_before(today, OPEN_FOR_AT_MOST_YEARS),
        recorded_status__in=["", BatchStatus.ONGOING],
    )


def begun_by(day: date, prefix: str = "") -> Q:
    """Batches `Batch.status_on(day)` calls ongoing or completed: the batches run by `day`. A planned
    batch (starting after `day`, or recorded as planned where the dates cannot tell) is not one.
    `prefix` reaches batches from another model ("batches__" from a track)."""
    started = Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})
    not_planned = (
        Q(**{f"{prefix}end_date__isnull": False})
        | Q(**{f"{prefix}recorded_status__in": [BatchStatus.ONGOING, BatchStatus.COMPLETED]})
        | Q(**{f"{prefix}recorded_status": "", f"{prefix}start_date__isnull": False})
    )
    return started & not_planned


class BatchQuerySet(models.QuerySet):
    def with_track(self) -> "BatchQuerySet":
        return self.select_related("track")

    def begun(self, today: date | None = None) -> "BatchQuerySet":
        """Batches run so far, ongoing or completed; planned ones are not counted."""
        return self.filter(begun_by(today or timezone.localdate()))

    def still_open_long_after_start(self, today: date | None = None) -> "BatchQuerySet":
        """Batches still ongoing years after they began: their end, or that they completed, is to be recorded."""
        return self.filter(still_open_long_after_start(today or timezone.localdate()))


class Batch(VersionedModel):
    """A track's numbered intake, shown as "13th Batch, 2014-2015".

    Dates are kept at the precision the Secretariat knows them (the article gives only years for
    most batches and nothing for some). Where the dates settle the status, they decide it; where
    they do not (no dates at all, or started with no end known), the recorded status stands.
    """

    track = models.ForeignKey(
        ProgrammeTrack, on_delete=models.PROTECT, related_name="batches", verbose_name=_("track")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    recorded_status = models.CharField(
        _("recorded status"),
        max_length=10,
        choices=BatchStatus.choices,
        blank=True,
        help_text=_("Used only where the dates cannot tell, e.g. a historical batch with no dates."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False)

    history = HistoricalRecords()
    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["track__first_year", "track__name", "number"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "number"],
                name="batch_number_unique_per_track",
                violation_error_message=_("This track already has a batch with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="batch_number_positive",
                violation_error_message=_("Batch numbers start at 1."),
            ),
            EndNotBeforeStart(
                name="batch_end_not_before_start",
                violation_error_message=_("A batch cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["start_date"], name="batch_start_idx")]

    def __str__(self) -> str:
        return f"{self.track.short_name}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("public:batch-detail", kwargs={"track": self.track.slug, "number": self.number})

    def clean(self) -> None:
        if self.start_date:
            self.start_date = period_start(self.start_date, self.start_precision)
        if self.end_date:
            self.end_date = period_start(self.end_date, self.end_precision)
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": _("Give the start too when the end is known.")})

    @property
    def years(self) -> str:
        """'2014-2015'; '2019-' while it runs with no end known; '2001' for a completed batch
        whose end was never recorded; '' when nothing is known."""
        if not self.start_date:
            return ""
        if self.end_date:
            return f"{self.start_date.year}-{self.end_date.year}"
        if self.status == BatchStatus.COMPLETED:
            return str(self.start_date.year)
        return f"{self.start_date.year}-"

    @property
    def name(self) -> str:
        return batch_name(self.number)

    @property
    def label(self) -> str:
        """The batch as the programme writes it: "13th Batch, 2014-2015"."""
        years = self.years
        if not years:
            return self.name
        # Translators: a batch's name and its years, "13th Batch, 2014-2015".
        return pgettext("batch name and years", "%(name)s, %(years)s") % {"name": self.name, "years": years}

    @property
    def start_display(self) -> str:
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial_date(self.end_date, self.end_precision)

    def status_on(self, day: date) -> str:
        if self.start_date and day < period_start(self.start_date, self.start_precision):
            return BatchStatus.PLANNED
        if self.end_date:
            if day > period_end(self.end_date, self.end_precision):
                return BatchStatus.COMPLETED
            return BatchStatus.ONGOING
        if self.recorded_status:
            return self.recorded_status
        return BatchStatus.ONGOING if self.start_date else BatchStatus.PLANNED

    def end_unrecorded_on(self, day: date) -> bool:
        """Ongoing on `day` only because no end was recorded, though it began more than
        OPEN_FOR_AT_MOST_YEARS before: one batch of `still_open_long_after_start`. Staff are asked to
        record its end; the public is shown its start and that its end is not recorded, never
        "Ongoing" for ever."""
        return (
            self.end_date is None
            and self.start_date is not None
            and self.start_date < years_before(day, OPEN_FOR_AT_MOST_YEARS)
            and self.recorded_status in ("", BatchStatus.ONGOING)
        )

    @property
    def end_not_recorded(self) -> bool:
        return self.end_unrecorded_on(timezone.localdate())

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return BatchStatus(self.status).label


class Division(VersionedModel):
    """An ASEC division or unit where officers are placed."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.PROTECT,
        related_name="divisions",
        null=True,
        blank=True,
        verbose_name=_("pillar"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("division")

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    STUDY_VISIT = "study_visit", _("Study visit")
    DIPLOMATIC_TRAINING = "diplomatic_training", _("Diplomatic training")
    ORIENTATION = "orientation", _("Orientation")
    MISSION = "mission", _("Mission")
    MEETING = "meeting", _("Meeting")


class Activity(VersionedModel):
    """A dated part of a batch's programme besides the attachment itself."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="activities", verbose_name=_("batch"))
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "start_date", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            EndNotBeforeStart(
                name="activity_end_not_before_start",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
