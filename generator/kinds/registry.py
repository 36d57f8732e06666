"""Every note kind: the modules of kinds/ that define a KIND record, found by their KIND.

Adding a kind means adding one module here (its model and its record) and its templates;
every stage asks this registry."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from generator.kinds.base import Kind

NOT_KINDS = frozenset({"base", "fields", "registry", "schema", "briefing"})
"""The modules of kinds/ that describe no kind (the rest each hold one KIND)."""


def _discover() -> dict[str, Kind]:
    found = []
    package = Path(__file__).parent
    for info in pkgutil.iter_modules([str(package)]):
        if info.name in NOT_KINDS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"generator.kinds.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, Kind):
            found.append(kind)
    found.sort(key=lambda k: (k.position, k.folder))
    return {k.folder: k for k in found}


KINDS: dict[str, Kind] = _discover()
"""Folder under content/ → the kind's record, in the kinds' order."""

BY_LABEL: dict[str, Kind] = {k.label: k for k in KINDS.values()}
"""issue → the issues kind."""


def kind(folder: str) -> Kind:
    return KINDS[folder]
