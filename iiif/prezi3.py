"""iiif-prezi3's models, imported when one is first used (`prezi3.Manifest`, ...).

Defining its hundreds of models takes a quarter of a second, which every process would
otherwise pay as it starts, whether it ever builds a IIIF document or not (a command that
imports a CSV file does not)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    import iiif_prezi3

    value = globals()[name] = getattr(iiif_prezi3, name)  # looked up here once, then found directly
    return value
