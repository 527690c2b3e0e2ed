"""/take-part/: how nominations work, who nominates in each country, where to write; and the same
contact addresses in one line on an officer's own page and the password pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batches.models import ProgrammeTrack
from batches.tests.conftest import changeform_data
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import OfficerFactory, OrganisationFactory, PlacementFactory, UserFactory
from officers.tests.nomination_factories import FocalPointFactory
from public.tests.test_html import check
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client
from tests.reading import text_of

pytestmark = pytest.mark.django_db

URL = "/take-part/"


def test_explains_how_a_nomination_goes_from_the_call_to_the_certificate(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = text_of(response)
    assert "There is no application by individuals" in page
    for step in ("A call for nominations.", "The nominating focal point.", "Nominating.", "Selection."):
        assert step in page
    assert "a CV and a nomination letter as PDF files" in page
    assert "selected, reserve or not selected" in page
    assert '<a href="/verify/">check online</a>' in response.content.decode()
    assert check(response.content.decode()).problems == []


class TestWhoNominates:
    def test_the_organisations_with_a_focal_point_under_their_country(self, client):
        FocalPointFactory(organisation=OrganisationFactory(name="Ministry of Foreign Affairs", country="LA"))
        FocalPointFactory(organisation=OrganisationFactory(name="Ministry of Commerce", country="KH"))
        OrganisationFactory(name="Ministry Without A Focal Point", country="VN")
        page = text_of(client.get(URL))
        assert "Cambodia Ministry of Commerce Lao PDR Ministry of Foreign Affairs Myanmar" in page
        assert "Ministry Without A Focal Point" not in page
        assert page.count("No nominating organisation is recorded yet") == 2

    def test_an_organisation_with_two_focal_points_is_named_once(self, client):
        ministry = OrganisationFactory(name="Ministry of Foreign Affairs", country="VN")
        FocalPointFactory.create_batch(2, organisation=ministry)
        assert text_of(client.get(URL)).count("Ministry of Foreign Affairs") == 1

    def test_never_a_focal_points_name_email_or_login(self, client):
        focal_point = FocalPointFactory(full_name="Khamla Focal", email="khamla.focal@example.org")
        content = client.get(URL).content.decode()
        assert focal_point.organisation.name in content
        for private in ("Khamla Focal", "khamla.focal@example.org", focal_point.user.username):
            assert private not in content


class TestContactAddresses:
    def test_each_track_shows_its_address_or_says_it_has_none(self, client):
        ProgrammeTrackFactory(name="Attachment Programme for Junior Diplomats", contact_email="jd@asean.example.org")
        ProgrammeTrackFactory(name="Attachment Programme for AEC and ASCC Involvement", first_year=2013)
        response = client.get(URL)
        content, page = response.content.decode(), text_of(response)
        assert '<a href="mailto:jd@asean.example.org">jd@asean.example.org</a>' in content
        assert (
            "Attachment Programme for AEC and ASCC Involvement "
            "No contact address is published for this track yet." in page
        )

    def test_an_editor_sets_the_address_in_the_admin_and_the_page_shows_it(
        self, client, editor_client, django_capture_on_commit_callbacks
    ):
        track = ProgrammeTrackFactory(short_name="Junior Diplomats")
        assert "jd@asean.example.org" not in client.get(URL).content.decode()
        url = reverse("admin:batches_programmetrack_change", args=[track.pk])
        data = changeform_data(editor_client.get(url))
        data["contact_email"] = "jd@asean.example.org"
        with django_capture_on_commit_callbacks(execute=True):
            assert editor_client.post(url, data).status_code == 302
        assert ProgrammeTrack.objects.get(pk=track.pk).contact_email == "jd@asean.example.org"
        assert '<a href="mailto:jd@asean.example.org">' in client.get(URL).content.decode()

    def test_an_address_that_is_not_one_is_refused_and_nothing_is_saved(self, editor_client):
        track = ProgrammeTrackFactory()
        url = reverse("admin:batches_programmetrack_change", args=[track.pk])
        data = changeform_data(editor_client.get(url))
        data["contact_email"] = "not an address"
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert "Enter a valid email address." in text_of(response)
        assert ProgrammeTrack.objects.get(pk=track.pk).contact_email == ""


class TestTheContactLine:
    def test_the_password_pages_name_every_tracks_address(self, client):
        ProgrammeTrackFactory(short_name="Junior Diplomats", contact_email="jd@asean.example.org")
        ProgrammeTrackFactory(short_name="AEC and ASCC", contact_email="aec@asean.example.org", first_year=2013)
        for path in ("/accounts/password_reset/", "/accounts/password_reset/done/"):
            response = client.get(path)
            assert (
                "Questions? Write to the Secretariat: jd@asean.example.org (Junior Diplomats), "
                "aec@asean.example.org (AEC and ASCC)" in text_of(response)
            ), path
            assert '<a href="mailto:aec@asean.example.org">' in response.content.decode()

    def test_one_address_for_every_track_is_named_once(self, client):
        ProgrammeTrackFactory(contact_email="asec@asean.example.org")
        ProgrammeTrackFactory(contact_email="asec@asean.example.org")
        page = text_of(client.get("/accounts/password_reset/"))
        assert "Questions? Write to the Secretariat: asec@asean.example.org" in page
        assert page.count("asec@asean.example.org") == 1

    def test_the_password_change_page_has_it_too(self, client):
        ProgrammeTrackFactory(contact_email="asec@asean.example.org")
        page = text_of(signed_in_client(UserFactory()).get("/accounts/password_change/"))
        assert "Questions? Write to the Secretariat: asec@asean.example.org" in page

    def test_an_officers_own_page_names_the_address_of_their_track_only(self):
        mine = ProgrammeTrackFactory(contact_email="mine@asean.example.org")
        ProgrammeTrackFactory(contact_email="other@asean.example.org")
        officer = OfficerFactory(user=UserFactory())
        PlacementFactory(officer=officer, batch=BatchFactory(track=mine))
        page = text_of(signed_in_client(officer.user).get("/my/"))
        assert "Questions? Write to the Secretariat: mine@asean.example.org" in page
        assert "other@asean.example.org" not in page

    def test_an_officers_own_page_reads_the_address_from_the_placements_it_shows(self):
        track = ProgrammeTrackFactory()
        officer = OfficerFactory(user=UserFactory())
        PlacementFactory(officer=officer, batch=BatchFactory(track=track))
        client = signed_in_client(officer.user)
        with CaptureQueriesContext(connection) as without_address:
            client.get("/my/")
        ProgrammeTrack.objects.filter(pk=track.pk).update(contact_email="asec@asean.example.org")
        with CaptureQueriesContext(connection) as with_address:
            assert "asec@asean.example.org" in client.get("/my/").content.decode()
        assert len(with_address) == len(without_address)

    def test_without_an_address_there_is_no_line(self, client):
        ProgrammeTrackFactory()
        assert "Questions?" not in text_of(client.get("/accounts/password_reset/"))


def test_is_linked_from_the_footer_of_every_page(client):
    assert '<a href="/take-part/">How to take part</a>' in client.get("/stories/").content.decode()


def test_is_served_from_the_cache_the_second_time_until_a_track_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    track = ProgrammeTrackFactory()
    first = client.get(URL)
    with django_assert_num_queries(0):
        assert client.get(URL).content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        track.contact_email = "new@asean.example.org"
        track.save()
    assert "new@asean.example.org" in client.get(URL).content.decode()


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_query_count_does_not_grow_with_the_focal_points(client, django_assert_num_queries, records):
    ProgrammeTrackFactory.create_batch(3, contact_email="asec@asean.example.org")
    for country in ("KH", "LA", "MM", "VN"):
        FocalPointFactory.create_batch(records // 4, organisation__country=country)
    # the tracks with their contact addresses, the organisations with a focal point
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert sum(len(found) for _country, found in response.context["nominating_countries"]) == records // 4 * 4
