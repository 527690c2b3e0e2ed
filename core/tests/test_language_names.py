"""Each language named in itself, once for the language switch and the choice of language alike."""

import unicodedata

import pytest
from django.template import engines
from django.test import RequestFactory

from core.language_names import language_choices, local_name


def test_vietnamese_is_named_in_composed_characters():
    assert local_name("vi") == "Tiếng Việt"
    assert unicodedata.is_normalized("NFC", local_name("vi"))


def test_lao_which_django_does_not_know_is_named_in_lao():
    assert local_name("lo") == "ລາວ"


def test_every_language_is_named_in_itself_in_the_settings_order():
    assert language_choices() == [
        ("en-gb", "English"),
        ("km", "ខ្មែរ"),
        ("lo", "ລາວ"),
        ("my", "မြန်မာဘာသာ"),
        ("vi", "Tiếng Việt"),
    ]


def test_a_language_django_knows_nothing_of_keeps_the_name_the_settings_give(settings):
    settings.LANGUAGES = [("en-gb", "English"), ("xx", "Testish")]
    assert local_name("xx") == "Testish"


def test_a_code_that_is_no_language_of_the_portal_is_refused():
    with pytest.raises(KeyError):
        local_name("xx")


def test_the_language_switch_shows_the_same_names():
    template = engines["django"].from_string(
        "{% load languages %}{% language_links as links %}{% for link in links %}{{ link.name_local }}|{% endfor %}"
    )
    shown = template.render({"request": RequestFactory().get("/")}).split("|")[:-1]
    assert shown == [name for _code, name in language_choices()]
