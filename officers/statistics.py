"""Figures about the programme, computed from the records (never typed in)."""

from dataclasses import dataclass

from django.db.models import Count

from batches.models import ProgrammeTrack
from officers.models import Officer


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
    """Graduates, the countries they come from, and batches per track: three queries."""
    graduates = Officer.objects.graduates()
    tracks = ProgrammeTrack.objects.annotate(batch_count=Count("batches")).order_by("first_year")
    return HeadlineFigures(
        graduates=graduates.count(),
        countries=graduates.values("country").distinct().count(),
        tracks=[TrackFigure(track=track, batches=track.batch_count) for track in tracks],
    )
