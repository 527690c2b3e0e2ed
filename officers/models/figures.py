"""Figures about the programme as a source stated them, kept beside the figures the records give.

The portal holds the records of only some graduates, so its own counts are far below the
programme's: the source article reports "a total of 88 graduates from 15 Batches for Junior
Diplomats ... and 4 Batches for AEC and ASCC Involvement" as of 29 September 2019, where the portal
has four graduates on record. Each number a source states is one record, with what it counts, the
source's own words and the day it speaks for, so a page can show both kinds of figure and say which
is which. Staff add later figures; the public sees the latest of each kind.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from batches.models import ProgrammeTrack
from core.versioning import VersionedModel

STATEMENT_MAX_LENGTH = 1000

# Numbers as sources write them in figures: "88", "1,200" (a comma or a no-break space between thousands).
NUMBER_IN_FIGURES = re.compile(r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d+")


class FigureKind(models.TextChoices):
    GRADUATES = "graduates", _("Graduates")
    BATCHES_RUN = "batches_run", _("Batches run")


def numbers_stated(text: str) -> set[int]:
    """Every number written in figures in `text`, thousands separators read as such."""
    return {int(re.sub(r"\D", "", match)) for match in NUMBER_IN_FIGURES.findall(text)}


class ReportedFigureQuerySet(models.QuerySet):
    def current(self) -> "ReportedFigureQuerySet":
        """What the public sees: for each kind of figure, overall and per track, the one with the
        latest as-of day (of two for the same day, the one added last), with its track."""
        track_key = Coalesce("track_id", Value(0))
        newer = (
            ReportedFigure.objects.annotate(track_key=track_key)
            .filter(kind=OuterRef("kind"), track_key=OuterRef("track_key"))
            .filter(Q(as_of__gt=OuterRef("as_of")) | Q(as_of=OuterRef("as_of"), pk__gt=OuterRef("pk")))
        )
        return (
            self.annotate(track_key=track_key)
            .exclude(models.Exists(newer))
            .select_related("track")
            .order_by(
                # Kinds in the order FigureKind declares them; the whole programme before its tracks.
                Case(*(When(kind=kind, then=Value(position)) for position, kind in enumerate(FigureKind.values))),
                F("track__first_year").asc(nulls_first=True),
                "track__name",
            )
        )


class ReportedFigure(VersionedModel):
    """One number a source stated about the programme: what it counts (graduates, or batches run),
    of which track or of the whole programme, as of which day, who stated it and in what words."""

    kind = models.CharField(_("what is counted"), max_length=16, choices=FigureKind.choices)
    value = models.PositiveIntegerField(_("number"))
    track = models.ForeignKey(
        ProgrammeTrack,
        on_delete=models.PROTECT,
        related_name="reported_figures",
        null=True,
        blank=True,
        verbose_name=_("track"),
        help_text=_("Leave empty for a figure about the whole programme."),
    )
    as_of = models.DateField(
        _("as of"), help_text=_("The day the figure speaks for: the source's date when it gives no other.")
    )
    source_name = models.CharField(
        _("source"), max_length=200, help_text=_("Who stated the figure, e.g. “JAIF Management Team”.")
    )
    source_title = models.CharField(
        _("title of the source"), max_length=300, blank=True, help_text=_("The article's or report's title.")
    )
    source_url = models.URLField(
        _("address of the source"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"], message=_("Give a web address starting https://."))],
        help_text=_("Leave empty when the source is not on the web."),
    )
    statement = models.TextField(
        _("the source's words"),
        validators=[
            MaxLengthValidator(
                STATEMENT_MAX_LENGTH,
                message=_("Quote at most %(limit_value)d characters; this quote has %(show_value)d."),
            )
        ],
        help_text=_("The sentence that states the figure, quoted as the source wrote it."),
    )

    history = HistoricalRecords()
    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        # By the track's id, not its name: a join to the nullable track cannot be locked for update.
        ordering = ["-as_of", "kind", "track_id"]
        verbose_name = _("reported figure")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "track", "as_of", "source_name"],
                condition=Q(track__isnull=False),
                name="reported_figure_unique_per_track",
                violation_error_message=_(
                    "This source already has this figure for this track on that day: change that record instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "as_of", "source_name"],
                condition=Q(track__isnull=True),
                name="reported_figure_unique_overall",
                violation_error_message=_(
                    "This source already has this figure for the whole programme on that day: "
                    "change that record instead."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source_name="") & ~Q(statement=""),
                name="reported_figure_has_source_and_words",
                violation_error_message=_("Name the source and quote its words."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(figure)s (%(source)s, %(as_of)s)") % {
            "figure": self.counted,
            "source": self.source_name,
            "as_of": self.as_of_display,
        }

    @property
    def subject(self) -> str:
        """What is counted, without the number: "Graduates", "Junior Diplomats batches run"."""
        if self.kind == FigureKind.BATCHES_RUN:
            if self.track_id:
                return gettext("%(track)s batches run") % {"track": self.track.short_name}
            return gettext("Batches run")
        if self.track_id:
            return gettext("%(track)s graduates") % {"track": self.track.short_name}
        return gettext("Graduates")

    @property
    def counted(self) -> str:
        """The number with what it counts: "88 graduates", "15 Junior Diplomats batches run"."""
        if self.kind == FigureKind.BATCHES_RUN:
            if self.track_id:
                return ngettext("%(count)d %(track)s batch run", "%(count)d %(track)s batches run", self.value) % {
                    "count": self.value,
                    "track": self.track.short_name,
                }
            return ngettext("%(count)d batch run", "%(count)d batches run", self.value) % {"count": self.value}
        if self.track_id:
            return ngettext("%(count)d %(track)s graduate", "%(count)d %(track)s graduates", self.value) % {
                "count": self.value,
                "track": self.track.short_name,
            }
        return ngettext("%(count)d graduate", "%(count)d graduates", self.value) % {"count": self.value}

    @property
    def as_of_display(self) -> str:
        return date_format(self.as_of, "DATE_FORMAT") if self.as_of else ""

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.as_of and self.as_of > timezone.localdate():
            errors["as_of"] = gettext("A figure can only be reported as of today or an earlier day.")
        elif self.as_of and self.track_id and self.as_of.year < self.track.first_year:
            errors["as_of"] = gettext(
                "%(track)s began in %(year)d: a figure about it cannot be as of an earlier day."
            ) % {
                "track": self.track.short_name,
                "year": self.track.first_year,
            }
        stated = numbers_stated(self.statement or "")
        # A quote that writes its numbers in words ("four batches") cannot be checked this way.
        if self.value is not None and stated and self.value not in stated:
            errors["value"] = gettext(
                "The source's words give %(stated)s, not %(value)d: check the number, or quote the sentence "
                "that states it."
            ) % {"stated": ", ".join(str(number) for number in sorted(stated)), "value": self.value}
        if errors:
            raise ValidationError(errors)
