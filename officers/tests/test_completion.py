"""Completing placements: only once the final report is signed off, or with an editor's reason kept
in the history; each completion issues its certificate in the same transaction, and a certificate
that cannot be drawn completes nothing. Through the service and through the admin action."""

import pytest
from django.urls import reverse

from officers.certificate_pdf import CertificateRenderError
from officers.models import Certificate, Placement, PlacementOutcome, ReportKind
from officers.services import certificates as certificate_services
from officers.services.enrolment import CompletionRefused, complete_placements
from officers.tests.attachment_factories import AttachmentReportFactory, SupervisedPlacementFactory
from officers.tests.factories import PlacementFactory
from officers.tests.test_certificates import SITE, quick_pdfs, stored_pdfs  # noqa: F401  (quick_pdfs: a fixture)

# Every certificate here is a blank PDF, unless a test draws its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdfs")]


def with_final_report(**report_fields) -> Placement:
    placement = SupervisedPlacementFactory()
    AttachmentReportFactory(placement=placement, kind=ReportKind.FINAL, **report_fields)
    return placement


def outcome_of(placement: Placement) -> str:
    return Placement.objects.get(pk=placement.pk).outcome


@pytest.mark.parametrize(
    "final_report", [None, {}, {"submitted": True}, {"returned": True}], ids=["none", "due", "submitted", "returned"]
)
def test_completion_is_refused_without_a_signed_off_final_report(editor, final_report):
    placement = SupervisedPlacementFactory() if final_report is None else with_final_report(**final_report)
    with pytest.raises(CompletionRefused, match="is not signed off") as refused:
        complete_placements(placements=[placement], by=editor, site_url=SITE)
    assert refused.value.placements == [placement]
    assert outcome_of(placement) == PlacementOutcome.ACTIVE
    assert not Certificate.objects.exists()


def test_a_signed_off_mid_term_report_is_not_enough(editor):
    placement = with_final_report()
    AttachmentReportFactory(placement=placement, kind=ReportKind.MID_TERM, signed_off=True)
    with pytest.raises(CompletionRefused):
        complete_placements(placements=[placement], by=editor, site_url=SITE)


def test_one_placement_without_sign_off_stops_the_others_too(editor):
    ready, not_ready = with_final_report(signed_off=True), with_final_report(submitted=True)
    with pytest.raises(CompletionRefused) as refused:
        complete_placements(placements=[ready, not_ready], by=editor, site_url=SITE)
    assert refused.value.placements == [not_ready]
    assert outcome_of(ready) == outcome_of(not_ready) == PlacementOutcome.ACTIVE


def test_a_signed_off_final_report_completes_and_issues_the_certificate(editor):
    placement = with_final_report(signed_off=True)
    assert complete_placements(placements=[placement], by=editor, site_url=SITE) == [placement]
    assert outcome_of(placement) == PlacementOutcome.COMPLETED
    entry = placement.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (editor, "Marked completed (final report signed off)")
    assert Certificate.objects.get(placement=placement).issued_by == editor


def test_an_editors_reason_completes_without_sign_off_and_stays_in_the_history(editor):
    ready, not_ready = with_final_report(signed_off=True), SupervisedPlacementFactory(notes="Arrived late.")
    reason = "The supervisor left the Secretariat; the Director read the report. " * 10
    changed = complete_placements(placements=[ready, not_ready], by=editor, site_url=SITE, reason=f"  {reason} ")
    assert set(changed) == {ready, not_ready}
    note = f"Marked completed without a signed-off final report: {reason.strip()}"
    latest = not_ready.history.latest()
    assert latest.notes == f"Arrived late.\n\n{note}", "the whole reason, in the version the history keeps"
    # The history's note of the change holds 100 characters.
    assert latest.history_change_reason == note[:99] + "…"
    assert (latest.history_user, latest.outcome) == (editor, PlacementOutcome.COMPLETED)
    assert ready.history.latest().history_change_reason == "Marked completed (final report signed off)"
    assert Placement.objects.get(pk=ready.pk).notes == ""
    assert Certificate.objects.filter(placement__in=[ready, not_ready]).count() == 2


def test_a_blank_reason_is_no_reason(editor):
    placement = SupervisedPlacementFactory()
    with pytest.raises(CompletionRefused):
        complete_placements(placements=[placement], by=editor, site_url=SITE, reason="   ")


def test_completed_and_withdrawn_placements_are_left_alone(editor):
    completed = PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    withdrawn = PlacementFactory(outcome=PlacementOutcome.WITHDRAWN)
    assert complete_placements(placements=[completed, withdrawn], by=editor, site_url=SITE) == []
    assert (completed.version, withdrawn.version) == (1, 1)
    assert not Certificate.objects.exists()


