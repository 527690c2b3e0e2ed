"""The four catalogues are complete: every message of the interface, as the source marks it today,
is translated in Khmer, Lao, Burmese and Vietnamese, nothing is left fuzzy, and each translation is
written in its language's script (a wrong script would show as boxes or as another language)."""

import shutil
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings as project_settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from core.framework_messages import FORM_MESSAGES, LENGTH_MESSAGES, SIGN_IN_MESSAGES
from core.management.commands.update_catalogues import TRANSLATED_LANGUAGES

CATALOGUES = Path(project_settings.BASE_DIR) / "locale"
# The script each language is written in, by Unicode block; Latin letters, digits and punctuation are
# welcome in all of them (names such as ASEAN or JAIF, placeholders, addresses).
SCRIPTS = {"km": ("KHMER",), "lo": ("LAO",), "my": ("MYANMAR",), "vi": ("LATIN",)}


def catalogue(language: str, folder: Path = CATALOGUES) -> polib.POFile:
    return polib.pofile(str(folder / language / "LC_MESSAGES" / "django.po"))


def unfinished(entries: polib.POFile) -> list[str]:
    return [entry.msgid for entry in entries if not entry.translated() or entry.fuzzy or entry.obsolete]


@pytest.fixture(scope="module")
def extracted_today(tmp_path_factory) -> Path:
    """The catalogues brought up to date with the source, in a copy: a message the source marks and
    the catalogue lacks arrives there untranslated."""
    folder = tmp_path_factory.mktemp("locale")
    for language in TRANSLATED_LANGUAGES:
        shutil.copytree(CATALOGUES / language, folder / language)
    original = project_settings.LOCALE_PATHS
    project_settings.LOCALE_PATHS = [folder]
    try:
        call_command("update_catalogues", verbosity=0)
    finally:
        project_settings.LOCALE_PATHS = original
    return folder


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = catalogue(language)
    assert len(entries) > 1000
    assert unfinished(entries) == []
    assert entries.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_catalogue_holds_every_message_the_source_marks_today(extracted_today, language):
    assert unfinished(catalogue(language, extracted_today)) == [], (
        "Messages added or changed since the catalogue was last updated: run `make messages` and translate them."
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_are_written_in_the_languages_own_script(language):
    foreign = set()
    for entry in catalogue(language):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            for character in text:
                name = unicodedata.name(character, "")
                if character.isalpha() and not name.startswith(SCRIPTS[language] + ("LATIN",)):
                    foreign.add((character, name))
    assert foreign == set()


@pytest.mark.parametrize("language", ["km", "lo", "my"])
def test_the_languages_without_latin_letters_translate_the_sentences(language):
    # A sentence copied over untranslated would pass the other checks.
    sentences = [entry for entry in catalogue(language) if len(entry.msgid.split()) >= 4]
    untouched = [entry.msgid for entry in sentences if entry.msgstr and entry.msgstr == entry.msgid]
    assert untouched == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_djangos_own_messages_on_the_portals_forms_read_as_the_portals_catalogue_translates_them(language):
    # Django has no Lao catalogue at all; in the other languages the portal's words take precedence.
    translated = {entry.msgid: entry.msgstr for entry in catalogue(language) if entry.msgstr}
    with translation.override(language):
        shown = {message: gettext(message) for message in [*FORM_MESSAGES, *SIGN_IN_MESSAGES]}
        lengths = [str(message % {"limit_value": 5, "show_value": 9}) for message in LENGTH_MESSAGES]
    assert shown == {message: translated[message] for message in shown}
    assert [message for message in lengths if message.startswith("Ensure")] == []
