"""Figures for one member state, computed from the records as the programme's are (public/figures.py):
graduates counted as people, those without a public profile too, since figures name nobody."""

from dataclasses import dataclass

from public.figures import (
    BatchFigure,
    Figure,
    batches_counted,
    graduations_per_batch_and_country,
    people_per_group,
    per_batch_figures,
    per_track_figures,
    repeat_graduations,
)


@dataclass(frozen=True)
class CountryFigures:
    graduates: int
    per_track: list[Figure]
    per_batch: list[BatchFigure]


def country_figures(country: str) -> CountryFigures:
    """A member state's graduates, per track and per batch: three queries, whatever the number of
    records (the country's per-batch counts, its repeat graduates, and the batches counted)."""
    counts = graduations_per_batch_and_country(country)
    repeats = repeat_graduations(country)
    batches = batches_counted(counts)
    overall = people_per_group(counts, repeats, lambda _batch_id, _country: "all")
    return CountryFigures(
        graduates=overall["all"],
        per_track=per_track_figures(counts, repeats, batches),
        per_batch=per_batch_figures(counts, list(batches.values())),
    )
