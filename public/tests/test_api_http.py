"""How the API answers over HTTP: conditional GETs, the page cache and its invalidation, CORS, and
the rate limit per address (which holds while Redis is down)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_resilient_cache import UNREACHABLE_URL, resilient_cache_at
from officers.models import GraduateStory, Officer
from officers.services.consent import withdraw_consent
from officers.services.publication import set_publication
from officers.tests.factories import GraduateStoryFactory, UserFactory
from public.api import throttling

pytestmark = pytest.mark.django_db

STORIES = "/api/v1/stories/"


@pytest.fixture
def story():
    return GraduateStoryFactory(headline="A posting to Japan")


@pytest.fixture
def limit_of_three(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/minute"}}
    throttling._histories_while_cache_is_down.clear()
    yield
    throttling._histories_while_cache_is_down.clear()


def test_an_unchanged_answer_is_a_304_to_a_conditional_get(client, story):
    first = client.get(STORIES)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(STORIES, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(f"/api/v1/stories/{story.slug}/", headers={"if-none-match": etag}).status_code == 200


def test_an_answer_is_served_from_the_page_cache_the_second_time(client, story, django_assert_num_queries):
    first = client.get(STORIES)
    with django_assert_num_queries(0):
        second = client.get(STORIES)
    assert second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"


def test_a_saved_change_shows_in_the_next_answer(client, story, django_capture_on_commit_callbacks):
    editor = UserFactory()
    assert client.get(STORIES).json()["count"] == 1
    etag = client.get(f"/api/v1/stories/{story.slug}/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        set_publication(stories=GraduateStory.objects.filter(pk=story.pk), publish=False, by=editor)
    assert client.get(STORIES).json()["count"] == 0
    assert client.get(f"/api/v1/stories/{story.slug}/", headers={"if-none-match": etag}).status_code == 404


def test_a_withdrawn_consent_takes_the_graduate_out_of_the_next_answer(
    client, story, django_capture_on_commit_callbacks
):
    officer = story.officer
    assert client.get(f"/api/v1/graduates/{officer.slug}/").status_code == 200
    assert client.get("/api/v1/graduates/").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(officer=Officer.objects.get(pk=officer.pk), by=UserFactory())
    assert client.get(f"/api/v1/graduates/{officer.slug}/").status_code == 404
    assert client.get("/api/v1/graduates/").json()["count"] == 0
    assert client.get(STORIES).json()["count"] == 0


def test_a_search_is_answered_but_never_stored(client, story):
    client.get(STORIES, {"q": "Japan"})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(STORIES, {"q": "Japan"}).json()["count"] == 1
    assert queries.captured_queries, "the second search was served from the cache"


@pytest.mark.parametrize(
    "path",
    [STORIES, "/api/v1/stories/no-such-story/", "/api/v1/stories/?country=XX", "/api/schema/", "/api/v1/figures/"],
    ids=["list", "404", "400", "schema", "figures"],
)
def test_every_api_answer_may_be_read_by_a_script_on_any_site(client, story, path):
    response = client.get(path, headers={"origin": "https://asean.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag, Retry-After"
    assert "Set-Cookie" not in response


def test_the_sites_pages_stay_same_origin(client, story):
    for path in ("/", "/stories/", "/api/"):
        assert "Access-Control-Allow-Origin" not in client.get(path, headers={"origin": "https://asean.org"})


def test_an_address_over_the_limit_gets_a_429_that_says_when_to_try_again(client, story, limit_of_three):
    for attempt in range(3):
        assert client.get(STORIES, {"q": f"search {attempt}"}).status_code == 200
    response = client.get(STORIES, {"q": "one too many"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    detail = response.json()["detail"]
    assert detail.startswith("Too many requests from your address: the API answers each address 3 times a minute.")
    assert f"Try again in {response['Retry-After']} second" in detail
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_limit_counts_each_address_apart(client, story, limit_of_three):
    for attempt in range(4):
        client.get(STORIES, {"q": f"search {attempt}"})
    assert client.get(STORIES, {"q": "from elsewhere"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    # A client cannot pass for another address by naming one: no proxy of ours is trusted to.
    assert client.get(STORIES, {"q": "forged"}, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_behind_our_proxy_the_limit_counts_the_address_it_forwarded(client, story, limit_of_three, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(4):
        client.get(STORIES, {"q": f"search {attempt}"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client.get(STORIES, {"q": "again"}, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.get(STORIES, {"q": "another"}, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_answers_already_cached_are_served_past_the_limit(client, story, limit_of_three):
    cached = client.get(STORIES)
    for attempt in range(3):
        client.get(STORIES, {"q": f"search {attempt}"})
    assert client.get(STORIES, {"q": "one too many"}).status_code == 429
    again = client.get(STORIES)
    assert again.status_code == 200
    assert again.content == cached.content


def test_the_limit_holds_while_redis_is_down(client, story, limit_of_three, settings, monkeypatch):
    resilient_cache_at(settings, monkeypatch, UNREACHABLE_URL)
    for attempt in range(3):
        assert client.get(STORIES, {"q": f"search {attempt}"}).status_code == 200
    # Uncached while Redis is down, so even the plain list counts.
    assert client.get(STORIES).status_code == 429
    assert client.get(STORIES, REMOTE_ADDR="203.0.113.9").json()["count"] == 1
