"""Lighthouse's accessibility and best-practices scores of the public pages stay at 95 or more
(scripts/audit.py, here on the test session's demo site; `make audit` prints all four scores)."""

from __future__ import annotations

import pytest

from scripts.audit import LIGHTHOUSE, REQUIRED, demo_pages, failures, lighthouse

pytestmark = pytest.mark.browser


def test_the_public_pages_score_95_or_more_for_accessibility_and_best_practices(live_app, live_site, browser):
    # browser: skips (or fails in CI) as the other browser tests do when chromium is missing.
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: run scripts/assets.sh"
    scores = {name: lighthouse(live_site + path, categories=tuple(REQUIRED))
              for name, path in demo_pages(live_app).items()}
    assert failures(scores) == [], scores
