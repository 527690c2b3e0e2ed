"""The Secretariat's contact addresses, as staff set them on each programme track (`contact_email`):
on "How to take part", and in one line on an officer's own page and the password pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from batches.models import ProgrammeTrack


@dataclass(frozen=True)
class Contact:
    email: str
    tracks: tuple[str, ...]


def contacts_of(tracks: Iterable[ProgrammeTrack]) -> list[Contact]:
    """One entry per address, naming the tracks it answers for; tracks without an address are left out."""
    by_address: dict[str, list[str]] = {}
    for track in tracks:
        if track.contact_email:
            names = by_address.setdefault(track.contact_email, [])
            if track.short_name not in names:
                names.append(track.short_name)
    return [Contact(email=email, tracks=tuple(names)) for email, names in by_address.items()]


def tracks_with_contact() -> list[ProgrammeTrack]:
    """One query: every track that has a contact address, oldest track first."""
    return list(ProgrammeTrack.objects.exclude(contact_email="").order_by("first_year", "name"))
