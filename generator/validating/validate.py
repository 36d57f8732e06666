"""Per-note schema checks: raw fields → typed models, and a located problem per bad field."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.kinds.base import PLACEHOLDER, Found, Note, walk
from generator.kinds.briefing import Briefing
from generator.kinds.registry import KINDS
from generator.loading import yamltree
from generator.loading.load import Loaded, RawNote
from generator.problems import Problems, did_you_mean


@dataclass(frozen=True)
class Valid:
    """A note that passed its schema: the raw note (for lines) and its typed fields."""

    raw: RawNote
    data: Any  # one of the models in model.py

    @property
    def id(self) -> str:
        return self.raw.id

    @property
    def kind(self) -> str:
        return self.raw.kind

    @property
    def path(self) -> str:
        return self.raw.path

    def line(self, *where: object) -> int:
        found = yamltree.locate(self.raw.tree, tuple(where))
        return found[0] if found else 1

    @functools.cached_property
    def found(self) -> tuple[Found, ...]:
        """Its marked fields (Markdown, references, citations, quotes): see kinds/base.walk."""
        return tuple(walk(self.data))


def validate(loaded: Loaded, problems: Problems) -> tuple[Valid | None, list[Valid]]:
    briefing = None
    if loaded.briefing is not None and loaded.briefing.tree is not None:
        data = check_fields(loaded.briefing, Briefing, problems)
        if data is not None:
            briefing = Valid(loaded.briefing, data)
    notes = []
    for raw in loaded.notes:
        if raw.tree is None:
            continue
        data = check_fields(raw, KINDS[raw.kind].model, problems)
        if data is not None:
            notes.append(Valid(raw, data))
    return briefing, notes


def _placeholders(node: yamltree.Node | None, path: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], int]]:
    if isinstance(node, yamltree.Scalar):
        return [(path, node.line)] if node.value.lstrip().startswith(PLACEHOLDER) else []
    if isinstance(node, yamltree.Seq):
        return [p for i, item in enumerate(node.items) for p in _placeholders(item, path + (i,))]
    if isinstance(node, yamltree.Map):
        return [p for k, v in node.entries for p in _placeholders(v, path + (k.value,))]
    return []


def check_fields(raw: RawNote, model: type[Note], problems: Problems) -> BaseModel | None:
    assert raw.tree is not None
    left = _placeholders(raw.tree)
    for i, text in enumerate(raw.body.split("\n")):
        if text.lstrip().startswith(PLACEHOLDER):
            left.append((("body",), raw.body_line + i))
    if left:
        for path, at in left:
            problems.error(raw.path, at, f"{field_path(path)}: still to fill (placeholder left by briefing new)")
        return None
    fields = yamltree.to_plain(raw.tree)
    assert isinstance(fields, dict)
    # An empty optional field (`tags:`) means "not given"; an empty required one is reported below.
    empty = {k for k, v in fields.items() if v is None}
    given = {k: v for k, v in fields.items() if v is not None}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line = (yamltree.locate(raw.tree, loc) or (1, 0))[0]
            if err["type"] == "missing" and len(loc) == 1 and loc[0] not in empty:
                # A missing top-level field: point at the front matter's first line.
                line = raw.tree.line
            problems.error(raw.path, line, _message(dict(err), loc, model, raw, empty))
        return None


def field_path(loc: tuple[object, ...]) -> str:
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return f'"{text[:60]}{"…" if len(text) > 60 else ""}"'


def _submodel(model: type[BaseModel], loc: tuple[object, ...]) -> type[BaseModel] | None:
    """The model that owns the last step of `loc`, for listing its field names."""
    current: Any = model
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", None) if isinstance(current, type) else None
        field = fields.get(step) if fields else None
        if field is None:
            return None
        ann = field.annotation
        args = getattr(ann, "__args__", ()) or ()
        found = None
        for cand in (ann, *args):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                found = cand
            for inner in getattr(cand, "__args__", ()) or ():
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found = inner
        if found is None:
            return None
        current = found
    return current


def _message(err: dict[str, Any], loc: tuple[object, ...], model: type[Note], raw: RawNote,
             empty: set[str]) -> str:
    kind = err["type"]
    where = field_path(loc)
    value = err.get("input")
    if kind == "missing":
        if len(loc) == 1 and loc[0] in empty:
            return f'{where}: is empty; give a value'
        return f'missing required field "{loc[-1]}"' + (f" in {field_path(loc[:-1])}" if len(loc) > 1 else "")
    if kind == "extra_forbidden":
        owner = _submodel(model, loc)
        names = list(owner.model_fields) if owner else []
        hint = did_you_mean(str(loc[-1]), names)
        allowed = f"; allowed: {', '.join(names)}" if names and not hint else ""
        return f'{where}: unknown field{hint}{allowed}'
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices)
        return f"{where}: {_describe(value)} is not one of {', '.join(choices)}{hint}"
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        if msg == "is empty":
            return f"{where}: is empty; give a value"
        return f"{where}: {msg}"
    if kind in ("string_type",):
        return f"{where}: expected text, found {_describe(value)}"
    if kind in ("list_type",):
        return f"{where}: expected a list, found {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: expected a mapping of fields (name: value), found {_describe(value)}"
    if kind == "too_short":
        return f"{where}: needs at least one entry"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{where}: expected a whole number, found {_describe(value)}"
    if kind == "greater_than_equal":
        return f"{where}: must be 0 or more, found {_describe(value)}"
    return f"{where}: {err['msg']} (found {_describe(value)})"
