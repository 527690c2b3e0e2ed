"""What a batch's status says to staff and to the public: planned batches are not batches run, and a
batch begun years ago with no end recorded is flagged for staff and not called ongoing to the public."""

from datetime import date
from itertools import product

import pytest

from batches.models import OPEN_FOR_AT_MOST_YEARS, Batch, BatchStatus, years_before
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
STARTS = [None, date(2016, 1, 1), years_before(TODAY, OPEN_FOR_AT_MOST_YEARS - 1), date(2026, 6, 15), date(2027, 1, 1)]
ENDS = [None, date(2017, 1, 1), date(2030, 1, 1)]


@pytest.fixture
def every_kind_of_batch():
    """A batch for each start, end and recorded status (an end only with a start, as `clean` requires)."""
    track = ProgrammeTrackFactory()
    batches = []
    combinations = product(STARTS, ENDS, ["", *BatchStatus.values])
    for number, (start, end, recorded) in enumerate(combinations, start=1):
        if end and (not start or end < start):
            continue
        batches.append(
            BatchFactory(track=track, number=number, start_date=start, end_date=end, recorded_status=recorded)
        )
    return batches


def test_batches_begun_are_exactly_those_whose_status_is_ongoing_or_completed(every_kind_of_batch):
    begun = set(Batch.objects.begun(TODAY))
    for batch in every_kind_of_batch:
        assert (batch in begun) is (batch.status_on(TODAY) != BatchStatus.PLANNED), (
            batch.start_date,
            batch.end_date,
            batch.recorded_status,
        )


def test_the_batches_flagged_for_staff_are_exactly_those_the_public_sees_with_end_not_recorded(
    every_kind_of_batch,
):
    flagged = set(Batch.objects.still_open_long_after_start(TODAY))
    assert flagged
    for batch in every_kind_of_batch:
        assert batch.end_unrecorded_on(TODAY) is (batch in flagged), (batch.start_date, batch.recorded_status)
        if batch in flagged:
            # To staff's records it is still ongoing: only the public wording changes.
            assert batch.status_on(TODAY) == BatchStatus.ONGOING


def test_a_batch_begun_two_years_ago_to_the_day_is_not_yet_flagged():
    started = years_before(TODAY, OPEN_FOR_AT_MOST_YEARS)
    assert not BatchFactory(start_date=started, end_date=None).end_unrecorded_on(TODAY)
    assert BatchFactory(
        start_date=date(started.year, started.month, started.day - 1), end_date=None
    ).end_unrecorded_on(TODAY)


def test_a_planned_batch_whose_start_passed_stays_planned_and_is_not_flagged():
    batch = BatchFactory(start_date=date(2019, 10, 1), end_date=None, recorded_status=BatchStatus.PLANNED)
    assert batch.status_on(TODAY) == BatchStatus.PLANNED
    assert not batch.end_unrecorded_on(TODAY)
    assert batch not in Batch.objects.begun(TODAY)
