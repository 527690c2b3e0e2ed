import pytest
from django.core.management import call_command

from batches.models import Batch, BatchStatus, ProgrammeTrack
from officers.models import CareerMilestone, GraduateStory, Officer, Placement, ReportedFigure, StoryPhoto

pytestmark = pytest.mark.django_db


def test_seed_loads_both_tracks_with_all_their_batches(seeded):
    junior = ProgrammeTrack.objects.get(slug="junior-diplomats")
    aec = ProgrammeTrack.objects.get(slug="aec-ascc")
    assert (junior.first_year, aec.first_year) == (2001, 2013)
    assert list(junior.batches.values_list("number", flat=True)) == list(range(1, 17))
    assert list(aec.batches.values_list("number", flat=True)) == list(range(1, 6))
    assert "JAIF" in junior.funder
    assert "Work Plan III" in junior.work_plan_reference
    assert sorted(aec.pillars.values_list("code", flat=True)) == ["AEC", "ASCC"]


def test_seed_gives_the_batches_the_article_dates_and_nothing_more(seeded):
    labels = {(b.track.slug, b.number): b.label for b in Batch.objects.with_track()}
    assert labels[("junior-diplomats", 8)] == "8th Batch, 2006-2007"
    assert labels[("junior-diplomats", 13)] == "13th Batch, 2014-2015"
    assert labels[("junior-diplomats", 16)] == "16th Batch, 2019-"
    assert labels[("aec-ascc", 2)] == "2nd Batch, 2015-2016"
    assert labels[("aec-ascc", 3)] == "3rd Batch, 2016-2017"
    assert labels[("aec-ascc", 5)] == "5th Batch, 2019-"
    assert labels[("junior-diplomats", 1)] == "1st Batch"
    sixteenth = Batch.objects.get(track__slug="junior-diplomats", number=16)
    assert sixteenth.start_display == "Q4 2019"


def test_seed_records_which_batches_had_graduated_by_september_2019(seeded):
    completed = Batch.objects.filter(recorded_status=BatchStatus.COMPLETED)
    assert completed.filter(track__slug="junior-diplomats").count() == 15
    assert completed.filter(track__slug="aec-ascc").count() == 4


def test_the_batches_the_article_announces_stay_planned_and_are_not_counted_as_run(seeded):
    announced = Batch.objects.with_track().filter(recorded_status=BatchStatus.PLANNED)
    assert sorted((b.track.slug, b.number, b.status) for b in announced) == [
        ("aec-ascc", 5, BatchStatus.PLANNED),
        ("junior-diplomats", 16, BatchStatus.PLANNED),
    ]
    assert Batch.objects.begun().filter(track__slug="junior-diplomats").count() == 15
    assert Batch.objects.begun().filter(track__slug="aec-ascc").count() == 4


def test_seed_loads_the_four_graduates_with_their_lines(seeded):
    lines = [o.programme_line for o in Officer.objects.with_placements().order_by("placements__batch__start_date")]
    assert lines == [
        "Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)",
        "Viet Nam, Attachment Programme for Junior Diplomats (13th Batch, 2014-2015)",
        "Cambodia, Attachment Programme for AEC and ASCC Involvement at the ASEC (2nd Batch, 2015-2016)",
        "Myanmar, Attachment Programme for AEC and ASCC Involvement at the ASEC (3rd Batch, 2016-2017)",
    ]
    assert Placement.objects.graduates().count() == 4
    ratha = Placement.objects.get(officer__slug="chhy-ratha")
    assert ratha.division.name == "Social Welfare, Women, Labor, and Migrant Workers Division"


def test_seed_career_milestones_keep_their_precision(seeded):
    ambassador = CareerMilestone.objects.get(title__startswith="Ambassador")
    assert ambassador.date_display == "April 2018"
    assert CareerMilestone.objects.get(title__startswith="Consul").date_display == "June 2019"
    assert CareerMilestone.objects.get(title__startswith="Bureau Chief").date_display == "2016"
    assert CareerMilestone.objects.get(title="Assistant Director").date is None
    assert CareerMilestone.objects.get(title="Assistant to Minister").date is None


def test_seed_stories_are_published_in_the_articles_words_with_credits(seeded):
    stories = GraduateStory.objects.public().chronological_by_batch()
    assert [s.officer.slug for s in stories] == [
        "ekkaphab-phanthavong",
        "hoang-quoc-trung",
        "chhy-ratha",
        "htet-htet-htoo",
    ]
    assert all(s.byline == "JAIF Management Team" for s in stories)
    trung = GraduateStory.objects.get(slug="hoang-quoc-trung")
    assert "“balanced point of view”" in trung.body
    credits = set(StoryPhoto.objects.values_list("credit", flat=True))
    assert credits == {
        "JAIF Management Team",
        "Hoang Quoc Trung",
        "Chhy Ratha",
        "Institute of Diplomacy and Foreign Relations",
    }
    assert not StoryPhoto.objects.exclude(image="").exists()


def test_seed_activities_name_their_place_and_no_host_the_article_does_not_give(seeded):
    training = Batch.objects.get(track__slug="aec-ascc", number=3).activities.get()
    assert (training.kind, training.place, training.host) == ("diplomatic_training", "Malaysia", "")


def test_running_the_seed_twice_changes_nothing(seeded):
    def snapshot():
        return {
            model.__name__: (
                model.objects.count(),
                model.history.count(),
                sorted(model.objects.values_list("version", flat=True)),
            )
            for model in (Batch, Officer, Placement, CareerMilestone, GraduateStory, StoryPhoto, ReportedFigure)
        }

    before = snapshot()
    call_command("seed_programme", verbosity=0)
    assert snapshot() == before


def test_seed_repairs_a_fact_that_was_edited_away(seeded):
    Officer.objects.filter(slug="chhy-ratha").update(country="VN")
    call_command("seed_programme", verbosity=0)
    assert Officer.objects.get(slug="chhy-ratha").country == "KH"
