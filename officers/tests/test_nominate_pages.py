"""A focal point's pages: the calls open to their country and their organisation's nominations; a
draft created, edited, submitted, withdrawn and deleted through the pages as a person would; the
documents downloaded; and each page's query count, which does not grow with the nominations."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from officers.models import Nomination, NominationState
from officers.tests.factories import OrganisationFactory
from officers.tests.nomination_factories import (
    CallForNominationsFactory,
    FocalPointFactory,
    NominationFactory,
    nomination_form_data,
    pdf_upload,
)
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.html_audit import audit

pytestmark = pytest.mark.django_db

HOME = "/nominate/"
# 10:00 UTC is 17:00 in Jakarta.
CLOSES = datetime(2030, 3, 31, 10, 0, tzinfo=UTC)
CLOSES_IN_JAKARTA = "31 March 2030, 17:00 (Jakarta time)"


@pytest.fixture
def focal_point():
    return FocalPointFactory(
        full_name="Khamla Focal", organisation=OrganisationFactory(name="Ministry of Foreign Affairs", country="LA")
    )


@pytest.fixture
def call():
    return CallForNominationsFactory(places={"LA": 2, "KH": 1}, closes_at=CLOSES)


@pytest.fixture
def fp_client(focal_point):
    return signed_in_client(focal_point.user)


def nomination_of(focal_point, call, **fields) -> Nomination:
    return NominationFactory(focal_point=focal_point, call=call, **fields)


def page_of(nomination: Nomination) -> str:
    return f"/nominate/nominations/{nomination.pk}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_each_open_call_with_what_it_asks(call, fp_client):
    response = fp_client.get(HOME)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = response.content.decode()
    for text in (
        call.batch.label,
        call.batch.track.name,
        CLOSES_IN_JAKARTA,
        call.eligibility,
        call.documents_required,
        call.message,
    ):
        assert text in page, text
    assert "Places for your country</dt><dd>2</dd>" in page
    assert f'href="/nominate/calls/{call.pk}/new/"' in page


def test_home_leaves_out_calls_not_open_to_the_country(focal_point, fp_client):
    now = timezone.now()
    not_for_laos = CallForNominationsFactory(places={"KH": 2})
    no_places = CallForNominationsFactory(places={"LA": 0})
    closed = CallForNominationsFactory(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    not_yet = CallForNominationsFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=30))

    page = fp_client.get(HOME).content.decode()

    for hidden in (not_for_laos, no_places, closed, not_yet):
        assert f"/nominate/calls/{hidden.pk}/new/" not in page
    assert "No call for nominations is open to Lao PDR at the moment." in page
    assert "Your organisation has not nominated anyone yet." in page


def test_home_lists_the_organisations_nominations_by_call_with_what_comes_next(focal_point, call, fp_client):
    colleague = FocalPointFactory(organisation=focal_point.organisation)
    nomination_of(focal_point, call, full_name="Draft Without Letter", letter=None, letter_pages=None)
    nomination_of(colleague, call, full_name="Submitted By Colleague", submitted=True)
    nomination_of(focal_point, call, full_name="Chosen Nominee", state=NominationState.SELECTED)
    now = timezone.now()
    closed_call = CallForNominationsFactory(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    nomination_of(focal_point, closed_call, full_name="Earlier Nominee", submitted=True)
    NominationFactory(call=call, full_name="Other Ministry Nominee")

    page = fp_client.get(HOME).content.decode()

    assert f"Draft: add the nomination letter, then submit before {CLOSES_IN_JAKARTA}." in page
    assert "Submitted By Colleague" in page
    assert "Awaiting the Secretariat&#x27;s decision." in page
    assert "Selected. The Secretariat will write to the nominee" in page
    assert "Earlier Nominee" in page and "Closed on" in page
    # The open call's group comes before the closed one's.
    assert page.index("Chosen Nominee") < page.index("Earlier Nominee")
    assert f"/nominate/calls/{closed_call.pk}/new/" not in page
    assert "Other Ministry Nominee" not in page


def test_the_site_header_offers_nominations_and_sign_out(fp_client):
    page = fp_client.get(HOME).content.decode()
    assert '<a href="/nominate/" aria-current="page">Nominations</a>' in page
    assert '<a href="/" aria-current="page">Home</a>' not in page
    assert "Sign out" in page
    assert "My placement" not in page


def test_the_pages_are_private_to_browsers_and_absent_from_the_sitemap(focal_point, call, fp_client, client):
    nomination = nomination_of(focal_point, call)
    for path in (HOME, f"/nominate/calls/{call.pk}/new/", page_of(nomination)):
        cache_control = fp_client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, path
    # The sitemap's section of pages that are no record's (public/sitemaps.py), where these would be.
    sitemap = client.get("/sitemap-pages.xml")
    assert sitemap.status_code == 200
    assert b"/nominate/" not in sitemap.content


def test_pages_run_no_inline_script_or_style(focal_point, call, fp_client):
    draft = nomination_of(focal_point, call)
    submitted = nomination_of(focal_point, call, submitted=True)
    for path in (HOME, f"/nominate/calls/{call.pk}/new/", page_of(draft), page_of(submitted)):
        response = fp_client.get(path)
        assert response.status_code == 200, path
        assert audit(response.content.decode()) == ([], []), path


# --- A draft, from new to submitted ------------------------------------------------------------


def test_focal_point_saves_a_new_draft_with_its_documents(focal_point, call, fp_client):
    data = nomination_form_data(
        organisation=focal_point.organisation, cv=pdf_upload("cv.pdf", pages=2), letter=pdf_upload("letter.pdf")
    )

    response = fp_client.post(f"/nominate/calls/{call.pk}/new/", data)

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(nomination)
    assert (nomination.state, nomination.call, nomination.focal_point) == (NominationState.DRAFT, call, focal_point)
    assert (nomination.nominating_organisation, nomination.country) == (focal_point.organisation, "LA")
    assert (nomination.full_name, nomination.cv_pages, nomination.letter_pages) == ("Souk Nominee", 2, 1)
    assert nomination.cv.name.startswith("nomination-documents/") and nomination.cv.storage.exists(nomination.cv.name)
    assert nomination.history.latest().history_user == focal_point.user
    assert messages_of(fp_client.get(response["Location"])) == [
        "Draft saved. When it is complete, submit it to the Secretariat."
    ]


def test_the_form_offers_the_organisations_of_the_focal_points_country_only(focal_point, call, fp_client):
    other_lao = OrganisationFactory(name="Ministry of Planning", country="LA")
    vietnamese = OrganisationFactory(name="Vietnamese Ministry", country="VN")

    form = fp_client.get(f"/nominate/calls/{call.pk}/new/").context["form"]

    assert set(form.fields["organisation"].queryset) == {focal_point.organisation, other_lao}
    assert vietnamese not in form.fields["organisation"].queryset
    assert form["organisation"].value() == focal_point.organisation.pk


def test_date_of_birth_is_asked_only_when_the_call_asks_for_it(focal_point, call, fp_client):
    assert 'name="date_of_birth"' not in fp_client.get(f"/nominate/calls/{call.pk}/new/").content.decode()
    asking = CallForNominationsFactory(asks_date_of_birth=True)
    url = f"/nominate/calls/{asking.pk}/new/"
    assert 'name="date_of_birth"' in fp_client.get(url).content.decode()

    refused = fp_client.post(url, nomination_form_data(organisation=focal_point.organisation))
    assert refused.status_code == 200
    assert refused.context["form"].errors["date_of_birth"] == ["This call asks for the nominee's date of birth."]
    assert not Nomination.objects.exists()

    fp_client.post(url, nomination_form_data(organisation=focal_point.organisation, date_of_birth="1994-05-17"))
    assert Nomination.objects.get().date_of_birth == date(1994, 5, 17)


def test_the_draft_page_shows_what_is_stored_and_a_document_can_be_replaced(
    focal_point, call, fp_client, django_capture_on_commit_callbacks
):
    draft = nomination_of(focal_point, call, full_name="Souk Nominee", email="souk.nominee@example.org")
    old_cv = draft.cv.name
    storage = draft.cv.storage

    page = fp_client.get(page_of(draft)).content.decode()
    assert "Stored: a PDF of 1 page. Choose another PDF only to replace it." in page
    assert f'href="/nominate/nominations/{draft.pk}/documents/cv/"' in page

    data = nomination_form_data(
        organisation=focal_point.organisation, position="Counsellor", cv=pdf_upload(pages=3), opened_version=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = fp_client.post(page_of(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.position, draft.cv_pages, draft.letter_pages) == ("Counsellor", 3, 1)
    assert draft.cv.name != old_cv
    # The replaced CV is personal data nothing points at any more: it is gone from storage.
    assert storage.exists(draft.cv.name) and not storage.exists(old_cv)


def test_a_complete_draft_is_submitted_then_read_only(focal_point, call, fp_client):
    draft = nomination_of(focal_point, call)

    response = fp_client.post(f"{page_of(draft)}submit/", follow=True)

    draft.refresh_from_db()
    assert draft.state == NominationState.SUBMITTED and draft.submitted_at is not None
    assert messages_of(response) == [f"{draft.full_name}'s nomination is submitted to the Secretariat."]
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' not in page
    assert f'action="/nominate/nominations/{draft.pk}/withdraw/"' in page
    assert "Awaiting the Secretariat&#x27;s decision." in page


def test_a_submitted_nomination_is_withdrawn(focal_point, call, fp_client):
    submitted = nomination_of(focal_point, call, submitted=True)

    response = fp_client.post(f"{page_of(submitted)}withdraw/", follow=True)

    submitted.refresh_from_db()
    assert submitted.state == NominationState.WITHDRAWN
    assert messages_of(response) == [f"{submitted.full_name}'s nomination is withdrawn."]
    assert "Withdrawn by your organisation" in response.content.decode()
    assert "/withdraw/" not in response.content.decode()


def test_a_draft_is_deleted_with_its_documents(focal_point, call, fp_client, django_capture_on_commit_callbacks):
    draft = nomination_of(focal_point, call)
    storage, files = draft.cv.storage, [draft.cv.name, draft.letter.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = fp_client.post(f"{page_of(draft)}delete/")

    assert response.status_code == 302 and response["Location"] == HOME
    assert not Nomination.objects.exists()
    assert not any(storage.exists(name) for name in files)


def test_a_decided_nomination_shows_the_decision_and_offers_nothing_to_do(focal_point, call, fp_client):
    reserve = nomination_of(focal_point, call, state=NominationState.RESERVE, decided_at=timezone.now())

    page = fp_client.get(page_of(reserve)).content.decode()

    assert "On the reserve list: if a place becomes free, the Secretariat will tell you." in page
    assert "/withdraw/" not in page and "/submit/" not in page and "/delete/" not in page


# --- Documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cv", "letter"])
def test_a_document_downloads_as_an_attachment_no_one_keeps(focal_point, call, fp_client, name):
    nomination = nomination_of(focal_point, call, full_name="Souk Nominee")

    response = fp_client.get(f"{page_of(nomination)}documents/{name}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="souk-nominee-{name}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_missing_or_unknown_document_is_404(focal_point, call, fp_client):
    nomination = nomination_of(focal_point, call, letter=None, letter_pages=None)
    assert fp_client.get(f"{page_of(nomination)}documents/letter/").status_code == 404
    assert fp_client.get(f"{page_of(nomination)}documents/photo/").status_code == 404


# --- Query budgets -----------------------------------------------------------------------------

SESSION_AND_USER = 2  # the session, the signed-in user
FOCAL_POINT = 1  # the focal point linked to the login, with their organisation
OPEN_CALLS = 2  # the calls open to the country, with batch and track; their places
NOMINATIONS = 2  # the organisation's nominations, with call, batch, track and organisation; the calls' places
NOMINATION = 2  # the nomination, with its call, batch, track and organisation; the call's places
ORGANISATIONS = 1  # the choices of organisation in the focal point's country


def nominations_without_documents(records: int, **fields) -> None:
    """Many nominations, quickly: their documents play no part in what the pages read."""
    NominationFactory.create_batch(records, cv=None, cv_pages=None, letter=None, letter_pages=None, **fields)


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_home_query_count_does_not_grow(focal_point, call, fp_client, django_assert_num_queries, records):
    nominations_without_documents(records, focal_point=focal_point, call=call)
    CallForNominationsFactory.create_batch(3)
    with django_assert_num_queries(SESSION_AND_USER + FOCAL_POINT + OPEN_CALLS + NOMINATIONS):
        response = fp_client.get(HOME)
    assert len(response.context["groups"][0].rows) == records
    assert len(response.context["open_calls"]) == 4


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_draft_page_query_count_does_not_grow(focal_point, call, fp_client, django_assert_num_queries, records):
    draft = nomination_of(focal_point, call)
    nominations_without_documents(records, focal_point=focal_point, call=call)
    OrganisationFactory.create_batch(records, country="LA")
    with django_assert_num_queries(SESSION_AND_USER + FOCAL_POINT + NOMINATION + ORGANISATIONS):
        response = fp_client.get(page_of(draft))
    assert response.context["form"].instance == draft


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_submitted_page_query_count_does_not_grow(focal_point, call, fp_client, django_assert_num_queries, records):
    submitted = nomination_of(focal_point, call, submitted=True)
    nominations_without_documents(records, focal_point=focal_point, call=call, submitted=True)
    with django_assert_num_queries(SESSION_AND_USER + FOCAL_POINT + NOMINATION):
        response = fp_client.get(page_of(submitted))
    assert response.context["nomination"] == submitted


def test_a_focal_point_signing_in_lands_on_their_nominations(fp_client):
    # Sign-in sends everyone to /my/; a focal point has no officer record there.
    response = fp_client.get("/my/")
    assert response.status_code == 302 and response["Location"] == HOME
