"""What every admin page shares (core/admin): the rows' checkboxes, choice labels and per-row counts."""

import pytest
from django.contrib import admin
from django.db.models import Q

from batches.models import Batch
from core.admin.counts import count_per_row
from core.admin.display import choice_label
from officers.countries import Country
from officers.models import GraduateStory, Placement, PlacementOutcome, StoryPhoto
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, PlacementFactory, StoryPhotoFactory

pytestmark = pytest.mark.django_db


def test_a_rows_checkbox_is_the_markup_django_renders():
    officer = OfficerFactory.build(pk=7, full_name="O'Brien & <Sons>")
    model_admin = admin.site.get_model_admin(type(officer))
    assert model_admin.action_checkbox(officer) == admin.ModelAdmin.action_checkbox(model_admin, officer)


def test_a_choice_label_is_the_one_django_displays():
    placement = PlacementFactory.build(outcome=PlacementOutcome.WITHDRAWN)
    assert choice_label(PlacementOutcome, placement.outcome) == placement.get_outcome_display()
    assert choice_label(Country, "LA") == "Lao PDR"
    assert choice_label(Country, "XX") == "XX"  # a value no choice names shows as it is, as Django does


def test_counts_per_row_count_only_that_rows_records():
    story = GraduateStoryFactory()
    StoryPhotoFactory.create_batch(2, story=story)
    bare = GraduateStoryFactory()
    counted = GraduateStory.objects.annotate(photos_counted=count_per_row(StoryPhoto.objects.all(), of="story"))
    assert {s.pk: s.photos_counted for s in counted} == {story.pk: 2, bare.pk: 0}
    completed = PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    PlacementFactory(batch=completed.batch, outcome=PlacementOutcome.WITHDRAWN)
    graduates = count_per_row(Placement.objects.filter(Q(outcome=PlacementOutcome.COMPLETED)), of="batch")
    assert Batch.objects.annotate(graduates=graduates).get(pk=completed.batch.pk).graduates == 1
