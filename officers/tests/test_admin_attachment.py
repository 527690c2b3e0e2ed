"""The attachment year in the Secretariat's workspace: supervisors and their invitations; reports and
objectives read by editors and viewers, never changed there (not even through an old version's page),
filtered by track, batch, division, state and overdue, and exported; nothing of it for Communications;
and query counts that do not grow with the rows."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from batches.tests.factories import BatchFactory, DivisionFactory, ProgrammeTrackFactory
from officers.models import AttachmentReport, ReportKind, Supervisor
from officers.services.attachment import save_report, submit_report
from officers.tests.admin_reading import has_save_button
from officers.tests.attachment_factories import (
    AttachmentReportFactory,
    PlacementObjectivesFactory,
    SupervisedPlacementFactory,
    SupervisorFactory,
)
from officers.tests.factories import OfficerFactory, OrganisationFactory, UserFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.html_audit import audit

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session, the signed-in user
PERMISSIONS = 2  # the user's own permissions, their groups' permissions
COUNTS = 2  # rows matching the filters, rows in all
MODELS = ["attachmentreport", "placementobjectives", "supervisor"]


def url_of(model: str, page: str, *args) -> str:
    return reverse(f"admin:officers_{model}_{page}", args=args)


def messages_of(response) -> list[str]:
    return [strip_tags(str(message)) for message in response.context["messages"]]


@pytest.fixture
def report():
    """A submitted mid-term report whose officer wrote a draft of it first, on their own page."""
    report = AttachmentReportFactory(
        placement__officer__full_name="Souk Officer", placement__officer__email="souk@x.la"
    )
    officer = report.placement.officer
    save_report(report=report, officer=officer, fields={"work_done": "Written on my page."})
    return submit_report(report=report, officer=officer)


# --- Who may open what


def pages_of(model: str, record) -> dict[str, str]:
    oldest = record.history.earliest()
    return {
        "changelist": url_of(model, "changelist"),
        "add": url_of(model, "add"),
        "change": url_of(model, "change", record.pk),
        "history": url_of(model, "history", record.pk),
        "old version": url_of(model, "simple_history", record.pk, oldest.history_id),
    }


@pytest.mark.parametrize("model", MODELS)
def test_editors_and_viewers_read_communications_sees_nothing(request, model, report):
    record = {
        "attachmentreport": report,
        "placementobjectives": PlacementObjectivesFactory(placement=report.placement),
        "supervisor": report.placement.supervised_by,
    }[model]
    supervisors_added_by_editors = 200 if model == "supervisor" else 403
    expected = {
        "editor_client": {"changelist": 200, "add": supervisors_added_by_editors, "change": 200, "history": 200},
        "viewer_client": {"changelist": 200, "add": 403, "change": 200, "history": 200},
        "communications_client": {"changelist": 403, "add": 403, "change": 403, "history": 403},
    }
    for client_fixture, statuses in expected.items():
        client = request.getfixturevalue(client_fixture)
        pages = pages_of(model, record)
        got = {page: client.get(pages[page]).status_code for page in statuses}
        assert got == statuses, client_fixture
        assert client.get(pages["old version"]).status_code == statuses["history"], client_fixture


def test_communications_sees_no_link_to_the_attachment_year(communications_client, editor_client):
    for client, shown in ((communications_client, False), (editor_client, True)):
        links = set(re.findall(r'href="([^"]+)"', client.get(reverse("admin:index")).content.decode()))
        for model in MODELS:
            assert (url_of(model, "changelist") in links) is shown, model


@pytest.mark.parametrize("client_fixture", ["editor_client", "viewer_client"])
@pytest.mark.parametrize("model", ["attachmentreport", "placementobjectives"])
def test_reports_and_objectives_are_read_only_even_through_an_old_version(request, client_fixture, model, report):
    client = request.getfixturevalue(client_fixture)
    record = report if model == "attachmentreport" else PlacementObjectivesFactory(placement=report.placement)
    before = type(record).objects.values().get(pk=record.pk)
    pages = pages_of(model, record)
    response = client.get(pages["change"])
    assert not has_save_button(response)
    assert "Written on my page." in response.content.decode() or model != "attachmentreport"
    forged = {"work_done": "Changed by staff.", "text": "Changed by staff.", "state": "signed_off"}
    assert client.post(pages["change"], forged).status_code == 403
    assert client.post(pages["old version"], forged).status_code == 403
    assert client.post(url_of(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert type(record).objects.values().get(pk=record.pk) == before


def test_a_viewer_reads_the_history_without_the_officers_login(viewer_client, editor_client, report):
    login = report.placement.officer.user.username
    assert login in editor_client.get(url_of("attachmentreport", "history", report.pk)).content.decode()
    page = viewer_client.get(url_of("attachmentreport", "history", report.pk)).content.decode()
    assert login not in page
    assert "a portal user" in page


# --- The reports list


def test_the_reports_list_filters_by_track_batch_division_state_and_overdue(editor_client):
    today = timezone.localdate()
    track = ProgrammeTrackFactory(slug="aec-ascc")
    batch = BatchFactory(track=track)
    division = DivisionFactory(name="Trade Facilitation Division")
    late = SupervisedPlacementFactory(
        batch=batch, division=division, start_date=today - timedelta(days=200), end_date=today - timedelta(days=2)
    )
    overdue = AttachmentReportFactory(placement=late)
    submitted = AttachmentReportFactory(placement__batch=batch, submitted=True)
    elsewhere = AttachmentReportFactory(kind=ReportKind.FINAL)

    def listed(**filters) -> set[AttachmentReport]:
        response = editor_client.get(url_of("attachmentreport", "changelist"), filters)
        assert response.status_code == 200, filters
        return set(response.context["cl"].result_list)

    assert listed() == {overdue, submitted, elsewhere}
    assert listed(track="aec-ascc") == {overdue, submitted}
    assert listed(batch=batch.pk) == {overdue, submitted}
    assert listed(placement__division__id__exact=division.pk) == {overdue}
    assert listed(state__exact="submitted") == {submitted}
    assert listed(overdue="yes") == {overdue}
    assert listed(overdue="no") == {submitted, elsewhere}
    assert listed(kind__exact="final") == {elsewhere}


def export(client, reports=(), **filters):
    """Export the chosen reports, or with none chosen every report the filters find ("Select all")."""
    data = {"action": "export_reports", "index": 0, "_selected_action": [r.pk for r in reports] or ["0"]}
    if not reports:
        data["select_across"] = "1"
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return client.post(f"{url_of('attachmentreport', 'changelist')}?{query}", data)


def test_the_filtered_reports_are_exported_whole_and_formulas_stay_text(viewer_client, report):
    AttachmentReportFactory(submitted=True, learned='=HYPERLINK("http://x.example")')
    AttachmentReportFactory(signed_off=True)
    response = export(viewer_client, state__exact="submitted")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="attachment-reports-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["State"] for row in rows] == ["Submitted", "Submitted"]
    souk = next(row for row in rows if row["Officer"] == "Souk Officer")
    assert souk["Work done"] == "Written on my page."
    assert souk["Supervisor"] == str(report.placement.supervised_by)
    assert souk["Due"] == report.due_on.isoformat()
    assert any(row["What I learned"] == '\'=HYPERLINK("http://x.example")' for row in rows)
    assert "souk@x.la" not in response.content.decode()


def test_communications_cannot_export(communications_client, report):
    assert export(communications_client, [report]).status_code == 403


# --- Supervisors


def test_a_viewer_sees_supervisors_without_their_email_or_login(viewer_client, editor_client):
    supervisor = SupervisorFactory(email="mya@asean.example.org")
    for client, shown in ((editor_client, True), (viewer_client, False)):
        for page in (url_of("supervisor", "changelist"), url_of("supervisor", "change", supervisor.pk)):
            assert ("mya@asean.example.org" in client.get(page).content.decode()) is shown
    assert viewer_client.get(url_of("supervisor", "changelist"), {"q": "mya@"}).context["cl"].result_count == 0
    assert viewer_client.get(url_of("supervisor", "changelist"), {"email__icontains": "mya"}).status_code == 400


def invite(client, supervisors):
    data = {"action": "invite_selected_supervisors", "_selected_action": [s.pk for s in supervisors], "index": 0}
    return client.post(url_of("supervisor", "changelist"), data)


def test_inviting_supervisors_reports_each_one(editor_client, django_capture_on_commit_callbacks):
    ready = SupervisorFactory(full_name="Ready Supervisor", email="Ready@ASEAN.example.org", user=None)
    staff_login = UserFactory(username="colleague@asean.example.org", is_staff=True)
    clash = SupervisorFactory(full_name="Clash Supervisor", email=staff_login.username, user=None)
    officer_login = OfficerFactory(full_name="Other Officer", user=UserFactory(username="o@x.la")).user
    taken = SupervisorFactory(full_name="Taken Supervisor", email=officer_login.username, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(editor_client, [ready, clash, taken])
    assert messages_of(editor_client.get(response["Location"])) == [
        "Clash Supervisor: not invited. colleague@asean.example.org is a staff login: a superuser links it to "
        "the supervisor's record by hand, and its owner resets their own password.",
        "Ready Supervisor: invitation sent to ready@asean.example.org.",
        "Taken Supervisor: not invited. o@x.la is already the login of an officer, Other Officer.",
    ]
    [invitation] = mail.outbox
    assert invitation.to == ["ready@asean.example.org"]
    assert "/accounts/reset/" in invitation.body and "agree their objectives" in invitation.body
    ready.refresh_from_db()
    assert ready.user.username == "ready@asean.example.org"


def test_inviting_again_sends_a_fresh_link_to_the_same_login(editor_client, django_capture_on_commit_callbacks):
    supervisor = SupervisorFactory(user=None)
    with django_capture_on_commit_callbacks(execute=True):
        invite(editor_client, [supervisor])
        invite(editor_client, [supervisor])
    assert Supervisor.objects.get(pk=supervisor.pk).user.username == supervisor.email
    assert UserFactory._meta.model.objects.filter(username=supervisor.email).count() == 1
    assert len(mail.outbox) == 2


def test_a_former_officer_keeps_their_own_login_as_supervisor(editor_client):
    officer = OfficerFactory(email="former@asean.example.org", user=UserFactory(username="former@asean.example.org"))
    supervisor = SupervisorFactory(email="former@asean.example.org", officer=officer, user=None)
    invite(editor_client, [supervisor])
    assert Supervisor.objects.get(pk=supervisor.pk).user == officer.user


def test_a_viewer_cannot_invite(viewer_client):
    supervisor = SupervisorFactory(user=None)
    assert invite(viewer_client, [supervisor]).status_code == 403
    assert Supervisor.objects.get(pk=supervisor.pk).user is None
    assert mail.outbox == []


def test_only_a_superuser_links_a_login_by_hand(editor_client):
    supervisor = SupervisorFactory()
    page = editor_client.get(url_of("supervisor", "change", supervisor.pk)).content.decode()
    assert 'name="user"' not in page and 'name="email"' in page
    superuser = signed_in_client(UserFactory(username="root@example.org", is_staff=True, is_superuser=True))
    assert 'name="user"' in superuser.get(url_of("supervisor", "change", supervisor.pk)).content.decode()


def test_the_pages_run_no_inline_script_or_style(editor_client, report):
    for model, record in (("attachmentreport", report), ("supervisor", report.placement.supervised_by)):
        for page in (url_of(model, "changelist"), url_of(model, "change", record.pk)):
            assert audit(editor_client.get(page).content.decode()) == ([], []), page


# --- Query counts


def many_reports(rows: int) -> None:
    """Half as many placements as `rows` (at least one) in four batches and two divisions, each with
    both reports and objectives."""
    batches = [BatchFactory(track=ProgrammeTrackFactory(slug=f"track-{n % 2}")) for n in range(4)]
    divisions = DivisionFactory.create_batch(2)
    organisation = OrganisationFactory()
    supervisor = SupervisorFactory()
    for n in range(max(rows // 2, 1)):
        placement = SupervisedPlacementFactory(
            batch=batches[n % 4],
            division=divisions[n % 2],
            supervised_by=supervisor,
            officer__user=None,
            officer__home_organisation=organisation,
        )
        AttachmentReportFactory(placement=placement, submitted=True)
        AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL)
        PlacementObjectivesFactory(placement=placement)


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_reports_list_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    many_reports(rows)
    filters = 2  # the tracks; the divisions reports are in
    page = 1  # the page with each report's officer, batch, track and division
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page):
        response = editor_client.get(url_of("attachmentreport", "changelist"), {"overdue": "no"})
    assert len(response.context["cl"].result_list) == min(
        AttachmentReport.objects.count(), response.context["cl"].list_per_page
    )


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_objectives_list_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    many_reports(rows)
    filters = 1  # the tracks
    page = 1  # the page with each officer, batch and track
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + filters + COUNTS + page):
        response = editor_client.get(url_of("placementobjectives", "changelist"))
    assert len(response.context["cl"].result_list) == min(max(rows // 2, 1), response.context["cl"].list_per_page)


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_supervisors_list_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    for n in range(rows):
        SupervisorFactory(officer=OfficerFactory(home_organisation=None) if n % 5 == 0 else None)
    many_reports(4)
    page = 1  # the page with logins, officer records and each one's placements counted
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + COUNTS + page):
        response = editor_client.get(url_of("supervisor", "changelist"))
    assert len(response.context["cl"].result_list) == min(rows + 1, response.context["cl"].list_per_page)


@pytest.mark.parametrize("rows", RECORD_COUNTS)
def test_the_export_query_count_does_not_grow(editor_client, django_assert_num_queries, rows):
    many_reports(rows)
    listed = 2 + COUNTS  # the list the action is posted to: its filters' tracks and divisions, its counts
    chosen = 2  # the action reads the list's filters again to find the rows chosen
    # the reports chosen, with their officers, batches, tracks, divisions, supervisors and who signed them off
    exported = 1
    with django_assert_num_queries(SESSION_AND_USER + PERMISSIONS + listed + chosen + exported):
        response = export(editor_client)
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == AttachmentReport.objects.count() + 1
