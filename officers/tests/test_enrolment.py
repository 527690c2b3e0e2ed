"""Enrolling officers in a batch, each on their own terms, and completing placements: all or nothing,
with their author."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import Placement, PlacementOutcome, ReportKind
from officers.services.enrolment import OfficerPlacement, complete_placements, enrol_officers
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory, SupervisorFactory
from officers.tests.factories import OfficerFactory, PlacementFactory
from officers.tests.test_certificates import SITE, quick_pdfs  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_enrolment_gives_each_officer_an_active_placement_on_their_own_terms(editor):
    first, second = OfficerFactory(full_name="Anh First"), OfficerFactory(full_name="Binh Second")
    batch, division = BatchFactory(), DivisionFactory()
    supervisor = SupervisorFactory()
    assert Placement.objects.count() == 0
    enrolled = enrol_officers(
        batch=batch,
        placements=[
            OfficerPlacement(officer=second),
            OfficerPlacement(
                officer=first,
                division=division,
                supervised_by=supervisor,
                supervisor_name="Dr. Head of Division",
                start_date=date(2014, 10, 1),
                end_date=date(2015, 6, 30),
            ),
        ],
        by=editor,
    )
    assert [placement.officer for placement in enrolled] == [first, second]
    placed = Placement.objects.get(officer=first, batch=batch)
    assert (placed.division, placed.supervised_by, placed.supervisor_name) == (
        division,
        supervisor,
        "Dr. Head of Division",
    )
    assert (placed.start_date, placed.end_date, placed.outcome) == (
        date(2014, 10, 1),
        date(2015, 6, 30),
        PlacementOutcome.ACTIVE,
    )
    untouched = Placement.objects.get(officer=second, batch=batch)
    assert (untouched.division, untouched.supervised_by, untouched.start_date) == (None, None, None)
    assert {p.history.get().history_user for p in enrolled} == {editor}


def test_an_officer_already_in_the_batch_refuses_the_whole_enrolment_by_name(editor):
    placed = PlacementFactory(outcome=PlacementOutcome.COMPLETED, officer__full_name="Chanthy Placed")
    newcomer = OfficerFactory()
    with pytest.raises(ValidationError, match="Already in .*: Chanthy Placed."):
        enrol_officers(
            batch=placed.batch,
            placements=[OfficerPlacement(officer=placed.officer), OfficerPlacement(officer=newcomer)],
            by=editor,
        )
    assert list(Placement.objects.all()) == [placed]
    assert Placement.objects.get(pk=placed.pk).version == 1


def test_one_placement_that_does_not_validate_enrols_nobody(editor):
    officers = OfficerFactory.create_batch(2)
    late = OfficerFactory(full_name="Vanna Backwards")
    batch = BatchFactory()
    with pytest.raises(ValidationError, match="Vanna Backwards: A placement cannot end before it starts."):
        enrol_officers(
            batch=batch,
            placements=[
                *(OfficerPlacement(officer=officer) for officer in officers),
                OfficerPlacement(officer=late, start_date=date(2015, 3, 1), end_date=date(2015, 2, 1)),
            ],
            by=editor,
        )
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
