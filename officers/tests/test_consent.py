from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from officers.models import GraduateStory, Officer
from officers.services.consent import give_consent, withdraw_consent
from officers.tests.factories import GraduateStoryFactory

pytestmark = pytest.mark.django_db

CONSENT = "/my/consent/"


def _signed_in(user) -> Client:
    # Signed in as the user stored in the database: the session keeps a hash of the stored password.
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


@pytest.fixture
def story_of_a(officer_a) -> GraduateStory:
    return GraduateStoryFactory(officer=officer_a)


# The service


def test_withdrawing_consent_hides_profile_and_stories_and_dates_the_change(officer_a, story_of_a):
    assert Officer.objects.public().filter(pk=officer_a.pk).exists()
    assert GraduateStory.objects.public().filter(pk=story_of_a.pk).exists()

    withdraw_consent(officer=officer_a, by=officer_a.user)

    officer_a.refresh_from_db()
    assert officer_a.public_profile_consent is False
    assert officer_a.consent_changed_on == timezone.localdate()
    assert not Officer.objects.public().filter(pk=officer_a.pk).exists()
    assert not GraduateStory.objects.public().filter(pk=story_of_a.pk).exists()


def test_giving_consent_back_restores_profile_and_stories(officer_a, story_of_a):
    withdraw_consent(officer=officer_a, by=officer_a.user)
    give_consent(officer=officer_a, by=officer_a.user)

    officer_a.refresh_from_db()
    assert officer_a.public_profile_consent is True
    assert Officer.objects.public().filter(pk=officer_a.pk).exists()
    assert GraduateStory.objects.public().filter(pk=story_of_a.pk).exists()


def test_each_consent_change_is_in_the_history_with_who_made_it_and_why(officer_a, editor):
    withdraw_consent(officer=officer_a, by=officer_a.user)
    give_consent(officer=officer_a, by=editor)

    latest, previous = officer_a.history.order_by("-history_id")[:2]
    assert (previous.public_profile_consent, previous.history_user) == (False, officer_a.user)
    assert previous.history_change_reason == "Public-profile consent withdrawn"
    assert (latest.public_profile_consent, latest.history_user) == (True, editor)
    assert latest.history_change_reason == "Public-profile consent given"


def test_repeating_the_current_choice_changes_nothing(officer_a):
    officer_a.consent_changed_on = date(2019, 9, 1)
    officer_a.save()
    versions = officer_a.history.count()

    give_consent(officer=officer_a, by=officer_a.user)

    officer_a.refresh_from_db()
    assert officer_a.consent_changed_on == date(2019, 9, 1)
    assert officer_a.history.count() == versions


def test_withdrawal_keeps_a_colleagues_concurrent_change(officer_a):
    stale_copy = Officer.objects.get(pk=officer_a.pk)
    Officer.objects.filter(pk=officer_a.pk).update(bio="Written by the Secretariat meanwhile.")

    withdraw_consent(officer=stale_copy, by=officer_a.user)

    officer_a.refresh_from_db()
    assert officer_a.bio == "Written by the Secretariat meanwhile."
    assert officer_a.public_profile_consent is False
    assert stale_copy.public_profile_consent is False


# Through the officer's own page


def test_consent_page_explains_the_choice_and_shows_the_current_one(officer_a):
    response = _signed_in(officer_a.user).get(CONSENT)
    assert response.status_code == 200
    assert "At the moment you consent." in response.content.decode()
    assert response.context["form"]["public_profile_consent"].value() is True


def test_withdrawing_through_the_form_hides_the_officer_from_the_public_at_once(officer_a, story_of_a):
    client = _signed_in(officer_a.user)

    response = client.post(CONSENT, {})

    assert response.status_code == 302
    assert response["Location"] == "/my/"
    officer_a.refresh_from_db()
    assert officer_a.public_profile_consent is False
    assert officer_a.history.latest().history_user == officer_a.user
    assert not Officer.objects.public().filter(pk=officer_a.pk).exists()
    assert not GraduateStory.objects.public().filter(pk=story_of_a.pk).exists()
    assert "no longer shown to the public" in client.get("/my/").content.decode()


def test_giving_consent_through_the_form_restores_the_public_profile(officer_a, story_of_a):
    client = _signed_in(officer_a.user)
    client.post(CONSENT, {})

    client.post(CONSENT, {"public_profile_consent": "on"})

    officer_a.refresh_from_db()
    assert officer_a.public_profile_consent is True
    assert Officer.objects.public().filter(pk=officer_a.pk).exists()
    assert GraduateStory.objects.public().filter(pk=story_of_a.pk).exists()


def test_withdrawn_profile_and_story_are_404_for_the_public_and_come_back_with_consent(
    officer_a, story_of_a, django_capture_on_commit_callbacks
):
    officer_client = _signed_in(officer_a.user)
    public = Client()
    profile_url, story_url = officer_a.get_absolute_url(), story_of_a.get_absolute_url()
    # Visited first, so the pages sit in the public cache when consent is withdrawn.
    assert public.get(profile_url).status_code == 200
    assert public.get(story_url).status_code == 200

    # The cache is invalidated once the change commits, as it does outside a test.
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(CONSENT, {}).status_code == 302

    assert public.get(profile_url).status_code == 404
    assert public.get(story_url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(CONSENT, {"public_profile_consent": "on"})

    assert public.get(profile_url).status_code == 200
    assert public.get(story_url).status_code == 200
