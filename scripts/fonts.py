"""The serif's small subsets, made at set-up (scripts/assets.sh) from @fontsource-variable/noto-serif.

Its latin-ext file (187 KB) holds some 1,100 letters and signs; a page that writes one of them
("Rundāle", "Şanlıurfa", "Győr") fetched it whole. Most text of ours needs only the letters of
Europe's Latin alphabets (Latin Extended-A, and Romanian's comma letters), 16 KB of it; Kazakh,
Kyrgyz, Tatar, Tajik and the Cyrillic of other Turkic and Central Asian languages need only the
Cyrillic letters U+0490-04FF of the cyrillic-ext file (89 KB): 28 KB. site.css names each subset in
an @font-face rule of its own, after the whole file's rule, with the subset's letters as its
unicode-range: a browser checks the rules of a family last first, so the subset serves those
letters and the whole file stays for the rest (fetched only by a page that writes one of those).

    .venv/bin/python scripts/fonts.py SOURCE_FILES_DIR DEST_FILES_DIR

Writes a subset only when its bytes differ from the file already there (a second run of
scripts/assets.sh touches nothing).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

# name of the subset: (the fontsource subset it is cut from, its unicode-range as CSS writes it).
SUBSETS = {
    "latin-ext-common": ("latin-ext", "U+0100-017F,U+0218-021B"),
    "cyrillic-ext-common": ("cyrillic-ext", "U+0490-04FF"),
}


def file_name(subset: str) -> str:
    return f"noto-serif-{subset}-wght-normal.woff2"


def codepoints(unicode_range: str) -> list[int]:
    """The code points of a CSS unicode-range ("U+0100-017F,U+0218")."""
    points = []
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points += range(int(first, 16), int(last or first, 16) + 1)
    return points


def subset(source: Path, unicode_range: str) -> bytes:
    """The font of source cut to the letters of unicode_range (with what they need: accents put
    on by the font's marks, kerning, ligatures), variable weight kept, as WOFF2."""
    from fontTools import subset as cutter
    from fontTools.ttLib import TTFont

    options = cutter.Options()
    options.flavor = "woff2"
    font = TTFont(source, recalcTimestamp=False)  # the same bytes on every run
    worker = cutter.Subsetter(options)
    worker.populate(unicodes=codepoints(unicode_range))
    worker.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main(source_dir: Path, dest_dir: Path) -> None:
    for name, (whole, unicode_range) in SUBSETS.items():
        data = subset(source_dir / file_name(whole), unicode_range)
        dest = dest_dir / file_name(name)
        if not dest.exists() or dest.read_bytes() != data:
            dest.write_bytes(data)


if __name__ == "__main__":
    try:
        import fontTools  # noqa: F401
    except ImportError:
        sys.exit("fonts: fonttools is needed (pip install -c constraints.txt -r requirements.txt)")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