def test_a_certificate_that_cannot_be_drawn_completes_nothing_and_leaves_no_file(editor, monkeypatch):
    first, second = with_final_report(signed_off=True), with_final_report(signed_off=True)
    drawn = []

    def draw(certificate, verify_url):
        if drawn:
            raise CertificateRenderError("The font is missing.")
        drawn.append(certificate)
        return b"%PDF-1.7 drawn"

    monkeypatch.setattr(certificate_services, "render_certificate_pdf", draw)
    before = stored_pdfs()
    with pytest.raises(CertificateRenderError):
        complete_placements(placements=[first, second], by=editor, site_url=SITE)
    assert outcome_of(first) == outcome_of(second) == PlacementOutcome.ACTIVE
    assert not Certificate.objects.exists()
    assert len(drawn) == 1 and stored_pdfs() == before


# --- The admin action ------------------------------------------------------------------------


def run_completion(client, placements, **extra):
    data = {"action": "mark_placements_completed", "_selected_action": [p.pk for p in placements], **extra}
    return client.post(reverse("admin:officers_placement_changelist"), data, follow=True)


def test_the_action_completes_signed_off_placements_at_once_and_names_the_certificates(editor_client):
    placement = with_final_report(signed_off=True)
    page = run_completion(editor_client, [placement], index=0).content.decode()
    number = Certificate.objects.get(placement=placement).number
    assert f"Marked 1 placement completed and issued its certificate: {number}." in page
    assert outcome_of(placement) == PlacementOutcome.COMPLETED


def test_the_action_asks_why_for_placements_without_sign_off(editor_client):
    ready, not_ready = with_final_report(signed_off=True), with_final_report(submitted=True)
    response = run_completion(editor_client, [ready, not_ready], index=0)
    assert response.templates[0].name == "certificates/admin_completion.html"
    page = response.content.decode()
    assert str(not_ready) in page and "Submitted" in page
    assert str(ready) not in page
    assert "The other selected placement is completed as usual" in page
    assert outcome_of(ready) == outcome_of(not_ready) == PlacementOutcome.ACTIVE


def test_the_action_refuses_to_go_on_without_a_reason(editor_client):
    placement = SupervisedPlacementFactory()
    response = run_completion(editor_client, [placement], apply="Complete", reason="")
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert outcome_of(placement) == PlacementOutcome.ACTIVE
    assert not Certificate.objects.exists()


def test_the_action_completes_with_the_reason_in_the_history(editor_client, editor):
    placement = SupervisedPlacementFactory()
    page = run_completion(editor_client, [placement], apply="Complete", reason="Report signed on paper.")
    assert "Marked 1 placement completed and issued its certificate" in page.content.decode()
    entry = placement.history.latest()
    assert entry.history_change_reason == "Marked completed without a signed-off final report: Report signed on paper."
    assert entry.history_user == editor
    assert entry.notes == "Marked completed without a signed-off final report: Report signed on paper."


def test_the_action_says_so_when_a_certificate_cannot_be_drawn(editor_client, monkeypatch, caplog):
    placement = with_final_report(signed_off=True)

    def fail(certificate, verify_url):
        raise CertificateRenderError("The font is missing.")

    monkeypatch.setattr(certificate_services, "render_certificate_pdf", fail)
    page = run_completion(editor_client, [placement], index=0).content.decode()
    assert "Nothing was completed: The font is missing." in page
    assert outcome_of(placement) == PlacementOutcome.ACTIVE
    assert "a certificate could not be made" in caplog.text, "the operators are told too"


def test_the_action_on_placements_already_completed_says_it_left_them(editor_client):
    placement = PlacementFactory(outcome=PlacementOutcome.COMPLETED)
    page = run_completion(editor_client, [placement], index=0).content.decode()
    assert "Left as they were (already completed or withdrawn)" in page
    assert "Marked 0" not in page


def test_the_certificate_prints_the_address_the_editor_used(editor_client, monkeypatch):
    addresses = []
    monkeypatch.setattr(
        certificate_services,
        "render_certificate_pdf",
        lambda certificate, verify_url: addresses.append(verify_url) or b"%PDF-1.7",
    )
    placement = with_final_report(signed_off=True)
    run_completion(editor_client, [placement], index=0)
    code = Certificate.objects.get(placement=placement).verification_code
    assert addresses == [f"http://testserver/verify/{code}/"]
