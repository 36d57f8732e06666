"""Editing notes in place: the ids and citations they hold, rewritten, and every other character
of each file kept as it was (comments, quoting, order, line breaks, a byte-order mark, CRLF).

One routine for every command that moves what notes point at: renaming a note (its id in
fields, in [[links]] and in citations of a renamed source) and refreshing a source whose
blocks moved (its citations, block numbers mapped). Only what the checker reads as a
reference is touched: an id field, a citation field, and the live [[links]] and
[@citations] of Markdown text (not those in code).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.kinds.base import Note, steps
from generator.kinds.briefing import Briefing
from generator.kinds.fields import IsCitation, IsMarkdown, Refers
from generator.kinds.registry import KINDS
from generator.loading import yamltree
from generator.output.write import atomic_write, check_file_slot, real_dir
from generator.text import markup
from generator.values import Citation, parse_citation

_TOKEN_RE = re.compile(f"{markup.LINK}|{markup.CITE}")
"""What a reference looks like as written (live or in code: markup tells which)."""


def _same(a: re.Match[str], b: re.Match[str]) -> bool:
    """The same token in the value and as written (a wrapped label is indented in YAML)."""
    return a.group(0).split() == b.group(0).split()


@dataclass(frozen=True)
class Plan:
    """What to rewrite: ids renamed, and citations moved."""

    ids: dict[str, str] = field(default_factory=dict)
    """Old id → new id."""
    cite: Callable[[Citation], Citation | None] | None = None
    """A citation's new form (after renaming its source), or None to leave it as it is."""

    def citation(self, c: Citation) -> Citation:
        renamed = Citation(self.ids.get(c.source, c.source), c.start, c.end)
        moved = self.cite(renamed) if self.cite is not None else None
        return moved or renamed


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass
class Result:
    text: str
    edits: int = 0
    skipped: list[str] = field(default_factory=list)
    """Fields whose text could not be matched to the file as written, left for review."""


def rewrite(text: str, model: type[Note], plan: Plan, markdown_body: bool = True) -> Result:
    """`text` (a note's whole file, LF line ends) with the plan applied."""
    yaml_text, yaml_at, body, body_at = _split(text, markdown_body)
    edits: list[Edit] = []
    skipped: list[str] = []
    tree = yamltree.parse(yaml_text) if yaml_text.strip() else None
    if isinstance(tree, yamltree.Map):
        for path, node, marker in _marked(tree, model):
            start, end = node.span
            written = yaml_text[start:end]
            if isinstance(marker, Refers) and node.value in plan.ids:
                edits += _replace_in(written, node.value, plan.ids[node.value], yaml_at + start)
            elif isinstance(marker, IsCitation):
                edits += _citation_edit(node.value, written, yaml_at + start, plan)
            elif isinstance(marker, IsMarkdown):
                found = _text_edits(node.value, written, yaml_at + start, plan)
                if found is None:
                    skipped.append(_path(path))
                else:
                    edits += found
    if body and markdown_body:
        edits += _text_edits(body, body, body_at, plan) or []
    return Result(_apply(text, edits), len(edits), skipped)


def rewrite_file(root: Path, rel: str, plan: Plan, write: bool = True) -> Result:
    """Rewrite one note file of the project in place (only a regular file, never through a
    link); with `write` false, only say what would change."""
    real_dir(root, rel.rpartition("/")[0], create=False)
    check_file_slot(root, rel)
    path = root / rel
    raw = path.read_bytes().decode("utf-8")
    bom = raw.startswith("\ufeff")
    crlf = "\r\n" in raw
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    folder = rel.split("/")[1] if rel.count("/") >= 2 else ""
    kind = KINDS.get(folder)
    model: type[Note] = kind.model if kind else Briefing
    result = rewrite(text, model, plan, markdown_body=kind is not None and kind.extension == ".md")
    if result.edits and write:
        out = result.text.replace("\n", "\r\n") if crlf else result.text
        atomic_write(path, (("\ufeff" if bom else "") + out).encode("utf-8"))
    return result


def _split(text: str, front_matter: bool) -> tuple[str, int, str, int]:
    """(YAML, where it starts, body, where it starts) of a note's text."""
    if not front_matter:
        return text, 0, "", len(text)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "", 0, "", len(text)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return "", 0, "", len(text)
    yaml_at = len(lines[0]) + 1
    body_at = sum(len(line) + 1 for line in lines[:end + 1])
    return "\n".join(lines[1:end]), yaml_at, text[body_at:], body_at


def _marked(node: yamltree.Node, model: type[Note],
            path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], yamltree.Scalar, object]]:
    """The scalars of a note's YAML that the model marks (see kinds/fields.py), with their paths."""
    if not isinstance(node, yamltree.Map):
        return
    by_name = {s.name: s for s in steps(model)}
    for key, value in node.entries:
        step = by_name.get(key.value)
        if step is None:
            continue
        items = list(enumerate(value.items)) if isinstance(value, yamltree.Seq) and step.many else [(None, value)]
        for i, item in items:
            here = path + (key.value,) + (() if i is None else (i,))
            if step.model is not None:
                yield from _marked(item, step.model, here)
            elif step.marker is not None and isinstance(item, yamltree.Scalar):
                yield here, item, step.marker


def _replace_in(written: str, old: str, new: str, at: int) -> list[Edit]:
    """`old` replaced by `new` where it stands in a scalar as written (quotes kept)."""
    i = written.find(old)
    return [Edit(at + i, at + i + len(old), new)] if i >= 0 else []


def _citation_edit(value: str, written: str, at: int, plan: Plan) -> list[Edit]:
    try:
        c = parse_citation(value)
    except ValueError:
        return []  # not a citation: the checker says so
    new = plan.citation(c)
    if new == c:
        return []
    return _replace_in(written, value.strip(), str(new), at)


def _text_edits(value: str, written: str, at: int, plan: Plan) -> list[Edit] | None:
    """Edits of the live references of Markdown text `value`, written as `written` from `at`;
    None when the two cannot be matched token for token (escapes, tokens split over lines)."""
    live = {ref.offset for ref in markup.scan(value)}
    tokens = list(_TOKEN_RE.finditer(value))
    if not live:
        return []
    places = list(_TOKEN_RE.finditer(written))
    if len(places) != len(tokens) or not all(_same(a, b) for a, b in zip(tokens, places, strict=True)):
        return None
    edits = []
    for token, place in zip(tokens, places, strict=True):
        if token.start() not in live:
            continue  # in code: not a reference
        new = _new_token(place, plan)
        if new != place.group(0):
            edits.append(Edit(at + place.start(), at + place.end(), new))
    return edits


def _new_token(token: re.Match[str], plan: Plan) -> str:
    raw = token.group(0)
    if token.group("source") is not None:  # [@citation]
        try:
            c = parse_citation(token.group("source").strip())
        except ValueError:
            return raw
        return f"[@{plan.citation(c)}]"
    target = token.group("target").strip()
    if target not in plan.ids:
        return raw
    return raw.replace(target, plan.ids[target], 1)


def _apply(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text


def _path(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (("." if i else "") + p) for i, p in enumerate(path))


def note_files(root: Path) -> list[str]:
    """Every note file of the project, briefing.yml first (paths relative to the root)."""
    out = ["content/briefing.yml"] if (root / "content" / "briefing.yml").is_file() else []
    for kind in KINDS.values():
        folder = root / "content" / kind.folder
        if folder.is_dir() and not folder.is_symlink():
            out += sorted(f"content/{kind.folder}/{e.name}" for e in os.scandir(folder)
                          if e.name.endswith(kind.extension) and e.is_file(follow_symlinks=False))
    return out
