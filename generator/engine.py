"""Run the site engine (MkDocs) on the generated Markdown, then swap the new site in.

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
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from . import harden, paths

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class EngineError(Exception):
    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class LockedError(Exception):
    pass


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time per project; a second one fails at once instead of clobbering."""
    build = root / paths.BUILD_DIR
    build.mkdir(exist_ok=True)
    fh = open(build / ".lock", "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LockedError("another briefing build is running in this folder") from None
        yield
    finally:
        fh.close()


def engine_env(epoch: int | None = None) -> dict[str, str]:
    """The engine's environment: quiet, and with a fixed build date so the same
    commit builds the same bytes (SOURCE_DATE_EPOCH wins when it is set)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    if epoch is not None and not env.get("SOURCE_DATE_EPOCH"):
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def run_mkdocs(root: Path, out_dir: Path, epoch: int | None = None) -> str:
    """`mkdocs build --strict` of the project's mkdocs.yml into `out_dir`; returns its log."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "-f", str(root / "mkdocs.yml"), "-d", str(out_dir)]
    proc = subprocess.run(cmd, cwd=root, env=engine_env(epoch), capture_output=True, text=True)
    log = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        raise EngineError("MkDocs build failed", log)
    return log


def new_site_dir(root: Path) -> Path:
    build = root / paths.BUILD_DIR
    build.mkdir(exist_ok=True)
    for old in build.glob(".site-*"):  # left by a build that was killed
        shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=".site-", dir=build))


def swap_in(new: Path, site: Path) -> None:
    """Make `new` the site in one step; the previous site is removed afterwards."""
    if not site.exists() and not site.is_symlink():
        os.rename(new, site)
        return
    if site.is_symlink() or not site.is_dir():
        raise EngineError(f"{site} is not a folder; move it away and build again")
    if _exchange(new, site):
        shutil.rmtree(new)  # it now holds the previous site
        return
    # No atomic exchange on this system: two renames, with the old site kept until the end.
    old = new.with_name(new.name + "-old")
    os.rename(site, old)
    os.rename(new, site)
    shutil.rmtree(old)


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


def build_site(root: Path, epoch: int | None = None) -> str:
    """Build into a fresh folder and swap it in as site/; returns MkDocs' log."""
    out = new_site_dir(root)
    try:
        log = run_mkdocs(root, out, epoch)
        harden.harden_site(out)
        _world_readable(out)
        swap_in(out, root / paths.SITE_DIR)
    finally:
        if out.exists():
            shutil.rmtree(out, ignore_errors=True)
    return log


def _world_readable(top: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(top):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o644)
