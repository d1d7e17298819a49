"""The serif's files a page makes a browser fetch: no letter of the interface's catalogs or of the
demo's texts takes the whole latin-ext (187 KB), cyrillic-ext (89 KB) or math (65 KB) file; the
small subsets scripts/fonts.py cuts serve them, and site.css names them as that script cuts them."""

from __future__ import annotations

import re

import pytest

from scripts.fonts import SUBSETS, codepoints, file_name
from tests.pages.conftest import REPO

FILES = REPO / "exhibitions" / "static" / "vendor" / "noto-serif" / "files"
WHOLE = {"latin-ext", "cyrillic-ext", "math"}  # the files no text of ours should need
# The interface's words in every language and the demo's texts (museums, objects, exhibitions).
TEXTS = [*REPO.glob("exhibitions/i18n/translations/*/LC_MESSAGES/messages.po"), *REPO.glob("exhibitions/words*.py"),
         *REPO.glob("exhibitions/ops/demo*.py")]


def faces() -> list[tuple[str, list[int]]]:
    """site.css's @font-face rules of the serif, in order: (subset's name, its code points)."""
    css = (REPO / "exhibitions" / "static" / "css" / "site.css").read_text()
    return [(name, codepoints(unicode_range)) for name, unicode_range in re.findall(
        r"@font-face \{[^}]*files/noto-serif-([\w-]+)-wght-normal\.woff2[^}]*unicode-range: ([^;]+); \}", css)]


def fetched_for(character: str, rules: list[tuple[str, list[int]]]) -> str | None:
    """The subset a browser fetches for a character: it checks a family's rules last first."""
    return next((name for name, points in reversed(rules) if ord(character) in points), None)


def test_site_css_names_each_small_subset_after_the_whole_file_it_is_cut_from():
    rules = faces()
    names = [name for name, _ in rules]
    for subset, (whole, unicode_range) in SUBSETS.items():
        assert dict(rules)[subset] == codepoints(unicode_range)
        assert names.index(subset) > names.index(whole), names
    # Greek letters are in the math file's range too: the Greek file must be checked first.
    assert names.index("greek") > names.index("math")


def test_no_letter_of_our_catalogs_or_the_demo_takes_a_whole_large_file():
    rules = faces()
    letters = {character for path in TEXTS for character in path.read_text(encoding="utf-8") if ord(character) > 0x7F}
    assert len(TEXTS) > 12 and any("ā" in path.read_text(encoding="utf-8") for path in TEXTS)
    taken = {character: fetched_for(character, rules) for character in letters}
    assert {character: name for character, name in taken.items() if name in WHOLE} == {}


@pytest.mark.skipif(not FILES.exists(), reason="the serif's files come from scripts/assets.sh")
def test_each_small_subset_holds_every_letter_it_serves():
    from fontTools.ttLib import TTFont

    for subset, (whole, unicode_range) in SUBSETS.items():
        cut = TTFont(FILES / file_name(subset))
        source = TTFont(FILES / file_name(whole))
        wanted = {point for point in codepoints(unicode_range) if point in source.getBestCmap()}
        assert wanted and wanted <= set(cut.getBestCmap())
        # Weight is still variable: the headings' 600 and the text's 400 come from the one file.
        assert "fvar" in cut and [axis.axisTag for axis in cut["fvar"].axes] == ["wght"]
        assert (FILES / file_name(subset)).stat().st_size < (FILES / file_name(whole)).stat().st_size / 3
