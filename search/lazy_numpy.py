"""numpy, imported when first used (`np.zeros`, ...).

Only searches of the embedded backend count with it; importing it costs a tenth of a second of
CPU, which every process would otherwise pay as it starts, whether it ever searches or not (a
command that imports a CSV file does not)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    import numpy

    value = globals()[name] = getattr(numpy, name)  # looked up here once, then found directly
    return value
