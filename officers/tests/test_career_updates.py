"""A graduate proposes a career step on /my/career/: stored as the officer's own report, unchecked,
listed on their page as waiting for the Secretariat, and refused when dated in the future or
incomplete. An officer who has not graduated sees that the page opens after graduation."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from officers.models import CareerMilestone, MilestoneSource, Organisation
from officers.tests.factories import CareerMilestoneFactory, OfficerFactory, OrganisationFactory
from tests.budgets import RECORD_COUNTS
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

URL = "/my/career/"


def step_form(**changes) -> dict:
    """A complete form for a step of March 2024 at an organisation typed in, as an officer fills it."""
    data = {
        "title": "Deputy Director-General, ASEAN Department",
        "kind": "promotion",
        "organisation": "",
        "new_organisation_name": "Ministry of Foreign Affairs",
        "new_organisation_country": "LA",
        "year": "2024",
        "month": "3",
        "day": "",
        "link": "https://mofa.example.la/news/appointment",
    }
    return {**data, **changes}


def test_a_graduate_proposes_a_step_that_waits_unchecked(officer_a, officer_a_client):
    assert not CareerMilestone.objects.filter(officer=officer_a).exists()

    response = officer_a_client.post(URL, step_form())

    assert (response.status_code, response["Location"]) == (302, URL)
    step = CareerMilestone.objects.get(officer=officer_a)
    assert (step.title, step.kind, step.date, step.date_precision) == (
        "Deputy Director-General, ASEAN Department",
        "promotion",
        date(2024, 3, 1),
        "month",
    )
    assert (step.organisation.name, step.organisation.country) == ("Ministry of Foreign Affairs", "LA")
    assert step.source == MilestoneSource.OFFICER
    assert step.source_note == "https://mofa.example.la/news/appointment"
    assert (step.checked_by, step.checked_at) == (None, None)
    assert step.is_awaiting_check
    proposed = step.history.get()
    assert (proposed.history_user, proposed.history_change_reason) == (officer_a.user, "Proposed by the officer")

    page = officer_a_client.get(URL).content.decode()
    assert "The Secretariat will check your new step before it appears on your profile." in page
    assert "Deputy Director-General, ASEAN Department" in page
    assert "Waiting for the Secretariat" in page
    assert '<time datetime="2024-03">March 2024</time>' in page


def test_a_step_is_dated_to_the_year_the_month_or_the_day(officer_a, officer_a_client):
    officer_a_client.post(URL, step_form(title="Year", month="", day=""))
    officer_a_client.post(URL, step_form(title="Month", month="6", day=""))
    officer_a_client.post(URL, step_form(title="Day", month="2", day="29"))
    dated = {s.title: (s.date, s.date_precision) for s in CareerMilestone.objects.filter(officer=officer_a)}
    assert dated == {
        "Year": (date(2024, 1, 1), "year"),
        "Month": (date(2024, 6, 1), "month"),
        "Day": (date(2024, 2, 29), "day"),
    }


def test_an_organisation_on_record_is_chosen_or_matched_never_added_twice(officer_a, officer_a_client):
    ministry = OrganisationFactory(name="Ministry of Foreign Affairs", country="LA")
    officer_a_client.post(URL, step_form(title="Chosen", organisation=str(ministry.pk), new_organisation_name=""))
    officer_a_client.post(URL, step_form(title="Typed", new_organisation_name="  ministry of foreign  AFFAIRS "))
    officer_a_client.post(URL, step_form(title="Elsewhere", new_organisation_country="KH"))
    organisations = dict(CareerMilestone.objects.filter(officer=officer_a).values_list("title", "organisation"))
    assert organisations["Chosen"] == organisations["Typed"] == ministry.pk
    assert Organisation.objects.get(pk=organisations["Elsewhere"]).country == "KH"
    assert Organisation.objects.filter(name__iexact="Ministry of Foreign Affairs").count() == 2


def test_the_organisation_list_is_grouped_by_country(officer_a, officer_a_client):
    OrganisationFactory(name="ASEAN Secretariat", country="")
    OrganisationFactory(name="Ministry of Commerce", country="KH")
    page = officer_a_client.get(URL).content.decode()
    assert '<optgroup label="Cambodia">' in page
    assert '<optgroup label="International">' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": str(timezone.localdate().year + 1), "month": ""}, "This date is in the future."),
        ({"year": "", "month": ""}, "Year: This field is required."),
        ({"month": "", "day": "12"}, "Give the month too, or leave the day empty."),
        ({"month": "2", "day": "30"}, "That month has no such day."),
        ({"year": "202"}, "Ensure this value is greater than or equal to 1950."),
        ({"new_organisation_name": ""}, "Choose the organisation, or give its name if it is not in the list."),
        ({"title": ""}, "Position or role: This field is required."),
        ({"link": "not a link"}, "Enter a valid URL."),
    ],
)
def test_a_step_that_is_incomplete_or_in_the_future_is_refused_with_a_message(
    officer_a, officer_a_client, changes, message
):
    response = officer_a_client.post(URL, step_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CareerMilestone.objects.filter(officer=officer_a).exists()
    assert not Organisation.objects.filter(name="Ministry of Foreign Affairs").exists()


def test_a_step_later_this_month_is_refused_one_earlier_this_month_is_not(officer_a, officer_a_client):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    response = officer_a_client.post(
        URL, step_form(year=tomorrow.year, month=tomorrow.month, day=tomorrow.day, title="Tomorrow")
    )
    assert "This date is in the future. Tell us about the step once it has happened." in response.content.decode()
    officer_a_client.post(URL, step_form(year=today.year, month=today.month, day="", title="This month"))
    assert list(CareerMilestone.objects.filter(officer=officer_a).values_list("title", flat=True)) == ["This month"]


def test_choosing_and_typing_an_organisation_at_once_is_refused(officer_a, officer_a_client):
    ministry = OrganisationFactory()
    response = officer_a_client.post(URL, step_form(organisation=str(ministry.pk)))
    assert "not both" in response.content.decode()
    assert not CareerMilestone.objects.exists()


def test_an_officer_who_has_not_graduated_is_told_the_page_opens_at_graduation(officer_a, officer_a_client):
    officer_a.placements.update(outcome="active")
    response = officer_a_client.get(URL)
    assert response.status_code == 200
    assert "Your career page opens after graduation" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]

    posted = officer_a_client.post(URL, step_form())
    assert posted.status_code == 403
    assert not CareerMilestone.objects.exists()


def test_the_page_lists_the_officers_own_steps_and_what_the_public_sees(officer_a, officer_a_client):
    CareerMilestoneFactory(officer=officer_a, title="Checked step from a story")
    CareerMilestoneFactory(officer=officer_a, title="Own step", source=MilestoneSource.OFFICER)
    page = officer_a_client.get(URL).content.decode()
    assert page.count("Waiting for the Secretariat") == 1
    assert "Checked step from a story" in page
    assert f'href="/graduates/{officer_a.slug}/"' in page

    officer_a.public_profile_consent = False
    officer_a.save()
    assert "The public does not see your profile" in officer_a_client.get(URL).content.decode()


def test_the_page_is_never_cached(officer_a_client):
    assert "no-store" in officer_a_client.get(URL)["Cache-Control"]


SESSION_AND_USER = 2  # the session, the signed-in user
OFFICER = 1  # the officer linked to the login, with their home organisation
GRADUATE = 1  # whether they have graduated: the page opens then
ORGANISATIONS = 1  # every organisation, for the form's list
STEPS = 1  # their career steps, with their organisations
PROFILE_IS_PUBLIC = 1  # whether the public sees their profile


@pytest.mark.parametrize("records", RECORD_COUNTS)
def test_the_career_page_query_count_does_not_grow(officer_a, officer_a_client, django_assert_num_queries, records):
    """To prevent an n+1 issue: as many steps and organisations as you like, the same queries."""
    CareerMilestoneFactory.create_batch(records, officer=officer_a)
    CareerMilestoneFactory.create_batch(records, officer=officer_a, source=MilestoneSource.OFFICER)
    OfficerFactory.create_batch(records)  # each with a home organisation of their own
    with django_assert_num_queries(SESSION_AND_USER + OFFICER + GRADUATE + ORGANISATIONS + STEPS + PROFILE_IS_PUBLIC):
        response = officer_a_client.get(URL)
    assert len(response.context["milestones"]) == 2 * records
    assert len(response.context["form"].organisations) >= 2 * records


def test_a_login_no_longer_linked_to_the_officer_sees_nothing_of_their_career(officer_a):
    CareerMilestoneFactory(officer=officer_a, title="Alpha's own step")
    former_login = officer_a.user
    officer_a.user = None
    officer_a.save()
    response = signed_in_client(former_login).get(URL)
    assert response.status_code == 403
    assert "Alpha's own step" not in response.content.decode()


def test_a_staff_member_is_pointed_to_the_queue_in_the_admin(editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 403
    assert "Career updates to check" in response.content.decode()
    assert 'href="/admin/"' in response.content.decode()
