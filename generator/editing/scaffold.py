"""`briefing new`: a new note with every required field, explained, and placeholders to fill.

A placeholder is any value starting with FILL IN; `briefing check` names each one
still left, so a half-written note can never be published by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.kinds.base import PLACEHOLDER
from generator.kinds.fields import invisible
from generator.kinds.registry import KINDS
from generator.output.write import OutputError, real_dir
from generator.values import id_problem

BY_NAME = {**{k.label: k for k in KINDS.values()}, **KINDS}
"""A kind by its label (issue) or its folder (issues)."""


class ScaffoldError(Exception):
    pass


def new_note(root: Path, kind: str, note_id: str, title: str | None, today: str) -> Path:
    record = BY_NAME.get(kind)
    if record is None:
        raise ScaffoldError(f'unknown kind "{kind}": use one of ' + ", ".join(sorted(k.label for k in KINDS.values())))
    folder = record.folder
    why = id_problem(note_id)
    if why:
        raise ScaffoldError(f'"{note_id}" is not a valid id: {why}')
    content = root / "content"
    if not content.is_dir():
        raise ScaffoldError("no content/ folder here: run briefing in a briefing's root folder")
    existing = taken_by(root, note_id)
    if existing:
        raise ScaffoldError(f'id "{note_id}" exists already: {existing}')
    if title is not None:
        _check_title(title)
    target = content / folder / f"{note_id}{record.extension}"
    try:
        real_dir(root, f"content/{folder}")  # never into a folder that is a link
    except OutputError as exc:
        raise ScaffoldError(str(exc)) from None
    shown = title if title else f"{PLACEHOLDER}: title"
    text = record.scaffold.format(title=_yaml_string(shown), today=today)
    if os.path.lexists(target):
        raise ScaffoldError(f'id "{note_id}" exists already: {target.relative_to(root).as_posix()}')
    data = text.encode("utf-8")
    # O_EXCL: never onto a file or a link that appeared meanwhile; written whole or not at all.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return target


def taken_by(root: Path, note_id: str) -> str | None:
    """The note file that has id `note_id` already, of any kind (even one that does not
    check), or None."""
    for other in KINDS.values():
        for ext in (".md", ".yml"):
            existing = root / "content" / other.folder / f"{note_id}{ext}"
            if os.path.lexists(existing):
                return existing.relative_to(root).as_posix()
    return None


def _check_title(title: str) -> None:
    """A title is one line of visible text: no line break (which could end the front matter
    with a `---` line of its own), no control character, nothing invisible."""
    if any(ch in title for ch in "\n\r\u2028\u2029\x85"):
        raise ScaffoldError("--title must be one line")
    if any(ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f for ch in title):
        raise ScaffoldError("--title holds a control character")
    ch = invisible(title)
    if ch is not None:
        raise ScaffoldError(f"--title holds the invisible character U+{ord(ch):04X}: remove it")
    if not title.strip():
        raise ScaffoldError("--title is empty")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise ScaffoldError("--title is not valid UTF-8 text") from None


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
