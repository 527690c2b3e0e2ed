"""`manage.py generate_synthetic_data`: flagged, spread out, and never touching the seeded records."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from batches.models import Batch, Division
from core.page_cache import current_generation
from devdata.synthetic import FIRST_BATCH_NUMBER
from officers.models import CareerMilestone, GraduateStory, Officer, Placement
from officers.tests.factories import GraduateStoryFactory

pytestmark = pytest.mark.django_db

FLAGGED_MODELS = [Batch, Officer, Placement, CareerMilestone, GraduateStory]


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_synthetic_data", *args, stdout=out)
    return out.getvalue()


def snapshot_of_real_records() -> dict:
    """Every field of every non-synthetic record, versions included."""
    return {
        model.__name__: sorted(
            (model_to_dict(record, exclude=["pillars"]) for record in model.objects.filter(is_synthetic=False)),
            key=lambda values: values["id"],
        )
        for model in FLAGGED_MODELS
    } | {"Division": list(Division.objects.exclude(name__startswith="Synthetic Division").values().order_by("id"))}


def test_synthetic_records_are_flagged_named_and_counted(seeded):
    output = generate("--officers", "60", "--stories", "12")

    assert "2 batches, 12 divisions, 60 officers, 60 placements" in output
    officers = Officer.objects.filter(is_synthetic=True).order_by("slug")
    assert officers.count() == 60
    assert officers.first().full_name == "Synthetic Officer 00001"
    assert officers.first().slug == "synthetic-officer-00001"
    assert Placement.objects.filter(is_synthetic=True).count() == 60
    assert GraduateStory.objects.filter(is_synthetic=True).count() == 12
    assert CareerMilestone.objects.filter(is_synthetic=True).exists()
    # Nothing the command wrote is left unflagged: the real records are exactly the seed's.
    assert Officer.objects.filter(is_synthetic=False).count() == 4
    assert not Placement.objects.filter(is_synthetic=False, officer__is_synthetic=True).exists()
    assert not CareerMilestone.objects.filter(is_synthetic=False, officer__is_synthetic=True).exists()


def test_synthetic_records_spread_over_countries_tracks_batches_and_divisions(seeded):
    generate("--officers", "150", "--stories", "30")

    placements = Placement.objects.filter(is_synthetic=True)
    assert set(placements.values_list("officer__country", flat=True)) == {"KH", "LA", "MM", "VN"}
    assert set(placements.values_list("batch__track__slug", flat=True)) == {"junior-diplomats", "aec-ascc"}
    assert placements.values("batch").distinct().count() == 3
    assert placements.values("division").distinct().count() > 5
    assert set(placements.values_list("outcome", flat=True)) >= {"completed", "active"}
    batches = Batch.objects.filter(is_synthetic=True)
    assert min(batches.values_list("number", flat=True)) == FIRST_BATCH_NUMBER
    assert len({batch.start_date.year for batch in batches}) == 3
    assert len(set(CareerMilestone.objects.filter(is_synthetic=True).values_list("kind", flat=True))) > 1
    # Most stories are public, so the public pages have thousands of them to list at scale.
    assert GraduateStory.objects.public().filter(is_synthetic=True).count() > 20


def test_generating_and_clearing_leave_the_seeded_records_untouched(seeded):
    before = snapshot_of_real_records()

    generate("--officers", "40", "--stories", "8")
    assert snapshot_of_real_records() == before
    generate("--clear", "--officers", "0", "--stories", "0")

    assert snapshot_of_real_records() == before


def test_clear_removes_only_synthetic_records(seeded):
    real_counts = {model: model.objects.count() for model in [*FLAGGED_MODELS, Division]}
    generate("--officers", "40", "--stories", "8")

    output = generate("--clear", "--officers", "0", "--stories", "0")

    assert "Removed synthetic data: 1 batches, 12 divisions, 40 officers, 40 placements" in output
    for model in FLAGGED_MODELS:
        assert not model.objects.filter(is_synthetic=True).exists()
    assert {model: model.objects.count() for model in real_counts} == real_counts


def test_running_again_adds_more_with_unique_slugs(seeded):
    generate("--officers", "30", "--stories", "5")
    generate("--officers", "30", "--stories", "5")

    slugs = list(Officer.objects.filter(is_synthetic=True).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 60
    assert "synthetic-officer-00060" in slugs
    assert GraduateStory.objects.filter(is_synthetic=True).values("slug").distinct().count() == 10
    numbers = Batch.objects.filter(is_synthetic=True).values_list("number", flat=True)
    assert sorted(numbers) == [1001, 1002]


def test_clear_then_generate_replaces_the_synthetic_data(seeded):
    generate("--officers", "30", "--stories", "5")

    generate("--clear", "--officers", "20", "--stories", "3")

    assert Officer.objects.filter(is_synthetic=True).count() == 20
    assert GraduateStory.objects.filter(is_synthetic=True).count() == 3
    assert Officer.objects.filter(is_synthetic=True).order_by("slug").first().slug == "synthetic-officer-00001"


def test_the_same_seed_gives_the_same_data(seeded):
    generate("--officers", "20", "--stories", "4", "--seed", "7")
    first = list(Officer.objects.filter(is_synthetic=True).order_by("slug").values_list("country", "gender"))

    generate("--clear", "--officers", "20", "--stories", "4", "--seed", "7")

    assert list(Officer.objects.filter(is_synthetic=True).order_by("slug").values_list("country", "gender")) == first


def test_public_pages_are_invalidated_after_the_bulk_insert(seeded, django_capture_on_commit_callbacks):
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        generate("--officers", "10", "--stories", "2")

    assert current_generation() > before


def test_without_tracks_the_command_asks_for_the_seed_first(db):
    with pytest.raises(CommandError, match="seed_programme"):
        generate("--officers", "10")
    assert not Officer.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--officers", "-1"], "cannot be negative"),
        (["--officers", "0", "--stories", "5"], "Stories need officers"),
    ],
)
def test_bad_counts_are_refused_with_a_clear_message(seeded, args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args)
    assert not Officer.objects.filter(is_synthetic=True).exists()


def test_clear_refuses_when_a_real_record_points_at_a_synthetic_one(seeded):
    generate("--officers", "10", "--stories", "0")
    synthetic_officer = Officer.objects.filter(is_synthetic=True).first()
    GraduateStoryFactory(officer=synthetic_officer, headline="A real story about a synthetic officer")

    with pytest.raises(CommandError, match="nothing was removed"):
        generate("--clear", "--officers", "0", "--stories", "0")

    assert Officer.objects.filter(is_synthetic=True).count() == 10
