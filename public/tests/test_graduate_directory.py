"""/graduates/: the directory of consenting graduates, its filters and pagination."""

import re

import pytest
from django.core.cache import cache as locmem_cache

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import Officer
from officers.models.careers import MilestoneSource
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, PlacementFactory
from public.tests.test_html import check
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db

SEEDED_NAMES = ["Chhy Ratha", "Ekkaphab Phanthavong", "Hoang Quoc Trung", "Htet Htet Htoo"]


def names(response) -> list[str]:
    return [officer.full_name for officer in response.context["graduates"]]


def test_lists_every_seeded_graduate_by_name_with_country_track_batch_and_position(client, seeded):
    response = client.get("/graduates/")
    assert response.status_code == 200
    assert names(response) == SEEDED_NAMES
    page = text_of(response)
    assert "4 graduates" in page
    assert (
        "Mr. Hoang Quoc Trung Viet Nam Junior Diplomats, 13th Batch, 2014-2015 "
        "Now: Consul, for the term 2019-2021, Consulate General of Viet Nam in Osaka"
    ) in page
    content = response.content.decode()
    assert '<a href="/graduates/hoang-quoc-trung/">Mr. Hoang Quoc Trung</a>' in content
    assert '<a href="/countries/vn/">Viet Nam</a>' in content
    assert '<a href="/programme/junior-diplomats/13/">Junior Diplomats, 13th Batch, 2014-2015</a>' in content
    assert check(content).problems == []


def test_filters_by_country_in_either_case(client, seeded):
    assert names(client.get("/graduates/?country=VN")) == ["Hoang Quoc Trung"]
    response = client.get("/graduates/?country=kh")
    assert names(response) == ["Chhy Ratha"]
    # The select shows the country chosen, whichever case the address used.
    assert '<option value="KH" selected>Cambodia</option>' in response.content.decode()


def test_filters_by_track_and_batch_and_they_combine(client, seeded):
    assert names(client.get("/graduates/?track=aec-ascc")) == ["Chhy Ratha", "Htet Htet Htoo"]
    assert names(client.get("/graduates/?track=aec-ascc&batch=3")) == ["Htet Htet Htoo"]
    assert names(client.get("/graduates/?track=junior-diplomats&country=LA")) == ["Ekkaphab Phanthavong"]
    assert names(client.get("/graduates/?batch=13")) == ["Hoang Quoc Trung"]


def test_the_batch_filter_offers_the_chosen_tracks_batches(client, seeded):
    content = client.get("/graduates/?track=aec-ascc").content.decode()
    batch_select = re.search(r'<select name="batch".*?</select>', content, re.S).group()
    assert '<option value="3">3rd Batch, 2016-2017</option>' in batch_select
    assert 'value="13"' not in batch_select
    # Without a track, every number some track has, matching that batch of any track.
    every = re.search(r'<select name="batch".*?</select>', client.get("/graduates/").content.decode(), re.S).group()
    assert '<option value="13">13th Batch</option>' in every


def test_a_batch_counts_its_graduates_not_those_still_attending_or_withdrawn(client):
    batch = BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=20)
    PlacementFactory(batch=batch, officer=OfficerFactory(full_name="Graduated"))
    for outcome in ("active", "withdrawn"):
        earlier = PlacementFactory(officer=OfficerFactory(full_name=f"Earlier graduate, now {outcome}"))
        PlacementFactory(batch=batch, officer=earlier.officer, outcome=outcome)
    assert names(client.get("/graduates/?track=junior-diplomats&batch=20")) == ["Graduated"]


