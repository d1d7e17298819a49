"""Screenshots of every public page at a desktop's and a phone's size, to look at side by side.

Loads the demo alliance into a fresh data folder (as the page tests do), serves it on a
loopback port and drives Debian's chromium through Playwright:

    .venv/bin/python scripts/screenshots.py [--out test-artifacts/screenshots] [--image-scale 0.25]
        [--only NAME ...] [--sizes wide phone] [--lang zh]

Writes NAME-wide.png (1440 x 900) and NAME-phone.png (390 x 844), whole pages, for home,
exhibitions, the three demo exhibitions, an object, museums, a museum, search, map, timeline and
compare, the jar opened on a shared detail and the two embed pages; with --lang,
NAME-SIZE-LANG.png of the pages in that language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pages.conftest import DEMO_EXHIBITION, demo_in_chromium  # noqa: E402

SIZES = {"wide": (1440, 900), "phone": (390, 844)}


def pages(app, base: str) -> dict[str, str]:
    from sqlalchemy import select

    from exhibitions.models import MuseumObject
    from exhibitions.objects.records import object_record
    from exhibitions.pages.sharing import detail

    with app.extensions["caravanserai"].db.sessions() as session:
        jar, plate = (session.scalar(select(MuseumObject.id).where(MuseumObject.accession == accession))
                      for accession in ("NMC-2021-001", "RPM-P-211"))
        # A shared detail of the jar: the middle of its first image.
        record = object_record(session.get(MuseumObject, jar), base)
        image = record["images"][0]
        middle = (image["width"] // 3, image["height"] // 3, image["width"] // 3, image["height"] // 3)
        shared = detail(record, image, middle, base)["link"].removeprefix(base)
    return {"home": "/", "exhibitions": "/exhibitions", "exhibition": f"/exhibitions/{DEMO_EXHIBITION}",
            "exhibition-music": "/exhibitions/music-on-the-road",
            "exhibition-caravan": "/exhibitions/from-changan-to-constantinople",
            "object": f"/objects/{jar}", "museums": "/museums", "museum": "/museums/nmc",
            "search": "/search?q=bronze", "map": "/map", "timeline": "/timeline",
            "compare": f"/compare?objects={jar},{plate}", "object-detail": shared,
            "embed-object": f"/embed/objects/{jar}", "embed-exhibition": f"/embed/exhibitions/{DEMO_EXHIBITION}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "screenshots")
    parser.add_argument("--image-scale", type=float, default=0.25)
    parser.add_argument("--only", nargs="*", help="page names to take (default: all)")
    parser.add_argument("--sizes", nargs="*", choices=SIZES, default=list(SIZES), help="which sizes (default: both)")
    parser.add_argument("--lang", help="the pages in this language (?lang=), named NAME-SIZE-LANG.png")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with demo_in_chromium(args.image_scale) as (app, base, browser):
        for size in args.sizes:
            width, height = SIZES[size]
            context = browser.new_context(base_url=base, viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in pages(app, base).items():
                if args.only and name not in args.only:
                    continue
                if args.lang:
                    path += ("&" if "?" in path else "?") + f"lang={args.lang}"
                page.goto(path, wait_until="networkidle")
                # Maps draw as they come near the screen: pass over the whole page once.
                page.evaluate("""async () => {
                    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                        scrollTo(0, y);
                        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                    }
                    scrollTo(0, 0); }""")
                page.wait_for_function("() => [...document.querySelectorAll('.story-map, .minimap-canvas')]"
                                       ".every(map => map.dataset.drawn)")
                # A map of clusters has drawn once its first answer's markers are on it: taken
                # sooner, the picture shows it half drawn.
                page.wait_for_function("() => [...document.querySelectorAll('.explore-map')]"
                                       ".every(map => map.dataset.markers"
                                       " && map.getAttribute('aria-busy') === 'false')")
                # A whole-page picture needs the lazy images too: load them all now.
                page.evaluate("() => document.querySelectorAll('img[loading=lazy]')"
                              ".forEach(image => { image.loading = 'eager'; })")
                page.wait_for_function("() => [...document.images].every(image => image.complete)")
                if name == "compare":
                    # Mirador draws each object's image in a canvas of its own.
                    page.wait_for_function("() => document.querySelectorAll('#mirador canvas').length >= 2")
                page.evaluate("document.fonts.ready")
                target = args.out / f"{name}-{size}{'-' + args.lang if args.lang else ''}.png"
                page.screenshot(path=target, full_page=name not in ("compare",))
                print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
            context.close()


if __name__ == "__main__":
    main()
