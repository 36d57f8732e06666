"""Run the site engine on the generated Markdown, then swap the new site in.

Three engines read the same mkdocs.yml (see docs/engines.md): MkDocs 1.6 (the default),
ProperDocs (its community continuation, same command line) and Zensical (Material's
successor: no --site-dir, so it gets a small generated config under build/ that inherits
mkdocs.yml and names the output folder). Each runs as its own process.

The engine writes into a fresh folder under build/; only when it succeeds is that
folder exchanged with site/ in one atomic step (renameat2 RENAME_EXCHANGE on Linux),
so a failed, interrupted or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator import paths
from generator.output import csp, merge, parallel, reuse, search, write
from generator.output.merge import EngineError

__all__ = ["EngineError", "LockedError", "MissingEngine", "build_site", "build_shard", "merge_shards"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class LockedError(Exception):
    pass


class MissingEngine(Exception):
    """The chosen engine is not installed (a usage error, not a content error)."""


ENGINES = ("mkdocs", "properdocs", "zensical")
NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}
_MODULES = {"mkdocs": "mkdocs", "properdocs": "properdocs", "zensical": "zensical"}
ZENSICAL_CONFIG = paths.ZENSICAL_CONFIG
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def check_engine(name: str) -> None:
    if name not in ENGINES:
        raise MissingEngine(f"unknown engine \"{name}\": choose one of {', '.join(ENGINES)}")
    if importlib.util.find_spec(_MODULES[name]) is None:
        raise MissingEngine(f"the {name} engine is not installed: pip install -e '.[{name}]' "
                            f"(or make ENGINE={name} site)")


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time per project; a second one fails at once instead of clobbering."""
    write.real_dir(root, paths.BUILD_DIR)
    # Never through a link, and never blocking on a FIFO planted in its place.
    try:
        fd = os.open(root / paths.LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     0o644)
    except OSError as exc:
        raise write.OutputError(f"{paths.LOCK_FILE}: cannot be opened as a lock file ({exc.strerror}): "
                                f"remove it and run again") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise write.OutputError(f"{paths.LOCK_FILE} is not a regular file: remove it and run again")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LockedError("another briefing build is running in this folder") from None
        yield
    finally:
        os.close(fd)


def engine_env(epoch: int | None = None) -> dict[str, str]:
    """The engine's environment: quiet, and with a fixed build date so the same
    commit builds the same bytes (SOURCE_DATE_EPOCH wins when it is set)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    if epoch is not None and not env.get("SOURCE_DATE_EPOCH"):
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def python() -> list[str]:
    """This Python, started so that the project folder is not on its import path: the engine
    runs in the project folder, and a `yaml.py` or `markdown.py` committed there must not
    take the place of a real module (-P, Python 3.11+)."""
    return [sys.executable, "-P"]


def engine_command(name: str, root: Path, out_dir: Path) -> list[str]:
    """The command that builds the project's mkdocs.yml with engine `name` into `out_dir`."""
    if name == "zensical":
        # site_dir must lie inside the folder of the config file, and there is no -d:
        # a wrapper under build/ inherits mkdocs.yml and sets the paths seen from there.
        build = root / paths.BUILD_DIR
        wrapper = root / ZENSICAL_CONFIG
        text = ("# Written by `briefing build --engine zensical`; do not edit.\n"
                + json.dumps({"INHERIT": "../mkdocs.yml", "docs_dir": "docs",
                              "site_dir": out_dir.relative_to(build).as_posix(),
                              "theme": {"custom_dir": "theme"}}, indent=2) + "\n")
        write.write_tree_file(wrapper, text.encode("utf-8"))
        return [*python(), "-m", "zensical", "build", "--strict", "--clean", "-f", str(wrapper)]
    return [*python(), "-m", _MODULES[name], "build", "--strict", "--clean",
            "-f", str(root / "mkdocs.yml"), "-d", str(out_dir)]


def _clean_log(text: str) -> str:
    """The engine's messages without colour codes, and without a Python traceback
    (Zensical ends a strict failure with one; the messages above it say what is wrong)."""
    lines = ANSI_RE.sub("", text).splitlines()
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        start = next(i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last)"))
        last = lines[-1].split(": ", 1)[-1] if lines else ""
        lines = lines[:start] + ([last] if last else [])
    return "\n".join(lines).strip()


SHARED = ("mkdocs",)
"""Engines whose build can be shared out between processes, and made incremental
(parallel.py; shares.py uses MkDocs' own steps; ProperDocs renames MkDocs' modules inside
its process, Zensical is not Python)."""


