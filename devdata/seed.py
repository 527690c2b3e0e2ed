"""Load the facts of `seed_facts` into the database, safely more than once.

Each record is found by its natural key and written only when something differs, so a second run
changes nothing: no new rows, no version bumps, no history entries.
"""

from collections import Counter
from typing import TypeVar

from django.db import models, transaction

from batches.models import Activity, Batch, BatchStatus, Division, Pillar, ProgrammeTrack
from devdata import seed_facts as facts
from officers.models import CareerMilestone, GraduateStory, Officer, Organisation, Placement, StoryPhoto

M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], counts: Counter, *, lookup: dict, values: dict) -> M:
    """Get the record by `lookup` and bring it to `values`, saving (with full_clean) only on change."""
    record = model._base_manager.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values)
        action = "created"
    elif any(getattr(record, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(record, field, value)
        action = "updated"
    else:
        counts["unchanged"] += 1
        return record
    record.full_clean()
    record.save()
    counts[action] += 1
    return record


@transaction.atomic
def seed_programme() -> Counter:
    """Write every fact of the source article; returns how many records were created, updated, unchanged."""
    counts: Counter = Counter()
    pillars = {
        p["code"]: upsert(Pillar, counts, lookup={"code": p["code"]}, values={"name": p["name"]})
        for p in facts.PILLARS
    }
    tracks = {}
    for spec in facts.TRACKS:
        values = {k: v for k, v in spec.items() if k not in ("slug", "pillars")}
        track = upsert(ProgrammeTrack, counts, lookup={"slug": spec["slug"]}, values=values)
        wanted = {pillars[code] for code in spec["pillars"]}
        if set(track.pillars.all()) != wanted:
            track.pillars.set(wanted)
        tracks[spec["slug"]] = track

    batches = {}
    for slug, count in facts.BATCH_COUNTS.items():
        for number in range(1, count + 1):
            graduated = number <= facts.GRADUATED_BY_SEPTEMBER_2019[slug]
            values = {
                "recorded_status": BatchStatus.COMPLETED if graduated else "",
                **facts.BATCH_DATES.get((slug, number), {}),
            }
            batches[(slug, number)] = upsert(
                Batch, counts, lookup={"track": tracks[slug], "number": number}, values=values
            )

    divisions = {
        d["name"]: upsert(
            Division,
            counts,
            lookup={"name": d["name"]},
            values={"department": d["department"], "pillar": pillars[d["pillar"]]},
        )
        for d in facts.DIVISIONS
    }
    for spec in facts.ACTIVITIES:
        values = {k: v for k, v in spec.items() if k not in ("batch", "title")}
        upsert(Activity, counts, lookup={"batch": batches[spec["batch"]], "title": spec["title"]}, values=values)

    organisations = {
        (o["name"], o["country"]): upsert(Organisation, counts, lookup=o, values={}) for o in facts.ORGANISATIONS
    }
    for graduate in facts.GRADUATES:
        _seed_graduate(graduate, counts, batches=batches, divisions=divisions, organisations=organisations)
    return counts


def _seed_graduate(graduate: dict, counts: Counter, *, batches: dict, divisions: dict, organisations: dict) -> None:
    spec = graduate["officer"]
    values = {k: v for k, v in spec.items() if k not in ("slug", "home_organisation")}
    values["home_organisation"] = organisations[spec["home_organisation"]]
    officer = upsert(Officer, counts, lookup={"slug": spec["slug"]}, values=values)

    placement = graduate["placement"]
    upsert(
        Placement,
        counts,
        lookup={"officer": officer, "batch": batches[placement["batch"]]},
        values={
            "outcome": placement["outcome"],
            "division": divisions.get(placement.get("division")),
            "notes": placement.get("notes", ""),
        },
    )
    for milestone in graduate["milestones"]:
        values = {**facts.FROM_THE_STORY, **milestone}
        values["organisation"] = organisations[milestone["organisation"]]
        del values["title"]
        upsert(CareerMilestone, counts, lookup={"officer": officer, "title": milestone["title"]}, values=values)

    story_spec = graduate["story"]
    story = upsert(
        GraduateStory,
        counts,
        lookup={"slug": story_spec["slug"]},
        values={
            "officer": officer,
            "headline": story_spec["headline"],
            "standfirst": story_spec["standfirst"],
            "body": story_spec["body"],
            "pull_quote": story_spec["pull_quote"],
            "byline": facts.BYLINE,
            "state": "published",
            "published_on": facts.PUBLISHED_ON,
        },
    )
    for position, photo in enumerate(story_spec["photos"]):
        values = {**photo, "position": position}
        del values["caption"]
        upsert(StoryPhoto, counts, lookup={"story": story, "caption": photo["caption"]}, values=values)
