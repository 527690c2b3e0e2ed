from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from batches.models import Activity, Batch, BatchStatus, batch_name
from batches.tests.factories import ActivityFactory, BatchFactory, ProgrammeTrackFactory
from core.partial_dates import DatePrecision, format_partial_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_batches_are_named_with_english_ordinals(number, expected):
    assert batch_name(number) == f"{expected} Batch"


def test_batch_label_gives_number_and_years():
    batch = BatchFactory(number=13, start_date=date(2014, 1, 1), end_date=date(2015, 1, 1))
    assert batch.label == "13th Batch, 2014-2015"


def test_planned_batch_with_no_end_reads_open_ended():
    batch = BatchFactory(number=16, start_date=date(2030, 10, 1), start_precision="quarter", end_date=None)
    assert batch.label == "16th Batch, 2030-"
    assert batch.status == BatchStatus.PLANNED


def test_batch_without_dates_shows_number_only_and_recorded_status():
    batch = BatchFactory(number=3, start_date=None, end_date=None, recorded_status=BatchStatus.COMPLETED)
    assert batch.label == "3rd Batch"
    assert batch.status == BatchStatus.COMPLETED


def test_batch_without_dates_or_record_is_planned():
    assert BatchFactory(start_date=None, end_date=None).status == BatchStatus.PLANNED


def test_completed_batch_whose_end_was_never_recorded_shows_its_start_year():
    batch = BatchFactory(
        number=1,
        start_date=date(2001, 1, 1),
        start_precision="year",
        end_date=None,
        recorded_status=BatchStatus.COMPLETED,
    )
    assert batch.label == "1st Batch, 2001"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2014, 8, 31), BatchStatus.PLANNED),
        (date(2014, 9, 1), BatchStatus.ONGOING),
        (date(2015, 8, 31), BatchStatus.ONGOING),
        (date(2015, 9, 1), BatchStatus.COMPLETED),
    ],
)
def test_status_follows_exact_dates(day, expected):
    batch = BatchFactory(start_date=date(2014, 9, 1), end_date=date(2015, 8, 31))
    assert batch.status_on(day) == expected


def test_status_with_year_precision_lasts_the_whole_year():
    batch = BatchFactory(
        start_date=date(2014, 1, 1), start_precision="year", end_date=date(2015, 1, 1), end_precision="year"
    )
    assert batch.status_on(date(2015, 12, 31)) == BatchStatus.ONGOING
    assert batch.status_on(date(2016, 1, 1)) == BatchStatus.COMPLETED


def test_dates_override_a_contradicting_recorded_status():
    batch = BatchFactory(start_date=date(2014, 9, 1), end_date=date(2015, 8, 31), recorded_status="planned")
    assert batch.status_on(date(2020, 1, 1)) == BatchStatus.COMPLETED


def test_full_clean_stores_a_partial_date_as_the_first_day_of_its_period():
    batch = BatchFactory.build(
        track=ProgrammeTrackFactory(), start_date=date(2019, 11, 15), start_precision="quarter", end_date=None
    )
    batch.full_clean()
    assert batch.start_date == date(2019, 10, 1)
    assert batch.start_display == "Q4 2019"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("year", "2016"), ("quarter", "Q2 2016"), ("month", "June 2016"), ("day", "12 June 2016")],
)
def test_partial_dates_print_at_their_own_precision(precision, expected):
    assert format_partial_date(date(2016, 6, 12), precision) == expected


def test_unknown_partial_date_prints_nothing():
    assert format_partial_date(None, DatePrecision.DAY) == ""


class TestBatchConstraints:
    def test_number_is_unique_per_track_in_full_clean(self):
        existing = BatchFactory(number=5)
        duplicate = Batch(track=existing.track, number=5)
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert "This track already has a batch with this number." in str(error.value)

    def test_number_is_unique_per_track_in_the_database(self):
        existing = BatchFactory(number=5)
        with pytest.raises(IntegrityError), transaction.atomic():
            Batch.objects.create(track=existing.track, number=5)
        assert Batch.objects.filter(track=existing.track, number=5).count() == 1

    def test_same_number_in_another_track_is_fine(self):
        existing = BatchFactory(number=5)
        other_track = Batch(track=ProgrammeTrackFactory(), number=5)
        other_track.full_clean()
        other_track.save()
        assert other_track.track != existing.track
        assert Batch.objects.filter(number=5).count() == 2

    def test_end_before_start_is_refused_in_full_clean(self):
        batch = BatchFactory.build(
            track=ProgrammeTrackFactory(), start_date=date(2015, 1, 1), end_date=date(2014, 1, 1)
        )
        with pytest.raises(ValidationError) as error:
            batch.full_clean()
        assert error.value.message_dict["end_date"] == ["A batch cannot end before it starts."]

    def test_end_before_start_is_refused_by_the_database(self):
        track = ProgrammeTrackFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Batch.objects.create(track=track, number=1, start_date=date(2015, 1, 1), end_date=date(2014, 1, 1))
        assert not Batch.objects.filter(track=track).exists()

    def test_an_end_without_a_start_is_refused(self):
        batch = BatchFactory.build(track=ProgrammeTrackFactory(), start_date=None, end_date=date(2014, 1, 1))
        with pytest.raises(ValidationError) as error:
            batch.full_clean()
        assert error.value.message_dict["start_date"] == ["Give the start too when the end is known."]

    def test_number_zero_is_refused_in_full_clean_and_by_the_database(self):
        track = ProgrammeTrackFactory()
        with pytest.raises(ValidationError) as error:
            Batch(track=track, number=0).full_clean()
        assert "Batch numbers start at 1." in str(error.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            Batch.objects.create(track=track, number=0)
        assert not Batch.objects.filter(track=track).exists()


class TestActivityConstraints:
    def test_end_before_start_is_refused_in_full_clean(self):
        activity = ActivityFactory.build(batch=BatchFactory(), start_date=date(2015, 3, 2), end_date=date(2015, 3, 1))
        with pytest.raises(ValidationError) as error:
            activity.full_clean()
        assert error.value.message_dict["end_date"] == ["An activity cannot end before it starts."]

    def test_end_before_start_is_refused_by_the_database(self):
        batch = BatchFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Activity.objects.create(
                batch=batch, kind="mission", title="Mission", start_date=date(2015, 3, 2), end_date=date(2015, 3, 1)
            )
        assert not batch.activities.exists()
