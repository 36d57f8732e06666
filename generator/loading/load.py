"""The only reader of content/ and seeds/: files → raw notes with line numbers.

Nothing here interprets a field; it finds files, refuses what cannot be a note,
decodes and normalises text, splits front matter from body and parses the YAML.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.kinds.registry import KINDS
from generator.loading import yamltree
from generator.problems import Problems, did_you_mean
from generator.values import WINDOWS_RESERVED, id_problem

MAX_NOTE_BYTES = 128 * 1024
"""A note larger than this is refused: notes are short; long text belongs in seeds/. (Any note
under it generates in well under two seconds, whatever it holds: bench/hostile.py.)"""
MAX_SEED_BYTES = 8 * 1024 * 1024
"""A source text larger than this is refused."""
SOURCE_EXTENSIONS = (".txt", ".md")
ORIGINALS = "seeds/originals/"
"""Documents as they came, kept by `briefing import --keep-original`: not source texts."""
MAX_DEPTH = 32
"""Folders nested deeper than this under content/ or seeds/ are refused."""

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters (C0 but tab and newline, DEL, C1), a carriage return left after CRLF
was normalised, and the line and paragraph separators, which YAML counts as line breaks
(so every line number after one would be off)."""
# Characters that change how text is shown without being seen: bidi controls and
# zero-width marks. In a file name or id they can make two names look alike.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class RawNote:
    kind: str
    """Folder under content/: issues, actors, events, claims, sources, pages, or '' for briefing.yml."""
    id: str
    path: str
    """Project-relative path with forward slashes."""
    tree: yamltree.Map | None
    """The front matter (or the whole .yml file); None when it could not be read."""
    body: str
    body_line: int
    """File line on which the body starts."""


@dataclass(frozen=True)
class Loaded:
    briefing: RawNote | None
    notes: tuple[RawNote, ...]
    seeds: dict[str, str]
    """Project-relative path → normalised text, for every readable .txt/.md under seeds/."""


class Cache:
    """Notes read in an earlier run of this process (`briefing serve`), by path, with the
    bytes they were read from. A note whose file holds the same bytes again, and that was
    read without a problem, is taken from here instead of being decoded and parsed again."""

    def __init__(self) -> None:
        self.notes: dict[str, tuple[bytes, RawNote]] = {}
        self.runs = 0
        self.changed: set[str] = set()
        """Paths of the notes the last run had to read anew (all of them on the first run)."""

    def keep_only(self, paths: set[str]) -> None:
        """Forget notes whose files are gone."""
        for gone in set(self.notes) - paths:
            del self.notes[gone]


def load(root: Path, problems: Problems, cache: Cache | None = None) -> Loaded:
    content = root / "content"
    seeds_dir = root / "seeds"
    if cache is not None:
        cache.runs += 1
        cache.changed = set()
    briefing: RawNote | None = None
    notes: list[RawNote] = []
    if not content.is_dir() or content.is_symlink():
        problems.error("content", 0, "no content/ folder here: run briefing in a briefing's root folder")
        return Loaded(None, (), {})
    for path, rel in _walk(root, content, problems, _content_folder):
        parts = rel.split("/")[1:]
        if parts == ["briefing.yml"]:
            briefing = _read_note(path, rel, "", "", whole_yaml=True, problems=problems, cache=cache)
            continue
        if len(parts) != 2 or parts[0] not in KINDS:
            _stray(rel, parts, problems)
            continue
        kind, name = parts
        ext = KINDS[kind].extension
        stem, dot, suffix = name.rpartition(".")
        if not dot or "." + suffix != ext:
            problems.error(rel, 0, f"unexpected file in {kind}/: notes there are named <id>{ext}")
            continue
        why = id_problem(stem)
        if _INVISIBLE_RE.search(stem):
            why = "it holds invisible or bidirectional-control characters"
        if why:
            problems.error(rel, 0, f'file name "{stem}" is not a valid id: {why}')
            continue
        note = _read_note(path, rel, kind, stem, whole_yaml=(ext == ".yml"), problems=problems, cache=cache)
        if note is not None:
            notes.append(note)
    if briefing is None and not os.path.lexists(content / "briefing.yml"):
        problems.error("content/briefing.yml", 0, "missing: every briefing needs content/briefing.yml")
    seeds: dict[str, str] = {}
    if seeds_dir.is_symlink():
        problems.error("seeds", 0, "seeds/ is a symbolic link; symbolic links are refused")
    elif seeds_dir.is_dir():
        for path, rel in _walk(root, seeds_dir, problems):
            if path.suffix in SOURCE_EXTENSIONS and not rel.startswith(ORIGINALS):
                text = _read_text(rel, path, MAX_SEED_BYTES, problems)
                if text is not None:
                    seeds[rel] = text
    notes.sort(key=lambda n: n.path)
    if cache is not None:
        cache.keep_only({n.path for n in notes} | ({briefing.path} if briefing else set()))
    return Loaded(briefing, tuple(notes), seeds)


