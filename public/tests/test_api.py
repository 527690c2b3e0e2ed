"""The API's endpoints answer with the public records, filtered and paged as asked, and 404 for the rest."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from batches.tests.factories import ActivityFactory, BatchFactory, ProgrammeTrackFactory
from officers.models import MilestoneSource, PlacementOutcome, StoryState
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    StoryPhotoFactory,
)

pytestmark = pytest.mark.django_db


def get_json(client, path: str, status: int = 200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def story_about(officer, **fields):
    return GraduateStoryFactory(officer=officer, **fields)


def graduate(*, batch, country="VN", **fields):
    officer = OfficerFactory(country=country, **fields)
    PlacementFactory(officer=officer, batch=batch)
    return officer


@pytest.fixture
def programme():
    """Two tracks; a Vietnamese graduate of diplomats' batch 13, a Cambodian of diplomats' batch 14, a
    Lao graduate of the other track's batch 13, each with one story, published on different days."""
    diplomats = ProgrammeTrackFactory(slug="diplomats", short_name="Diplomats", first_year=2001)
    economists = ProgrammeTrackFactory(slug="economists", short_name="Economists", first_year=2013)
    batches = {
        "d13": BatchFactory(track=diplomats, number=13, start_date=date(2014, 9, 1)),
        "d14": BatchFactory(track=diplomats, number=14, start_date=date(2015, 9, 1), end_date=date(2016, 8, 31)),
        "e13": BatchFactory(track=economists, number=13, start_date=date(2016, 9, 1), end_date=date(2017, 8, 31)),
    }
    trung = graduate(batch=batches["d13"], country="VN", full_name="Trung Viet")
    ratha = graduate(batch=batches["d14"], country="KH", full_name="Ratha Khmer")
    souk = graduate(batch=batches["e13"], country="LA", full_name="Souk Lao")
    stories = {
        "trung": story_about(trung, headline="A posting to Japan", published_on=date(2019, 9, 1)),
        "ratha": story_about(ratha, headline="Leading at home", published_on=date(2019, 9, 3)),
        "souk": story_about(souk, headline="Trade and networks", published_on=date(2019, 9, 2)),
    }
    return {"tracks": (diplomats, economists), "batches": batches, "stories": stories}


def headlines(data) -> list[str]:
    return [story["headline"] for story in data["results"]]


def test_the_story_list_shows_public_stories_newest_first_with_their_graduate(client, programme):
    data = get_json(client, "/api/v1/stories/")
    assert data["count"] == 3
    assert headlines(data) == ["Leading at home", "Trade and networks", "A posting to Japan"]
    ratha = data["results"][0]
    assert ratha["officer"]["full_name"] == "Ratha Khmer"
    assert ratha["officer"]["country"] == "KH"
    assert ratha["officer"]["attachments"][0]["batch"]["track"] == "diplomats"
    assert ratha["officer"]["attachments"][0]["batch"]["number"] == 14
    story = programme["stories"]["ratha"]
    assert ratha["url"] == f"http://testserver/stories/{story.slug}/"
    assert ratha["api_url"] == f"http://testserver/api/v1/stories/{story.slug}/"
    assert ratha["graduate_api_url"] == f"http://testserver/api/v1/graduates/{story.officer.slug}/"


def test_the_story_list_orders_by_batch_when_asked(client, programme):
    data = get_json(client, "/api/v1/stories/", order="batch")
    assert headlines(data) == ["A posting to Japan", "Leading at home", "Trade and networks"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"track": "diplomats"}, ["Leading at home", "A posting to Japan"]),
        ({"batch": "13"}, ["Trade and networks", "A posting to Japan"]),
        ({"track": "diplomats", "batch": "13"}, ["A posting to Japan"]),
        ({"country": "la"}, ["Trade and networks"]),
        ({"country": "KH", "track": "economists"}, []),
        ({"q": "japan"}, ["A posting to Japan"]),
        ({"q": "Souk"}, ["Trade and networks"]),
    ],
)
def test_the_story_filters_narrow_the_list_as_on_the_page(client, programme, params, expected):
    assert headlines(get_json(client, "/api/v1/stories/", **params)) == expected


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"track": "nonsense"}, "track", "There is no programme track called “nonsense”."),
        ({"country": "TH"}, "country", "There is no country “TH” in the programme"),
        ({"batch": "seven"}, "batch", "A batch is given by its number, such as 13."),
        ({"track": "economists", "batch": "14"}, "batch", "The Economists track has no batch numbered “14”."),
        ({"q": "x" * 501}, "q", "at most 500 characters"),
        ({"order": "random"}, "order", "Stories are listed newest first or by batch"),
    ],
)
def test_a_story_filter_that_cannot_match_is_a_400_saying_why(client, programme, params, field, message):
    errors = get_json(client, "/api/v1/stories/", status=400, **params)
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_a_story_has_its_whole_text_sanitised_and_its_photos(client, programme):
    story = programme["stories"]["trung"]
    story.body = "He went to **Japan**.<script>alert(1)</script>"
    story.pull_quote = "Japan was a great motivation."
    story.save()
    StoryPhotoFactory(story=story, caption="The study visit.", credit="JAIF", alt_text="Officers in Tokyo")
    data = get_json(client, f"/api/v1/stories/{story.slug}/")
    assert data["headline"] == "A posting to Japan"
    assert data["body"] == "He went to **Japan**.<script>alert(1)</script>"
    assert "<strong>Japan</strong>" in data["body_html"]
    assert "<script" not in data["body_html"]
    assert data["pull_quote"] == "Japan was a great motivation."
    assert data["photos"] == [
        {"image": None, "alt_text": "Officers in Tokyo", "caption": "The study visit.", "credit": "JAIF"}
    ]
    # A photo without a readable file is listed, but never leads the story.
    assert data["lead_photo"] is None


