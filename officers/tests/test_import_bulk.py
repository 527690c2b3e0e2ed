"""Officers' files are read and written in bulk: an import runs the same queries whatever its number of
rows, and every row still gets what a save gave it (history, version, slug, consent, search document,
the stories' sort key), and each bad row its own problem."""

from datetime import date

import pytest
import tablib
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from core.imports.problems import describe_problems
from core.page_cache import GENERATION_KEY
from officers.models import CareerMilestone, GraduateStory, Officer, Placement
from officers.models.people import unique_slug
from officers.resources import CareerMilestoneResource, OfficerResource, PlacementResource
from officers.services.consent import record_signed_consent
from officers.tests.factories import GraduateStoryFactory, OfficerFactory, OrganisationFactory, PlacementFactory

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def run(resource, headers: list[str], rows: list[list], *, user=None, dry_run: bool = False):
    dataset = tablib.Dataset(*rows, headers=headers)
    result = resource.import_data(dataset, dry_run=dry_run, user=user, file_name="sheet.csv")
    return result, [(p.row, p.column, p.reason) for p in describe_problems(result, resource)]


def queries_of(resource, headers: list[str], rows: list[list], *, user) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        _result, problems = run(resource, headers, rows, user=user)
    assert problems == []
    return [query["sql"] for query in captured.captured_queries]


def all_but_inserts(queries: list[str]) -> list[str]:
    # The rows are written in INSERTs of as many rows as the database takes in one statement
    # (SQLite: 999 values, a few dozen rows; PostgreSQL: BATCH_SIZE, 500): every other statement
    # runs once a file.
    return [query for query in queries if not query.startswith("INSERT")]


OFFICER_COLUMNS = ["full_name", "country", "home_organisation", "email", "public_profile_consent"]


def new_officers(count: int, *, first: int = 0) -> list[list]:
    return [
        [f"Person {n}", "VN", "Ministry of Foreign Affairs", f"person.{n}@example.org", "yes"]
        for n in range(first, first + count)
    ]


def test_an_officers_import_runs_the_same_queries_for_10_rows_and_for_200(editor):
    OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
    ten = queries_of(OfficerResource(), OFFICER_COLUMNS, new_officers(10), user=editor)
    many = queries_of(OfficerResource(), OFFICER_COLUMNS, new_officers(200, first=10), user=editor)
    assert len(all_but_inserts(ten)) == len(all_but_inserts(many))
    # Reads: the file's organisations; the officers holding its emails, and its names; every slug;
    # the officers it changes (by slug: none here). Writes: the new officers and their history rows;
    # their versions, read under a lock, then their consent and its history rows (an INSERT that
    # updates). Savepoints: the import's, the columns' check, the end of the file, its write, the
    # work after it. PostgreSQL also puts the id sequence past the new rows and rebuilds the
    # search documents of the officers' stories.
    assert len(ten) == (22 if POSTGRESQL else 20), "\n".join(ten)


def test_a_placements_import_runs_the_same_queries_for_10_rows_and_for_200(editor):
    track = ProgrammeTrackFactory(slug="junior-diplomats")
    BatchFactory(track=track, number=3)
    DivisionFactory(name="Social Welfare Division")
    officers = OfficerFactory.create_batch(211)
    columns = ["officer", "track", "batch", "division", "supervisor"]

    def rows(chosen):
        return [[o.slug, "junior-diplomats", "3", "Social Welfare Division", officers[-1].slug] for o in chosen]

    ten = queries_of(PlacementResource(), columns, rows(officers[:10]), user=editor)
    many = queries_of(PlacementResource(), columns, rows(officers[10:210]), user=editor)
    assert len(all_but_inserts(ten)) == len(all_but_inserts(many))
    # Reads: the officers, batches, divisions and supervisors the file names; the placements it
    # changes. Writes: the new placements and their history rows; the officers' first batch (the
    # stories' order). Savepoints: the import's, the columns' check, the end of the file, its
    # write, the work after it. PostgreSQL also puts the id sequence past the new rows.
    assert len(ten) == (19 if POSTGRESQL else 18), "\n".join(ten)


