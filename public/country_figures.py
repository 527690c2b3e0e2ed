"""Figures for one member state, computed from the records as the programme's are (public/figures.py):
graduates counted as people, those without a public profile too, since figures name nobody."""

from dataclasses import dataclass

from public.figures import (
    BatchFigure,
    Figure,
    counted_graduations,
    people_per_group,
    per_batch_figures,
    per_track_figures,
)


@dataclass(frozen=True)
class CountryFigures:
    graduates: int
    per_track: list[Figure]
    per_batch: list[BatchFigure]


def country_figures(country: str) -> CountryFigures:
    """A member state's graduates, per track and per batch, from its graduations counted
    (`counted_graduations`)."""
    graduations = counted_graduations(country)
    counts, repeats, batches = graduations.counts, graduations.repeats, graduations.batches
    overall = people_per_group(counts, repeats, lambda _batch_id, _country: "all")
    return CountryFigures(
        graduates=overall["all"],
        per_track=per_track_figures(counts, repeats, batches),
        per_batch=per_batch_figures(counts, list(batches.values())),
    )
