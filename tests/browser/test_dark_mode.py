"""The public pages in dark mode, at a phone width and a desktop width: dark colours, and axe-core finds
no serious violation (contrast included); and the story page on paper: its timeline and its address."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, audit

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshot name (after "dark-"): path.
DARK_PAGES = {
    "home": "/",
    "stories-searched": "/stories/?q=Japan&track=junior-diplomats",
    "stories-with-invalid-filters": "/stories/?country=FR&track=aec-ascc&batch=13",
    "story": "/stories/hoang-quoc-trung/",
    "graduate": "/graduates/hoang-quoc-trung/",
    "batch": "/programme/junior-diplomats/13/",
    "statistics": "/statistics/",
    "take-part": "/take-part/",
    "feed-about": "/feed/about/",
    "sign-in": "/accounts/login/",
}
# The page's own background in dark mode (--paper).
DARK_PAPER = "rgb(16, 20, 24)"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_in_dark_mode_keep_their_contrast(new_page, seeded, viewport):
    page = new_page(viewport)
    page.emulate_media(color_scheme="dark")
    problems = []
    for name, path in DARK_PAGES.items():
        page.goto(path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        if background != DARK_PAPER:
            problems.append(f"dark-{name}: the page's background is {background}, not dark")
        problems += audit(page, f"dark-{name}")
    assert not problems, f"At {viewport['width']} px:\n\n" + "\n\n".join(problems)


def test_a_printed_story_keeps_its_timeline_and_says_where_it_came_from(new_page, seeded):
    page = new_page(DESKTOP)
    page.goto("/stories/hoang-quoc-trung/")
    address = page.locator(".print-address")
    assert not address.is_visible()

    page.emulate_media(media="print", color_scheme="dark")
    assert address.is_visible()
    assert address.inner_text().endswith("/stories/hoang-quoc-trung/")
    assert page.locator(".timeline").is_visible()
    assert "Consul, for the term 2019-2021" in page.locator(".timeline").inner_text()
    for chrome in (".site-header", ".site-footer", ".share", ".panel--related"):
        assert not page.locator(chrome).is_visible(), chrome
    # Paper stays light whatever the screen's preference: dark text, no dark page.
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(27, 31, 36)"
