import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from batches.models import ActivityKind
from batches.tests.factories import ActivityFactory, BatchFactory, DivisionFactory
from officers.models import Officer, PlacementOutcome
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    UserFactory,
)
from officers.views.my import officer_for
from tests.budgets import RECORD_COUNTS

pytestmark = pytest.mark.django_db

MY = "/my/"


def _signed_in(user) -> Client:
    # Signed in as the user stored in the database: the session keeps a hash of the stored password.
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


@pytest.fixture
def alpha_client(officer_a) -> Client:
    return _signed_in(officer_a.user)


@pytest.fixture
def current_officer(db):
    """An officer in a batch running now, with a supervisor, objectives and a division."""
    today = timezone.localdate()
    batch = BatchFactory(start_date=today - timedelta(days=100), end_date=today + timedelta(days=40))
    officer = OfficerFactory(full_name="Souksavanh Phommachanh", country="LA", user=UserFactory())
    PlacementFactory(
        officer=officer,
        batch=batch,
        division=DivisionFactory(name="Trade Facilitation Division"),
        supervisor_name="Dr Supervisor Example",
        objectives="Learn how the AEC Council meets.",
        outcome=PlacementOutcome.ACTIVE,
    )
    return officer


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(MY)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/my/"


def test_officer_sees_placement_division_supervisor_objectives_and_days_remaining(current_officer):
    response = _signed_in(current_officer.user).get(MY)
    assert response.status_code == 200
    page = response.content.decode()
    placement = current_officer.placements.get()
    assert placement.batch.label in page
    assert placement.batch.track.name in page
    assert "Trade Facilitation Division" in page
    assert "Dr Supervisor Example" in page
    assert "Learn how the AEC Council meets." in page
    assert "Ongoing" in page
    assert "40 days remaining" in page


def test_days_remaining_count_to_the_placement_end_before_the_batch_end(current_officer):
    today = timezone.localdate()
    current_officer.placements.update(start_date=today - timedelta(days=10), end_date=today + timedelta(days=3))
    response = _signed_in(current_officer.user).get(MY)
    [item] = response.context["placements"]
    assert item.days_remaining == 3
    assert "3 days remaining" in response.content.decode()


def test_days_remaining_follow_a_batch_end_known_only_to_the_month(current_officer):
    today = timezone.localdate()
    batch = current_officer.placements.get().batch
    batch.end_date, batch.end_precision = (today + timedelta(days=70)).replace(day=1), "month"
    batch.save()
    [item] = _signed_in(current_officer.user).get(MY).context["placements"]
    # An end "in <month>" lasts until the month's last day.
    assert item.ends_on.month == (today + timedelta(days=70)).month
    assert item.ends_on.day >= 28
    assert item.days_remaining == (item.ends_on - today).days


def test_a_completed_placement_shows_no_days_remaining(alpha_client):
    response = alpha_client.get(MY)
    [item] = response.context["placements"]
    assert item.status == "completed"
    assert item.days_remaining is None
    assert "remaining" not in response.content.decode()


def test_an_active_placement_past_its_end_awaits_completion_rather_than_showing_completed(current_officer):
    today = timezone.localdate()
    current_officer.placements.update(start_date=today - timedelta(days=300), end_date=today - timedelta(days=2))
    response = _signed_in(current_officer.user).get(MY)
    [item] = response.context["placements"]
    assert item.status == "awaiting_completion"
    assert "Ended — awaiting completion" in response.content.decode()
    assert "Completed" not in response.content.decode()
    assert item.days_remaining is None


def test_a_placement_with_no_dates_of_its_own_follows_its_batch(current_officer):
    today = timezone.localdate()
    placement = current_officer.placements.get()
    placement.batch.start_date, placement.batch.end_date = today + timedelta(days=5), today + timedelta(days=200)
    placement.batch.save()
    current_officer.placements.update(start_date=None, end_date=None)
    [item] = _signed_in(current_officer.user).get(MY).context["placements"]
    assert item.status == "planned"


