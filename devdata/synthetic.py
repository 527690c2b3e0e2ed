"""Clearly synthetic programme records in bulk, for load tests and the benchmark.

Everything written here is marked `is_synthetic=True` and named so no reader can take it for a real
person ("Synthetic Officer 00042", "synthetic-story-00042"). Seeded and hand-entered records are only
ever read (tracks, pillars, organisations): never changed, never deleted.

Where the synthetic batches go: into the real tracks, numbered from 1001 upwards. A separate
synthetic track would leave the real tracks' filters (`/stories/?track=junior-diplomats`) with the
seed's four stories, so the benchmark would measure a page nobody will ever see at scale; batch
numbers above 1000 cannot meet a real intake (two a year would take five centuries) and print as
"1001st Batch", which no one mistakes for history. The batches are spread over the last fifty years,
fifty officers each, so 10,000 officers make 200 batches: both tracks taking two intakes a year for
fifty years (real batches are smaller; the programme would need centuries to reach 10,000 that way).
Divisions have no synthetic flag, so a dozen synthetic ones are found by their name
("Synthetic Division 01") and removed with the rest when nothing else uses them.

Speed: rows are written with `bulk_create` in chunks, which sends no signals, so these rows get no
django-simple-history entries (a synthetic record has no history worth keeping, and writing one
doubles the rows). The stories' search documents are built afterwards in one UPDATE, and the cache of
public pages is invalidated once, after commit.
"""

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from batches.models import Batch, BatchStatus, Division, Pillar, ProgrammeTrack
from core.page_cache import invalidate_public_pages
from core.partial_dates import DatePrecision, period_start
from core.planner_statistics import analyse_after_commit
from officers.countries import Country
from officers.models import (
    CareerMilestone,
    GraduateStory,
    MilestoneKind,
    MilestoneSource,
    Officer,
    Organisation,
    Placement,
    PlacementOutcome,
    StoryState,
)
from officers.models.placements import refresh_first_batch_start
from officers.search_documents import refresh_search_documents

OFFICER_SLUG_PREFIX = "synthetic-officer-"
STORY_SLUG_PREFIX = "synthetic-story-"
DIVISION_NAME_PREFIX = "Synthetic Division"
SYNTHETIC_DIVISIONS = 12
FIRST_BATCH_NUMBER = 1001
OFFICERS_PER_BATCH = 50
YEARS_OF_PROGRAMME = 50
CHUNK_SIZE = 1000

POSITIONS = [
    "Third Secretary",
    "Second Secretary",
    "First Secretary",
    "Counsellor",
    "Deputy Director",
    "Director",
    "Deputy Director-General",
    "Trade Officer",
    "Policy Analyst",
]
STORY_THEMES = [
    "what the Secretariat taught me about consensus",
    "from the attachment to the negotiating table",
    "networks that outlast a year in Jakarta",
    "learning how the ASEAN Community works from the inside",
    "bringing regional thinking home",
]


class NoProgrammeTracks(Exception):
    """Synthetic batches go into the real tracks, so the seed data must be loaded first."""


@dataclass
class SyntheticCounts:
    batches: int = 0
    divisions: int = 0
    officers: int = 0
    placements: int = 0
    milestones: int = 0
    stories: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{getattr(self, f.name)} {f.name}" for f in fields(self))