def admin_import(client, rows: list[list]) -> tuple[list[str], list[str]]:
    """The queries of the admin's two steps, the preview and the confirmed import."""
    content = "\n".join(",".join(row) for row in [OFFICER_COLUMNS, *rows]).encode()
    upload = {"import_file": SimpleUploadedFile("sheet.csv", content), "format": "0", "resource": "0"}
    with CaptureQueriesContext(connection) as previewed:
        form = client.post(reverse("admin:officers_officer_import"), upload).context["confirm_form"]
    with CaptureQueriesContext(connection) as confirmed:
        response = client.post(
            reverse("admin:officers_officer_process_import"),
            {**{name: form[name].value() for name in form.fields}, "confirm": "1"},
        )
    assert response.status_code == 302
    return tuple(all_but_inserts([query["sql"] for query in step.captured_queries]) for step in (previewed, confirmed))


def test_the_admins_preview_and_import_run_the_same_queries_for_10_rows_and_for_100(editor_client):
    OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
    admin_import(editor_client, new_officers(5))  # the content types and permissions, read once a process
    ten = admin_import(editor_client, new_officers(10, first=5))
    hundred = admin_import(editor_client, new_officers(100, first=15))
    # The preview shows the first rows of each kind, each without a query of its own.
    assert [len(queries) for queries in ten] == [len(queries) for queries in hundred]


def test_a_bulk_imported_officer_has_a_history_row_by_the_importer_and_a_slug_of_its_own(editor):
    OfficerFactory(full_name="Keo Sophea", country="KH", slug="keo-sophea")
    rows = [["Keo Sophea", "VN", ""], ["Keo Sophea", "LA", ""], ["Keo Sophea", "MM", ""], ["Chan Dara", "KH", ""]]
    _result, problems = run(OfficerResource(), ["full_name", "country", "email"], rows, user=editor)
    assert problems == []

    imported = Officer.objects.exclude(slug="keo-sophea").order_by("pk")
    assert [officer.slug for officer in imported] == ["keo-sophea-2", "keo-sophea-3", "keo-sophea-4", "chan-dara"]
    for officer in imported:
        [entry] = officer.history.all()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "+",
            editor,
            "Imported from sheet.csv",
        )
        assert (entry.slug, entry.version, officer.version) == (officer.slug, 1, 1)


def test_new_officers_get_the_slugs_saving_them_one_by_one_would_give(editor):
    OfficerFactory(full_name="Keo Sophea", country="KH", slug="keo-sophea")
    OfficerFactory(full_name="Other", slug="keo-sophea-2")
    run(OfficerResource(), ["full_name", "country"], [["Keo Sophea", "VN"]], user=editor)
    assert Officer.objects.get(country="VN", full_name="Keo Sophea").slug == "keo-sophea-3"
    assert unique_slug(Officer, "Keo Sophea") == "keo-sophea-4"


def test_a_slug_an_earlier_row_was_given_is_refused_to_a_later_new_row(editor):
    rows = [["", "Keo Sophea", "KH"], ["keo-sophea", "Another Person", "VN"]]
    _result, problems = run(OfficerResource(), ["slug", "full_name", "country"], rows, user=editor)
    assert problems == [(3, "slug", "Officer with this Slug already exists.")]
    assert not Officer.objects.exists()


def test_an_updated_officer_gets_its_next_version_and_a_history_row_of_the_change(editor):
    officer = OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", position_at_nomination="")
    Officer.objects.filter(pk=officer.pk).update(version=7)
    _result, problems = run(
        OfficerResource(),
        ["slug", "full_name", "country", "position_at_nomination"],
        [["chhy-ratha", "Chhy Ratha", "KH", "Counsellor"]],
        user=editor,
    )
    assert problems == []
    officer.refresh_from_db()
    assert (officer.position_at_nomination, officer.version) == ("Counsellor", 8)
    latest = officer.history.first()
    assert (latest.history_type, latest.history_user, latest.version, latest.position_at_nomination) == (
        "~",
        editor,
        8,
        "Counsellor",
    )


