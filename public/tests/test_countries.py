"""/countries/<code>/: a member state's consenting graduates, its public stories and its figures."""

import pytest

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)
from public.country_figures import country_figures
from public.tests.test_html import check
from tests.budgets import RECORD_COUNTS
from tests.reading import text_of

pytestmark = pytest.mark.django_db


def test_the_seeded_viet_nam_page_shows_its_graduate_story_and_figures(client, seeded):
    response = client.get("/countries/vn/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Member state Viet Nam" in page
    assert "Graduates on record 1 With a public profile 1 Published stories 1" in page
    assert "Graduates from Viet Nam HT Mr. Hoang Quoc Trung Viet Nam Junior Diplomats, 13th Batch" in page
    assert "Hoang Quoc Trung: a balanced point of view, and a posting to Japan" in page
    assert "Junior Diplomats 1" in page
    assert "Junior Diplomats, 13th Batch 1" in page
    assert "Ekkaphab" not in page and "Chhy Ratha" not in page
    content = response.content.decode()
    assert '<a href="/programme/junior-diplomats/13/">Junior Diplomats, 13th Batch</a>' in content
    assert '<link rel="canonical" href="http://testserver/countries/vn/">' in content
    assert check(content).problems == []


@pytest.mark.parametrize(
    ("path", "target"), [("/countries/VN/", "/countries/vn/"), ("/countries/Kh/", "/countries/kh/")]
)
def test_a_code_in_upper_case_redirects_to_the_lower_case_address(client, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize("path", ["/countries/fr/", "/countries/FR/", "/countries/vnm/", "/countries/th/"])
def test_a_code_that_is_not_a_member_state_of_the_programme_is_404(client, path):
    assert client.get(path).status_code == 404


def test_the_breadcrumb_and_menu_lead_to_the_directory(client, seeded):
    content = client.get("/countries/kh/").content.decode()
    assert '<li><a href="/graduates/">Graduates</a></li>' in content
    assert '<a href="/countries/kh/" aria-current="page">Cambodia</a>' in content
    assert '<a href="/graduates/" aria-current="true">Graduates</a>' in content


def test_a_country_without_graduates_says_so(client):
    response = client.get("/countries/mm/")
    assert response.status_code == 200
    page = text_of(response)
    assert "No graduate from Myanmar has a public profile yet." in page
    assert "No story about a graduate from Myanmar has been published yet." in page
    assert "Graduates on record 0" in page


def test_only_the_first_graduates_and_stories_are_shown_with_links_to_all_of_them(client):
    batch = BatchFactory()
    for n in range(14):
        officer = OfficerFactory(full_name=f"Graduate {n:02d}", country="LA")
        PlacementFactory(officer=officer, batch=batch)
        if n < 7:
            GraduateStoryFactory(officer=officer)
    response = client.get("/countries/la/")
    assert len(response.context["graduates"]) == 12
    assert len(response.context["stories"]) == 6
    content = response.content.decode()
    assert '<a href="/graduates/?country=LA">All 14 graduates from Lao PDR in the directory</a>' in content
    assert '<a href="/stories/?country=LA">All 7 stories from Lao PDR</a>' in content


class TestOnlyWhatThePublicMaySee:
    def test_no_officer_without_consent_no_draft_and_no_other_country(self, client):
        shown = OfficerFactory(full_name="Public Graduate", country="KH")
        PlacementFactory(officer=shown)
        GraduateStoryFactory(officer=shown, headline="Published story")
        GraduateStoryFactory(officer=shown, headline="Draft story", state=StoryState.DRAFT, published_on=None)
        hidden = OfficerFactory(full_name="Private Graduate", country="KH", public_profile_consent=False)
        PlacementFactory(officer=hidden)
        GraduateStoryFactory(officer=hidden, headline="Story of a private graduate")
        PlacementFactory(officer=OfficerFactory(full_name="Current Officer", country="KH"), outcome="active")
        PlacementFactory(officer=OfficerFactory(full_name="Graduate from Viet Nam", country="VN"))
        response = client.get("/countries/kh/")
        content = response.content.decode()
        assert "Public Graduate" in content and "Published story" in content
        for hidden_text in (
            "Private Graduate",
            "Story of a private graduate",
            "Draft story",
            "Current Officer",
            "Graduate from Viet Nam",
        ):
            assert hidden_text not in content
        # The private graduate is counted, never named.
        assert "Graduates on record 2 With a public profile 1 Published stories 1" in text_of(response)

    def test_contact_details_never_appear(self, client):
        officer = OfficerFactory(country="MM", email="only.for.staff@example.org", phone="+95 1 555 0100")
        PlacementFactory(officer=officer)
        content = client.get("/countries/mm/").content.decode()
        assert "only.for.staff@example.org" not in content
        assert "555 0100" not in content


def test_figures_count_people_once_per_track_and_once_overall():
    junior = ProgrammeTrackFactory(short_name="Junior", first_year=2001)
    aec = ProgrammeTrackFactory(short_name="AEC", first_year=2013)
    first, second = BatchFactory(track=junior, number=1), BatchFactory(track=junior, number=2)
    other = BatchFactory(track=aec, number=1)
    twice = OfficerFactory(country="VN")
    PlacementFactory(officer=twice, batch=first)
    PlacementFactory(officer=twice, batch=second)
    PlacementFactory(officer=OfficerFactory(country="VN", public_profile_consent=False), batch=other)
    PlacementFactory(officer=OfficerFactory(country="KH"), batch=first)
    PlacementFactory(officer=OfficerFactory(country="VN"), batch=first, outcome="active")
    figures = country_figures("VN")
    assert figures.graduates == 2
    assert [(figure.label, figure.graduates) for figure in figures.per_track] == [("Junior", 1), ("AEC", 1)]
    assert [(figure.label, figure.graduates) for figure in figures.per_batch] == [
        ("Junior, 1st Batch", 1),
        ("Junior, 2nd Batch", 1),
        ("AEC, 1st Batch", 1),
    ]


def test_the_page_is_served_from_the_cache_the_second_time(client, seeded, django_assert_num_queries):
    first = client.get("/countries/la/")
    with django_assert_num_queries(0):
        second = client.get("/countries/la/")
    assert second.content == first.content


@pytest.mark.parametrize("officers", RECORD_COUNTS)
def test_query_count_does_not_grow_with_officers(client, django_assert_num_queries, officers):
    batch = BatchFactory(track=ProgrammeTrackFactory(slug="junior-diplomats"), number=1)
    for n, officer in enumerate(OfficerFactory.create_batch(officers, country="VN")):
        PlacementFactory(officer=officer, batch=batch)
        CareerMilestoneFactory(officer=officer)
        if n < 8:
            StoryPhotoFactory(story=GraduateStoryFactory(officer=officer))
    # figures: graduations per batch and country, repeat graduates, the batches counted;
    # graduates: the first twelve, their placements (with batches and tracks), their public career
    # steps, their count; stories: the first six with their officers, the officers' placements,
    # the stories' photos, their count
    with django_assert_num_queries(11):
        response = client.get("/countries/vn/")
    assert response.status_code == 200
    assert response.context["graduate_count"] == officers
    assert len(response.context["graduates"]) == min(officers, 12)
