"""The home page and a story in each of the portal's five languages, at a phone's width: axe-core
finds no serious or critical violation, the page says its language, and screenshots of each are
kept (screenshots/home-<language>-390.png, story-<language>-390.png) to check by eye that every
script renders (no boxes where glyphs should be) and breaks its lines where it should."""

import pytest
from django.core.management import call_command

from core.i18n_urls import url_prefix
from tests.browser.conftest import PHONE, audit

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en-gb", "km", "lo", "my", "vi"]


def address(language: str, path: str) -> str:
    return path if language == "en-gb" else f"/{url_prefix(language)}{path}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_a_story_in_each_language(new_page, transactional_db, language):
    call_command("seed_programme", verbosity=0)
    page = new_page(PHONE)
    problems = []
    for name, path in [("home", "/"), ("story", "/stories/hoang-quoc-trung/")]:
        response = page.goto(address(language, path))
        assert response.status == 200, f"{page.url} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        # Every web font the page asked for has loaded: a script without its font would show boxes.
        page.evaluate("document.fonts.ready")
        failed = page.evaluate("[...document.fonts].filter((f) => f.status === 'error').map((f) => f.family)")
        assert failed == [], f"{page.url}: fonts that failed to load: {failed}"
        problems += audit(page, f"{name}-{language}")
    assert not problems, "\n\n".join(problems)


def test_the_switch_names_khmer_in_its_own_script_on_an_english_page(new_page, transactional_db):
    """An English page loads no Khmer font for its text; the switch's "ខ្មែរ" is drawn from the small font holding
    its glyphs (static/css/language-names.css), not left to whatever the visitor's system has."""
    page = new_page()
    page.goto("/")
    page.evaluate("document.fonts.ready")
    khmer_name_font = page.evaluate(
        """[...document.fonts]
            .filter((face) => face.family.replaceAll('"', '') === 'Portal language names' && face.weight === '400')
            .filter((face) => face.unicodeRange.toUpperCase().includes('U+1780'))
            .map((face) => face.status)"""
    )
    assert page.locator(".language-switch a[lang=km]").inner_text() == "ខ្មែរ"
    assert khmer_name_font == ["loaded"]