def _walk(root: Path, top: Path, problems: Problems,
          refuse_folder: Callable[[str], str | None] | None = None) -> list[tuple[Path, str]]:
    """Every regular file under `top`, sorted, with its project-relative path; symbolic
    links and odd names are problems, and so is a folder where `refuse_folder(rel)` says
    why none may be. (The directory entries tell file from link without another system
    call per file.)"""
    found: list[tuple[Path, str]] = []
    base = top.relative_to(root).as_posix()

    pending = [(str(top), base, 0)]
    while pending:
        folder, rel, depth = pending.pop()
        if depth > MAX_DEPTH:
            problems.error(rel, 0, f"folders nested more than {MAX_DEPTH} deep")
            continue
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.error(rel, 0, f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            name, here = entry.name, f"{rel}/{entry.name}"
            if _bad_name(here, name, problems):
                continue
            if entry.is_symlink():
                problems.error(here, 0, "symbolic link refused: a note may not pull in files from elsewhere")
            elif entry.is_dir(follow_symlinks=False):
                if _hidden(name):
                    continue
                why = refuse_folder(here) if refuse_folder else None
                if why:
                    problems.error(here, 0, why)
                else:
                    subfolders.append((entry.path, here, depth + 1))
            elif _hidden(name) or name == "README.md":
                continue
            elif not entry.is_file(follow_symlinks=False):
                problems.error(here, 0, "not a regular file: a note or source text is an ordinary file")
            else:
                found.append((Path(entry.path), here))
        pending.extend(reversed(subfolders))  # depth first, in name order, as a recursion would
    return found


def _content_folder(rel: str) -> str | None:
    """Why no folder may be at `rel` under content/, or None: only the kinds' folders are."""
    parts = rel.split("/")[1:]
    if parts == ["briefing.yml"]:
        return "content/briefing.yml is a folder: it must be a file holding the briefing's fields"
    if len(parts) == 1:
        if parts[0] in KINDS:
            return None
        hint = did_you_mean(parts[0], KINDS)
        return f'unknown folder "{parts[0]}/"{hint}: notes live in ' + ", ".join(f"{k}/" for k in KINDS)
    return f"unexpected subfolder: notes sit directly in {parts[0]}/"


def _bad_name(rel: str, name: str, problems: Problems) -> bool:
    """Names that cannot be checked out everywhere, or that hide what they are."""
    if _INVISIBLE_RE.search(name):
        problems.error(rel, 0, "file name holds invisible or bidirectional-control characters")
        return True
    if name.split(".")[0].lower() in WINDOWS_RESERVED:
        problems.error(rel, 0, f'"{name}" is a name Windows reserves for a device; rename it')
        return True
    return False


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("_")


def _stray(rel: str, parts: list[str], problems: Problems) -> None:
    """A file where no note belongs (folders are refused by _content_folder)."""
    problems.error(rel, 0, "unexpected file: content/ holds briefing.yml and the folders "
                   + ", ".join(f"{k}/" for k in KINDS))


def _read_bytes(rel: str, path: Path, cap: int, problems: Problems) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > cap:
            problems.error(rel, 0, f"file is {size:,} bytes; the limit is {cap:,} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.error(rel, 0, f"cannot read file: {exc.strerror or exc}")
        return None


def _read_text(rel: str, path: Path, cap: int, problems: Problems, data: bytes | None = None) -> str | None:
    """Decoded, BOM-less, LF-only text, or None after reporting why not."""
    if data is None:
        data = _read_bytes(rel, path, cap, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(rel, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    bad = _CONTROL_RE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        char = bad.group()
        if "\ufdd0" <= char <= "\uffff":
            problems.error(rel, line, f"noncharacter U+{ord(char):04X} is not allowed in text")
        elif char in "\u2028\u2029":
            problems.error(rel, line, f"{'line' if char == chr(0x2028) else 'paragraph'} separator U+{ord(char):04X} "
                           "is not allowed in text: use a plain line break")
        else:
            problems.error(rel, line, f"control character U+{ord(char):04X} is not allowed in text")
        return None
    return unicodedata.normalize("NFC", text)


def _read_note(path: Path, rel: str, kind: str, note_id: str, *, whole_yaml: bool,
               problems: Problems, cache: Cache | None = None) -> RawNote | None:
    if cache is None:
        return _parse_note(path, rel, kind, note_id, whole_yaml, problems, None)
    data = _read_bytes(rel, path, MAX_NOTE_BYTES, problems)
    if data is None:
        cache.notes.pop(rel, None)
        return RawNote(kind, note_id, rel, None, "", 1)
    seen = cache.notes.get(rel)
    if seen is not None and seen[0] == data:
        return seen[1]
    cache.notes.pop(rel, None)
    cache.changed.add(rel)
    mine = Problems()
    note = _parse_note(path, rel, kind, note_id, whole_yaml, mine, data)
    problems.extend(mine.items)
    if not mine.items and note is not None and note.tree is not None:
        cache.notes[rel] = (data, note)
    return note


def _parse_note(path: Path, rel: str, kind: str, note_id: str, whole_yaml: bool,
                problems: Problems, data: bytes | None) -> RawNote | None:
    text = _read_text(rel, path, MAX_NOTE_BYTES, problems, data)
    if text is None:
        return RawNote(kind, note_id, rel, None, "", 1)
    if not text.strip():
        problems.error(rel, 1, "empty file" + ("" if whole_yaml else
                       ": a note starts with front matter between two --- lines"))
        return RawNote(kind, note_id, rel, None, "", 1)
    if whole_yaml:
        yaml_text, first_line, body, body_line = text, 1, "", 1
    else:
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            problems.error(rel, 1, "a note must start with front matter: a line '---', "
                           "the fields, then another '---'")
            return RawNote(kind, note_id, rel, None, "", 1)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            problems.error(rel, 1, "front matter is not closed: add a line '---' after the fields")
            return RawNote(kind, note_id, rel, None, "", 1)
        yaml_text = "\n".join(lines[1:end])
        first_line = 2
        body = "\n".join(lines[end + 1:])
        body_line = end + 2
    try:
        tree = yamltree.parse(yaml_text, first_line)
    except yamltree.YamlError as exc:
        problems.error(rel, exc.line, exc.message, exc.col)
        return RawNote(kind, note_id, rel, None, body, body_line)
    if tree is None:
        tree = yamltree.Map((), first_line, 1)
    if not isinstance(tree, yamltree.Map):
        problems.error(rel, tree.line, "the fields must be a mapping of names to values (name: value)")
        return RawNote(kind, note_id, rel, None, body, body_line)
    return RawNote(kind, note_id, rel, tree, body, body_line)
