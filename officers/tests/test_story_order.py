"""The stories list's stored sort key (`Officer.first_batch_start`) follows every kind of write."""

from datetime import date

import pytest

from batches.tests.factories import BatchFactory
from officers.models import GraduateStory, Officer, Placement
from officers.models.placements import refresh_first_batch_start
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory

pytestmark = pytest.mark.django_db

EARLY, LATE = date(2006, 1, 1), date(2014, 1, 1)


def key_of(officer: Officer) -> date | None:
    return Officer.objects.values_list("first_batch_start", flat=True).get(pk=officer.pk)


def stories_in_order() -> list[GraduateStory]:
    return list(GraduateStory.objects.public().chronological_by_batch())


def test_an_officer_without_placements_has_no_key_and_their_story_comes_last():
    placed = GraduateStoryFactory(officer=PlacementFactory(batch=BatchFactory(start_date=LATE)).officer)
    unplaced = GraduateStoryFactory(officer=OfficerFactory())
    assert key_of(unplaced.officer) is None
    assert stories_in_order() == [placed, unplaced]


def test_the_key_is_the_earliest_batch_attended_and_moves_when_a_placement_is_added():
    later_story = GraduateStoryFactory(
        officer=PlacementFactory(batch=BatchFactory(start_date=date(2010, 1, 1))).officer
    )
    officer = PlacementFactory(batch=BatchFactory(start_date=LATE)).officer
    story = GraduateStoryFactory(officer=officer)
    assert stories_in_order() == [later_story, story]

    PlacementFactory(officer=officer, batch=BatchFactory(start_date=EARLY))

    assert key_of(officer) == EARLY
    assert stories_in_order() == [story, later_story]


def test_a_withdrawn_placement_does_not_count():
    officer = PlacementFactory(batch=BatchFactory(start_date=LATE)).officer
    early = PlacementFactory(officer=officer, batch=BatchFactory(start_date=EARLY))
    assert key_of(officer) == EARLY

    early.outcome = "withdrawn"
    early.save()

    assert key_of(officer) == LATE


def test_deleting_placements_one_by_one_or_from_a_list_updates_the_key():
    officer = PlacementFactory(batch=BatchFactory(start_date=LATE)).officer
    early = PlacementFactory(officer=officer, batch=BatchFactory(start_date=EARLY))
    early.delete()
    assert key_of(officer) == LATE

    Placement.objects.filter(officer=officer).delete()
    assert key_of(officer) is None


def test_a_batch_whose_start_changes_moves_its_officers():
    batch = BatchFactory(start_date=LATE)
    officers = [PlacementFactory(batch=batch).officer for _ in range(2)]

    batch.start_date = EARLY
    batch.save()

    assert [key_of(officer) for officer in officers] == [EARLY, EARLY]


def test_a_placement_moved_to_another_officer_updates_both():
    placement = PlacementFactory(batch=BatchFactory(start_date=EARLY))
    first_officer, second_officer = placement.officer, OfficerFactory()
    placement = Placement.objects.get(pk=placement.pk)

    placement.officer = second_officer
    placement.save()

    assert (key_of(first_officer), key_of(second_officer)) == (None, EARLY)


def test_saving_an_officer_read_before_a_placement_changed_keeps_the_key_right():
    officer = OfficerFactory()
    stale_copy = Officer.objects.get(pk=officer.pk)
    PlacementFactory(officer=officer, batch=BatchFactory(start_date=EARLY))

    stale_copy.position_at_nomination = "Third Secretary"
    stale_copy.save()

    assert key_of(officer) == EARLY


def test_refreshing_everyone_after_a_write_that_sent_no_signals():
    officer = PlacementFactory(batch=BatchFactory(start_date=LATE)).officer
    Placement.objects.filter(officer=officer).update(batch=BatchFactory(start_date=EARLY))
    assert key_of(officer) == LATE

    refresh_first_batch_start()

    assert key_of(officer) == EARLY


def test_the_key_is_left_out_of_the_officers_history():
    officer = PlacementFactory(batch=BatchFactory(start_date=EARLY)).officer
    assert not hasattr(officer.history.first(), "first_batch_start")
