"""The only writer of generated files: build/docs, build/theme and the generated settings.

The repository is untrusted input, and `build/` may arrive in a commit. So:

- every folder written into is a real folder all the way down from the project root
  (`real_dir`): a symbolic link or a file where a folder should be is refused before
  anything is written or deleted;
- a file whose bytes would not change is not touched (its modification time stays, so
  `mkdocs serve` only sees what really changed); others are replaced atomically;
- each output tree has a record of the files this tool wrote into it
  (`build/.written-<tree>.json`). Only files in that record are ever deleted, found by
  walking the tree without following links; a file in the tree that the record does not
  hold (planted in a commit, or left by an older version) is refused, because MkDocs
  would otherwise build it into the site.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator import paths


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


def real_dir(root: Path, rel: str, *, create: bool = True) -> Path:
    """`root/rel` as a real folder: every part of `rel` is a folder, never a symbolic link
    or a file, and is created when missing (unless `create` is false)."""
    here = root
    done: list[str] = []
    for part in rel.split("/"):
        here = here / part
        done.append(part)
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            if not create:
                return root / rel
            os.mkdir(here)
            continue
        _refuse_odd("/".join(done), st, want_dir=True)
    return here


def check_file_slot(root: Path, rel: str) -> None:
    """`root/rel` is absent or a regular file (it is about to be replaced or read)."""
    try:
        st = os.lstat(root / rel)
    except FileNotFoundError:
        return
    _refuse_odd(rel, st, want_dir=False)


def _refuse_odd(rel: str, st: os.stat_result, *, want_dir: bool) -> None:
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{rel} is a symbolic link; briefing writes only real files and folders under "
                          "build/ and site/: remove it (build/ is briefing's own folder) and run again")
    if want_dir and not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{rel} is not a folder: remove it (build/ is briefing's own folder) and run again")
    if not want_dir and not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{rel} is not a regular file: remove it (build/ is briefing's own folder) and run again")


OUTPUT_FOLDERS = (paths.BUILD_DIR, paths.DOCS_DIR, paths.THEME_DIR, paths.SITE_DIR, paths.ENGINE_CACHE)
OUTPUT_FILES = (paths.GENERATED_CONFIG, paths.LOCK_FILE, paths.ZENSICAL_CONFIG)


def preflight(root: Path) -> None:
    """Refuse, before anything is written, deleted or locked, an output folder that is a
    symbolic link or a file, and an output file that is a link, a folder or a FIFO."""
    for rel in OUTPUT_FOLDERS:
        real_dir(root, rel, create=False)
    for rel in OUTPUT_FILES:
        check_file_slot(root, rel)


def _safe_rel(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and all(p not in ("", ".", "..") for p in parts)


class Tree:
    """One output folder under the project root, with the record of what briefing wrote there."""

    def __init__(self, root: Path, rel: str) -> None:
        self.root, self.rel = root, rel
        self.record = f"{paths.BUILD_DIR}/.written-{rel.rpartition('/')[2]}.json"

    @property
    def path(self) -> Path:
        return self.root / self.rel

    def _recorded(self) -> set[str]:
        try:
            check_file_slot(self.root, self.record)
            data = json.loads((self.root / self.record).read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return set()  # a record that cannot be read claims nothing
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, list):
            return set()
        return {f for f in files if isinstance(f, str) and _safe_rel(f)}

    def _record(self, files: set[str]) -> None:
        text = json.dumps({"files": sorted(files)}, indent=0) + "\n"
        write_tree_file(self.root / self.record, text.encode("utf-8"))

    def _scan(self) -> tuple[set[str], list[str]]:
        """(files, folders) now in the tree, relative to it, found without following links;
        anything that is neither a regular file nor a real folder is refused."""
        files: set[str] = set()
        folders: list[str] = []
        stack = [""]
        while stack:
            sub = stack.pop()
            with os.scandir(self.path / sub if sub else self.path) as listing:
                for entry in listing:
                    rel = f"{sub}/{entry.name}" if sub else entry.name
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(st.st_mode):
                        folders.append(rel)
                        stack.append(rel)
                    else:
                        _refuse_odd(f"{self.rel}/{rel}", st, want_dir=False)
                        if entry.name.startswith(TEMP_PREFIX):
                            # Left by a run killed between writing a file and moving it into
                            # place: ours, and never part of a site (engines skip dot-files).
                            os.unlink(self.path / rel)
                            continue
                        files.add(rel)
        return files, folders

    def write(self, files: dict[str, bytes], *, exact: bool = False) -> tuple[int, int]:
        """Write `files` (relative path → bytes); with `exact`, also delete every file this
        tool wrote before that `files` no longer holds. Returns (written, removed)."""
        for rel in files:
            if not _safe_rel(rel):
                raise OutputError(f"refusing to write {rel!r}: not inside the output folder")
        real_dir(self.root, self.rel)
        recorded = self._recorded()
        try:
            present, folders = self._scan()
        except OSError as exc:
            raise OutputError(f"{self.rel}: cannot be read ({exc.strerror or exc}): remove {paths.BUILD_DIR}/ "
                              "(briefing's own folder) and run again") from None
        foreign = sorted(present - recorded - set(files))
        if foreign:
            shown = ", ".join(f"{self.rel}/{f}" for f in foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise OutputError(f"{shown}: not written by briefing, and MkDocs would build it into the site: "
                              f"remove {paths.BUILD_DIR}/ (briefing's own folder) and run again")
        # The record first covers everything about to be written, so a crash never leaves a
        # file of ours that the next run would take for a foreign one.
        self._record(recorded | set(files))
        written = 0
        for rel in sorted(files):
            parent = rel.rpartition("/")[0]
            if parent:
                real_dir(self.path, parent)
            written += write_tree_file(self.path / rel, files[rel])
        removed = 0
        if exact:
            for rel in sorted((recorded & present) - set(files)):
                os.unlink(self.path / rel)  # a regular file (checked by _scan): unlink never follows
                removed += 1
            for folder in sorted(folders, key=lambda f: -f.count("/")):
                try:
                    os.rmdir(self.path / folder)  # only when empty
                except OSError:
                    pass
            self._record(set(files))
        return written, removed


def write_tree(root: Path, rel: str, files: dict[str, bytes]) -> tuple[int, int]:
    """Make the folder `root/rel` hold exactly `files`. Returns (written, removed)."""
    return Tree(root, rel).write(files, exact=True)


def write_files(root: Path, rel: str, files: dict[str, bytes]) -> int:
    """Write `files` into `root/rel`, leaving every other file there as it is; returns how
    many were written (a file that already holds its bytes is not touched)."""
    return Tree(root, rel).write(files)[0]


TEMP_PREFIX = ".tmp-"
"""What the name of a file being written starts with, until it is moved into place."""


def read_regular(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of `path` if it is a regular file (never through a link at its last step,
    never blocking on a FIFO) of at most `limit` bytes; None otherwise or if it cannot be read.
    For what the tool reads back of its own output and caches, which may have been replaced."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or (limit is not None and info.st_size > limit):
                return None
            return f.read() if limit is None else f.read(limit + 1)  # a file that grew since: too long
    except OSError:
        return None


def walk(top: Path | str) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk(top), top down, without recursion: a tree from a commit or a shard may nest
    folders thousands deep, which os.walk (and shutil.rmtree) cannot go through. A link to a
    folder is listed among the folders, never entered; the caller may sort or prune them."""
    stack = [os.fspath(top)]
    while stack:
        here = stack.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        dirs = [e.name for e in entries if _is_dir(e)]
        files = [e.name for e in entries if not _is_dir(e)]
        yield here, dirs, files
        stack.extend(os.path.join(here, d) for d in reversed(dirs) if not os.path.islink(os.path.join(here, d)))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def remove_tree(top: Path | str, ignore_errors: bool = False) -> None:
    """shutil.rmtree(top) without recursion and with one folder open at a time, however deep
    the tree (see walk); never follows a link (a link is removed, not what it points to)."""
    try:
        _remove_tree(os.fspath(top))
    except FileNotFoundError:
        pass
    except OSError:
        if not ignore_errors:
            raise


