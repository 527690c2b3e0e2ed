"""Enrolling officers in a batch and completing placements: all or nothing, with their author."""

import pytest
from django.core.exceptions import ValidationError

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import Placement, PlacementOutcome, ReportKind
from officers.services.enrolment import complete_placements, enrol_officers
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory
from officers.tests.factories import OfficerFactory, PlacementFactory
from officers.tests.test_certificates import SITE, quick_pdfs  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_enrolment_gives_each_officer_an_active_placement(editor):
    officers = OfficerFactory.create_batch(3)
    batch, division = BatchFactory(), DivisionFactory()
    enrolment = enrol_officers(officers=officers, batch=batch, division=division, by=editor)
    assert len(enrolment.enrolled) == 3 and enrolment.already_in_batch == []
    assert set(Placement.objects.filter(batch=batch, division=division).values_list("outcome", flat=True)) == {
        PlacementOutcome.ACTIVE
    }
    assert {p.history.get().history_user for p in enrolment.enrolled} == {editor}


def test_officers_already_in_the_batch_are_reported_and_untouched(editor):
    placed = PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    enrolment = enrol_officers(officers=[placed.officer], batch=placed.batch, division=None, by=editor)
    assert enrolment.enrolled == [] and enrolment.already_in_batch == [placed.officer]
    assert Placement.objects.get(pk=placed.pk).version == 1


def test_one_failure_enrols_nobody(editor, monkeypatch):
    officers = OfficerFactory.create_batch(3)
    batch = BatchFactory()
    calls = []

    def full_clean(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 3:
            raise ValidationError("refused")

    monkeypatch.setattr(Placement, "full_clean", full_clean)
    with pytest.raises(ValidationError):
        enrol_officers(officers=officers, batch=batch, division=None, by=editor)
    assert Placement.objects.count() == 0


@pytest.mark.usefixtures("quick_pdfs")
def test_completing_changes_only_active_placements(editor):
    active = SupervisedPlacementFactory()
    AttachmentReportFactory(placement=active, kind=ReportKind.FINAL, signed_off=True)
    withdrawn = PlacementFactory(outcome=PlacementOutcome.WITHDRAWN)
    changed = complete_placements(placements=[active, withdrawn], by=editor, site_url=SITE)
    assert changed == [active]
    assert Placement.objects.get(pk=active.pk).outcome == PlacementOutcome.COMPLETED
    assert Placement.objects.get(pk=withdrawn.pk).outcome == PlacementOutcome.WITHDRAWN
    assert active.history.latest().history_user == editor