def test_a_story_about_a_consenting_officer_not_yet_graduated_has_no_profile_links(client):
    officer = OfficerFactory(full_name="Still Attached")
    PlacementFactory(officer=officer, outcome=PlacementOutcome.ACTIVE)
    story = story_about(officer)
    data = get_json(client, f"/api/v1/stories/{story.slug}/")
    assert data["officer"]["full_name"] == "Still Attached"
    assert data["graduate_url"] is None
    assert data["graduate_api_url"] is None
    get_json(client, f"/api/v1/graduates/{officer.slug}/", status=404)


@pytest.mark.parametrize(
    "hidden",
    [
        lambda: GraduateStoryFactory(state=StoryState.DRAFT, published_on=None),
        lambda: GraduateStoryFactory(state=StoryState.IN_REVIEW, published_on=None),
        lambda: GraduateStoryFactory(published_on=timezone.localdate() + timedelta(days=1)),
        lambda: story_about(graduate(batch=BatchFactory(), public_profile_consent=False)),
    ],
    ids=["draft", "in review", "dated tomorrow", "officer without consent"],
)
def test_a_story_the_public_may_not_see_is_404_and_in_no_list(client, hidden):
    story = hidden()
    assert get_json(client, f"/api/v1/stories/{story.slug}/", status=404) == {
        "detail": "No published story has this address."
    }
    assert get_json(client, "/api/v1/stories/")["count"] == 0


def test_the_graduate_list_shows_consenting_graduates_by_name(client, programme):
    hidden = graduate(batch=programme["batches"]["d13"], full_name="Aaa Hidden", public_profile_consent=False)
    current = OfficerFactory(full_name="Aaa Current")
    PlacementFactory(officer=current, outcome=PlacementOutcome.ACTIVE)
    data = get_json(client, "/api/v1/graduates/")
    assert [item["full_name"] for item in data["results"]] == ["Ratha Khmer", "Souk Lao", "Trung Viet"]
    assert hidden.slug not in str(data)
    souk = data["results"][1]
    assert souk["initials"] == "SL"
    assert souk["portrait"] is None
    assert souk["attachments"][0]["division"] is not None
    assert souk["url"] == f"http://testserver/graduates/{programme['stories']['souk'].officer.slug}/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "VN"}, ["Trung Viet"]),
        ({"track": "diplomats"}, ["Ratha Khmer", "Trung Viet"]),
        ({"batch": "13"}, ["Souk Lao", "Trung Viet"]),
        ({"track": "economists", "batch": "13"}, ["Souk Lao"]),
    ],
)
def test_the_graduate_filters_narrow_the_directory(client, programme, params, expected):
    data = get_json(client, "/api/v1/graduates/", **params)
    assert [item["full_name"] for item in data["results"]] == expected


def test_a_graduate_filter_that_cannot_match_is_a_400_saying_why(client, programme):
    errors = get_json(client, "/api/v1/graduates/", status=400, track="nonsense", q="ignored")
    assert errors == {"track": ["There is no programme track called “nonsense”."]}


def test_a_graduate_profile_shows_checked_career_steps_and_public_stories_only(client, programme):
    officer = programme["stories"]["trung"].officer
    officer.bio = "Consul in Osaka."
    officer.save()
    CareerMilestoneFactory(officer=officer, title="Consul", date=date(2019, 6, 1), date_precision="month")
    CareerMilestoneFactory(officer=officer, title="Proposed step", source=MilestoneSource.OFFICER, checked_at=None)
    story_about(officer, headline="Draft about Trung", state=StoryState.DRAFT, published_on=None)
    data = get_json(client, f"/api/v1/graduates/{officer.slug}/")
    assert data["bio"] == "Consul in Osaka."
    assert [step["title"] for step in data["career"]] == ["Consul"]
    assert data["career"][0]["date"] == {"iso": "2019-06", "precision": "month", "display": "June 2019"}
    assert [story["headline"] for story in data["stories"]] == ["A posting to Japan"]