def test_officer_with_two_placements_sees_both(officer_a, alpha_client):
    later = PlacementFactory(
        officer=officer_a, batch=BatchFactory(start_date=date(2019, 10, 1), end_date=date(2020, 9, 30))
    )
    response = alpha_client.get(MY)
    page = response.content.decode()
    assert len(response.context["placements"]) == 2
    for placement in officer_a.placements.all():
        assert placement.batch.label in page
        assert placement.division.name in page
    assert response.context["placements"][-1].placement == later


def test_upcoming_activities_come_first_soonest_first_then_earlier_ones(current_officer):
    today = timezone.localdate()
    batch = current_officer.placements.get().batch
    ActivityFactory(batch=batch, title="Orientation week", start_date=today - timedelta(days=90))
    ActivityFactory(batch=batch, title="Mission to Bangkok", start_date=today - timedelta(days=20))
    ActivityFactory(batch=batch, title="Study visit in Japan", start_date=today + timedelta(days=30))
    ActivityFactory(
        batch=batch,
        title="Diplomatic training",
        kind=ActivityKind.DIPLOMATIC_TRAINING,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=4),
    )
    ActivityFactory(batch=batch, title="Closing meeting", start_date=None)
    ActivityFactory(title="Another batch's visit", start_date=today + timedelta(days=2))

    response = _signed_in(current_officer.user).get(MY)
    [item] = response.context["placements"]
    assert [a.title for a in item.upcoming_activities] == [
        "Diplomatic training",
        "Study visit in Japan",
        "Closing meeting",
    ]
    assert [a.title for a in item.earlier_activities] == ["Mission to Bangkok", "Orientation week"]
    page = response.content.decode()
    assert page.index("Study visit in Japan") < page.index("Mission to Bangkok")
    assert "Another batch&#x27;s visit" not in page and "Another batch's visit" not in page


def test_undated_activities_of_a_finished_batch_are_listed_with_the_earlier_ones(officer_a, alpha_client):
    ActivityFactory(batch=officer_a.placements.get().batch, title="Study visit in Japan", start_date=None)
    [item] = alpha_client.get(MY).context["placements"]
    assert item.upcoming_activities == []
    assert [a.title for a in item.earlier_activities] == ["Study visit in Japan"]


def test_batch_colleagues_are_shown_by_name_and_country_only(current_officer):
    batch = current_officer.placements.get().batch
    colleague = OfficerFactory(
        full_name="Nguyen Van Colleague",
        country="VN",
        email="colleague@example.org",
        phone="+84 99 1234 5678",
        bio="A private bio that only the public profile may show.",
        public_profile_consent=False,
    )
    PlacementFactory(
        officer=colleague, batch=batch, supervisor_name="Colleague's Supervisor", objectives="Secret plan"
    )
    withdrawn = OfficerFactory(full_name="Withdrawn Officer")
    PlacementFactory(officer=withdrawn, batch=batch, outcome=PlacementOutcome.WITHDRAWN)
    PlacementFactory(officer=OfficerFactory(full_name="Officer Of Another Batch"))

    response = _signed_in(current_officer.user).get(MY)
    page = response.content.decode()
    assert "Nguyen Van Colleague" in page
    assert "Viet Nam" in page
    for private in [
        "colleague@example.org",
        "+84 99 1234 5678",
        "A private bio",
        "Colleague&#x27;s Supervisor",
        "Secret plan",
        "Withdrawn Officer",
        "Officer Of Another Batch",
    ]:
        assert private not in page


def test_own_career_milestones_are_listed_oldest_first(officer_a, officer_b, alpha_client):
    CareerMilestoneFactory(officer=officer_a, title="Director", date=date(2019, 1, 1), date_precision="year")
    CareerMilestoneFactory(officer=officer_a, title="Bureau Chief", date=date(2016, 1, 1), date_precision="year")
    CareerMilestoneFactory(officer=officer_b, title="Ambassador of Bravo")
    page = alpha_client.get(MY).content.decode()
    assert page.index("Bureau Chief") < page.index("Director")
    assert "Ambassador of Bravo" not in page


