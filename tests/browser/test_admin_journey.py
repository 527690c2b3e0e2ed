"""The Secretariat records a new batch and its graduate; Communications writes their story, previews
it, records the officer's approval and publishes it; the public reads it. Each person works in a
browser context of their own, as on their own machine."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from batches.models import Batch
from batches.tests.factories import DivisionFactory, ProgrammeTrackFactory
from officers.models import GraduateStory, Officer, PlacementOutcome, StoryState
from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.steps import choose_in_autocomplete, save_new_record, sign_in_to_admin, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]

HEADLINE = "Sokha Chan: from the 30th Batch to the ministry's ASEAN desk"


@pytest.fixture
def programme(db):
    ProgrammeTrackFactory(
        slug="junior-diplomats",
        name="Attachment Programme for Junior Diplomats",
        short_name="Junior Diplomats",
    )
    DivisionFactory(name="Political-Security Division")


def test_editor_records_a_graduate_and_communications_publishes_their_story(
    new_page, programme, editor, communications
):
    page = new_page(DESKTOP)
    with step(page, "the editor signs in to the admin"):
        sign_in_to_admin(page, editor.username)

    with step(page, "the editor adds the 30th batch of Junior Diplomats"):
        page.get_by_role("link", name="Batches", exact=True).click()
        page.get_by_role("link", name="Add batch").click()
        choose_in_autocomplete(page, "id_track", search="Junior", option="Junior Diplomats")
        page.get_by_label("Number:").fill("30")
        dates = page.get_by_role("group", name="Dates, at the precision known")
        dates.get_by_label("Start:", exact=True).fill("2023-10-02")
        dates.get_by_label("End:", exact=True).fill("2024-09-27")
        save_new_record(page)
    batch = Batch.objects.get(track__slug="junior-diplomats", number=30)
    assert batch.label == "30th Batch, 2023-2024", f"the batch was saved as {batch.label!r} ({page.url})"

    with step(page, "the editor adds an officer placed in that batch"):
        page.get_by_role("link", name="Home", exact=True).click()
        page.locator("#content-main").get_by_role("link", name="Officers", exact=True).click()
        page.get_by_role("link", name="Add officer").click()
        page.get_by_label("Full name:").fill("Sokha Chan")
        page.get_by_label("Country:").select_option(label="Cambodia")
        page.get_by_role("button", name="Add another placement").click()
        choose_in_autocomplete(
            page, "id_placements-0-batch", search="30", option="Junior Diplomats: 30th Batch, 2023-2024"
        )
        choose_in_autocomplete(
            page, "id_placements-0-division", search="Political", option="Political-Security Division"
        )
        page.locator("#id_placements-0-outcome").select_option(PlacementOutcome.COMPLETED)
        save_new_record(page)
    with step(page, "the editor records the officer's signed consent form"):
        page.locator(".messagelist").get_by_role("link", name="Sokha Chan").click()
        page.get_by_role("link", name="Record a signed consent form").click()
        screenshot(page, "admin-record-consent")
        page.get_by_label("Form reference:").fill("ASEC/CF/2024/031")
        page.get_by_label("Signed on:").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="Record the signed form").click()
        expect(page.locator(".messagelist .success")).to_contain_text("consent form ASEC/CF/2024/031")
    officer = Officer.objects.get(full_name="Sokha Chan")
    assert (officer.public_profile_consent, officer.consent_form_reference) == (True, "ASEC/CF/2024/031")
    placement = officer.placements.get()
    assert (placement.batch, placement.outcome) == (batch, PlacementOutcome.COMPLETED), (
        f"the placement was saved as {placement} ({placement.outcome}) on {page.url}"
    )

    writer = new_page(DESKTOP)
    with step(writer, "Communications signs in to the admin"):
        sign_in_to_admin(writer, communications.username)

    with step(writer, "Communications writes a story about the officer and saves it as a draft"):
        writer.get_by_role("link", name="Graduate stories", exact=True).click()
        writer.get_by_role("link", name="Add graduate story").click()
        choose_in_autocomplete(writer, "id_officer", search="Sokha", option="Sokha Chan")
        # The story's own fields, not those of the translations' table below them.
        story_fields = writer.locator("fieldset").first
        story_fields.get_by_label("Headline:").fill(HEADLINE)
        story_fields.get_by_label("Standfirst:").fill("A year at the Secretariat, and what came of it.")
        story_fields.get_by_label("Body:").fill("Sokha Chan joined the **30th Batch** in October 2023.")
        save_new_record(writer)
    story = GraduateStory.objects.get(officer=officer)
    assert story.state == StoryState.DRAFT, f"the new story should be a draft, is {story.state} ({writer.url})"

    public = new_page(DESKTOP)
    with step(public, "the public does not see the draft"):
        public.goto("/stories/")
        expect(public.get_by_role("link", name=HEADLINE)).to_have_count(0)

    with step(writer, "Communications previews the draft as the public will see it"):
        writer.locator("#result_list").get_by_role("link", name=HEADLINE).click()
        writer.get_by_role("link", name="Preview the public page").click()
        expect(writer.locator(".preview-banner")).to_contain_text("Preview — not public")
        expect(writer.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        screenshot(writer, "admin-story-preview")
        writer.get_by_role("link", name="Back to the story").click()

    with step(writer, "Communications records the officer's approval of the text"):
        writer.get_by_role("link", name="Record the officer's approval").click()
        writer.get_by_label("The officer approved this text on:").fill(timezone.localdate().isoformat())
        writer.get_by_role("button", name="Record the approval").click()
        expect(writer.locator(".messagelist .success")).to_contain_text("Recorded that the officer approved")
        writer.locator(".breadcrumbs").get_by_role("link", name="Graduate stories").click()
    story.refresh_from_db()
    assert story.has_valid_approval(), f"the officer's approval was not recorded ({writer.url})"

    with step(writer, "Communications publishes the story from the list"):
        writer.get_by_role("row", name=HEADLINE).get_by_role("checkbox").check()
        writer.get_by_label("Action:").select_option(label="Publish selected stories")
        writer.get_by_role("button", name="Go").click()
        expect(writer.locator(".messagelist .success")).to_contain_text("Published 1 story.")
    story.refresh_from_db()
    assert (story.state, story.published_on) == (StoryState.PUBLISHED, timezone.localdate()), (
        f"the story was not published today: {story.state}, {story.published_on} ({writer.url})"
    )

    with step(public, "the public finds the story on the list and reads it"):
        public.goto("/stories/")
        public.get_by_role("link", name=HEADLINE).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(public.locator("main")).to_contain_text("30th Batch, 2023-2024")
