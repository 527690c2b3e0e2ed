"""Every fact the seed loads is checked against the words of the source article, and what the article
does not say is not in the records."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from batches.models import Activity, Batch, BatchStatus, Division, ProgrammeTrack
from devdata import seed_facts as facts
from officers.models import (
    CareerMilestone,
    GraduateStory,
    Officer,
    Organisation,
    Placement,
    ReportedFigure,
    StoryPhoto,
    StoryState,
)

pytestmark = pytest.mark.django_db

ARTICLE_PATH = Path(settings.BASE_DIR) / "devdata" / "seed-article.txt"


def normalised(text: str) -> str:
    """Text compared as words: one space for any run of white space, one apostrophe for ' and ’, list
    items numbered "1)" as the article numbers them (the stories number them "1." for Markdown), and
    no double quotation marks (a story closes a quotation the article leaves open)."""
    text = re.sub(r"(?m)^(\d)\. ", r"\1) ", text)
    text = text.replace("’", "'").replace("“", "").replace("”", "").replace('"', "")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def article() -> str:
    text = ARTICLE_PATH.read_text(encoding="utf-8")
    # One paragraph of the article is cut in two, mid-word, by a photo and its caption: read the
    # paragraph whole, and the caption after it.
    cut = re.search(r"the Atta\n(.*?)\nchment Programme", text, flags=re.S)
    text = f"{text[: cut.start()]}the Attachment Programme{text[cut.end() :]}\n{cut.group(1)}"
    return normalised(text)


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.;!?])\s+", normalised(text)) if part]


def stated(words: str, article: str) -> bool:
    return normalised(words) in article


def test_the_article_beside_the_seed_is_the_source_article(article):
    assert article.startswith(f"{facts.TITLE} 29 September 2019 By {facts.BYLINE}")


class TestWhatTheSeedStates:
    def test_every_sentence_of_every_story_body_is_the_articles(self, seeded, article):
        for story in GraduateStory.objects.all():
            missing = [sentence for sentence in sentences(story.body) if not stated(sentence, article)]
            assert not missing, (story.slug, missing)

    def test_pull_quotes_photo_captions_and_credits_are_the_articles(self, seeded, article):
        for story in GraduateStory.objects.all():
            # A quotation ends with a full stop where the article's sentence goes on ("…,” she shared").
            assert stated(story.pull_quote.removesuffix("."), article), story.slug
            assert stated(f"By {story.byline}", article)
        for photo in StoryPhoto.objects.all():
            assert stated(photo.caption, article), photo.caption
            assert stated(f"© {photo.credit}", article), photo.credit

    def test_each_graduate_is_named_with_honorific_and_programme_line_as_the_article_does(self, seeded, article):
        officers = Officer.objects.with_placements()
        assert officers.count() == 4
        for officer in officers:
            assert stated(f"{officer.honorific} {officer.full_name}", article), officer.full_name
            assert stated(f"{officer.full_name}, {officer.programme_line}", article), officer.programme_line

    def test_tracks_are_named_and_dated_as_the_article_does(self, seeded, article):
        for track in ProgrammeTrack.objects.all():
            assert stated(track.name, article), track.name
        assert stated("Batches for Junior Diplomats (APSC Involvement) since 2001", article)
        assert stated("Batches for AEC and ASCC Involvement since 2013", article)
        assert dict(ProgrammeTrack.objects.values_list("slug", "first_year")) == {
            "junior-diplomats": 2001,
            "aec-ascc": 2013,
        }

    def test_the_announced_batches_are_planned_for_the_quarter_the_article_gives(self, seeded, article):
        assert stated("The 16th Batch for Junior Diplomats and the 5th Batch", article)
        assert stated("will commence in the last quarter of 2019", article)
        for slug, number in (("junior-diplomats", 16), ("aec-ascc", 5)):
            batch = Batch.objects.get(track__slug=slug, number=number)
            assert (batch.start_display, batch.end_date, batch.status) == ("Q4 2019", None, BatchStatus.PLANNED)

    def test_every_career_step_quotes_the_words_that_state_it_with_its_date_and_organisation(self, seeded, article):
        for milestone in CareerMilestone.objects.select_related("organisation"):
            prefix = f"{facts.ARTICLE}: “"
            assert milestone.source_note.startswith(prefix) and milestone.source_note.endswith("”")
            quote = milestone.source_note.removeprefix(prefix).removesuffix("”")
            assert stated(quote, article), milestone.title
            if milestone.date:
                assert milestone.date_display in quote, milestone.title
            if milestone.organisation:
                assert stated(milestone.organisation.name, article), milestone.organisation.name
            # The title uses the article's words only (joined by commas and "for").
            words = re.findall(r"[\w-]+", milestone.title.replace("Joined", "joined"))
            assert all(stated(word, article) for word in words), milestone.title

    def test_the_division_and_organisations_are_named_as_the_article_names_them(self, seeded, article):
        for division in Division.objects.all():
            assert stated(division.name, article), division.name
        for organisation in Organisation.objects.all():
            assert stated(organisation.name, article), organisation.name

    def test_activities_are_the_articles(self, seeded, article):
        for activity in Activity.objects.all():
            assert stated(activity.title.lower(), article.lower()), activity.title
            assert stated(activity.place, article), activity.place
        assert stated("visits the ASEAN-Japan Centre as one of the activities of the study visit in Japan", article)
        assert stated("my first time ever visit to Japan at the end of the programme", article)

    def test_the_reported_figures_are_the_articles_with_its_sentence_source_and_date(self, seeded, article):
        figures = {
            (figure.kind, figure.track.slug if figure.track else None): figure
            for figure in ReportedFigure.objects.select_related("track")
        }
        assert {key: figure.value for key, figure in figures.items()} == {
            ("graduates", None): 88,
            ("batches_run", "junior-diplomats"): 15,
            ("batches_run", "aec-ascc"): 4,
        }
        for figure in figures.values():
            assert stated(figure.statement, article)
            assert str(figure.value) in figure.statement
            assert (figure.as_of, figure.source_name, figure.source_title) == (
                date(2019, 9, 29),
                "JAIF Management Team",
                "ASEAN Deepens Integration Through the Attachment Programme",
            )
            assert stated(figure.source_title, article) and stated(f"By {figure.source_name}", article)
            # The article's text gives no address of its own.
            assert figure.source_url == "" and "http" not in article


class TestWhatTheArticleDoesNotSay:
    def test_no_officer_is_said_to_be_nominated_by_anyone(self, seeded):
        assert not Officer.objects.filter(home_organisation__isnull=False).exists()
        assert not Officer.objects.exclude(position_at_nomination="").exists()

    def test_the_division_has_no_department_or_pillar(self, seeded):
        assert list(Division.objects.values_list("department", "pillar")) == [("", None)]

    def test_no_organisation_the_article_does_not_name(self, seeded):
        assert not Organisation.objects.filter(name__icontains="Permanent Mission").exists()

    def test_assistant_to_minister_is_undated(self, seeded, article):
        assert CareerMilestone.objects.get(title="Assistant to Minister").date is None
        assert not re.search(r"Assistant to Minister[^.]*\d{4}", article)

    def test_the_training_in_malaysia_has_no_host(self, seeded):
        assert Activity.objects.get(title="Diplomatic training in Malaysia").host == ""

    def test_no_placement_names_a_supervisor_or_a_note(self, seeded):
        assert list(Placement.objects.order_by().values_list("supervisor_name", "notes").distinct()) == [("", "")]

    def test_htet_was_supervised_by_a_former_officer_before_she_joined_not_during_her_placement(self, seeded, article):
        assert stated(
            "Witnessing the contributions of the Attachment Programme by having supervised by a former Attachment "
            "Officer, Htet had a first-hand experience of the Attachment Programme even before joining it.",
            article,
        )
        story = GraduateStory.objects.get(slug="htet-htet-htoo")
        assert story.standfirst.startswith("Supervised by a former Attachment Officer before she joined the programme")
        assert Placement.objects.get(officer__slug="htet-htet-htoo").notes == ""


class TestPublishedStoriesHaveTheirOfficersApproval:
    def test_each_seeded_story_is_published_with_a_recorded_approval_of_its_text(self, seeded):
        stories = GraduateStory.objects.all()
        assert stories.count() == 4
        for story in stories:
            assert story.state == StoryState.PUBLISHED
            assert story.published_on == date(2019, 9, 29)
            assert story.has_valid_approval(), story.slug
            assert story.approval_problem() is None
            assert story.officer_approved_on == date(2019, 9, 29)
            assert story.officer_approved_fingerprint == story.text_fingerprint()
            assert story.officer_approval_recorded_at is not None
            assert story.officer_approval_recorded_by is None
            assert story.history.filter(history_change_reason="Published").exists()

    def test_a_story_whose_approval_went_missing_is_approved_and_published_again(self, seeded):
        GraduateStory.objects.filter(slug="chhy-ratha").update(
            state=StoryState.DRAFT, officer_approved_on=None, officer_approved_fingerprint=""
        )
        call_command("seed_programme", verbosity=0)
        story = GraduateStory.objects.get(slug="chhy-ratha")
        assert story.state == StoryState.PUBLISHED and story.has_valid_approval()

    def test_a_story_whose_text_was_edited_away_gets_the_articles_text_and_a_fresh_approval(self, seeded):
        story = GraduateStory.objects.get(slug="htet-htet-htoo")
        story.standfirst = "Supervised by a former Attachment Officer during her placement."
        story.save()
        assert not story.has_valid_approval()
        call_command("seed_programme", verbosity=0)
        story.refresh_from_db()
        assert story.standfirst.startswith("Supervised by a former Attachment Officer before she joined")
        assert story.has_valid_approval()