@transaction.atomic
def generate_synthetic_data(*, officers: int, stories: int, seed: int = 42) -> SyntheticCounts:
    """Add `officers` synthetic officers (with batches, placements and milestones) and `stories`
    stories about them, after any synthetic records already there. The same seed gives the same data."""
    if officers < 0 or stories < 0:
        raise ValueError("Counts cannot be negative.")
    if stories and not officers:
        raise ValueError("Stories need officers to be about: give a number of officers too.")
    tracks = list(ProgrammeTrack.objects.order_by("first_year", "name"))
    if not tracks:
        raise NoProgrammeTracks("There are no programme tracks yet: run `manage.py seed_programme` first.")
    rng = random.Random(seed)
    today = timezone.localdate()
    counts = SyntheticCounts()
    if not officers:
        return counts

    divisions = _synthetic_divisions(counts)
    batches = _create_batches(tracks=tracks, count=math.ceil(officers / OFFICERS_PER_BATCH), today=today)
    counts.batches = len(batches)
    new_officers = _create_officers(rng, count=officers, batches=batches, today=today)
    counts.officers = len(new_officers)
    placements = _create_placements(rng, new_officers, batches=batches, divisions=divisions, today=today)
    counts.placements = len(placements)
    counts.milestones = _create_milestones(rng, placements, today=today)
    counts.stories = _create_stories(rng, placements, count=stories, today=today)
    transaction.on_commit(invalidate_public_pages)
    analyse_after_commit([Batch, Division, Officer, Placement, CareerMilestone, GraduateStory])
    return counts


@transaction.atomic
def clear_synthetic_data() -> SyntheticCounts:
    """Delete every synthetic record (and a synthetic division once no placement uses it).

    Deletes go through the ORM, so relations behave as the models declare: a real record that
    points at a synthetic one (a real story about a synthetic officer, say) stops the clear with
    `ProtectedError`, and nothing is deleted.

    django-simple-history would write a deletion entry for each of some 35,000 records (nine tenths
    of the time, and rows nobody needs), so history is paused while the clear runs. That setting is
    process-wide: call this from a command-line process (the command, the benchmark), never a server.
    """
    counts = SyntheticCounts()
    with history_paused():
        _delete_synthetic(counts)
    transaction.on_commit(invalidate_public_pages)
    analyse_after_commit([Batch, Division, Officer, Placement, CareerMilestone, GraduateStory])
    return counts


