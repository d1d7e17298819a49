"""make outdated: the pinned packages with newer releases, as a table, the ones under the security policy marked."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("outdated", Path(__file__).parent.parent / "scripts" / "outdated.py")
outdated = importlib.util.module_from_spec(spec)
spec.loader.exec_module(outdated)


def test_pins_come_from_the_requirements_first_then_the_constraints(tmp_path):
    (tmp_path / "requirements.txt").write_text("# runtime\nPillow==13.0.0\npsycopg[binary]==3.3.9\n")
    (tmp_path / "constraints.txt").write_text("pillow==13.0.0\npsycopg==3.3.9\ntyping_extensions==4.16.0\n")
    assert outdated.pins([tmp_path / "requirements.txt", tmp_path / "constraints.txt"]) == {
        "pillow": ("13.0.0", "requirements.txt"), "psycopg": ("3.3.9", "requirements.txt"),
        "typing-extensions": ("4.16.0", "constraints.txt")}


def test_only_newer_releases_are_listed_and_watched_packages_are_marked():
    pinned = {"pillow": ("13.0.0", "requirements.txt"), "idna": ("3.20", "constraints.txt"),
              "ruff": ("0.17.6", "requirements-dev.txt")}
    lines = outdated.outdated_lines(pinned, {"pillow": "13.1.0", "idna": "3.21", "ruff": "0.17.6"})
    assert lines == [
        "package  pinned  newest  pinned in",
        "idna     3.20    3.21    constraints.txt",
        "pillow   13.0.0  13.1.0  requirements.txt  security releases within a week",
        "2 of 3 pinned packages have newer releases.",
    ]
    assert outdated.outdated_lines(pinned, {}) == ["All 3 pinned packages are at their newest release."]
