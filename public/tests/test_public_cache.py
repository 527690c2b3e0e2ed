"""Cached public pages never show what is no longer true: every save shows on the next request."""

import pytest
from django.core.cache import cache as locmem_cache
from django.core.management import call_command
from django.test import Client

from officers.models import Officer, StoryState
from officers.tests.factories import GraduateStoryFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ("/", "/stories/", "/feed/", "/sitemap-stories.xml")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/stories/",
        "/stories/?country=VN&track=junior-diplomats",
        "/stories/?page=1",
        "/stories/hoang-quoc-trung/",
        "/graduates/hoang-quoc-trung/",
        "/statistics/",
        "/programme/",
        "/programme/junior-diplomats/",
        "/programme/junior-diplomats/13/",
        "/feed/",
        "/sitemap.xml",
        "/sitemap-graduates.xml",
        "/robots.txt",
    ],
)
def test_every_public_page_is_served_from_the_cache_the_second_time(client, django_assert_num_queries, url):
    call_command("seed_programme", verbosity=0)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/stories/?q=Japan",
        "/stories/?country=VN&q=Japan",
        "/stories/?batch=99999999999999999999",
        "/stories/?country=XX",
        "/stories/?page=999",
        "/stories/?utm_source=newsletter",
        "/statistics/?anything=1",
    ],
    ids=["search", "filtered search", "bad batch", "unknown country", "page past the end", "made-up", "unread"],
)
def test_lists_with_unbounded_input_are_served_but_never_stored(client, url):
    """Free text, values that match nothing and parameters a page does not read would each be an
    entry of their own: such pages render every time and add nothing to the cache."""
    call_command("seed_programme", verbosity=0)
    assert client.get(url).status_code == 200
    cache_entries = len(locmem_cache._cache)
    assert client.get(url).status_code == 200
    assert len(locmem_cache._cache) == cache_entries == 1  # the generation only


def test_publishing_a_story_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    story = GraduateStoryFactory(headline="Soon to be published", state=StoryState.IN_REVIEW, published_on=None)
    link = story.get_absolute_url()
    for url in PUBLIC_PAGES:
        assert link not in client.get(url).content.decode()
    assert client.get(story.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        story.state = StoryState.PUBLISHED
        story.published_on = "2019-09-29"
        story.save()

    for url in PUBLIC_PAGES:
        assert link in client.get(url).content.decode(), url
    assert client.get(story.get_absolute_url()).status_code == 200


def test_unpublishing_a_story_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    story = GraduateStoryFactory(headline="About to be withdrawn")
    link = story.get_absolute_url()
    assert client.get(link).status_code == 200
    for url in PUBLIC_PAGES:
        assert link in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        story.state = StoryState.DRAFT
        story.save()

    assert client.get(story.get_absolute_url()).status_code == 404
    for url in PUBLIC_PAGES:
        assert link not in client.get(url).content.decode(), url


def test_withdrawing_consent_removes_the_officer_everywhere_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    story = GraduateStoryFactory(headline="A consenting graduate's story")
    officer = story.officer
    batch_url = officer.placements.get().batch.get_absolute_url()
    profile, link = officer.get_absolute_url(), story.get_absolute_url()
    for url in PUBLIC_PAGES:
        assert link in client.get(url).content.decode(), url
    assert profile in client.get("/sitemap-graduates.xml").content.decode()
    assert officer.full_name in client.get(batch_url).content.decode()
    assert client.get(profile).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        officer = Officer.objects.get(pk=officer.pk)
        officer.public_profile_consent = False
        officer.save()

    assert client.get(profile).status_code == 404
    assert client.get(link).status_code == 404
    for url in PUBLIC_PAGES:
        assert link not in client.get(url).content.decode(), url
    assert profile not in client.get("/sitemap-graduates.xml").content.decode()
    assert officer.full_name not in client.get(batch_url).content.decode()


def test_signed_in_people_are_never_served_a_cached_page(client):
    GraduateStoryFactory()
    anonymous = client.get("/").content.decode()
    assert "Sign in" in anonymous
    signed_in_client = Client()
    signed_in_client.force_login(UserFactory())
    signed_in = signed_in_client.get("/").content.decode()
    assert "Sign out" in signed_in
    assert "csrfmiddlewaretoken" in signed_in
    assert "csrfmiddlewaretoken" not in client.get("/").content.decode()


def test_a_page_served_from_the_cache_keeps_every_header_of_the_rendered_one(client):
    GraduateStoryFactory()
    first = client.get("/stories/")
    second = client.get("/stories/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Vary", "ETag", "Content-Type", "Content-Length"):
        assert second[header] == first[header], header
    assert "Cookie" in second["Vary"]


def test_a_story_answers_a_conditional_get_with_304_whether_rendered_or_cached(
    client, django_capture_on_commit_callbacks
):
    story = GraduateStoryFactory(headline="Unchanged since the last visit")
    url = story.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Changed since the last visit"
        story.save()

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Changed since the last visit" in changed.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304