def test_an_update_writes_only_what_the_file_changed(editor):
    officer = OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", phone="+855 1", bio="")

    class ColleagueMeanwhile(OfficerResource):
        def before_save_instance(self, instance, row, **kwargs) -> None:
            super().before_save_instance(instance, row, **kwargs)
            Officer.objects.filter(pk=instance.pk).update(phone="+855 2")  # saved after the file was read

    _result, problems = run(
        ColleagueMeanwhile(),
        ["slug", "full_name", "country", "bio"],
        [["chhy-ratha", "Chhy Ratha", "KH", "Counsellor"]],
    )
    assert problems == []
    assert Officer.objects.values_list("bio", "phone", "version").get(pk=officer.pk) == ("Counsellor", "+855 2", 2)


def test_a_row_that_changes_nothing_is_unchanged_and_writes_nothing(editor):
    officer = OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", bio="Counsellor")
    result, problems = run(
        OfficerResource(),
        ["slug", "full_name", "country", "bio"],
        [["chhy-ratha", "Chhy Ratha", "Cambodia", "Counsellor"]],
    )
    assert problems == []
    assert [row.import_type for row in result.rows] == ["skip"]
    assert (Officer.objects.get(pk=officer.pk).version, officer.history.count()) == (1, 1)


def test_a_new_officers_consent_from_the_sheet_is_recorded_as_the_consent_service_records_it(editor):
    _result, problems = run(
        OfficerResource(),
        ["full_name", "country", "public_profile_consent", "consent_form_signed_on"],
        [["Keo Sophea", "KH", "yes", "2026-01-05"]],
        user=editor,
    )
    assert problems == []
    imported = Officer.objects.get(full_name="Keo Sophea")
    created, recorded = imported.history.order_by("history_date", "history_id")
    assert (created.history_type, created.history_user, created.public_profile_consent, created.version) == (
        "+",
        editor,
        False,
        1,
    )
    by_service = OfficerFactory(full_name="By Service", country="KH", public_profile_consent=False)
    record_signed_consent(
        officer=by_service, form_reference="Spreadsheet sheet.csv, row 2", signed_on=date(2026, 1, 5), by=editor
    )
    by_service = Officer.objects.get(pk=by_service.pk)
    recorded_by_service = by_service.history.first()
    fields = [*Officer.CONSENT_FIELDS, "version"]
    assert [getattr(imported, name) for name in fields] == [getattr(by_service, name) for name in fields]
    assert [getattr(recorded, name) for name in ("history_type", "history_user", "history_change_reason")] == [
        getattr(recorded_by_service, name) for name in ("history_type", "history_user", "history_change_reason")
    ]
    assert (recorded.public_profile_consent, recorded.consent_form_signed_on) == (True, date(2026, 1, 5))


def test_a_recorded_officers_signed_form_is_recorded_by_the_consent_service(editor):
    officer = OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", public_profile_consent=False)
    run(
        OfficerResource(),
        ["slug", "full_name", "country", "public_profile_consent", "consent_form_reference", "consent_form_signed_on"],
        [["chhy-ratha", "Chhy Ratha", "KH", "yes", "CF-2026-001", "2026-01-05"]],
        user=editor,
    )
    officer.refresh_from_db()
    assert (officer.public_profile_consent, officer.consent_form_reference, officer.consent_recorded_by) == (
        True,
        "CF-2026-001",
        editor,
    )
    assert officer.history.first().history_change_reason == "Signed consent form CF-2026-001 recorded"


def test_an_email_an_earlier_row_took_is_refused_naming_that_officer(editor):
    rows = [["Keo Sophea", "KH", "same@example.org"], ["Chan Dara", "KH", "Same@Example.org"]]
    _result, problems = run(OfficerResource(), ["full_name", "country", "email"], rows, user=editor)
    assert problems == [(3, "email", "Keo Sophea (keo-sophea) already has this email address.")]


def test_an_email_given_up_by_an_earlier_row_may_be_taken_by_a_later_one(editor):
    OfficerFactory(slug="chhy-ratha", full_name="Chhy Ratha", country="KH", email="shared@example.org")
    rows = [["chhy-ratha", "Chhy Ratha", "KH", "new@example.org"], ["", "Chan Dara", "KH", "shared@example.org"]]
    _result, problems = run(OfficerResource(), ["slug", "full_name", "country", "email"], rows, user=editor)
    assert problems == []
    assert Officer.objects.get(email="shared@example.org").full_name == "Chan Dara"