@contextmanager
def history_paused() -> Iterator[None]:
    """django-simple-history's own switch, turned off for the length of the block."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def _delete_synthetic(counts: SyntheticCounts) -> None:
    counts.stories = _deleted(GraduateStory.objects.filter(is_synthetic=True), GraduateStory)
    counts.milestones = _deleted(CareerMilestone.objects.filter(is_synthetic=True), CareerMilestone)
    counts.placements = _deleted(Placement.objects.filter(is_synthetic=True), Placement)
    counts.officers = _deleted(Officer.objects.filter(is_synthetic=True), Officer)
    counts.batches = _deleted(Batch.objects.filter(is_synthetic=True), Batch)
    unused = Division.objects.filter(name__startswith=DIVISION_NAME_PREFIX, placements__isnull=True)
    counts.divisions = _deleted(unused, Division)


def synthetic_officer_count() -> int:
    return Officer.objects.filter(is_synthetic=True).count()


def _deleted(queryset: models.QuerySet, model: type[models.Model]) -> int:
    return queryset.delete()[1].get(model._meta.label, 0)


def _next_number(model: type[models.Model], prefix: str) -> int:
    """One more than the highest number among slugs `prefix` + digits, so slugs stay unique on re-runs."""
    slugs = model._base_manager.filter(slug__startswith=prefix).values_list("slug", flat=True)
    numbers = [int(slug.removeprefix(prefix)) for slug in slugs if slug.removeprefix(prefix).isdigit()]
    return max(numbers, default=0) + 1


def _synthetic_divisions(counts: SyntheticCounts) -> list[Division]:
    pillars = list(Pillar.objects.order_by("code")) or [None]
    divisions = []
    for n in range(1, SYNTHETIC_DIVISIONS + 1):
        pillar = pillars[n % len(pillars)]
        division, created = Division.objects.get_or_create(
            name=f"{DIVISION_NAME_PREFIX} {n:02d}",
            defaults={"department": f"{pillar.code if pillar else 'ASEAN'} Department (synthetic)", "pillar": pillar},
        )
        counts.divisions += created
        divisions.append(division)
    return divisions


def _create_batches(*, tracks: list, count: int, today: date) -> list[Batch]:
    """`count` batches taking turns over the tracks, their years spread evenly over the last fifty,
    the newest starting this year (so some placements are still active)."""
    highest = {
        row["track"]: row["highest"] for row in Batch.objects.values("track").annotate(highest=models.Max("number"))
    }
    next_number = {track.pk: max(highest.get(track.pk, 0) + 1, FIRST_BATCH_NUMBER) for track in tracks}
    first_year = today.year - YEARS_OF_PROGRAMME + 1
    batches = []
    for i in range(count):
        track = tracks[i % len(tracks)]
        year = first_year + i * (YEARS_OF_PROGRAMME - 1) // max(count - 1, 1)
        batches.append(
            Batch(
                track=track,
                number=next_number[track.pk],
                start_date=date(year, 1, 1),
                start_precision=DatePrecision.YEAR,
                end_date=date(year + 1, 1, 1),
                end_precision=DatePrecision.YEAR,
                notes="Synthetic batch for load tests.",
                is_synthetic=True,
            )
        )
        next_number[track.pk] += 1
    return Batch.objects.bulk_create(batches, batch_size=CHUNK_SIZE)


def _create_officers(rng: random.Random, *, count: int, batches: list[Batch], today: date) -> list[Officer]:
    organisations = list(Organisation.objects.exclude(country="").order_by("pk"))
    by_country = {code: [o for o in organisations if o.country == code] for code in Country.values}
    first = _next_number(Officer, OFFICER_SLUG_PREFIX)
    officers = []
    for i in range(count):
        number = first + i
        country = rng.choice(Country.values)
        female = rng.random() < 0.5
        consent = rng.random() < 0.85
        batch = batches[i // OFFICERS_PER_BATCH]
        officers.append(
            Officer(
                full_name=f"Synthetic Officer {number:05d}",
                slug=f"{OFFICER_SLUG_PREFIX}{number:05d}",
                honorific="Ms." if female else "Mr.",
                gender="female" if female else "male",
                country=country,
                home_organisation=rng.choice(by_country[country]) if by_country[country] else None,
                position_at_nomination=rng.choice(POSITIONS[:3]),
                bio=f"A synthetic officer from {Country(country).label}, generated for load tests.",
                public_profile_consent=consent,
                consent_changed_on=min(batch.end_date, today) if consent else None,
                is_synthetic=True,
            )
        )
    return Officer.objects.bulk_create(officers, batch_size=CHUNK_SIZE)


def _create_placements(
    rng: random.Random, officers: list[Officer], *, batches: list[Batch], divisions: list[Division], today: date
) -> list[Placement]:
    """One placement each, fifty officers to a batch; graduated where the batch is over."""
    placements = []
    for i, officer in enumerate(officers):
        batch = batches[i // OFFICERS_PER_BATCH]
        if batch.status_on(today) != BatchStatus.COMPLETED:
            outcome = PlacementOutcome.ACTIVE
        else:
            outcome = PlacementOutcome.WITHDRAWN if rng.random() < 0.04 else PlacementOutcome.COMPLETED
        placements.append(
            Placement(
                officer=officer,
                batch=batch,
                division=rng.choice(divisions),
                supervisor_name=f"Synthetic Supervisor {rng.randint(1, 60):02d}",
                start_date=batch.start_date,
                end_date=batch.end_date,
                objectives="Learn how the Secretariat prepares meetings and follows up decisions.",
                outcome=outcome,
                is_synthetic=True,
            )
        )
    created = Placement.objects.bulk_create(placements, batch_size=CHUNK_SIZE)
    # bulk_create sends no signals: the stories list's sort key is brought up to date here.
    refresh_first_batch_start(officer_ids={placement.officer_id for placement in created})
    return created


def _create_milestones(rng: random.Random, placements: list[Placement], *, today: date) -> int:
    """None to three steps per graduate after the programme, some at each date precision, a few undated."""
    organisations = list(Organisation.objects.order_by("pk")) or [None]
    precisions = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY]
    milestones = []
    for placement in placements:
        if placement.outcome != PlacementOutcome.COMPLETED:
            continue
        year = placement.batch.end_date.year
        for step in range(rng.choice([0, 1, 1, 2, 2, 3])):
            year = min(year + rng.randint(1, 4), today.year)
            precision = rng.choice(precisions)
            day = period_start(date(year, rng.randint(1, 12), rng.randint(1, 28)), precision)
            undated = rng.random() < 0.1
            milestones.append(
                CareerMilestone(
                    officer_id=placement.officer_id,
                    title=POSITIONS[min(step + 2 + rng.randint(0, 2), len(POSITIONS) - 1)],
                    organisation=rng.choice(organisations),
                    kind=rng.choice(MilestoneKind.values),
                    date=None if undated or day > today else day,
                    date_precision=precision,
                    source=rng.choice(MilestoneSource.values),
                    source_note="Synthetic record for load tests.",
                    is_synthetic=True,
                )
            )
    CareerMilestone.objects.bulk_create(milestones, batch_size=CHUNK_SIZE)
    return len(milestones)


def _create_stories(rng: random.Random, placements: list[Placement], *, count: int, today: date) -> int:
    """Stories about consenting graduates (most of them published), more than one each only when
    there are more stories than such graduates."""
    subjects = [
        p for p in placements if p.outcome == PlacementOutcome.COMPLETED and p.officer.public_profile_consent
    ] or placements
    rng.shuffle(subjects)
    first = _next_number(GraduateStory, STORY_SLUG_PREFIX)
    stories = []
    for i in range(count):
        placement = subjects[i % len(subjects)]
        number = first + i
        roll = rng.random()
        state = StoryState.PUBLISHED if roll < 0.9 else StoryState.IN_REVIEW if roll < 0.95 else StoryState.DRAFT
        published_on = min(
            date(placement.batch.end_date.year + rng.randint(1, 3), rng.randint(1, 12), rng.randint(1, 28)), today
        )
        stories.append(
            GraduateStory(
                officer_id=placement.officer_id,
                headline=f"{placement.officer.full_name}: {rng.choice(STORY_THEMES)}",
                slug=f"{STORY_SLUG_PREFIX}{number:05d}",
                standfirst=f"Synthetic story {number:05d}, generated for load tests; none of it happened.",
                body=_story_body(placement),
                pull_quote="The attachment showed me how ten countries find one position.",
                state=state,
                published_on=published_on if state == StoryState.PUBLISHED else None,
                officer_approved_on=published_on if state == StoryState.PUBLISHED else None,
                is_synthetic=True,
            )
        )
    GraduateStory.objects.bulk_create(stories, batch_size=CHUNK_SIZE)
    refresh_search_documents(GraduateStory.objects.filter(is_synthetic=True, search_document__isnull=True))
    return len(stories)


def _story_body(placement: Placement) -> str:
    """About as long as a real story, with the Markdown a real one uses (headings, emphasis, a list)."""
    name = placement.officer.full_name
    paragraph = (
        f"{name} joined the synthetic {placement.batch.label} and was attached to "
        f"{placement.division.name if placement.division else 'the Secretariat'}. The year was spent preparing "
        "meetings, drafting reports and following decisions from the first working group to the summit. "
        "*This text is generated for load tests and describes no real person.*"
    )
    return "\n\n".join(
        [
            paragraph,
            "## During the attachment",
            paragraph,
            "- drafting the records of meetings\n- briefing visiting delegations\n- a study visit abroad",
            "## After the programme",
            paragraph,
            f"> {name} says the attachment made the region's work personal.",
        ]
    )
