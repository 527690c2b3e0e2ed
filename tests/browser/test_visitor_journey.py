"""A visitor reads the stories, as the public would: no sign-in."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_visitor_filters_the_stories_opens_one_and_follows_its_batch(new_page, seeded, viewport):
    page = new_page(viewport)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories", exact=True).click()
    assert page.url.endswith("/stories/"), f"expected the stories list, got {page.url}"
    expect(page.locator("article")).to_have_count(4)

    page.get_by_label("Country").select_option("VN")
    page.get_by_role("button", name="Show stories").click()
    assert "country=VN" in page.url, f"the country filter was not applied: {page.url}"
    expect(page.locator("article")).to_have_count(1)

    page.get_by_role("link", name="Hoang Quoc Trung: a balanced point of view, and a posting to Japan").click()
    assert page.url.endswith("/stories/hoang-quoc-trung/"), f"expected Trung's story, got {page.url}"
    expect(page.locator("figure figcaption").first).to_contain_text("© Hoang Quoc Trung")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Consul, for the term 2019-2021")
    expect(timeline).to_contain_text("June 2019")

    page.get_by_role("link", name="Attachment Programme for Junior Diplomats (13th Batch, 2014-2015)").first.click()
    assert page.url.endswith("/programme/junior-diplomats/13/"), f"expected the 13th batch, got {page.url}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("13th Batch")
    expect(page.locator("main")).to_contain_text("Study visit in Japan")
    expect(page.locator("main")).to_contain_text("Hoang Quoc Trung")
