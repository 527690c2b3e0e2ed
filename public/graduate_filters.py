"""Finding public graduates: the filters of `/graduates/`. They only ever narrow a queryset that
already went through `Officer.objects.public()`."""

from django.db.models import Exists, OuterRef

from batches.models import ProgrammeTrack
from officers.models import Placement
from officers.models.people import OfficerQuerySet


def filter_graduates(
    officers: OfficerQuerySet, *, country: str = "", track: ProgrammeTrack | None = None, batch: int | None = None
) -> OfficerQuerySet:
    """Officers from `country` who graduated from `batch` of `track` (a batch number alone matches
    that number in any track). A graduate of a batch is someone who completed it."""
    if country:
        officers = officers.filter(country=country)
    if track or batch:
        graduations = Placement.objects.graduates().filter(officer=OuterRef("pk"))
        if track:
            graduations = graduations.filter(batch__track=track)
        if batch:
            graduations = graduations.filter(batch__number=batch)
        officers = officers.filter(Exists(graduations))
    return officers
