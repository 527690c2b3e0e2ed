"""Figures about the programme, computed from the records (never typed in).

Graduates are counted as people: an officer who graduated from two batches counts once in each
batch, once per track they graduated in, and once overall. Officers without public-profile consent
are counted too; the figures name nobody.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from batches.models import Batch, ProgrammeTrack, batch_name
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


# Where one graduation counts: a group key for (batch, country), or None when it counts nowhere.
Grouping = Callable[[int, str], object]


def graduations_per_batch_and_country() -> dict[tuple[int, str], int]:
    """Completed placements per batch and officer's country: one pass over the placements, grouped
    on ids (no text to sort). Within one batch an officer has one placement (a constraint), so
    these count people."""
    rows = (
        Placement.objects.graduates()
        .order_by()
        .values_list("batch_id", "officer__country")
        .annotate(graduations=Count("id"))
    )
    return {(batch_id, country): graduations for batch_id, country, graduations in rows}


def repeat_graduations() -> list[tuple[int, int, str]]:
    """(officer, batch, country) for each graduation of the officers who graduated more than once:
    the few people that adding up per-batch counts would count twice in a wider total."""
    graduates = Placement.objects.graduates().order_by()
    repeaters = graduates.values("officer_id").annotate(graduations=Count("id")).filter(graduations__gt=1)
    return list(
        graduates.filter(officer_id__in=repeaters.values("officer_id")).values_list(
            "officer_id", "batch_id", "officer__country"
        )
    )


def people_per_group(
    counts: dict[tuple[int, str], int], repeats: list[tuple[int, int, str]], group_of: Grouping
) -> Counter:
    """People per group: the per-batch counts added up into the groups `group_of` names, less each
    graduation after a person's first in the same group (two batches of one track count once)."""
    people: Counter = Counter()
    for (batch_id, country), graduations in counts.items():
        group = group_of(batch_id, country)
        if group is not None:
            people[group] += graduations
    graduations_per_person = Counter(
        (officer_id, group)
        for officer_id, batch_id, country in repeats
        if (group := group_of(batch_id, country)) is not None
    )
    for (_officer_id, group), graduations in graduations_per_person.items():
        people[group] -= graduations - 1
    return people


def per_batch_figures(counts: dict[tuple[int, str], int], batches: list[Batch]) -> list[BatchFigure]:
    """The per-batch counts as figures, in the order of `batches` (tracks, then batch numbers)."""
    by_batch: dict[int, dict[str, int]] = {}
    for (batch_id, country), graduations in sorted(counts.items()):
        by_batch.setdefault(batch_id, {})[country] = graduations
    return [
        BatchFigure(
            track_slug=batch.track.slug,
            track_name=batch.track.short_name,
            batch_number=batch.number,
            by_country=by_batch[batch.pk],
        )
        for batch in batches
    ]


def most_recent_per_track(figures: list[BatchFigure], count: int) -> list[BatchFigure]:
    """Each track's `count` highest-numbered batches, in the order given (tracks, then batch numbers)."""
    by_track: dict[str, list[BatchFigure]] = {}
    for figure in figures:
        by_track.setdefault(figure.track_slug, []).append(figure)
    return [figure for track_figures in by_track.values() for figure in track_figures[-count:]]


def programme_statistics() -> ProgrammeStatistics:
    """Everything the statistics page shows: three queries, whatever the number of records (the
    per-batch counts, the people who graduated more than once, and the batches counted)."""
    counts = graduations_per_batch_and_country()
    repeats = repeat_graduations()
    batches = {
        batch.pk: batch
        for batch in Batch.objects.filter(pk__in={batch_id for batch_id, _country in counts})
        .select_related("track")
        .order_by("track__first_year", "track__short_name", "number")
    }
    tracks = {batch.track_id: batch.track for batch in batches.values()}
    per_track = people_per_group(counts, repeats, lambda batch_id, _country: batches[batch_id].track_id)
    per_country = people_per_group(counts, repeats, lambda _batch_id, country: country)
    per_year = people_per_group(counts, repeats, lambda batch_id, _country: end_year(batches[batch_id]))
    overall = people_per_group(counts, repeats, lambda _batch_id, _country: "all")
    country_names = dict(Country.choices)
    return ProgrammeStatistics(
        graduates=overall["all"],
        per_batch=per_batch_figures(counts, list(batches.values())),
        per_track=[
            Figure(
                key=track.slug,
                label=track.short_name,
                graduates=per_track[track.pk],
                url=reverse("public:track-detail", kwargs={"track": track.slug}),
            )
            for track in tracks.values()
        ],
        per_country=[
            Figure(key=code, label=str(country_names.get(code, "")), graduates=people)
            for code, people in sorted(per_country.items())
        ],
        per_year=[
            Figure(key=str(year), label=str(year), graduates=people) for year, people in sorted(per_year.items())
        ],
    )


def end_year(batch: Batch) -> int | None:
    """The year a batch ended, for the per-year figures; None leaves a batch with no known end out."""
    return batch.end_date.year if batch.end_date else None
