"""The sample files in samples/ import, in CSV and in XLSX, through the admin's preview and
confirm steps, onto the seeded programme; the importing staff member is the history author."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batches.models import Batch
from officers.models import CareerMilestone, Officer, Placement

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "samples"
# The import form offers the formats in this order (after an empty choice).
FORMAT_INDEX = {"csv": "0", "xlsx": "1"}
# (admin URL prefix, sample file name), in the order they depend on each other.
STEPS = [
    ("batches_batch", "batches"),
    ("officers_officer", "officers"),
    ("officers_placement", "placements"),
    ("officers_careermilestone", "career_milestones"),
]


def preview(client, prefix: str, name: str, content: bytes, file_format: str):
    return client.post(
        reverse(f"admin:{prefix}_import"),
        {"import_file": SimpleUploadedFile(name, content), "format": FORMAT_INDEX[file_format], "resource": "0"},
    )


def confirm(client, prefix: str, previewed):
    form = previewed.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse(f"admin:{prefix}_process_import"), {**data, "confirm": "1"}, follow=True)


def import_file(client, prefix: str, path: Path, file_format: str):
    previewed = preview(client, prefix, path.name, path.read_bytes(), file_format)
    assert previewed.status_code == 200
    assert previewed.context.get("confirm_form") is not None, [
        (p.row, p.column, p.reason) for p in previewed.context.get("problems", [])
    ]
    return confirm(client, prefix, previewed)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_sample_file_imports_onto_the_seeded_programme(seeded, editor_client, file_format):
    before = {
        "batches": Batch.objects.count(),
        "officers": Officer.objects.count(),
        "placements": Placement.objects.count(),
        "milestones": CareerMilestone.objects.count(),
    }
    for prefix, name in STEPS:
        response = import_file(editor_client, prefix, SAMPLES / f"{name}.{file_format}", file_format)
        assert "Import finished: 3 new" in response.content.decode(), name

    assert Batch.objects.count() == before["batches"] + 3
    assert Officer.objects.count() == before["officers"] + 3
    assert Placement.objects.count() == before["placements"] + 3
    assert CareerMilestone.objects.count() == before["milestones"] + 3

    batch = Batch.objects.get(track__slug="junior-diplomats", number=17)
    assert (batch.start_display, batch.status_label) == ("October 2020", "Ongoing")
    vongsa = Officer.objects.get(slug="vongsa-phommachanh-sample")
    assert (vongsa.country, vongsa.home_organisation.country, vongsa.public_profile_consent) == ("LA", "LA", True)
    assert Placement.objects.get(officer=vongsa).supervisor.slug == "ekkaphab-phanthavong"
    milestone = CareerMilestone.objects.get(officer__slug="keo-sophea-sample")
    assert milestone.date_display == "June 2021"
    assert milestone.history.get().history_user.username == "editor@example.org"


def test_the_preview_writes_nothing(seeded, editor_client):
    path = SAMPLES / "batches.csv"
    previewed = preview(editor_client, "batches_batch", path.name, path.read_bytes(), "csv")
    assert [row.import_type for row in previewed.context["result"].rows] == ["new", "new", "new"]
    assert not Batch.objects.filter(number__in=[17, 18]).exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(seeded, editor_client):
    path = SAMPLES / "batches.csv"
    import_file(editor_client, "batches_batch", path, "csv")
    versions = dict(Batch.objects.values_list("pk", "version"))
    response = import_file(editor_client, "batches_batch", path, "csv")
    assert "Import finished: 0 new, 0 updated, 0 deleted and 3 skipped" in response.content.decode()
    assert dict(Batch.objects.values_list("pk", "version")) == versions


def test_an_export_imports_back_unchanged(seeded, editor_client):
    exported = editor_client.post(reverse("admin:officers_careermilestone_export"), {"format": "1", "resource": "0"})
    assert exported.status_code == 200
    previewed = preview(editor_client, "officers_careermilestone", "milestones.xlsx", exported.content, "xlsx")
    result = previewed.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
