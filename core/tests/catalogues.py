"""Translation catalogues written for one test, to show what a translator's entries do on a page,
whatever the state of the portal's own catalogues."""

from pathlib import Path

import polib


def use_catalogues(settings, folder: Path, entries: dict[str, dict[str | tuple[str, str], str]]) -> None:
    """Make `folder` the portal's only catalogues: for each language, a compiled catalogue of the given
    entries, each keyed by its msgid or by (context, msgid)."""
    for language, translations in entries.items():
        catalogue = polib.MOFile()
        catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
        for key, translation in translations.items():
            context, msgid = key if isinstance(key, tuple) else (None, key)
            catalogue.append(polib.MOEntry(msgctxt=context, msgid=msgid, msgstr=translation))
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        catalogue.save(str(target / "django.mo"))
    settings.LOCALE_PATHS = [folder]
