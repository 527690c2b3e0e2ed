"""Figures about the programme, computed from the records (never typed in).

Graduates are counted as people: an officer who graduated from two batches counts once in each
batch, once per track they graduated in, and once overall. Officers without public-profile consent
are counted too; the figures name nobody.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext as _

from batches.models import ProgrammeTrack, batch_name
from officers.countries import Country
from officers.models import Officer, Placement


@dataclass(frozen=True)
class TrackFigure:
    track: ProgrammeTrack
    batches: int


@dataclass(frozen=True)
class HeadlineFigures:
    graduates: int
    countries: int
    tracks: list[TrackFigure]


def headline_figures() -> HeadlineFigures:
    """Graduates, the countries they come from, and batches per track: two queries."""
    graduates = Officer.objects.graduates().aggregate(officers=Count("pk"), countries=Count("country", distinct=True))
    tracks = ProgrammeTrack.objects.annotate(batch_count=Count("batches")).order_by("first_year")
    return HeadlineFigures(
        graduates=graduates["officers"],
        countries=graduates["countries"],
        tracks=[TrackFigure(track=track, batches=track.batch_count) for track in tracks],
    )


@dataclass(frozen=True)
class Figure:
    """One labelled number; `key` identifies what it counts (a track slug, a country code, a year),
    `url` the page about it, where there is one."""

    key: str
    label: str
    graduates: int
    url: str = ""


@dataclass(frozen=True)
class BatchFigure:
    """A batch's graduates, split by the country they come from."""

    track_slug: str
    track_name: str
    batch_number: int
    by_country: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """'Junior Diplomats, 13th Batch'."""
        return _("%(track)s, %(batch)s") % {"track": self.track_name, "batch": batch_name(self.batch_number)}

    @property
    def graduates(self) -> int:
        return sum(self.by_country.values())


@dataclass(frozen=True)
class ProgrammeStatistics:
    graduates: int
    per_batch: list[BatchFigure]
    per_track: list[Figure]
    per_country: list[Figure]
    per_year: list[Figure]


def graduates_per_batch_by_country() -> list[BatchFigure]:
    """One query: completed placements grouped by batch and the officer's country."""
    rows = (
        Placement.objects.graduates()
        .values(
            track_slug=F("batch__track__slug"),
            track_name=F("batch__track__short_name"),
            batch_number=F("batch__number"),
            country=F("officer__country"),
        )
        .annotate(graduates=Count("officer", distinct=True))
        .order_by("batch__track__first_year", "batch__track__short_name", "batch__number", "officer__country")
    )
    batches: dict[tuple[str, int], BatchFigure] = {}
    for row in rows:
        key = (row["track_slug"], row["batch_number"])
        if key not in batches:
            batches[key] = BatchFigure(
                track_slug=row["track_slug"], track_name=row["track_name"], batch_number=row["batch_number"]
            )
        batches[key].by_country[row["country"]] = row["graduates"]
    return list(batches.values())


def most_recent_per_track(figures: list[BatchFigure], count: int) -> list[BatchFigure]:
    """Each track's `count` highest-numbered batches, in the order given (tracks, then batch numbers)."""
    by_track: dict[str, list[BatchFigure]] = {}
    for figure in figures:
        by_track.setdefault(figure.track_slug, []).append(figure)
    return [figure for track_figures in by_track.values() for figure in track_figures[-count:]]


def programme_statistics() -> ProgrammeStatistics:
    """Everything the statistics page shows: five queries, whatever the number of records."""
    graduates = Placement.objects.graduates()
    country_names = dict(Country.choices)
    return ProgrammeStatistics(
        graduates=Officer.objects.graduates().count(),
        per_batch=graduates_per_batch_by_country(),
        per_track=[
            Figure(
                key=row["track_slug"],
                label=row["track_name"],
                graduates=row["graduates"],
                url=reverse("public:track-detail", kwargs={"track": row["track_slug"]}),
            )
            for row in graduates.count_per_track()
        ],
        per_country=[
            Figure(key=row["country"], label=str(country_names.get(row["country"], "")), graduates=row["graduates"])
            for row in graduates.count_per_country()
        ],
        per_year=[
            Figure(key=str(row["year"]), label=str(row["year"]), graduates=row["graduates"])
            for row in graduates.count_per_year()
        ],
    )