def _remove_tree(top: str) -> None:
    if not stat.S_ISDIR(os.lstat(top).st_mode):
        os.unlink(top)
        return
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(top, flags)
    names: list[str] = []  # the folders entered below top
    try:
        while True:
            with os.scandir(fd) as listing:
                entries = list(listing)
            child = next((e.name for e in entries if e.is_dir(follow_symlinks=False)), None)
            for entry in entries:
                if not entry.is_dir(follow_symlinks=False):
                    os.unlink(entry.name, dir_fd=fd)
            if child is not None:
                step = os.open(child, flags, dir_fd=fd)
                os.close(fd)
                fd = step
                names.append(child)
                continue
            if not names:
                break
            parent = os.open("..", flags, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir(names.pop(), dir_fd=fd)
    finally:
        os.close(fd)
    os.rmdir(top)


def read_inside(top: Path, rel: str, limit: int) -> bytes:
    """The bytes of the file at `rel` (a relative path of plain names) inside the folder
    `top`, read from a folder that is not ours (a shard from elsewhere): every step is opened
    without following a link, and the file must be a regular file of at most `limit` bytes,
    not linked to from elsewhere. Raises ValueError saying which rule it breaks."""
    parts = rel.split("/")
    if not rel or any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        raise ValueError("not a path inside the folder")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(top, flags | os.O_DIRECTORY)
    except OSError:
        raise ValueError("the folder cannot be opened (or is a link)") from None
    try:
        for part in parts[:-1]:
            try:
                step = os.open(part, flags | os.O_DIRECTORY, dir_fd=fd)
            except OSError:
                raise ValueError(f"{part} is missing, or a link, not a folder") from None
            os.close(fd)
            fd = step
        try:
            file = os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=fd)
        except OSError:
            raise ValueError("missing, or a link") from None
        with os.fdopen(file, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ValueError("not a regular file")
            if info.st_nlink != 1:
                raise ValueError("a hard link to a file elsewhere")
            data = f.read(limit + 1)
            if len(data) > limit:
                raise ValueError(f"larger than {limit // (1024 * 1024)} MB")
            return data
    finally:
        os.close(fd)


def atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # replaces a link itself, never what it points to
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_tree_file(target: Path, data: bytes) -> int:
    """Write one file unless it already holds `data`; returns 1 if written. Anything but a
    regular file in its place is refused."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    if st is not None:
        _refuse_odd(os.path.relpath(target).replace(os.sep, "/"), st, want_dir=False)
        if st.st_size == len(data):
            try:
                if target.read_bytes() == data:
                    return 0
            except OSError:
                pass
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    return 1