@pytest.mark.parametrize("consents", [False, True], ids=["graduate without consent", "consenting, not graduated"])
def test_an_officer_without_a_public_profile_is_404(client, consents):
    officer = OfficerFactory(public_profile_consent=consents)
    PlacementFactory(officer=officer, outcome=PlacementOutcome.COMPLETED if not consents else PlacementOutcome.ACTIVE)
    assert get_json(client, f"/api/v1/graduates/{officer.slug}/", status=404) == {
        "detail": "No graduate with a public profile has this address."
    }


def test_the_tracks_list_counts_batches_and_graduates(client, programme):
    hidden = OfficerFactory(public_profile_consent=False)
    PlacementFactory(officer=hidden, batch=programme["batches"]["d14"])
    tracks = get_json(client, "/api/v1/tracks/")
    assert [(t["slug"], t["batch_count"], t["graduate_count"]) for t in tracks] == [
        ("diplomats", 2, 3),
        ("economists", 1, 1),
    ]
    assert tracks[0]["pillars"] == ["APSC"]
    assert tracks[0]["batches_api_url"] == "http://testserver/api/v1/tracks/diplomats/batches/"
    assert get_json(client, "/api/v1/tracks/economists/")["graduate_count"] == 1
    assert get_json(client, "/api/v1/tracks/nonsense/", status=404) == {
        "detail": "There is no programme track with this address."
    }


def test_a_tracks_batches_are_listed_by_number(client, programme):
    data = get_json(client, "/api/v1/tracks/diplomats/batches/")
    assert [(b["number"], b["label"], b["status"]) for b in data["results"]] == [
        (13, "13th Batch, 2014-2015", "completed"),
        (14, "14th Batch, 2015-2016", "completed"),
    ]
    assert data["results"][0]["start"] == {"iso": "2014-09-01", "precision": "day", "display": "1 September 2014"}
    get_json(client, "/api/v1/tracks/nonsense/batches/", status=404)


def test_a_batch_names_only_its_public_graduates_but_counts_them_all(client, programme):
    batch = programme["batches"]["d13"]
    graduate(batch=batch, full_name="Hidden Graduate", public_profile_consent=False)
    ActivityFactory(batch=batch, title="Study visit in Japan")
    data = get_json(client, "/api/v1/tracks/diplomats/batches/13/")
    assert data["graduate_count"] == 2
    assert [item["full_name"] for item in data["graduates"]] == ["Trung Viet"]
    assert [activity["title"] for activity in data["activities"]] == ["Study visit in Japan"]
    assert get_json(client, "/api/v1/tracks/diplomats/batches/99/", status=404) == {
        "detail": "This track has no batch with this number."
    }


def test_the_countries_are_the_four_member_states_with_their_figures(client, programme):
    graduate(batch=programme["batches"]["d13"], country="VN", public_profile_consent=False)
    countries = get_json(client, "/api/v1/countries/")
    assert [(c["code"], c["graduates"], c["public_profiles"], c["stories"]) for c in countries] == [
        ("KH", 1, 1, 1),
        ("LA", 1, 1, 1),
        ("MM", 0, 0, 0),
        ("VN", 2, 1, 1),
    ]
    assert countries[3]["url"] == "http://testserver/countries/vn/"
    assert countries[3]["stories_api_url"] == "http://testserver/api/v1/stories/?country=VN"


def test_the_figures_give_the_records_beside_the_reported_figures(client, seeded):
    data = get_json(client, "/api/v1/figures/")
    assert data["records"]["graduates"] == 4
    assert data["records"]["countries"] == 4
    graduates = next(item for item in data["reported"] if item["reported"]["kind"] == "graduates")
    assert graduates["reported"]["value"] == 88
    assert graduates["reported"]["as_of"] == "2019-09-29"
    assert graduates["reported"]["source_name"] == "JAIF Management Team"
    assert graduates["recorded"] == 4
    batches_run = {item["reported"]["track"]: item["reported"]["value"] for item in data["reported"][1:]}
    assert batches_run == {"junior-diplomats": 15, "aec-ascc": 4}


def test_lists_come_in_pages_with_links_to_the_next_and_previous(client, programme):
    first = get_json(client, "/api/v1/stories/", page_size=2)
    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert first["next"] == "http://testserver/api/v1/stories/?page=2&page_size=2"
    second = get_json(client, "/api/v1/stories/", page=2, page_size=2)
    assert headlines(second) == ["A posting to Japan"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/stories/?page_size=2"


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        ({"page": "4"}, 404, {"detail": "There is no page 4: this list has 1 page."}),
        ({"page": "0"}, 400, {"page": ["A page is given by its number, from 1."]}),
        ({"page": "last"}, 400, {"page": ["A page is given by its number, from 1."]}),
        ({"page_size": "101"}, 400, {"page_size": ["The page size is a number of records, from 1 to 100."]}),
        ({"page_size": "0"}, 400, {"page_size": ["The page size is a number of records, from 1 to 100."]}),
    ],
)
def test_a_page_that_is_not_there_says_so(client, programme, params, status, body):
    assert get_json(client, "/api/v1/graduates/", status=status, **params) == body


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_only_reads(client, programme, method):
    response = getattr(client, method)("/api/v1/stories/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
