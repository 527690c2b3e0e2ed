"""What a focal point may not do, done through the pages: each attempt is refused with a message
that says what to do, and nothing is written: the nominations stay as they were, and no document
is left in the private storage."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.versioning import STALE_MESSAGE
from officers.models import CallForNominations, Nomination, NominationState
from officers.tests.factories import OrganisationFactory
from officers.tests.nomination_factories import (
    CallForNominationsFactory,
    FocalPointFactory,
    NominationFactory,
    nomination_form_data,
    pdf_upload,
)
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_point():
    return FocalPointFactory(organisation=OrganisationFactory(name="Ministry of Home Affairs", country="LA"))


@pytest.fixture
def call():
    return CallForNominationsFactory(places={"LA": 2})


@pytest.fixture
def fp_client(focal_point):
    return signed_in_client(focal_point.user)


@pytest.fixture
def private_files(settings):
    """The documents in the private storage now, as a function."""
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return lambda: sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def unchanged(private_files):
    """Asserts, at the end of the test, that no nomination and no stored document changed."""
    state = {}

    def snapshot():
        return list(Nomination.objects.order_by("pk").values()), private_files()

    yield lambda: state.setdefault("before", snapshot())
    assert "before" in state, "the test never took its snapshot"
    assert snapshot() == state["before"]


def new_url(call: CallForNominations) -> str:
    return f"/nominate/calls/{call.pk}/new/"


def page_of(nomination: Nomination) -> str:
    return f"/nominate/nominations/{nomination.pk}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def post_new(client, call, focal_point, **changes):
    data = nomination_form_data(
        organisation=focal_point.organisation, cv=pdf_upload("cv.pdf"), letter=pdf_upload("letter.pdf")
    )
    data.update(changes)
    return client.post(new_url(call), data)


def close(call: CallForNominations) -> None:
    CallForNominations.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(minutes=1)
    )


# --- After the deadline --------------------------------------------------------------------------


def test_a_draft_cannot_be_submitted_after_the_deadline(focal_point, call, fp_client, unchanged):
    draft = NominationFactory(focal_point=focal_point, call=call)
    close(call)
    unchanged()

    response = fp_client.post(f"{page_of(draft)}submit/", follow=True)

    [message] = messages_of(response)
    assert message.startswith("The call closed on ") and "nominations can no longer be added or changed" in message
    assert "Never submitted: the call closed on" in response.content.decode()


def test_after_the_deadline_the_draft_form_is_not_offered_and_edits_are_refused(
    focal_point, call, fp_client, unchanged
):
    draft = NominationFactory(focal_point=focal_point, call=call)
    close(call)
    unchanged()

    assert 'enctype="multipart/form-data"' not in fp_client.get(page_of(draft)).content.decode()
    response = fp_client.post(
        page_of(draft),
        nomination_form_data(organisation=focal_point.organisation, position="Changed", cv=pdf_upload()),
        follow=True,
    )
    [message] = messages_of(response)
    assert message.startswith("This call closed on ") and message.endswith(
        "nominations can no longer be added or changed."
    )


def test_no_new_nomination_after_the_deadline(focal_point, call, fp_client, unchanged):
    close(call)
    unchanged()

    response = post_new(fp_client, call, focal_point)

    assert (response.status_code, response["Location"]) == (302, "/nominate/")
    assert messages_of(fp_client.get("/nominate/"))[0].startswith("This call closed on ")


def test_no_nomination_before_the_call_opens(focal_point, fp_client, unchanged):
    later = CallForNominationsFactory(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=20)
    )
    unchanged()

    response = post_new(fp_client, later, focal_point)

    assert response.status_code == 302
    assert messages_of(fp_client.get("/nominate/"))[0].startswith("This call opens on ")


# --- The same person twice -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "same_person",
    [
        {"email": "KEO.Nominee@example.org"},
        {"full_name": "keo nominee", "email": "another.address@example.org"},
    ],
    ids=["same email", "same name and country"],
)
def test_a_second_nomination_of_the_same_person_to_the_call_is_refused(
    focal_point, call, fp_client, unchanged, same_person
):
    # Nominated already, by another Lao organisation.
    NominationFactory(call=call, full_name="Keo Nominee", email="keo.nominee@example.org", submitted=True)
    unchanged()

    response = post_new(fp_client, call, focal_point, **{"full_name": "Keo Nominee", **same_person})

    assert response.status_code == 200
    [error] = response.context["form"].errors["email"]
    assert "is already nominated to this call: open that nomination instead of adding another." in error


def test_a_withdrawn_nomination_does_not_stop_the_person_being_nominated_again(focal_point, call, fp_client):
    NominationFactory(call=call, email="keo.nominee@example.org", state=NominationState.WITHDRAWN)
    response = post_new(fp_client, call, focal_point, email="keo.nominee@example.org")
    assert response.status_code == 302
    assert Nomination.objects.filter(email="keo.nominee@example.org").count() == 2


# --- Documents that are not acceptable ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (
            lambda: SimpleUploadedFile("cv.pdf", b"This is a Word document really.", content_type="application/pdf"),
            "cv.pdf is not a PDF. Save the document as PDF and upload that file.",
        ),
        (
            lambda: pdf_upload("cv.pdf", password="pw"),
            "cv.pdf is protected by a password. Upload a copy without a password.",
        ),
        (
            lambda: pdf_upload("cv.pdf", pages=10),
            "Save a smaller PDF and upload it again.",
        ),
    ],
    ids=["not a PDF", "encrypted", "too large"],
)
def test_a_document_that_is_not_acceptable_is_refused_beside_its_field(
    focal_point, call, fp_client, unchanged, settings, upload, expected
):
    # A one-page PDF is about 430 bytes, ten pages about 1,500.
    settings.PDF_UPLOAD_MAX_BYTES = 1000
    unchanged()

    response = post_new(fp_client, call, focal_point, cv=upload())

    assert response.status_code == 200
    [error] = response.context["form"].errors["cv"]
    assert error.startswith("cv.pdf is ") and error.endswith(expected)
    page = response.content.decode()
    assert 'aria-describedby="id_cv_helptext id_cv_error"' in page
    assert '<a href="#id_cv">CV: ' in page


def test_a_replacement_that_is_not_a_pdf_leaves_the_stored_draft_as_it_was(focal_point, call, fp_client, unchanged):
    draft = NominationFactory(focal_point=focal_point, call=call)
    unchanged()

    data = nomination_form_data(
        organisation=focal_point.organisation,
        position="Changed",
        cv=SimpleUploadedFile("cv.pdf", b"not a pdf"),
        opened_version=draft.version,
    )
    response = fp_client.post(page_of(draft), data)

    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == [
        "cv.pdf is not a PDF. Save the document as PDF and upload that file."
    ]
    # The page still describes the stored draft, not what was posted.
    assert "Stored: a PDF of 1 page." in response.content.decode()


# --- A nominee from another country --------------------------------------------------------------------


def test_an_organisation_of_another_country_is_refused(focal_point, call, fp_client, unchanged):
    vietnamese = OrganisationFactory(name="Ministry of Foreign Affairs of Viet Nam", country="VN")
    unchanged()

    response = post_new(fp_client, call, focal_point, organisation=vietnamese.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Choose a ministry or agency of Lao PDR: you nominate officers of your own country only."
    ]


# --- Moves the state machine does not allow -------------------------------------------------------------


@pytest.mark.parametrize("decision", [NominationState.SELECTED, NominationState.RESERVE, NominationState.NOT_SELECTED])
def test_a_decided_nomination_cannot_be_withdrawn(focal_point, call, fp_client, unchanged, decision):
    decided = NominationFactory(focal_point=focal_point, call=call, state=decision)
    unchanged()

    response = fp_client.post(f"{page_of(decided)}withdraw/", follow=True)

    assert messages_of(response) == [
        "The Secretariat has already decided on this nomination: write to it to withdraw the nominee."
    ]


def test_a_submitted_nomination_cannot_be_edited(focal_point, call, fp_client, unchanged):
    submitted = NominationFactory(focal_point=focal_point, call=call, submitted=True)
    unchanged()

    response = fp_client.post(
        page_of(submitted),
        nomination_form_data(organisation=focal_point.organisation, position="Changed", cv=pdf_upload()),
        follow=True,
    )

    assert messages_of(response) == ["This nomination is submitted: it can no longer be changed."]


def test_a_submitted_nomination_cannot_be_deleted_or_submitted_again(focal_point, call, fp_client, unchanged):
    submitted = NominationFactory(focal_point=focal_point, call=call, submitted=True)
    unchanged()

    deleted = fp_client.post(f"{page_of(submitted)}delete/", follow=True)
    again = fp_client.post(f"{page_of(submitted)}submit/", follow=True)

    assert messages_of(deleted) == ["Only a draft can be deleted; withdraw a submitted nomination instead."]
    assert messages_of(again) == ["A nomination that is submitted cannot become submitted."]


def test_a_draft_without_its_letter_cannot_be_submitted(focal_point, call, fp_client, unchanged):
    draft = NominationFactory(focal_point=focal_point, call=call, letter=None, letter_pages=None)
    unchanged()

    response = fp_client.post(f"{page_of(draft)}submit/", follow=True)

    assert messages_of(response) == ["Add the nomination letter before submitting."]


def test_a_save_over_a_colleagues_newer_change_is_refused(focal_point, call, fp_client, unchanged):
    draft = NominationFactory(focal_point=focal_point, call=call)
    Nomination.objects.filter(pk=draft.pk).update(version=2, position="Colleague's change")
    unchanged()

    data = nomination_form_data(organisation=focal_point.organisation, position="Mine", opened_version=1)
    response = fp_client.post(page_of(draft), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(STALE_MESSAGE)]
