"""Pages with many rows, in a browser: the officers' batch filter, searched as you type, and a
batch's page listing its officers, with their table of choosers one click away."""

import re

import pytest
from playwright.sync_api import expect

from batches.tests.factories import BatchFactory, ProgrammeTrackFactory
from officers.tests.factories import OfficerFactory, PlacementFactory
from tests.browser.conftest import DESKTOP
from tests.browser.steps import choose_in_autocomplete, sign_in_to_admin, step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_without_second_factor")]


def test_an_editor_filters_officers_by_a_batch_found_by_typing(new_page, editor):
    track = ProgrammeTrackFactory(short_name="Junior Diplomats", name="Attachment Programme for Junior Diplomats")
    wanted = PlacementFactory(
        batch=BatchFactory(track=track, number=13), officer=OfficerFactory(full_name="Chhy Ratha", country="KH")
    )
    PlacementFactory(
        batch=BatchFactory(track=track, number=12), officer=OfficerFactory(full_name="Sok Dara", country="KH")
    )
    page = new_page(DESKTOP)
    with step(page, "the editor signs in and lists the Cambodian officers"):
        sign_in_to_admin(page, editor.username)
        page.goto("/admin/officers/officer/?country__exact=KH")
        expect(page.get_by_role("link", name="Sok Dara")).to_be_visible()
    with step(page, "the editor finds the 13th batch by typing and filters by it"):
        choose_in_autocomplete(page, "batch-filter", search="junior 13", option=str(wanted.batch))
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(rf"batch={wanted.batch.pk}"))
        expect(page).to_have_url(re.compile(r"country__exact=KH"))
        expect(page.get_by_role("link", name="Chhy Ratha")).to_be_visible()
        expect(page.get_by_role("link", name="Sok Dara")).to_have_count(0)
        expect(page.locator("#select2-batch-filter-container")).to_have_text(re.compile("13th Batch"))


def test_a_batch_page_lists_its_officers_and_opens_their_table_on_request(new_page, editor):
    placement = PlacementFactory(officer=OfficerFactory(full_name="Chhy Ratha"))
    page = new_page(DESKTOP)
    with step(page, "the editor opens the batch and sees its officers listed"):
        sign_in_to_admin(page, editor.username)
        page.goto(f"/admin/batches/batch/{placement.batch.pk}/change/")
        expect(page.get_by_role("link", name="Chhy Ratha")).to_have_attribute(
            "href", f"/admin/officers/placement/{placement.pk}/change/"
        )
    with step(page, "the editor opens the table of choosers"):
        page.get_by_role("link", name="Edit the placements and activities here").click()
        expect(page.locator("#id_placements-0-outcome")).to_be_visible()
        expect(page.locator("#select2-id_placements-0-officer-container")).to_have_text(re.compile("Chhy Ratha"))
