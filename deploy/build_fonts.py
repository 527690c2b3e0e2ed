"""The web fonts of the Khmer, Lao and Burmese pages: subsets of Debian's Noto Sans, as WOFF2.

Visitors' systems often have no font for these scripts (an unshaped run of boxes is what they would see), so
the portal serves its own from static/fonts/, with no request to anyone else's server. Each file keeps one
script's Unicode blocks, the marks and joiners its shaping needs, and the digits and punctuation of basic Latin
written inside its text; every OpenType layout feature is kept, since Khmer and Myanmar stack and reorder glyphs
through them. The results are committed, so serving the portal needs no font package; after Debian updates
fonts-noto-core, run `make fonts` (this script) and commit what changed. core/tests/test_fonts.py checks that the
committed files are what this produces.

The language switch names each language in itself on every page ("ខ្មែរ" on an English page too), where the
script's own font is not loaded. So each script also gets a tiny subset holding only the glyphs of its language's
name (static/fonts/language-name-<script>-<weight>.woff2, for static/css/language-names.css), read from the same
Django language information the switch shows.
"""

import argparse
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent

NOTO = Path("/usr/share/fonts/truetype/noto")
# The fonts' licence (SIL Open Font License 1.1) must travel with them.
NOTO_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")
LICENCE_NAME = "noto-fonts-copyright.txt"
OUTPUT = ROOT / "static" / "fonts"
WEIGHTS = ("Regular", "Bold")

# Basic Latin digits and punctuation, no-break space, the dashes, quotes and ellipsis of General Punctuation,
# zero-width space, non-joiner and joiner (Khmer and Burmese mark word breaks with a zero-width space), word
# joiner, and the dotted circle that shapers put under a mark with nothing to sit on.
SHARED_CODEPOINTS = "U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+200B-200D,U+2010-2027,U+2060,U+25CC"


@dataclass(frozen=True)
class Script:
    family: str  # Debian's file name before the weight: "NotoSansKhmer"
    slug: str  # the served file name before the weight: "noto-sans-khmer"
    blocks: str  # the script's Unicode blocks, as the stylesheet's unicode-range repeats them
    language: str  # the code of the portal's language written in it: "km"

    def source(self, weight: str) -> Path:
        return NOTO / f"{self.family}-{weight}.ttf"

    def target(self, weight: str, folder: Path) -> Path:
        return folder / f"{self.slug}-{weight.lower()}.woff2"

    def language_name_target(self, weight: str, folder: Path) -> Path:
        """The subset holding only the language's name: "language-name-khmer-regular.woff2"."""
        return folder / f"language-name-{self.slug.removeprefix('noto-sans-')}-{weight.lower()}.woff2"


SCRIPTS = (
    # Khmer, Khmer Symbols
    Script("NotoSansKhmer", "noto-sans-khmer", "U+1780-17FF,U+19E0-19FF", "km"),
    # Lao
    Script("NotoSansLao", "noto-sans-lao", "U+0E80-0EFF", "lo"),
    # Myanmar, Myanmar Extended-B, Myanmar Extended-A
    Script("NotoSansMyanmar", "noto-sans-myanmar", "U+1000-109F,U+A9E0-A9FF,U+AA60-AA7F", "my"),
)


def subset_options() -> subset.Options:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # the shaping of stacked and reordered glyphs lives in these
    options.name_IDs = ["*"]  # keeps the copyright and licence records in each file
    options.notdef_outline = True
    return options


def language_name(language_code: str) -> str:
    """The language's name in itself, as the language switch shows it (core/language_names.py): Django's
    language information, which the portal's settings complete (Lao's name, Khmer's in Khmer), so they load first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attachment_portal.settings")
    from django.conf import settings

    from core.language_names import local_name

    if language_code not in dict(settings.LANGUAGES):  # reading a setting loads them all
        raise ValueError(f"{language_code!r} is not one of the portal's languages")
    return local_name(language_code)


def write_subset(source: Path, target: Path, *, unicodes: Iterable[int] = (), text: str = "") -> Path:
    """Write the glyphs `source` draws for these characters, and those their shaping turns them into, to `target`."""
    options = subset_options()
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes, text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    font.close()
    return target


def build_font(script: Script, weight: str, folder: Path) -> Path:
    """Write one weight of one script's subset into `folder`; return its path."""
    unicodes = subset.parse_unicodes(f"{script.blocks},{SHARED_CODEPOINTS}")
    return write_subset(script.source(weight), script.target(weight, folder), unicodes=unicodes)


def build_language_name_font(script: Script, weight: str, folder: Path) -> Path:
    """Write one weight of the subset holding only the name of the script's language; return its path."""
    text = language_name(script.language)
    return write_subset(script.source(weight), script.language_name_target(weight, folder), text=text)


def build(folder: Path = OUTPUT) -> list[Path]:
    """Every script's subsets and its language name's, in each weight Debian ships, and the licence beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        build_subset(script, weight, folder)
        for build_subset in (build_font, build_language_name_font)
        for script in SCRIPTS
        for weight in WEIGHTS
        if script.source(weight).exists()
    ]
    licence = folder / LICENCE_NAME
    shutil.copyfile(NOTO_COPYRIGHT, licence)
    return [*written, licence]


def main() -> None:
    # Run as a script, Python looks for modules beside it: the portal's settings are a folder up.
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder to write into (default: static/fonts)")
    for path in build(parser.parse_args().output):
        print(path)


if __name__ == "__main__":
    main()