def test_officer_sees_whether_the_public_sees_them(officer_a, alpha_client):
    story = GraduateStoryFactory(officer=officer_a, headline="Alpha's own story")
    response = alpha_client.get(MY)
    assert response.context["profile_is_public"] is True
    assert response.context["public_stories"] == [story]
    page = response.content.decode()
    assert f'href="/graduates/{officer_a.slug}/"' in page
    assert f'href="/stories/{story.slug}/"' in page

    officer_a.public_profile_consent = False
    officer_a.save()
    response = alpha_client.get(MY)
    assert response.context["profile_is_public"] is False
    assert response.context["public_stories"] == []
    assert "The public does not see your profile" in response.content.decode()


def test_officer_with_nothing_recorded_yet_gets_a_complete_page():
    officer = OfficerFactory(user=UserFactory(), home_organisation=None)
    response = _signed_in(officer.user).get(MY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "has not recorded a placement for you yet" in page
    assert "No career steps are recorded yet" in page


def test_staff_member_without_officer_record_gets_a_clear_page_with_a_link_to_the_admin(editor):
    response = _signed_in(editor).get(MY)
    assert response.status_code == 200
    assert "No officer record is linked to your login" in response.content.decode()
    assert 'href="/admin/"' in response.content.decode()


def test_signed_in_non_staff_user_without_officer_record_is_told_to_ask_for_an_invitation():
    response = _signed_in(UserFactory()).get(MY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No officer record is linked to your login" in page
    assert 'href="/admin/"' not in page


def test_officer_for_scopes_to_the_signed_in_login(officer_a, officer_b, editor):
    from django.contrib.auth.models import AnonymousUser

    assert officer_for(officer_a.user) == officer_a
    assert officer_for(officer_b.user) == officer_b
    assert officer_for(editor) is None
    assert officer_for(AnonymousUser()) is None


@pytest.mark.parametrize("colleagues", RECORD_COUNTS)
def test_placement_page_query_count_does_not_grow_with_the_batch(
    current_officer, django_assert_num_queries, colleagues
):
    batch = current_officer.placements.get().batch
    PlacementFactory.create_batch(colleagues, batch=batch)
    ActivityFactory.create_batch(3, batch=batch)
    CareerMilestoneFactory.create_batch(3, officer=current_officer)
    GraduateStoryFactory(officer=current_officer)
    client = _signed_in(current_officer.user)
    # session, user, officer with home organisation, placements with batch/track/division/supervisor,
    # activities, colleagues' names and countries, milestones with organisations, public-profile check,
    # public stories
    with django_assert_num_queries(9):
        response = client.get(MY)
    assert response.status_code == 200
    assert len(response.context["placements"][0].colleagues) == colleagues


@pytest.mark.parametrize("page", ["/my/", "/my/profile/", "/my/consent/"])
def test_officer_pages_carry_no_inline_style_or_script(current_officer, page):
    # The Content-Security-Policy allows neither.
    html = _signed_in(current_officer.user).get(page).content.decode()
    assert "style=" not in html
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_the_seeded_demo_officer_reaches_a_complete_placement_page():
    call_command("seed_programme", verbosity=0)
    officer = Officer.objects.get(slug="chhy-ratha")
    officer.user = UserFactory(username="officer@example.org")
    officer.save()

    response = _signed_in(officer.user).get(MY)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Welcome, Ms. Chhy Ratha" in page
    assert "2nd Batch, 2015-2016" in page
    assert "Social Welfare, Women, Labor, and Migrant Workers Division" in page
    assert "Completed (graduated)" in page
    assert page.index("Bureau Chief of Women and ASEAN Affairs") < page.index("Director of International Cooperation")
    assert response.context["profile_is_public"] is True


@pytest.mark.parametrize("page", ["/my/", "/my/profile/", "/my/consent/"])
def test_officer_pages_are_never_kept_by_browsers_or_proxies(current_officer, page):
    response = _signed_in(current_officer.user).get(page)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_placement_page_only_answers_reads(current_officer):
    assert _signed_in(current_officer.user).post(MY).status_code == 405
