"""The web fonts of the Khmer, Lao and Burmese pages: subsets of Debian's Noto Sans, as WOFF2.

Visitors' systems often have no font for these scripts (an unshaped run of boxes is what they would see), so
the portal serves its own from static/fonts/, with no request to anyone else's server. Each file keeps one
script's Unicode blocks, the marks and joiners its shaping needs, and the digits and punctuation of basic Latin
written inside its text; every OpenType layout feature is kept, since Khmer and Myanmar stack and reorder glyphs
through them. The results are committed, so serving the portal needs no font package; after Debian updates
fonts-noto-core, run `make fonts` (this script) and commit what changed. core/tests/test_fonts.py checks that the
committed files are what this produces.
"""

import argparse
import shutil
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset

NOTO = Path("/usr/share/fonts/truetype/noto")
# The fonts' licence (SIL Open Font License 1.1) must travel with them.
NOTO_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")
LICENCE_NAME = "noto-fonts-copyright.txt"
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "fonts"
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

    def source(self, weight: str) -> Path:
        return NOTO / f"{self.family}-{weight}.ttf"

    def target(self, weight: str, folder: Path) -> Path:
        return folder / f"{self.slug}-{weight.lower()}.woff2"


SCRIPTS = (
    # Khmer, Khmer Symbols
    Script("NotoSansKhmer", "noto-sans-khmer", "U+1780-17FF,U+19E0-19FF"),
    # Lao
    Script("NotoSansLao", "noto-sans-lao", "U+0E80-0EFF"),
    # Myanmar, Myanmar Extended-B, Myanmar Extended-A
    Script("NotoSansMyanmar", "noto-sans-myanmar", "U+1000-109F,U+A9E0-A9FF,U+AA60-AA7F"),
)


def codepoints(ranges: str) -> list[int]:
    """The code points of "U+0020-0040,U+00A0": every one of each range."""
    points = []
    for part in ranges.split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def subset_options() -> subset.Options:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # the shaping of stacked and reordered glyphs lives in these
    options.name_IDs = ["*"]  # keeps the copyright and licence records in each file
    options.notdef_outline = True
    return options


def build_font(script: Script, weight: str, folder: Path) -> Path:
    """Write one weight of one script's subset into `folder`; return its path."""
    options = subset_options()
    font = subset.load_font(str(script.source(weight)), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(f"{script.blocks},{SHARED_CODEPOINTS}"))
    subsetter.subset(font)
    target = script.target(weight, folder)
    subset.save_font(font, str(target), options)
    font.close()
    return target


def build(folder: Path = OUTPUT) -> list[Path]:
    """Every script's subsets, in each weight Debian ships, and the licence beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        build_font(script, weight, folder)
        for script in SCRIPTS
        for weight in WEIGHTS
        if script.source(weight).exists()
    ]
    licence = folder / LICENCE_NAME
    shutil.copyfile(NOTO_COPYRIGHT, licence)
    return [*written, licence]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder to write into (default: static/fonts)")
    for path in build(parser.parse_args().output):
        print(path)


if __name__ == "__main__":
    main()
