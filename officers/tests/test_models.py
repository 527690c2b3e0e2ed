from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from batches.models import Batch
from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.models import CareerMilestone, GraduateStory, Officer, Placement, batch_graduate_count
from officers.tests.factories import (
    CareerMilestoneFactory,
    GraduateStoryFactory,
    OfficerFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def junior_diplomats_batch(number, start, end):
    track = ProgrammeTrackFactory(slug="junior-diplomats", name="Attachment Programme for Junior Diplomats")
    return BatchFactory(
        track=track,
        number=number,
        start_date=date(start, 1, 1),
        start_precision="year",
        end_date=date(end, 1, 1),
        end_precision="year",
    )


class TestProgrammeLine:
    def test_reads_as_the_article_prints_it(self):
        officer = OfficerFactory(country="LA")
        PlacementFactory(officer=officer, batch=junior_diplomats_batch(8, 2006, 2007))
        assert officer.programme_line == "Lao PDR, Attachment Programme for Junior Diplomats (8th Batch, 2006-2007)"

    def test_lists_every_attended_placement_oldest_first_and_skips_withdrawn_ones(self):
        officer = OfficerFactory(country="VN")
        PlacementFactory(officer=officer, batch=junior_diplomats_batch(13, 2014, 2015))
        PlacementFactory(
            officer=officer, batch=BatchFactory(number=2, start_date=date(2010, 1, 1), end_date=date(2010, 12, 1))
        )
        PlacementFactory(officer=officer, outcome="withdrawn")
        officer = Officer.objects.with_placements().get(pk=officer.pk)
        line = officer.programme_line
        assert line.startswith("Viet Nam, ")
        assert line.index("(2nd Batch, 2010-2010)") < line.index("(13th Batch, 2014-2015)")
        assert line.count("Batch") == 2


class TestOfficerConstraints:
    def test_country_outside_clmv_is_refused_in_full_clean(self):
        officer = OfficerFactory.build(country="TH", home_organisation=None)
        with pytest.raises(ValidationError) as error:
            officer.full_clean()
        assert "country" in error.value.message_dict

    def test_country_outside_clmv_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Officer.objects.create(full_name="Someone", slug="someone", country="TH")
        assert not Officer.objects.filter(slug="someone").exists()

    def test_slug_is_made_from_the_name_and_kept_unique(self):
        first = OfficerFactory(full_name="Nguyen Van An")
        second = OfficerFactory(full_name="Nguyen Van An")
        assert (first.slug, second.slug) == ("nguyen-van-an", "nguyen-van-an-2")

    def test_duplicate_slug_is_refused_by_the_database(self):
        first = OfficerFactory(slug="same")
        with pytest.raises(IntegrityError), transaction.atomic():
            Officer.objects.create(full_name="Other", slug="same", country="VN")
        assert list(Officer.objects.filter(slug="same")) == [first]

    def test_duplicate_email_is_refused_but_many_officers_may_have_none(self):
        OfficerFactory(email="a@example.org")
        OfficerFactory(email="")
        OfficerFactory(email="")
        with pytest.raises(ValidationError) as error:
            OfficerFactory.build(email="a@example.org", home_organisation=None).full_clean()
        assert "Another officer already has this email address." in str(error.value)

    def test_portrait_needs_alt_text(self):
        officer = OfficerFactory.build(home_organisation=None, portrait="portraits/x.jpg", portrait_alt="")
        with pytest.raises(ValidationError) as error:
            officer.full_clean()
        assert error.value.message_dict["portrait_alt"] == ["Describe the portrait for people who cannot see it."]


class TestPlacementConstraints:
    def test_one_placement_per_officer_and_batch_in_full_clean(self):
        placement = PlacementFactory()
        duplicate = Placement(officer=placement.officer, batch=placement.batch)
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert "This officer already has a placement in this batch." in str(error.value)

    def test_one_placement_per_officer_and_batch_in_the_database(self):
        placement = PlacementFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.create(officer=placement.officer, batch=placement.batch)
        assert Placement.objects.filter(officer=placement.officer).count() == 1

    def test_end_before_start_is_refused(self):
        placement = PlacementFactory.build(
            officer=OfficerFactory(),
            batch=BatchFactory(),
            division=None,
            start_date=date(2015, 1, 2),
            end_date=date(2015, 1, 1),
        )
        with pytest.raises(ValidationError) as error:
            placement.full_clean()
        assert error.value.message_dict["end_date"] == ["A placement cannot end before it starts."]
        with pytest.raises(IntegrityError), transaction.atomic():
            placement.save()

    def test_an_officer_cannot_supervise_themselves(self):
        officer = OfficerFactory()
        placement = PlacementFactory.build(officer=officer, supervisor=officer, batch=BatchFactory(), division=None)
        with pytest.raises(ValidationError) as error:
            placement.full_clean()
        assert error.value.message_dict["supervisor"] == ["An officer cannot supervise their own placement."]

    def test_a_former_officer_may_supervise_a_later_batch(self):
        graduate = PlacementFactory().officer
        later = PlacementFactory(supervisor=graduate, supervisor_name="")
        assert later.supervisor_display == graduate.full_name
        assert list(graduate.supervised_placements.all()) == [later]


class TestCareerMilestones:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [("year", "2016"), ("month", "June 2019"), ("day", "12 April 2018")],
    )
    def test_date_prints_at_its_precision(self, precision, expected):
        day = {"year": date(2016, 1, 1), "month": date(2019, 6, 1), "day": date(2018, 4, 12)}[precision]
        assert CareerMilestoneFactory(date=day, date_precision=precision).date_display == expected

    def test_timeline_puts_undated_earlier_steps_first_and_latest_last(self):
        officer = OfficerFactory()
        consul = CareerMilestoneFactory(officer=officer, title="Consul", date=date(2019, 6, 1))
        official = CareerMilestoneFactory(officer=officer, title="Official", date=None)
        joined = CareerMilestoneFactory(officer=officer, title="Joined", date=date(1996, 1, 1))
        assert list(CareerMilestone.objects.filter(officer=officer).timeline()) == [official, joined, consul]

    def test_a_check_must_name_its_checker(self):
        milestone = CareerMilestoneFactory.build(
            officer=OfficerFactory(), organisation=None, checked_at=timezone.now()
        )
        with pytest.raises(ValidationError) as error:
            milestone.full_clean()
        assert error.value.message_dict["checked_by"] == ["A check must say who made it."]
        with pytest.raises(IntegrityError), transaction.atomic():
            milestone.save()
        assert not CareerMilestone.objects.exists()

    def test_a_check_with_its_checker_is_accepted(self):
        checker = UserFactory()
        milestone = CareerMilestoneFactory.build(
            officer=OfficerFactory(), organisation=None, checked_at=timezone.now(), checked_by=checker
        )
        milestone.full_clean()
        milestone.save()
        stored = CareerMilestone.objects.get(pk=milestone.pk)
        assert stored.checked_by == checker
        assert stored.checked_at is not None


