"""The changelist actions: enrol in a batch (the batch, then each officer's placement), mark
placements completed, mark milestones checked, export the selected rows. Each records its author."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import CareerMilestone, Placement, PlacementOutcome, ReportKind
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory, SupervisorFactory
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory
from officers.tests.test_certificates import quick_pdfs  # noqa: F401  (a fixture)
from tests.html_audit import audit
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def post_action(client, model: str, action: str, records, follow: bool | None = None, **extra):
    data = {"action": action, "_selected_action": [record.pk for record in records], **extra}
    return client.post(
        reverse(f"admin:officers_{model}_changelist"), data, follow="apply" in extra if follow is None else follow
    )


def enrol(client, officers, **extra):
    return post_action(client, "officer", "enrol_in_batch", officers, **extra)


def rows_of(officers, batch, **fields) -> dict:
    """What the second page posts back: the batch, the step, and each officer's row as the page filled
    it (the batch's dates), overridden by `fields` ({"<officer pk>-end_date": ...})."""
    data = {"batch": batch.pk, "step": "placements"}
    for officer in officers:
        data[f"officer-{officer.pk}-start_date"] = batch.start_date.isoformat()
        data[f"officer-{officer.pk}-end_date"] = batch.end_date.isoformat()
    data.update({f"officer-{key}": value for key, value in fields.items()})
    return data


def test_enrolling_first_asks_for_the_batch(editor_client):
    officers = OfficerFactory.create_batch(2)
    response = enrol(editor_client, officers, index=0)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/officers/officer/enrol.html"
    assert list(response.context["form"].fields) == ["batch"]
    page = response.content.decode()
    assert all(officer.full_name in page for officer in officers)
    assert Placement.objects.count() == 0


def test_the_second_page_offers_a_row_per_officer_with_the_batchs_dates(editor_client):
    officers = [
        OfficerFactory(full_name="Anh First", country="VN"),
        OfficerFactory(full_name="Bopha Second", country="KH"),
    ]
    # Known to the month: the placements run from its first day to the last day of its last month.
    batch = BatchFactory(
        start_date=date(2024, 9, 1), start_precision="month", end_date=date(2025, 6, 1), end_precision="month"
    )
    response = enrol(editor_client, officers, apply="Next", batch=batch.pk)
    assert response.status_code == 200
    rows = response.context["forms"]
    assert [row.prefix for row in rows] == [f"officer-{officer.pk}" for officer in officers]
    assert [row.heading for row in rows] == ["Anh First (Viet Nam)", "Bopha Second (Cambodia)"]
    page = response.content.decode()
    for officer in officers:
        assert f'name="officer-{officer.pk}-start_date" value="2024-09-01"' in page
        assert f'name="officer-{officer.pk}-end_date" value="2025-06-30"' in page
    assert audit(page) == ([], [])
    assert Placement.objects.count() == 0


def test_enrolling_saves_each_officers_division_supervisor_and_dates_with_the_author(editor_client):
    first, second = OfficerFactory(full_name="Anh First"), OfficerFactory(full_name="Bopha Second")
    batch, division, supervisor = BatchFactory(), DivisionFactory(), SupervisorFactory()
    former = OfficerFactory(full_name="Former Officer")
    data = rows_of(
        [first, second],
        batch,
        **{
            f"{first.pk}-division": division.pk,
            f"{first.pk}-supervised_by": supervisor.pk,
            f"{first.pk}-supervisor_name": "Dr. Head of Division",
            f"{first.pk}-start_date": "2014-10-01",
            f"{second.pk}-supervisor": former.pk,
            f"{second.pk}-end_date": "2015-06-30",
        },
    )
    response = enrol(editor_client, [first, second], apply="Enrol", **data)
    assert "Enrolled 2 officers in" in response.content.decode()
    placements = {p.officer: p for p in Placement.objects.filter(batch=batch, outcome=PlacementOutcome.ACTIVE)}
    assert set(placements) == {first, second}
    mine, theirs = placements[first], placements[second]
    assert (mine.division, mine.supervised_by, mine.supervisor_name) == (division, supervisor, "Dr. Head of Division")
    assert (mine.start_date, mine.end_date) == (date(2014, 10, 1), batch.end_date)
    assert (theirs.division, theirs.supervisor, theirs.start_date, theirs.end_date) == (
        None,
        former,
        batch.start_date,
        date(2015, 6, 30),
    )
    assert {placement.history.get().history_user.username for placement in placements.values()} == {
        "editor@example.org"
    }


def test_a_row_ending_before_it_starts_refuses_everyone_and_says_so_beside_it(editor_client):
    first, late = OfficerFactory(full_name="Anh First"), OfficerFactory(full_name="Vanna Backwards")
    batch = BatchFactory()
    data = rows_of([first, late], batch, **{f"{late.pk}-end_date": "2014-08-01"})
    response = enrol(editor_client, [first, late], apply="Enrol", **data)
    assert response.status_code == 200
    first_row, late_row = response.context["forms"]
    assert first_row.errors == {}
    assert late_row.errors["end_date"] == ["A placement cannot end before it starts."]
    page = response.content.decode()
    late_fieldset = page[page.index(f"<h2>{late_row.heading}</h2>") :]
    assert late_fieldset.index("A placement cannot end before it starts.") < late_fieldset.index("</fieldset>")
    assert f"Nobody was enrolled: correct the placements of {late_row.heading} below." in text_of(response)
    assert Placement.objects.count() == 0


def test_an_officer_already_in_the_batch_is_refused_by_name_and_nobody_enrolled(editor_client):
    placed = PlacementFactory(outcome=PlacementOutcome.COMPLETED, officer__full_name="Chanthy Placed")
    newcomer = OfficerFactory(full_name="New Comer")
    officers = [placed.officer, newcomer]
    response = enrol(editor_client, officers, apply="Enrol", **rows_of(officers, placed.batch))
    assert response.status_code == 200
    placed_row, new_row = response.context["forms"]
    assert placed_row.non_field_errors() == ["This officer already has a placement in this batch."]
    assert new_row.errors == {}
    assert "Nobody was enrolled: correct the placements of Chanthy Placed (Viet Nam) below." in text_of(response)
    assert list(Placement.objects.all()) == [placed]
    assert Placement.objects.get(pk=placed.pk).version == 1


def test_enrolling_without_a_batch_asks_again(editor_client):
    officer = OfficerFactory()
    response = enrol(editor_client, [officer], apply="Next")
    assert response.status_code == 200
    assert response.context["form"].errors["batch"]
    assert "forms" not in response.context
    assert Placement.objects.count() == 0


def test_the_rows_page_reads_as_many_records_for_eight_officers_as_for_two(editor_client):
    batch = BatchFactory()
    counts = []
    for officers in (OfficerFactory.create_batch(2), OfficerFactory.create_batch(8)):
        with CaptureQueriesContext(connection) as queries:
            enrol(editor_client, officers, apply="Next", batch=batch.pk)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_viewer_cannot_enrol(viewer_client):
    officer, batch = OfficerFactory(), BatchFactory()
    listing = viewer_client.get(reverse("admin:officers_officer_changelist"))
    assert "enrol_in_batch" not in dict(listing.context["action_form"].fields["action"].choices)
    for step in ({"index": 0}, {"apply": "Next", "batch": batch.pk}, {"apply": "Enrol", **rows_of([officer], batch)}):
        response = enrol(viewer_client, [officer], follow=True, **step)
        assert "admin/officers/officer/enrol.html" not in [template.name for template in response.templates]
        assert [str(message) for message in response.context["messages"]] == ["No action selected."]
    assert Placement.objects.count() == 0


@pytest.mark.usefixtures("quick_pdfs")
def test_marking_placements_completed_leaves_withdrawn_ones_and_records_the_author(editor_client):
    active = SupervisedPlacementFactory()
    AttachmentReportFactory(placement=active, kind=ReportKind.FINAL, signed_off=True)
    withdrawn = PlacementFactory(outcome=PlacementOutcome.WITHDRAWN)
    response = post_action(editor_client, "placement", "mark_placements_completed", [active, withdrawn], index=0)
    response = editor_client.get(response["Location"])
    page = response.content.decode()
    assert "Marked 1 placement completed and issued its certificate" in page
    assert "Left as they were (already completed or withdrawn)" in page
    active.refresh_from_db()
    assert active.outcome == PlacementOutcome.COMPLETED
    assert active.history.latest().history_user.username == "editor@example.org"
    assert Placement.objects.get(pk=withdrawn.pk).outcome == PlacementOutcome.WITHDRAWN


def test_marking_milestones_checked_records_who_and_when(editor_client, editor):
    milestone = CareerMilestoneFactory()
    post_action(editor_client, "careermilestone", "mark_milestones_checked", [milestone], index=0)
    milestone = CareerMilestone.objects.get(pk=milestone.pk)
    assert milestone.checked_by == editor
    assert milestone.checked_at is not None
    assert milestone.history.latest().history_user == editor


def test_exporting_the_selected_rows_exports_only_those(editor_client):
    chosen, other = OfficerFactory(full_name="Chosen One"), OfficerFactory(full_name="Not Chosen")
    page = post_action(editor_client, "officer", "export_admin_action", [chosen], index=0)
    assert page.status_code == 200
    response = editor_client.post(
        reverse("admin:officers_officer_export"), {"format": "0", "resource": "0", "export_items": [chosen.pk]}
    )
    exported = response.content.decode("utf-8")
    assert "Chosen One" in exported and other.full_name not in exported
    assert exported.splitlines()[0].lstrip("\ufeff").startswith("slug,full_name")
