"""The environment holds what requirements*.txt pin, never older: an environment left on an old
Pillow, without the security fixes of the pinned one, fails here instead of decoding uploads."""

import re
from importlib.metadata import version
from pathlib import Path

import PIL
import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)")


def pins(filename: str) -> dict[str, str]:
    lines = (ROOT / filename).read_text().splitlines()
    return {match[1].lower(): match[2] for match in map(PIN.fullmatch, lines) if match}


def test_pillow_is_at_least_the_pinned_release():
    assert Version(PIL.__version__) >= Version(pins("requirements.txt")["pillow"]) >= Version("13.0.0")


@pytest.mark.parametrize("package, pinned", sorted({**pins("requirements.txt"),
                                                    **pins("requirements-no-deps.txt")}.items()))
def test_every_pinned_runtime_package_is_installed_at_least_as_pinned(package, pinned):
    assert Version(version(package)) >= Version(pinned)