def test_a_namesake_an_earlier_row_added_under_its_own_slug_is_refused_without_one(editor):
    rows = [["keo-sophea-kh", "Keo Sophea", "KH"], ["", "keo sophea", "KH"]]
    _result, problems = run(OfficerResource(), ["slug", "full_name", "country"], rows, user=editor)
    [(row, column, reason)] = problems
    assert (row, column) == (3, "full_name")
    assert "already recorded" in reason and "keo-sophea-kh" in reason


def test_a_placement_ending_before_it_starts_is_named_by_row_though_the_database_refused_the_write(editor):
    track = ProgrammeTrackFactory(slug="junior-diplomats")
    BatchFactory(track=track, number=3)
    first, second = OfficerFactory(slug="first"), OfficerFactory(slug="second")
    rows = [
        [first.slug, "junior-diplomats", "3", "2019-06-01", "2019-12-01"],
        [second.slug, "junior-diplomats", "3", "2019-06-01", "2019-01-01"],
    ]
    result, problems = run(PlacementResource(), ["officer", "track", "batch", "start_date", "end_date"], rows)
    assert problems == [(3, "end_date", "A placement cannot end before it starts.")]
    assert (result.totals["new"], result.totals["invalid"]) == (1, 1)
    assert not Placement.objects.exists()


def test_imported_placements_bring_their_officers_first_batch_up_to_date(editor):
    batch = BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=3, start_date=date(2014, 8, 1))
    officer = OfficerFactory(slug="ratha")
    run(PlacementResource(), ["officer", "track", "batch"], [["ratha", "junior-diplomats", "3"]], user=editor)
    officer.refresh_from_db()
    assert officer.first_batch_start == batch.start_date
    assert Placement.objects.get().history.get().history_user == editor


def test_imported_milestones_find_their_organisation_by_the_officers_country(editor):
    OfficerFactory(slug="ratha", country="KH")
    OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
    cambodian = OrganisationFactory(name="Ministry of Foreign Affairs", country="KH")
    rows = [["ratha", f"Post {n}", "Ministry of Foreign Affairs", f"201{n}", "officer"] for n in range(3)]
    _result, problems = run(CareerMilestoneResource(), ["officer", "title", "organisation", "date", "source"], rows)
    assert problems == []
    assert {milestone.organisation for milestone in CareerMilestone.objects.all()} == {cambodian}


@pytest.mark.skipif(not POSTGRESQL, reason="search documents are stored on PostgreSQL only")
def test_a_renamed_officers_stories_are_found_by_the_new_name(editor):
    story = GraduateStoryFactory(
        officer=PlacementFactory(officer__full_name="Chhy Ratha", officer__slug="ratha").officer
    )
    run(OfficerResource(), ["slug", "full_name", "country"], [["ratha", "Sokunthea Mao", "VN"]], user=editor)
    stories = GraduateStory.objects.filter(pk=story.pk)
    assert stories.filter(search_document=SearchQuery("Sokunthea", config="english")).exists()
    assert not stories.filter(search_document=SearchQuery("Ratha", config="english")).exists()


def test_written_rows_make_the_cached_public_pages_stale_once_committed(editor, django_capture_on_commit_callbacks):
    cache.set(GENERATION_KEY, 1, timeout=None)
    with django_capture_on_commit_callbacks(execute=True):
        run(OfficerResource(), ["full_name", "country"], [["Keo Sophea", "KH"]], user=editor)
    assert cache.get(GENERATION_KEY) > 1


def test_a_preview_writes_nothing_and_shows_the_new_rows_as_they_would_be(editor):
    result, problems = run(OfficerResource(), ["full_name", "country"], [["Keo Sophea", "KH"]], dry_run=True)
    assert problems == [] and not Officer.objects.exists()
    [row] = result.valid_rows()
    shown = dict(zip(result.diff_headers, row.diff, strict=True))
    assert "keo-sophea" in shown["slug"] and "Keo Sophea" in shown["full_name"]
