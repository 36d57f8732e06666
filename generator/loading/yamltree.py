"""YAML to a tree of positioned nodes, built from the parser's events.

Why events and not `yaml.safe_load`: the events carry a line for every value, let
us refuse anchors, aliases and tags *before* anything is expanded (an alias bomb
fails at its first alias), catch duplicate keys that PyYAML would silently
overwrite, and keep every scalar as the text the editor typed, so that the
schema, not YAML 1.1 guessing, decides whether `NO` is a string or a boolean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# libyaml's parser is about ten times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Control characters (other than tab and newline) and lone surrogates cannot be typed raw
# in a note (load refuses them), but a double-quoted YAML string can still write them as
# escapes: "\x1b[31m", "\u0007", "\ud800". They are refused here, however they are written.
_ESCAPED_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
MAX_DEPTH = 32
"""Notes are shallow; deeper nesting is refused before it can exhaust anything."""


@dataclass(frozen=True)
class Scalar:
    value: str
    plain: bool
    """True when written without quotes or block indicators (so `null` means nothing)."""
    line: int
    col: int
    block: bool = False
    """True for `|` and `>` scalars, whose text starts on the line after the indicator."""
    span: tuple[int, int] = (-1, -1)
    """Where the scalar is written in the text that was parsed, as character offsets
    (quotes included): what an edit of the file replaces (see editing/rewrite.py)."""


@dataclass(frozen=True)
class Seq:
    """A YAML sequence: its items, and where it starts (line and column from 1)."""

    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(frozen=True)
class Map:
    """A YAML mapping: its (key, value) pairs in the order written, and where it starts."""

    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    def get(self, key: str) -> tuple[Scalar, Node] | None:
        if len(self.entries) < 16:
            for k, v in self.entries:
                if k.value == key:
                    return k, v
            return None
        index = self.__dict__.get("_index")
        if index is None:  # a long mapping is looked up through a table, made once
            index = {k.value: (k, v) for k, v in self.entries}
            object.__setattr__(self, "_index", index)
        return index.get(key)


Node = Scalar | Seq | Map


class YamlError(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def parse(text: str, first_line: int = 1) -> Node | None:
    """Parse one YAML document; `first_line` is the file line of the text's first line."""
    off = first_line - 1
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlError(number + first_line, len(raw) - len(stripped) + 1,
                            "tab character in indentation: YAML indents with spaces")
    stack: list[list[object]] = []
    root: Node | None = None
    documents = 0
    loader = _Loader(text)
    next_event = loader.get_event
    try:
        while True:
            event = next_event()
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None or (event.tag is not None and not any(event.implicit)):
                    _refuse(event, off)
                mark = event.start_mark
                style = event.style or ""
                if style == '"' and _ESCAPED_CONTROL_RE.search(event.value):
                    _refuse_control(event, off)
                node: Node = Scalar(event.value, style == "", mark.line + 1 + off, mark.column + 1,
                                    style in ("|", ">"), (mark.index, event.end_mark.index))
            elif kind is _MAP_START or kind is _SEQ_START:
                mark = event.start_mark
                if event.anchor is not None or (event.tag is not None and not event.implicit):
                    _refuse(event, off)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(mark.line + 1 + off, mark.column + 1, f"nested more than {MAX_DEPTH} levels deep")
                stack.append([kind, mark.line + 1 + off, mark.column + 1])
                continue
            elif kind is _MAP_END or kind is _SEQ_END:
                start, sline, scol, *children = stack.pop()
                if start is _SEQ_START:
                    node = Seq(tuple(children), sline, scol)  # type: ignore[arg-type]
                else:
                    node = _mapping(children, sline, scol)  # type: ignore[arg-type]
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlError(mark.line + 1 + off, mark.column + 1,
                                    "more than one YAML document; a note has one block of fields")
                continue
            elif kind is yaml.AliasEvent:
                _refuse(event, off)
            elif kind is yaml.StreamEndEvent:
                break
            else:
                continue
            if stack:
                stack[-1].append(node)
            else:
                root = node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + off) if mark else first_line
        col = (mark.column + 1) if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, 0, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return root


_SCALAR = yaml.ScalarEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _refuse_control(event: yaml.ScalarEvent, off: int) -> None:
    found = _ESCAPED_CONTROL_RE.search(event.value)
    assert found is not None
    code = ord(found.group())
    what = ("a lone surrogate" if 0xD800 <= code <= 0xDFFF else
            "noncharacter" if 0xFDD0 <= code else "control character")
    raise YamlError(event.start_mark.line + 1 + off, event.start_mark.column + 1,
                    f"{what} U+{code:04X} is not allowed in text (written as an escape in quotes): remove it")


def _refuse(event: yaml.Event, off: int) -> None:
    """Anchors, aliases and explicit tags: refused where they stand, before anything expands."""
    line, col = event.start_mark.line + 1 + off, event.start_mark.column + 1
    if isinstance(event, yaml.AliasEvent):
        raise YamlError(line, col, f"YAML alias '*{event.anchor}' is not allowed: write the value out")
    if event.anchor is not None:
        raise YamlError(line, col, f"YAML anchor '&{event.anchor}' is not allowed: write the value out")
    raise YamlError(line, col, f"YAML tag '{event.tag}' is not allowed: quote the value instead")


def _mapping(children: list[Node], line: int, col: int) -> Map:
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    for i in range(0, len(children), 2):
        key, value = children[i], children[i + 1]
        if not isinstance(key, Scalar):
            raise YamlError(key.line, key.col, "a field name must be plain text, not a list or mapping")
        if key.plain and key.value == "<<":
            raise YamlError(key.line, key.col, "YAML merge key '<<' is not allowed: write the fields out")
        if key.value in seen:
            raise YamlError(key.line, key.col,
                            f'duplicate field "{key.value}" (first given on line {seen[key.value]})')
        seen[key.value] = key.line
        entries.append((key, value))
    return Map(tuple(entries), line, col)


def to_plain(node: Node | None) -> object:
    """The tree as dicts, lists and strings; unquoted null-like scalars become None.

    Scalars stay strings: the schema types them, so `1.10` stays "1.10" in a title.
    """
    if node is None:
        return None
    if isinstance(node, Scalar):
        if node.plain and node.value in NULLS:
            return None
        return node.value
    if isinstance(node, Seq):
        return [to_plain(item) for item in node.items]
    return {k.value: to_plain(v) for k, v in node.entries}


def locate(node: Node | None, path: tuple[object, ...]) -> tuple[int, int] | None:
    """Line and column of the value at `path` (keys and list indexes), or of its nearest parent."""
    best: tuple[int, int] | None = (node.line, node.col) if node is not None else None
    current = node
    for step in path:
        if isinstance(current, Map) and isinstance(step, str):
            found = current.get(step)
            if found is None:
                break
            key, current = found
            best = (key.line, key.col)
        elif isinstance(current, Seq) and isinstance(step, int) and 0 <= step < len(current.items):
            current = current.items[step]
            best = (current.line, current.col)
        else:
            break
    return best


def find(node: Node | None, path: tuple[object, ...]) -> Node | None:
    """The node at `path`, or None."""
    current = node
    for step in path:
        if isinstance(current, Map) and isinstance(step, str):
            found = current.get(step)
            if found is None:
                return None
            current = found[1]
        elif isinstance(current, Seq) and isinstance(step, int) and 0 <= step < len(current.items):
            current = current.items[step]
        else:
            return None
    return current
