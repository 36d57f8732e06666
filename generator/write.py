"""The only writer of generated Markdown: build/docs and the generated settings.

A file whose bytes would not change is not touched, so its modification time stays
and `mkdocs serve` only sees what really changed. Files in build/docs that no page
claims any more are removed; nothing outside the output folder is ever written or
deleted.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import paths


class OutputError(Exception):
    """The output folder is unsafe to write to."""


def check_output_dir(root: Path, out: Path) -> None:
    """Refuse an output folder that is the project root, or is, holds or sits in content/ or seeds/."""
    root_r = root.resolve()
    out_r = out.resolve() if out.exists() else (out.parent.resolve() / out.name)
    if out_r == root_r:
        raise OutputError(f"refusing to write into the project root ({out})")
    for protected in ("content", "seeds", ".git"):
        p = (root_r / protected)
        if out_r == p or paths.is_inside(out_r, p) or paths.is_inside(p, out_r):
            raise OutputError(f"refusing to write to {out}: it overlaps {protected}/")
    if not paths.is_inside(out_r, root_r):
        raise OutputError(f"refusing to write to {out}: it is outside the project")
    for parent in [out, *out.parents]:
        if parent == root:
            break
        if parent.is_symlink():
            raise OutputError(f"refusing to write through the symbolic link {parent}")


def write_tree(out: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Make `out` hold exactly `files` (relative path → bytes). Returns (written, removed)."""
    written = write_files(out, files)
    removed = 0
    wanted = set(files)
    for dirpath, dirnames, filenames in os.walk(out, topdown=False):
        for f in filenames:
            full = Path(dirpath) / f
            rel = full.relative_to(out).as_posix()
            if rel not in wanted:
                full.unlink()
                removed += 1
        for d in dirnames:
            full = Path(dirpath) / d
            if full.is_symlink():
                full.unlink()
            elif not any(full.iterdir()):
                full.rmdir()
    return written, removed


def write_files(out: Path, files: dict[str, bytes]) -> int:
    """Write `files` into `out`, leaving every other file there as it is; returns how many
    were written (a file that already holds its bytes is not touched)."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel in sorted(files):
        if rel.startswith("/") or ".." in rel.split("/"):
            raise OutputError(f"refusing to write {rel!r}: not inside the output folder")
        written += write_tree_file(out / rel, files[rel])
    return written


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_tree_file(target: Path, data: bytes) -> int:
    """Write one file unless it already holds `data`; returns 1 if written."""
    try:
        if target.is_file() and not target.is_symlink() and target.stat().st_size == len(data) \
                and target.read_bytes() == data:
            return 0
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, data)
    return 1
