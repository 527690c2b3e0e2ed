"""Figures about the programme, computed from the records (never typed in), and beside them the
figures its sources reported (`ReportedFigure`), which staff type in from the source's own words.

Graduates are counted as people: an officer who graduated from two batches counts once in each
batch, once per track they graduated in, and once overall. Officers without public-profile consent
are counted too; the figures name nobody. Batches are counted as run once they have begun: a
planned batch is not one.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from batches.models import Batch, ProgrammeTrack, batch_name, begun_by
from core.once_per_change import once_per_change
from officers.countries import Country
from officers.models import FigureKind, Officer, Placement, ReportedFigure
from public.batch_pages import BatchPages

# What a figure counts: its kind, and its track's id, or None for the whole programme.
Subject = tuple[str, int | None]


def reported_by_subject() -> dict[Subject, ReportedFigure]:
    """The latest figure sources reported of each thing counted, with its track: one query after each
    change of the records, none until the next (core/once_per_change.py)."""
    return once_per_change("reported-figures", latest_reported_figures)


def latest_reported_figures() -> dict[Subject, ReportedFigure]:
    return {(figure.kind, figure.track_id): figure for figure in ReportedFigure.objects.current()}


def batches_run_per_track() -> dict[int, int]:
    """The batches each track has run (begun by today), by track id: one query after each change of
    the records or of the date, none until the next."""
    return once_per_change("batches-run", count_batches_run)


def count_batches_run() -> dict[int, int]:
    return dict(
        Batch.objects.begun()
        .order_by()
        .values("track_id")
        .annotate(batches=Count("pk"))
        .values_list("track_id", "batches")
    )


@dataclass(frozen=True)
class TrackFigure:
    track: ProgrammeTrack
    batches: int
    reported_batches: ReportedFigure | None = None


@dataclass(frozen=True)
class HeadlineFigures:
    graduates: int
    countries: int
    tracks: list[TrackFigure]
    reported_graduates: ReportedFigure | None = None


def headline_figures() -> HeadlineFigures:
    """Graduates, the countries they come from, and the batches each track has run, each beside the
    latest figure a source reported of it: three queries after each change of the records or of the
    date, none until the next."""
    return once_per_change("headline-figures", count_headline_figures)


def count_headline_figures() -> HeadlineFigures:
    graduates = Officer.objects.graduates().aggregate(officers=Count("pk"), countries=Count("country", distinct=True))
    tracks = ProgrammeTrack.objects.annotate(
        batch_count=Count("batches", filter=begun_by(timezone.localdate(), prefix="batches__"))
    ).order_by("first_year")
    reported = reported_by_subject()
    return HeadlineFigures(
        graduates=graduates["officers"],
        countries=graduates["countries"],
        tracks=[
            TrackFigure(
                track=track,
                batches=track.batch_count,
                reported_batches=reported.get((FigureKind.BATCHES_RUN, track.pk)),
            )
            for track in tracks
        ],
        reported_graduates=reported.get((FigureKind.GRADUATES, None)),
    )


@dataclass(frozen=True)
class ComparedFigure:
    """A figure a source reported, beside the same count from the records."""

    reported: ReportedFigure
    recorded: int


def quoted_statements(compared: list[ComparedFigure]) -> list[ReportedFigure]:
    """One figure for each statement the compared figures quote (one sentence often gives several)."""
    by_statement = {(item.reported.source_name, item.reported.statement): item.reported for item in compared}
    return list(by_statement.values())


def reported_beside_records(stats: "ProgrammeStatistics") -> list[ComparedFigure]:
    """The latest figure sources reported of each thing counted, beside the records' count of it: the
    reported figures with their tracks and the batches run per track, each read once per change."""
    batches_run = batches_run_per_track()
    graduates_per_track = {figure.key: figure.graduates for figure in stats.per_track}
    recorded: dict[Subject, int] = {
        (FigureKind.GRADUATES, None): stats.graduates,
        (FigureKind.BATCHES_RUN, None): sum(batches_run.values()),
    }
    compared = []
    for (kind, track_id), figure in reported_by_subject().items():
        if track_id is None:
            count = recorded[(kind, None)]
        elif kind == FigureKind.BATCHES_RUN:
            count = batches_run.get(track_id, 0)
        else:
            count = graduates_per_track.get(figure.track.slug, 0)
        compared.append(ComparedFigure(reported=figure, recorded=count))
    return compared


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
    url: str
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


@dataclass(frozen=True)
class Graduations:
    """The completed placements counted, of one country's officers or of all: what every figure of
    graduates is added up from."""

    # Graduations per (batch id, officer's country).
    counts: dict[tuple[int, str], int]
    # (officer id, batch id, country) of each graduation of the people who graduated more than once.
    repeats: list[tuple[int, int, str]]
    # The batches counted, by id, with their tracks, in the programme's order.
    batches: dict[int, Batch]


def counted_graduations(country: str | None = None) -> Graduations:
    """The graduations counted (of one country when given): three queries after each change of the
    records, none until the next (core/once_per_change.py)."""
    return once_per_change(f"graduations:{country or 'programme'}", partial(count_graduations, country))


def count_graduations(country: str | None) -> Graduations:
    counts = graduations_per_batch_and_country(country)
    return Graduations(counts=counts, repeats=repeat_graduations(country), batches=batches_counted(counts))


def graduations_per_batch_and_country(country: str | None = None) -> dict[tuple[int, str], int]:
    """Completed placements per batch and officer's country (of one country when given): one pass
    over the placements, grouped on ids (no text to sort). Within one batch an officer has one
    placement (a constraint), so these count people."""
    rows = (
        graduations(country).order_by().values_list("batch_id", "officer__country").annotate(graduations=Count("id"))
    )
    return {(batch_id, country): graduations for batch_id, country, graduations in rows}


def repeat_graduations(country: str | None = None) -> list[tuple[int, int, str]]:
    """(officer, batch, country) for each graduation of the officers (of one country when given) who
    graduated more than once: the few people that adding up per-batch counts would count twice in a
    wider total."""
    graduates = graduations(country).order_by()
    repeaters = graduates.values("officer_id").annotate(graduations=Count("id")).filter(graduations__gt=1)
    return list(
        graduates.filter(officer_id__in=repeaters.values("officer_id")).values_list(
            "officer_id", "batch_id", "officer__country"
        )
    )


def graduations(country: str | None) -> QuerySet:
    """The completed placements, of one country's officers when given: a member state's page asks the
    database for its own rather than sorting its graduations out of the programme's."""
    placements = Placement.objects.graduates()
    return placements if country is None else placements.filter(officer__country=country)


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
    """The per-batch counts as figures, in the order of `batches` (tracks, then batch numbers), each
    linked to its batch's page."""
    by_batch: dict[int, dict[str, int]] = {}
    for (batch_id, country), graduations in sorted(counts.items()):
        by_batch.setdefault(batch_id, {})[country] = graduations
    pages = BatchPages()
    return [
        BatchFigure(
            track_slug=batch.track.slug,
            track_name=batch.track.short_name,
            batch_number=batch.number,
            url=pages.url(batch.track.slug, batch.number),
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


def batches_counted(counts: dict) -> dict:
    """The batches of these per-batch counts, by id, with their tracks, in the programme's order (one query)."""
    return {
        batch.pk: batch
        for batch in Batch.objects.filter(pk__in={batch_id for batch_id, _country in counts})
        .select_related("track")
        .order_by("track__first_year", "track__short_name", "number")
    }


def per_track_figures(counts: dict, repeats: list, batches: dict) -> list[Figure]:
    """People graduated per track of these batches, each track linked to its page."""
    per_track = people_per_group(counts, repeats, lambda batch_id, _country: batches[batch_id].track_id)
    tracks = {batch.track_id: batch.track for batch in batches.values()}
    return [
        Figure(
            key=track.slug,
            label=track.short_name,
            graduates=per_track[track.pk],
            url=reverse("public:track-detail", kwargs={"track": track.slug}),
        )
        for track in tracks.values()
    ]


def graduates_per_track() -> dict[str, int]:
    """People graduated per track, by the track's slug, from the graduations counted."""
    graduations = counted_graduations()
    figures = per_track_figures(graduations.counts, graduations.repeats, graduations.batches)
    return {figure.key: figure.graduates for figure in figures}


def programme_statistics() -> ProgrammeStatistics:
    """Everything the statistics page shows, from the graduations counted (`counted_graduations`)."""
    graduations = counted_graduations()
    counts, repeats, batches = graduations.counts, graduations.repeats, graduations.batches
    per_country = people_per_group(counts, repeats, lambda _batch_id, country: country)
    per_year = people_per_group(counts, repeats, lambda batch_id, _country: end_year(batches[batch_id]))
    overall = people_per_group(counts, repeats, lambda _batch_id, _country: "all")
    country_names = dict(Country.choices)
    return ProgrammeStatistics(
        graduates=overall["all"],
        per_batch=per_batch_figures(counts, list(batches.values())),
        per_track=per_track_figures(counts, repeats, batches),
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
