"""Schema versions of ``module.yaml`` and the converters that bring old files up to date.

``UPGRADES[n]`` turns a version-``n`` mapping into version ``n + 1``. The loader applies them in
turn, so a file written years ago still loads and authors are never forced to rewrite one.

Version 0 (the pilot format): a single ``level: po-8`` instead of a ``levels`` list, and the
estimated time as ``duration`` instead of ``minutes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT_SCHEMA_VERSION = 1


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "level" in data:
        data["levels"] = [data.pop("level")]
    if "duration" in data:
        data["minutes"] = data.pop("duration")
    data["schema_version"] = 1
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _v0_to_v1,
}


def upgrade(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Apply the converters from ``version`` up to ``CURRENT_SCHEMA_VERSION``."""
    for step in range(version, CURRENT_SCHEMA_VERSION):
        data = UPGRADES[step](data)
    return data
