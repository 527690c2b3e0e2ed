"""What the public sees of a career update: nothing while it waits for the Secretariat's check, on the
profile and on the story alike; the step once it is checked; nothing at all once the officer withdraws
their consent. Steps from other sources (the seeded article's) show as they always did."""

import pytest
from django.core.management import call_command

from officers.models import CareerMilestone, MilestoneSource, Officer
from officers.services.career_updates import publish_career_updates
from officers.services.consent import withdraw_consent
from officers.tests.factories import CareerMilestoneFactory, GraduateStoryFactory
from officers.tests.test_career_updates import step_form

pytestmark = pytest.mark.django_db

TITLE = "Deputy Director-General, ASEAN Department"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes whose after-commit work runs, as in production: the public page cache is emptied once a
    change commits (a test's own transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def story(officer_a):
    return GraduateStoryFactory(officer=officer_a)


def public_pages(client, officer: Officer, story) -> list[str]:
    """The officer's profile and story, as an anonymous visitor gets them (from the page cache when stored)."""
    return [client.get(officer.get_absolute_url()), client.get(story.get_absolute_url())]


def test_a_step_appears_on_the_public_pages_only_once_checked(
    officer_a, officer_a_client, story, editor, client, committed
):
    CareerMilestoneFactory(officer=officer_a, title="Earlier post, from a story")
    for response in public_pages(client, officer_a, story):  # stored in the page cache
        assert "Earlier post, from a story" in response.content.decode()

    with committed():
        officer_a_client.post("/my/career/", step_form())
    for response in public_pages(client, officer_a, story):
        assert response.status_code == 200
        assert TITLE not in response.content.decode()

    with committed():
        publish_career_updates(milestones=CareerMilestone.objects.filter(title=TITLE), by=editor)
    profile, story_page = public_pages(client, officer_a, story)
    assert TITLE in story_page.content.decode()
    assert profile.context["latest_milestone"].title == TITLE
    assert "Where they are now" in profile.content.decode()


def test_a_checked_step_leaves_the_public_site_with_the_officers_consent(officer_a, story, editor, client, committed):
    step = CareerMilestoneFactory(officer=officer_a, title=TITLE, source=MilestoneSource.OFFICER)
    publish_career_updates(milestones=CareerMilestone.objects.filter(pk=step.pk), by=editor)
    assert all(TITLE in response.content.decode() for response in public_pages(client, officer_a, story))

    with committed():
        withdraw_consent(officer=officer_a, by=officer_a.user)

    assert [response.status_code for response in public_pages(client, officer_a, story)] == [404, 404]


def test_the_public_rule_leaves_out_only_the_officers_own_steps_not_checked(officer_a, editor):
    waiting = CareerMilestoneFactory(officer=officer_a, source=MilestoneSource.OFFICER)
    from_story = CareerMilestoneFactory(officer=officer_a, source=MilestoneSource.PUBLISHED_STORY)
    from_ministry = CareerMilestoneFactory(officer=officer_a, source=MilestoneSource.HOME_MINISTRY)
    assert set(CareerMilestone.objects.public()) == {from_story, from_ministry}
    assert set(CareerMilestone.objects.awaiting_check()) == {waiting}

    publish_career_updates(milestones=CareerMilestone.objects.all(), by=editor)

    assert set(CareerMilestone.objects.public()) == {waiting, from_story, from_ministry}
    assert not CareerMilestone.objects.awaiting_check().exists()


def test_the_seeded_graduates_careers_still_show(client):
    call_command("seed_programme", verbosity=0)
    seeded = CareerMilestone.objects.all()
    assert seeded.exists() and seeded.count() == CareerMilestone.objects.public().count()
    page = client.get("/graduates/chhy-ratha/").content.decode()
    assert "Director of International Cooperation Department" in page