class TestPublicVisibility:
    def test_published_story_of_consenting_officer_is_public(self):
        story = GraduateStoryFactory()
        assert list(GraduateStory.objects.public()) == [story]

    @pytest.mark.parametrize("state", ["draft", "in_review"])
    def test_unpublished_story_is_not_public(self, state):
        story = GraduateStoryFactory(state=state)
        assert list(GraduateStory.objects.all()) == [story]
        assert not GraduateStory.objects.public().exists()

    def test_story_dated_in_the_future_is_not_public_yet(self):
        story = GraduateStoryFactory(published_on=timezone.localdate() + timedelta(days=1))
        assert list(GraduateStory.objects.all()) == [story]
        assert not GraduateStory.objects.public().exists()

    def test_story_of_officer_without_consent_is_not_public(self):
        story = GraduateStoryFactory()
        assert list(GraduateStory.objects.public()) == [story]
        Officer.objects.filter(pk=story.officer_id).update(public_profile_consent=False)
        assert not GraduateStory.objects.public().exists()

    def test_published_story_needs_a_date(self):
        story = GraduateStoryFactory.build(officer=OfficerFactory(), published_on=None)
        with pytest.raises(ValidationError) as error:
            story.full_clean()
        assert error.value.message_dict["published_on"] == ["A published story needs a publication date."]
        with pytest.raises(IntegrityError), transaction.atomic():
            story.save()

    def test_profile_is_public_with_consent_and_a_completed_placement(self):
        graduate = PlacementFactory().officer
        PlacementFactory(officer=OfficerFactory(public_profile_consent=False))
        PlacementFactory(outcome="active")
        PlacementFactory(outcome="withdrawn")
        OfficerFactory()
        assert list(Officer.objects.public()) == [graduate]

    def test_an_officer_with_two_completed_placements_appears_once(self):
        officer = PlacementFactory().officer
        PlacementFactory(officer=officer)
        assert list(Officer.objects.public()) == [officer]

    def test_story_slug_is_made_from_the_headline(self):
        assert GraduateStoryFactory(headline="From officer to Director").slug == "from-officer-to-director"

    def test_stories_order_chronologically_by_batch(self):
        later = GraduateStoryFactory(
            officer=PlacementFactory(
                batch=BatchFactory(start_date=date(2016, 1, 1), end_date=date(2017, 1, 1))
            ).officer
        )
        earlier = GraduateStoryFactory(
            officer=PlacementFactory(
                batch=BatchFactory(start_date=date(2006, 1, 1), end_date=date(2007, 1, 1))
            ).officer
        )
        assert list(GraduateStory.objects.public().chronological_by_batch()) == [earlier, later]


class TestGraduateCounts:
    def test_counts_per_batch(self):
        first_batch, second_batch = BatchFactory(), BatchFactory()
        PlacementFactory(batch=first_batch, officer=OfficerFactory(country="VN"))
        PlacementFactory(batch=first_batch, officer=OfficerFactory(country="KH"))
        PlacementFactory(batch=second_batch, officer=OfficerFactory(country="KH"))
        PlacementFactory(batch=second_batch, outcome="active")
        assert Batch.objects.annotate(graduates=batch_graduate_count()).get(pk=second_batch.pk).graduates == 1


def test_batch_count_of_graduates_counts_completed_placements_only():
    batch = BatchFactory()
    PlacementFactory.create_batch(2, batch=batch)
    PlacementFactory(batch=batch, outcome="withdrawn")
    PlacementFactory(batch=batch, outcome="active")
    assert Batch.objects.annotate(graduates=batch_graduate_count()).get(pk=batch.pk).graduates == 2
