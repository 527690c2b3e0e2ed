from datetime import date

import factory
from django.contrib.auth import get_user_model

from batches.tests.factories import BatchFactory, DivisionFactory
from officers.models import (
    CareerMilestone,
    GraduateStory,
    Officer,
    Organisation,
    Placement,
    PlacementOutcome,
    ReportedFigure,
    StoryLanguage,
    StoryPhoto,
    StoryState,
    StoryTranslation,
    TranslationState,
)
from officers.models.stories import APPROVED_TEXT_FIELDS, text_fingerprint


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ministry {n}")
    country = "VN"


class OfficerFactory(factory.django.DjangoModelFactory):
    """A consenting officer; add a completed placement to make them a public graduate."""

    class Meta:
        model = Officer

    full_name = factory.Sequence(lambda n: f"Officer Name {n}")
    country = "VN"
    home_organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"officer{n}@example.org")
    phone = "+84 24 0000 0000"
    public_profile_consent = True


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    officer = factory.SubFactory(OfficerFactory)
    batch = factory.SubFactory(BatchFactory)
    division = factory.SubFactory(DivisionFactory)
    supervisor_name = "Supervisor Name"
    outcome = PlacementOutcome.COMPLETED


class CareerMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerMilestone

    officer = factory.SubFactory(OfficerFactory)
    title = factory.Sequence(lambda n: f"Position {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    kind = "promotion"
    date = date(2019, 6, 1)
    date_precision = "month"
    source = "published_story"


class GraduateStoryFactory(factory.django.DjangoModelFactory):
    """A published story about a graduate (the officer gets a completed placement)."""

    class Meta:
        model = GraduateStory

    officer = factory.LazyFunction(lambda: PlacementFactory().officer)
    headline = factory.Sequence(lambda n: f"Graduate story {n}")
    standfirst = "What the programme meant."
    body = "A paragraph of the story."
    pull_quote = "A quote."
    state = StoryState.PUBLISHED
    published_on = date(2019, 9, 29)
    # A published story carries the officer's approval of its text, as publishing requires;
    # `approved=True` gives one to a draft too.
    officer_approved_on = factory.Maybe("approved", yes_declaration=date(2019, 9, 20), no_declaration=None)
    officer_approved_version = factory.Maybe("approved", yes_declaration=1, no_declaration=None)
    officer_approved_fingerprint = factory.Maybe(
        "approved",
        yes_declaration=factory.LazyAttribute(
            lambda story: text_fingerprint(**{name: getattr(story, name) for name in APPROVED_TEXT_FIELDS})
        ),
        no_declaration="",
    )

    class Params:
        approved = factory.LazyAttribute(lambda story: story.state == StoryState.PUBLISHED)


class StoryPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryPhoto

    story = factory.SubFactory(GraduateStoryFactory)
    alt_text = "Officers at a meeting"
    caption = "At a meeting."
    credit = "JAIF Management Team"


class StoryTranslationFactory(factory.django.DjangoModelFactory):
    """A published translation of a published story (Vietnamese unless `language` says otherwise)."""

    class Meta:
        model = StoryTranslation

    story = factory.SubFactory(GraduateStoryFactory)
    language = StoryLanguage.VIETNAMESE
    headline = factory.Sequence(lambda n: f"Câu chuyện cựu học viên {n}")
    standfirst = "Chương trình đã mang lại điều gì."
    body = "Một đoạn của câu chuyện."
    pull_quote = "Một câu trích dẫn."
    state = TranslationState.PUBLISHED
    published_on = date(2019, 10, 1)


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    """A figure for the whole programme, as the article reports it; give `track` for a track's."""

    class Meta:
        model = ReportedFigure

    kind = "graduates"
    value = 88
    track = None
    as_of = date(2019, 9, 29)
    source_name = "JAIF Management Team"
    source_title = "ASEAN Deepens Integration Through the Attachment Programme"
    statement = factory.LazyAttribute(lambda figure: f"To-date, it has a total of {figure.value} graduates.")
