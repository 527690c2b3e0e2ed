"""Load the facts of `seed_facts` into the database, safely more than once.

Each record is found by its natural key and written only when something differs, so a second run
changes nothing: no new rows, no version bumps, no history entries. The stories are published as the
product publishes any story: once their officer's approval of the text is recorded
(`officers.services.publication`), dated the day the article printed their words.
"""

from collections import Counter
from typing import TypeVar

from django.db import models, transaction

from batches.models import Activity, Batch, BatchStatus, Division, Pillar, ProgrammeTrack
from devdata import seed_facts as facts
from officers.models import (
    CareerMilestone,
    GraduateStory,
    Officer,
    Organisation,
    Placement,
    ReportedFigure,
    StoryPhoto,
    StoryState,
)
from officers.services.publication import record_officer_approval, set_publication

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
    tracks = _seed_tracks(counts, pillars=pillars)
    batches = _seed_batches(counts, tracks=tracks)
    divisions = {
        d["name"]: upsert(
            Division,
            counts,
            lookup={"name": d["name"]},
            values={"department": d["department"], "pillar": pillars.get(d["pillar"])},
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
    _seed_reported_figures(counts, tracks=tracks)
    return counts


def _seed_tracks(counts: Counter, *, pillars: dict) -> dict:
    tracks = {}
    for spec in facts.TRACKS:
        values = {k: v for k, v in spec.items() if k not in ("slug", "pillars")}
        track = upsert(ProgrammeTrack, counts, lookup={"slug": spec["slug"]}, values=values)
        wanted = {pillars[code] for code in spec["pillars"]}
        if set(track.pillars.all()) != wanted:
            track.pillars.set(wanted)
        tracks[spec["slug"]] = track
    return tracks


def _seed_batches(counts: Counter, *, tracks: dict) -> dict:
    """Every batch the article counts, completed by September 2019, and the two it announces, planned."""
    batches = {}
    for slug, count in facts.BATCH_COUNTS.items():
        for number in range(1, count + 1):
            graduated = number <= facts.GRADUATED_BY_SEPTEMBER_2019[slug]
            values = {
                "recorded_status": BatchStatus.COMPLETED if graduated else BatchStatus.PLANNED,
                **facts.BATCH_DATES.get((slug, number), {}),
            }
            batches[(slug, number)] = upsert(
                Batch, counts, lookup={"track": tracks[slug], "number": number}, values=values
            )
    return batches


def _seed_reported_figures(counts: Counter, *, tracks: dict) -> None:
    source = facts.FIGURES_SOURCE
    for figure in facts.REPORTED_FIGURES:
        upsert(
            ReportedFigure,
            counts,
            lookup={
                "kind": figure["kind"],
                "track": tracks.get(figure["track"]),
                "as_of": source["as_of"],
                "source_name": source["source_name"],
            },
            values={
                "value": figure["value"],
                "source_title": source["source_title"],
                "source_url": source["source_url"],
                "statement": source["statement"],
            },
        )


def _seed_graduate(graduate: dict, counts: Counter, *, batches: dict, divisions: dict, organisations: dict) -> None:
    spec = graduate["officer"]
    values = {k: v for k, v in spec.items() if k != "slug"}
    # Nominations are the article's to tell, and it names no nominating organisation.
    values["home_organisation"] = None
    values["position_at_nomination"] = ""
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
        values = {k: v for k, v in milestone.items() if k not in ("title", "quote", "organisation")}
        values.update(
            facts.FROM_THE_STORY,
            source_note=f"{facts.ARTICLE}: “{milestone['quote']}”",
            organisation=organisations.get(milestone["organisation"]),
            date=milestone.get("date"),
            date_precision=milestone.get("date_precision", "day"),
        )
        upsert(CareerMilestone, counts, lookup={"officer": officer, "title": milestone["title"]}, values=values)
    _seed_story(graduate["story"], counts, officer=officer)


def _seed_story(spec: dict, counts: Counter, *, officer: Officer) -> None:
    """The story in the article's words, its officer's approval of them, then published: each step only
    when it is not already so."""
    story = upsert(
        GraduateStory,
        counts,
        lookup={"slug": spec["slug"]},
        values={
            "officer": officer,
            "headline": spec["headline"],
            "standfirst": spec["standfirst"],
            "body": spec["body"],
            "pull_quote": spec["pull_quote"],
            "byline": facts.BYLINE,
            "source_title": facts.ARTICLE,
            "published_on": facts.PUBLISHED_ON,
        },
    )
    if not story.has_valid_approval():
        # The seed runs as no one: the approval is recorded without a person, as the history shows.
        record_officer_approval(story=story, version=story.version, approved_on=facts.PUBLISHED_ON, by=None)
        counts["updated"] += 1
    if story.state != StoryState.PUBLISHED:
        set_publication(stories=GraduateStory.objects.filter(pk=story.pk), publish=True, by=None)
        counts["updated"] += 1
    for position, photo in enumerate(spec["photos"]):
        values = {**photo, "position": position}
        del values["caption"]
        upsert(StoryPhoto, counts, lookup={"story": story, "caption": photo["caption"]}, values=values)
