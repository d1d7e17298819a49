"""Screenshots of every admin page at a desktop's and a phone's size, to look at side by side.

Loads the demo alliance into a fresh data folder (as the page tests do), serves it on a loopback
port, logs in as the demo admin and drives Debian's chromium through Playwright:

    .venv/bin/python scripts/admin_screenshots.py [--out test-artifacts/screenshots] [--lang zh]

Writes admin-NAME-wide.png (1440 x 900) and admin-NAME-phone.png (390 x 844), whole pages, for
the dashboard, the museums, a museum's form (empty, filled, with its errors), the accounts, an
account with its one-time link, the tokens with a new one, a revocation's question and the
password-reset page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pages.conftest import ADMIN, PASSWORD, demo_in_chromium  # noqa: E402

SIZES = {"wide": (1440, 900), "phone": (390, 844)}  # as scripts/screenshots.py takes the public pages


def shoot(page, out: Path, name: str, size: str, lang: str | None) -> None:
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    page.evaluate("document.fonts.ready")
    target = out / f"admin-{name}-{size}{'-' + lang if lang else ''}.png"
    page.screenshot(path=target, full_page=True)
    print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)


def tour(page, out: Path, size: str, lang: str | None) -> None:
    """Every admin page, and the answers that show a secret once."""
    suffix = f"?lang={lang}" if lang else ""
    page.goto(f"/login{suffix}")
    page.fill("#email", ADMIN)
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/admin")
    for name, path in (("dashboard", "/admin"), ("museums", "/admin/museums"), ("museum-new", "/admin/museums/new"),
                       ("museum", "/admin/museums/samarkand"), ("accounts", "/admin/accounts"),
                       ("tokens", "/admin/tokens")):
        page.goto(path)
        shoot(page, out, name, size, lang)
    page.goto("/admin/museums/new")
    page.fill("#f-slug", "Not A Slug")
    page.fill("#f-lat", "north")
    page.click(".admin-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    shoot(page, out, "museum-errors", size, lang)
    page.goto("/admin/accounts")
    page.fill("#f-email", f"guide-{size}@alliance.example")
    page.select_option("#f-role", "editor")
    page.click("form[action$='/admin/accounts'] button[type=submit]")
    page.wait_for_selector("#reset-link")
    shoot(page, out, "account-link", size, lang)
    link = page.input_value("#reset-link")
    page.goto("/admin/tokens")
    page.fill("#f-name", f"catalogue sync ({size})")
    page.select_option("#f-role", "contributor")
    page.select_option("#f-museum", "nmc")
    page.click("form[action$='/admin/tokens'] button[type=submit]")
    page.wait_for_selector("#new-token")
    shoot(page, out, "token-new", size, lang)
    page.locator("tr", has_text=f"catalogue sync ({size})").locator("a.button").click()
    page.wait_for_url("**/revoke")
    shoot(page, out, "token-revoke", size, lang)
    page.goto(link)
    shoot(page, out, "reset", size, lang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "screenshots")
    parser.add_argument("--image-scale", type=float, default=0.05)
    parser.add_argument("--lang", help="the pages in this language, named admin-NAME-SIZE-LANG.png")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with demo_in_chromium(args.image_scale) as (_app, base, browser):
        for size, (width, height) in SIZES.items():
            context = browser.new_context(base_url=base, viewport={"width": width, "height": height})
            tour(context.new_page(), args.out, size, args.lang)
            context.close()


if __name__ == "__main__":
    main()
