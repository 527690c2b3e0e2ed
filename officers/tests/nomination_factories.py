"""Factories for calls for nominations, focal points and nominations, and the small PDFs they carry.

By default: a call open now (it opened a week ago and closes in two weeks) with two places for Lao
PDR; a focal point with a login, in a Lao organisation; a draft nomination by that focal point, with
a one-page CV and letter stored in the private storage.
"""

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from batches.tests.factories import BatchFactory
from officers.models import CallForNominations, CallPlaces, FocalPoint, Nomination, NominationState
from officers.tests.factories import OrganisationFactory, UserFactory


def pdf_bytes(pages: int = 1, *, password: str | None = None) -> bytes:
    """A real PDF of blank pages; encrypted when given a password."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "document.pdf", pages: int = 1, *, password: str | None = None) -> SimpleUploadedFile:
    """A PDF as a browser uploads it."""
    return SimpleUploadedFile(name, pdf_bytes(pages, password=password), content_type="application/pdf")


class CallForNominationsFactory(factory.django.DjangoModelFactory):
    """A call taking nominations now. `places` maps countries to places: `places={"LA": 2, "KH": 1}`."""

    class Meta:
        model = CallForNominations
        skip_postgeneration_save = True

    batch = factory.SubFactory(BatchFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    eligibility = "Officers of a ministry or agency, under 35, with working English."
    documents_required = "A CV and a nomination letter signed by the head of the organisation."
    message = "Please nominate up to two officers."

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create:
            for country, places in (extracted if extracted is not None else {"LA": 2}).items():
                CallPlacesFactory(call=self, country=country, places=places)


class CallPlacesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallPlaces

    call = factory.SubFactory(CallForNominationsFactory, places={})
    country = "LA"
    places = 2


class FocalPointFactory(factory.django.DjangoModelFactory):
    """The focal point of a Lao ministry, with a login (username = email)."""

    class Meta:
        model = FocalPoint

    full_name = factory.Sequence(lambda n: f"Focal Point {n}")
    email = factory.Sequence(lambda n: f"focal{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory, country="LA")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..email"))


class NominationFactory(factory.django.DjangoModelFactory):
    """A draft by the focal point's organisation, with a one-page CV and letter."""

    class Meta:
        model = Nomination

    call = factory.SubFactory(CallForNominationsFactory)
    focal_point = factory.SubFactory(FocalPointFactory)
    nominating_organisation = factory.SelfAttribute("focal_point.organisation")
    country = factory.SelfAttribute("focal_point.organisation.country")
    organisation = factory.SelfAttribute("nominating_organisation")
    full_name = factory.Sequence(lambda n: f"Nominee Name {n}")
    gender = "female"
    position = "Third Secretary"
    email = factory.Sequence(lambda n: f"nominee{n}@example.org")
    languages = "Lao, English"
    cv = factory.django.FileField(filename="cv.pdf", from_func=lambda: io.BytesIO(pdf_bytes()))
    cv_pages = 1
    letter = factory.django.FileField(filename="letter.pdf", from_func=lambda: io.BytesIO(pdf_bytes()))
    letter_pages = 1
    state = NominationState.DRAFT

    class Params:
        submitted = factory.Trait(state=NominationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))


def nomination_form_data(**changes) -> dict:
    """What the focal point's nomination form posts for a complete nominee (add `organisation`, and
    `cv` and `letter` uploads, as the test needs)."""
    data = {
        "full_name": "Souk Nominee",
        "name_in_own_script": "",
        "honorific": "Ms.",
        "gender": "female",
        "position": "Second Secretary",
        "email": "souk.nominee@example.org",
        "languages": "Lao, English",
    }
    data.update(changes)
    return {key: getattr(value, "pk", value) for key, value in data.items()}
