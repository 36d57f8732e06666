"""`briefing import PATH --id ID`: a document in, as a numbered source.

The document is read in a process with limits (worker.py), by the reader of its format; its
blocks are written as `seeds/ID.txt` (or `seeds/ID.md` where a list or a table needs
Markdown) and its source note as `content/sources/ID.yml`, with what the document says
about itself, overridden by the options, and the checksum of the text just written. Both
files are new: an id any note already has, or a seed file that exists, is refused. Either
both are written or neither is. `--keep-original` also keeps the file as it came, under
`seeds/originals/` (which the block rules ignore).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.editing.scaffold import taken_by
from generator.editing.sources import fingerprints
from generator.importing import worker
from generator.importing.document import Document, seed
from generator.output.write import OutputError, real_dir
from generator.text.blocks import split_blocks
from generator.values import id_problem, parse_date

ORIGINALS = "seeds/originals"
"""Where `--keep-original` keeps the files as they came (not read as sources)."""

KIND_BY_FORMAT = {"html": "web-page", "pdf": "document", "docx": "document", "txt": "document", "md": "document"}


class ImportProblem(Exception):
    """The import cannot be done: the message says why (nothing was written). `usage`: the
    command was given wrongly (exit 2), rather than a document that cannot be read (exit 1)."""

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Options:
    id: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed: str | None = None
    kind: str | None = None
    keep_original: bool = False


@dataclass(frozen=True)
class Imported:
    seed: str
    note: str
    blocks: int
    taken: dict[str, str]
    """Field → where its value came from ("the document", "--title", "today")."""


def check_options(o: Options) -> None:
    why = id_problem(o.id)
    if why:
        raise ImportProblem(f'--id "{o.id}" is not a valid id: {why}')
    for name in ("published", "accessed"):
        value = getattr(o, name)
        if value is not None:
            try:
                parse_date(value, full=False)
            except ValueError as exc:
                raise ImportProblem(f"--{name} {value}: {exc}") from None
    if o.url is not None and not re.fullmatch(r"https?://[^\s<>\"]+", o.url):
        raise ImportProblem(f"--url {o.url}: give the document's address, starting with https:// or http://")
    for name in ("title", "publisher", "kind"):
        value = getattr(o, name)
        if value is not None and (not value.strip() or any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in value)):
            raise ImportProblem(f"--{name} must be one line of text")


def _format(path: Path) -> str:
    fmt = worker.FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportProblem(f"{path.name}: cannot import {path.suffix or 'a file without an extension'}; "
                            "import .html, .htm, .pdf, .docx, .md or .txt", usage=False)
    return fmt


def _read_file(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ImportProblem(f"{path}: not a regular file")
        if info.st_size > worker.MAX_BYTES:
            raise ImportProblem(f"{path}: {info.st_size:,} bytes: larger than a document is "
                                f"({worker.MAX_BYTES // (1024 * 1024)} MB at most)", usage=False)
        return f.read(worker.MAX_BYTES + 1)


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def note_text(o: Options, doc: Document, seed_path: str, digest: str, fmt: str, today: str,
              taken: dict[str, str], origin: str, prints: str) -> str:
    """The source note: every field it can fill, and where each came from."""
    fields: list[tuple[str, str | None, str]] = [
        ("title", o.title or doc.title, "--title" if o.title else "the document"),
        ("file", seed_path, ""),
        ("kind", o.kind or KIND_BY_FORMAT[fmt], "--kind" if o.kind else "the format"),
        ("publisher", o.publisher or doc.publisher, "--publisher" if o.publisher else "the document"),
        ("published", o.published or doc.published, "--published" if o.published else "the document"),
        ("url", o.url or doc.url, "--url" if o.url else "the document"),
        ("accessed", o.accessed or today, "--accessed" if o.accessed else "today"),
        ("language", doc.language, "the document"),
    ]
    lines = [f"# Imported by `briefing import` from {_yaml(origin)}; check each field against the document."]
    if not (o.title or doc.title):
        fields[0] = ("title", f"FILL IN: the title of {o.id}", "")
    for name, value, where in fields:
        if value is None:
            continue
        if where:
            taken[name] = where
        lines.append(f"{name}: {_yaml(value)}")
    for note in doc.notes:
        lines.append(f"# {note}")
    if doc.author:
        lines.append(f"# The document names its author: {_yaml(doc.author)}. If the whole document is one")
        lines.append("# actor's own words, add author: with that actor's id.")
    lines.append("# The checksum of the text as imported, and a fingerprint per block: a change to the")
    lines.append("# text fails the check, naming the blocks that changed and the citations into them,")
    lines.append("# until they are reviewed (briefing sources --update ID).")
    lines.append(f"sha256: {digest}")
    lines.append(f"fingerprints: {prints}")
    return "\n".join(lines) + "\n"


def read_document(path: Path) -> tuple[Document, str, bytes]:
    """The document at `path`, read by its format's reader (with limits), cleaned; its format
    and its bytes."""
    fmt = _format(path)
    data = _read_file(path)
    try:
        doc = worker.read(data, fmt).cleaned()
    except worker.ReadError as exc:
        raise ImportProblem(f"{path.name}: {exc}", usage=False) from None
    if not doc.blocks:
        raise ImportProblem(f"{path.name}: no text found in it", usage=False)
    return doc, fmt, data


def run(root: Path, path: Path, o: Options) -> Imported:
    check_options(o)
    _format(path)
    existing = taken_by(root, o.id)
    if existing:
        raise ImportProblem(f'id "{o.id}" is taken by a note already ({existing}): choose another --id')
    doc, fmt, data = read_document(path)
    suffix, text = seed(doc)
    seed_rel = f"seeds/{o.id}{suffix}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    taken: dict[str, str] = {}
    prints = fingerprints(split_blocks(text, suffix == ".md"))
    note = note_text(o, doc, seed_rel, digest, fmt, datetime.date.today().isoformat(), taken, path.name, prints)
    note_rel = f"content/sources/{o.id}.yml"
    writes = [(seed_rel, text.encode("utf-8")), (note_rel, note.encode("utf-8"))]
    if o.keep_original:
        writes.append((f"{ORIGINALS}/{o.id}{path.suffix.lower()}", data))
    _write_new(root, writes)
    return Imported(seed_rel, note_rel, len(doc.blocks), taken)


def _write_new(root: Path, writes: list[tuple[str, bytes]]) -> None:
    """Every file new (O_EXCL: never over a file or a link), all of them or none."""
    done: list[Path] = []
    try:
        for rel, data in writes:
            folder = real_dir(root, rel.rsplit("/", 1)[0])
            target = folder / rel.rsplit("/", 1)[1]
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except FileExistsError:
                raise ImportProblem(f"{rel} exists already: choose another --id") from None
            done.append(target)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
    except (ImportProblem, OutputError, OSError):
        for target in done:
            target.unlink(missing_ok=True)
        raise
