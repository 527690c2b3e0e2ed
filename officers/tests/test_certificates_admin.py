"""Certificates in the admin: a read-only list and record, the PDF for editors and viewers, revoking
with a reason for editors only, and nothing at all for Communications."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from officers.models import Certificate
from officers.services.certificates import revoke_certificate
from officers.tests.admin_reading import counted, has_save_button, heading, object_tools
from officers.tests.factories import OfficerFactory, PlacementFactory
from officers.tests.test_certificates import issued_certificate, quick_pdfs  # noqa: F401  (a fixture)
from officers.tests.test_certificates_my import certificates_of
from tests.budgets import RECORD_COUNTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdfs")]

LIST = reverse("admin:officers_certificate_changelist")


@pytest.fixture
def certificate(editor):
    return issued_certificate(by=editor, officer=OfficerFactory(full_name="Chhy Ratha"))


def pdf_of(certificate: Certificate) -> str:
    return reverse("admin:officers_certificate_pdf", args=[certificate.pk])


def revoke(client, certificates, **extra):
    data = {"action": "revoke_certificates", "_selected_action": [c.pk for c in certificates], **extra}
    return client.post(LIST, data, follow=True)


def test_the_list_shows_number_officer_batch_issue_and_revocation(editor_client, certificate):
    response = editor_client.get(LIST)
    page = response.content.decode()
    for fact in [certificate.number, "Chhy Ratha", certificate.placement.batch.label, pdf_of(certificate)]:
        assert fact in page, fact
    assert counted(1, Certificate._meta) in page
    assert "Add certificate" not in object_tools(response)


def test_a_certificate_is_read_only_and_never_deleted(editor_client, certificate):
    change = reverse("admin:officers_certificate_change", args=[certificate.pk])
    form = editor_client.get(change)
    assert heading(form) == "View certificate"
    assert not has_save_button(form)
    assert certificate.verification_code in form.content.decode()
    assert editor_client.post(change, {"revoked_on": "2020-01-01"}).status_code == 403
    delete = reverse("admin:officers_certificate_delete", args=[certificate.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert editor_client.get(reverse("admin:officers_certificate_add")).status_code == 403
    assert Certificate.objects.get(pk=certificate.pk).version == certificate.version


def test_a_revocation_cannot_be_reverted_from_the_history(editor_client, editor, certificate):
    issued = certificate.history.get()
    revoke_certificate(certificate=certificate, reason="Issued by mistake.", by=editor)
    revert = reverse("admin:officers_certificate_simple_history", args=[certificate.pk, issued.history_id])
    assert editor_client.get(revert).status_code == 200, "the old version may be read"
    assert editor_client.post(revert).status_code == 403
    assert Certificate.objects.get(pk=certificate.pk).is_revoked


@pytest.mark.parametrize("client_fixture", ["editor_client", "viewer_client"])
def test_editors_and_viewers_download_the_pdf(request, client_fixture, certificate):
    response = request.getfixturevalue(client_fixture).get(pdf_of(certificate))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.number}.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_communications_sees_nothing_of_certificates(communications_client, certificate):
    assert communications_client.get(LIST).status_code == 403
    assert communications_client.get(pdf_of(certificate)).status_code == 403
    change = reverse("admin:officers_certificate_change", args=[certificate.pk])
    assert communications_client.get(change).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(certificate):
    response = Client().get(pdf_of(certificate))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_revoking_asks_why_and_refuses_without_a_reason(editor_client, certificate):
    page = revoke(editor_client, [certificate], index=0)
    assert page.templates[0].name == "certificates/admin_revoke.html"
    assert certificate.number in page.content.decode()
    page = revoke(editor_client, [certificate], apply="Revoke", reason=" ")
    assert page.context["form"].errors["reason"]
    assert Certificate.objects.get(pk=certificate.pk).revoked_on is None


def test_revoking_records_the_day_and_the_reason(editor_client, editor, certificate):
    page = revoke(editor_client, [certificate], apply="Revoke", reason="Issued to the wrong officer.")
    assert f"Revoked 1 certificate: {certificate.number}." in page.content.decode()
    certificate.refresh_from_db()
    assert (certificate.revoked_on, certificate.revocation_reason) == (date.today(), "Issued to the wrong officer.")
    assert certificate.history.latest().history_user == editor
    again = revoke(editor_client, [certificate], apply="Revoke", reason="Again.")
    assert f"Already revoked, left as they were: {certificate.number}." in again.content.decode()


def test_viewers_are_offered_no_revoking_and_cannot_revoke(viewer_client, certificate):
    # Revoking is the list's only action: a viewer has no action menu at all.
    assert viewer_client.get(LIST).context["action_form"] is None
    revoke(viewer_client, [certificate], apply="Revoke", reason="No.")
    assert Certificate.objects.get(pk=certificate.pk).revoked_on is None


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_list_reads_the_same_queries_however_many_certificates(editor_client, django_assert_num_queries, records):
    certificates_of(PlacementFactory().officer, records)
    # Session and user; the user's permissions (groups'); the track filter's tracks; the count and
    # the full count; the page of certificates with officer, batch and track.
    with django_assert_num_queries(2 + 2 + 1 + 2 + 1):
        response = editor_client.get(LIST)
    assert response.status_code == 200