def _start(root: Path, epoch: int | None) -> Callable[[list[str]], subprocess.Popen]:
    def start(args: list[str]) -> subprocess.Popen:
        return subprocess.Popen([*python(), *args], cwd=root, env=engine_env(epoch), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    return start


def run_engine(root: Path, out_dir: Path, epoch: int | None = None, name: str = "mkdocs") -> str:
    """Build the project's mkdocs.yml with engine `name` into `out_dir` in one plain engine
    process, strictly; returns its log."""
    check_engine(name)
    if name == "zensical":
        # Zensical reads back what it keeps in build/.cache. That folder may have come in a
        # commit, so it starts empty on every build (and is refused if it is a link).
        cache = write.real_dir(root, paths.ENGINE_CACHE, create=False)
        if cache.is_dir():
            write.remove_tree(cache)
    proc = subprocess.run(engine_command(name, root, out_dir), cwd=root, env=engine_env(epoch),
                          capture_output=True, text=True)
    log = _clean_log(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise EngineError(f"{NAMES[name]} build failed", log)
    return log


def _shared(root: Path, out: Path, epoch: int | None, jobs: int, manifest: dict | None) -> parallel.Result | None:
    """The build shared out (and incremental given the last build's `manifest`), or None where it cannot be."""
    try:
        return parallel.run(root, out, epoch, jobs, _start(root, epoch), _clean_log, manifest)
    except parallel.CannotShare:
        return None


def new_site_dir(root: Path) -> Path:
    build = write.real_dir(root, paths.BUILD_DIR)
    for old in [*build.glob(".site-*"), *build.glob(".pagefind-*"), *build.glob(".shard-*")]:  # left by a build killed
        if old.is_dir() and not old.is_symlink():
            write.remove_tree(old, ignore_errors=True)  # never follows a link inside (fd-based on Linux)
    return Path(tempfile.mkdtemp(prefix=".site-", dir=build))


def swap_in(new: Path, site: Path) -> None:
    """Make `new` the site in one step; the previous site is removed afterwards."""
    if not site.exists() and not site.is_symlink():
        os.rename(new, site)
        return
    if site.is_symlink() or not site.is_dir():
        raise EngineError(f"{site} is not a folder; move it away and build again")
    if _exchange(new, site):
        write.remove_tree(new)  # it now holds the previous site
        return
    # No atomic exchange on this system: two renames, with the old site kept until the end.
    old = new.with_name(new.name + "-old")
    os.rename(site, old)
    os.rename(new, site)
    write.remove_tree(old)


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    res = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def build_site(root: Path, epoch: int | None = None, name: str = "mkdocs",
               watch: Callable[[int], None] | None = None, jobs: int = 1, clean: bool = False,
               timings: dict[str, float] | None = None) -> tuple[str, int]:
    """Build into a fresh folder and swap it in as site/; returns the engine's log and the
    number of pages reused from the last build (`timings` gets the seconds of search).
    `watch` is told, every WATCH_EVERY seconds, how many pages the engine has written.
    With MkDocs the build is shared out to `jobs` processes and, unless `clean`, reuses the
    pages of the last build that are unchanged (parallel.py); its pages come out hardened."""
    check_engine(name)
    root = root.resolve()  # the engine's processes run in it: no path may be relative to here
    out = new_site_dir(root)
    key = reuse.key(root, name, epoch) if name in SHARED else ""
    manifest = None if clean or not key else reuse.load(root, key)
    reuse.forget(root)  # until this build's own manifest is written
    try:
        with _watching(out, watch):
            result = _shared(root, out, epoch, jobs, manifest) if name in SHARED else None
            log = result.log if result is not None else run_engine(root, out, epoch, name)
        _finish(root, out, name, harden=result is None, timings=timings)
        if result is not None:
            reuse.save(root, key, result.files, result.records, root / paths.SITE_DIR)
    finally:
        if out.exists():
            write.remove_tree(out, ignore_errors=True)
    return log, result.reused if result is not None else 0


def _finish(root: Path, out: Path, name: str, harden: bool, timings: dict[str, float] | None = None) -> None:
    """The built site's last steps: the CSP and search marks (unless its shares gave them),
    the search index (its seconds added to `timings["search"]`), and the swap into site/."""
    found = search.plan(out, name)
    if harden:
        csp.harden_site(out, name, lambda html, page: search.mark(html, page, found))
    started = time.perf_counter()
    try:
        search.index(out, found)
    except search.SearchError as exc:
        raise EngineError(str(exc)) from exc
    if timings is not None:
        timings["search"] = timings.get("search", 0.0) + time.perf_counter() - started
    _world_readable(out)
    swap_in(out, root / paths.SITE_DIR)


def build_shard(root: Path, out: Path, epoch: int | None, index: int, count: int) -> str:
    """`briefing build --shard`: share `index` (from 0) of `count` into `out`, for merge_shards."""
    try:
        return parallel.build_shard(root, out, index, count, _start(root, epoch), _clean_log,
                                    reuse.key(root, "mkdocs", epoch))
    except parallel.CannotShare:
        raise parallel.ShardError("mkdocs.yml runs plugins or hooks besides search and offline: "
                                  "such a build cannot be shared out (build it with `briefing build`)") from None


def merge_shards(root: Path, dirs: list[Path], epoch: int | None) -> str:
    """`briefing merge`, after generating the pages here: the shards' pages joined into a
    fresh folder with every other file built here, links to anchors validated, the pages
    hardened, search indexed, and swapped in as site/. The shard folders are kept."""
    root, dirs = root.resolve(), [d.resolve() for d in dirs]
    records = [merge.read_record(d) for d in dirs]
    own = (reuse.key(root, "mkdocs", epoch), reuse.docs_hash(reuse.docs_files(root)))
    order = parallel.check_shards(records, dirs, own)
    out = new_site_dir(root)
    reuse.forget(root)
    try:
        log = parallel.merge_shards(root, [records[i] for i in order], [dirs[i] for i in order], out,
                                    _start(root, epoch), _clean_log)
        _finish(root, out, "mkdocs", harden=True)
    finally:
        if out.exists():
            write.remove_tree(out, ignore_errors=True)
    return log


WATCH_EVERY = 0.5


@contextlib.contextmanager
def _watching(out: Path, watch: Callable[[int], None] | None) -> Iterator[None]:
    """Count the engine's pages as they land in `out`, from a thread, while it runs."""
    if watch is None:
        yield
        return
    stop = threading.Event()

    def count() -> None:
        while not stop.wait(WATCH_EVERY):
            watch(sum(f.endswith(".html") for _, _, files in write.walk(out) for f in files))

    thread = threading.Thread(target=count, name="engine-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _world_readable(top: Path) -> None:
    for dirpath, _dirnames, filenames in write.walk(top):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            full = os.path.join(dirpath, f)
            if not os.path.islink(full):  # chmod would change what a link points to
                os.chmod(full, 0o644)