@pytest.mark.parametrize(
    ("query", "kept", "explanation"),
    [
        ("country=FR", '<option value="FR" selected>FR</option>', "There is no country “FR” in the programme"),
        (
            "track=no-such-track",
            '<option value="no-such-track" selected>no-such-track</option>',
            "There is no programme track called “no-such-track”",
        ),
        ("batch=thirteen", '<option value="thirteen" selected>thirteen</option>', "A batch is given by its number"),
        (
            "track=aec-ascc&batch=13",
            '<option value="13" selected>13</option>',
            "The AEC and ASCC Involvement track has no batch numbered “13”.",
        ),
        ("batch=99", '<option value="99" selected>99</option>', "No programme track has a batch numbered “99”."),
    ],
)
def test_an_invalid_filter_value_stays_in_its_field_with_a_message_under_the_filters(
    client, seeded, query, kept, explanation
):
    response = client.get(f"/graduates/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    content = response.content.decode()
    assert kept in content
    form = content[content.index('<form class="filters') : content.index("</form>")]
    errors = form[form.index('<div class="filters__errors">') :]
    assert explanation in text_of_html(errors)
    # The field in error points at its message, after the row of filters.
    field = re.search(r'<select name="(\w+)"[^>]*aria-invalid="true"[^>]*>', form)
    assert f'aria-describedby="id_{field.group(1)}_error"' in field.group()
    assert f'id="id_{field.group(1)}_error"' in errors
    page = text_of(response)
    assert "No graduates can match these filters" in page
    assert "Clear the filters and show every graduate" in page
    assert check(content).problems == []


def text_of_html(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_an_empty_result_says_so_and_offers_to_remove_each_filter(client, seeded):
    response = client.get("/graduates/?country=LA&track=aec-ascc")
    assert names(response) == []
    page = text_of(response)
    assert "0 graduates match" in page
    assert "No graduate with a public profile matches all of these filters. Try removing one:" in page
    content = response.content.decode()
    assert '<a href="/graduates/?track=aec-ascc">Remove the country: Lao PDR</a>' in content
    assert '<a href="/graduates/?country=LA">Remove the track: AEC and ASCC Involvement</a>' in content
    assert "Remove the batch" not in page
    assert '<a href="/graduates/">Clear the filters and show every graduate</a>' in content


def test_with_no_public_graduate_the_page_says_so(client):
    PlacementFactory(officer=OfficerFactory(public_profile_consent=False))
    response = client.get("/graduates/")
    assert response.status_code == 200
    assert "No graduate has a public profile yet." in text_of(response)


class TestPagination:
    @pytest.fixture
    def thirty_graduates(self):
        batch = BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=1)
        for number in range(1, 31):
            PlacementFactory(batch=batch, officer=OfficerFactory(full_name=f"Graduate {number:02d}"))

    def test_twenty_four_a_page_with_links_that_keep_the_filters(self, client, thirty_graduates):
        first = client.get("/graduates/?country=VN")
        assert names(first) == [f"Graduate {n:02d}" for n in range(1, 25)]
        assert 'href="?country=VN&amp;page=2"' in first.content.decode()
        second = client.get("/graduates/?country=VN&page=2")
        assert names(second) == [f"Graduate {n:02d}" for n in range(25, 31)]
        assert "Page 2 of 2" in text_of(second)

    @pytest.mark.parametrize(("page", "shown"), [("9", 2), ("99999999999999999999", 2), ("abc", 1), ("", 1)])
    def test_a_page_past_the_end_shows_the_last_and_a_page_that_is_not_a_number_the_first(
        self, client, thirty_graduates, page, shown
    ):
        response = client.get(f"/graduates/?page={page}")
        assert response.status_code == 200
        assert f"Page {shown} of 2" in text_of(response)


class TestOnlyConsentingGraduatesAreListed:
    def test_officers_without_consent_or_without_graduating_are_never_listed(self, client):
        batch = BatchFactory(number=1)
        PlacementFactory(batch=batch, officer=OfficerFactory(full_name="Public Graduate"))
        PlacementFactory(
            batch=batch, officer=OfficerFactory(full_name="Private Graduate", public_profile_consent=False)
        )
        PlacementFactory(batch=batch, officer=OfficerFactory(full_name="Current Officer"), outcome="active")
        PlacementFactory(batch=batch, officer=OfficerFactory(full_name="Withdrawn Officer"), outcome="withdrawn")
        assert names(client.get("/graduates/")) == ["Public Graduate"]
        for url in ("/graduates/?country=VN", "/graduates/?batch=1", "/graduates/?page=2"):
            content = client.get(url).content.decode()
            assert "Public Graduate" in content, url
            for hidden in ("Private Graduate", "Current Officer", "Withdrawn Officer"):
                assert hidden not in content, url

    def test_contact_details_and_unchecked_career_updates_never_appear(self, client):
        officer = OfficerFactory(email="only.for.staff@example.org", phone="+95 1 555 0100")
        PlacementFactory(officer=officer)
        CareerMilestoneFactory(officer=officer, title="Checked position", date="2018-01-01")
        CareerMilestoneFactory(
            officer=officer, title="Proposed position", date="2022-01-01", source=MilestoneSource.OFFICER
        )
        content = client.get("/graduates/").content.decode()
        assert "only.for.staff@example.org" not in content
        assert "555 0100" not in content
        assert "Proposed position" not in content
        assert "Now: Checked position" in text_of(client.get("/graduates/"))


class TestCache:
    def test_the_list_and_a_valid_filter_are_served_from_the_cache_the_second_time(
        self, client, seeded, django_assert_num_queries
    ):
        for url in ("/graduates/", "/graduates/?country=VN&track=junior-diplomats&batch=13"):
            first = client.get(url)
            with django_assert_num_queries(0):
                second = client.get(url)
            assert second.content == first.content

    @pytest.mark.parametrize("query", ["country=XX", "batch=99", "page=999", "utm_source=newsletter"])
    def test_invalid_filters_pages_past_the_end_and_unread_parameters_are_never_stored(self, client, seeded, query):
        assert client.get(f"/graduates/?{query}").status_code == 200
        assert client.get(f"/graduates/?{query}").status_code == 200
        assert len(locmem_cache._cache) == 1  # the generation only


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    batch = BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=1)
    for officer in OfficerFactory.create_batch(officers):
        PlacementFactory(officer=officer, batch=batch)
        CareerMilestoneFactory(officer=officer)
    assert Officer.objects.public().count() == officers
    # tracks for the filters, their batches, the count of matching graduates, the page of graduates,
    # their placements (with batches and tracks), their public career steps
    with django_assert_num_queries(6):
        response = client.get("/graduates/?country=VN&track=junior-diplomats&batch=1")
    assert response.status_code == 200
    assert len(response.context["graduates"]) == min(officers, 24)
