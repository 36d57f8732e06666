"""`briefing serve`: a live preview that regenerates when notes, sources or templates change.

MkDocs' own server (`mkdocs serve`, with live reload) serves build/docs from a temporary
folder, never site/. This process watches content/, seeds/, site_templates/ and
mkdocs.yml and regenerates the Markdown on every change; only files whose text
changed are rewritten, so MkDocs rebuilds and the browser reloads. A change that
breaks the content prints its problems and writes nothing: the last good preview stays.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator import build, paths
from generator.loading import load
from generator.output import engine, write
from generator.problems import shown

WATCHED = ("content", "seeds", "site_templates", "mkdocs.yml")
DIRTY_FROM_NOTES = 300
"""From this many notes on, MkDocs rebuilds only changed pages (search may lag behind)."""


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file: about 30 ms at 5,000 notes."""
    state: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        top = root / name
        if top.is_file():
            st = top.stat()
            state[name] = (st.st_mtime_ns, st.st_size)
            continue
        for dirpath, dirnames, filenames in write.walk(top):
            dirnames.sort()
            for f in filenames:
                full = os.path.join(dirpath, f)
                try:
                    st = os.stat(full, follow_symlinks=False)
                except OSError:
                    continue
                state[full] = (st.st_mtime_ns, st.st_size)
    return state


def serve(root: Path, addr: str, report: Callable[[build.Run], object], *, poll: float = 0.2,
          max_seconds: float | None = None, drafts: bool = False) -> int:
    options = build.Options(drafts=drafts)
    # A plain `kill` must stop the MkDocs child too, so turn SIGTERM into a clean exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cache = load.Cache()  # unchanged notes are not parsed again
    run = build.generate(root, options, cache=cache)
    report(run)
    if not run.ok() and not (root / paths.DOCS_DIR / "index.md").exists():
        print("briefing serve: fix the problems above; watching for changes…", file=sys.stderr)
    notes = len(run.corpus.notes) if run.corpus else 0
    proc: subprocess.Popen[bytes] | None = None
    served: tuple[int, int] | None = None
    started = time.monotonic()
    state = snapshot(root)
    wait = poll
    try:
        while True:
            if proc is None and (root / paths.DOCS_DIR / "index.md").exists():
                proc = _start_mkdocs(root, addr, dirty=notes >= DIRTY_FROM_NOTES)
                served = _folder_id(root / paths.DOCS_DIR)
                print(f"briefing serve: preview at http://{addr}/ (Ctrl-C to stop)", file=sys.stderr)
            if proc is not None and proc.poll() is not None:
                print("briefing serve: the MkDocs server stopped", file=sys.stderr)
                return 3
            if proc is not None and _folder_id(root / paths.DOCS_DIR) != served:
                # build/ was deleted (or replaced) under us: MkDocs watches a folder that is
                # gone. Write it all again and start MkDocs on the new one.
                print("briefing serve: build/ was removed; writing the preview again", file=sys.stderr)
                cache = load.Cache()
                try:
                    run = build.generate(root, options, cache=cache)
                except (engine.LockedError, write.OutputError) as exc:
                    print(f"briefing serve: {shown(str(exc))}", file=sys.stderr)
                    return 2
                report(run)
                _stop(proc)
                proc = None
                continue
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                return 0
            time.sleep(wait)
            looked = time.perf_counter()
            now = snapshot(root)
            # Poll often, but never spend more than a fifth of the time looking.
            wait = max(poll, 4 * (time.perf_counter() - looked))
            if now != state:
                state = now
                try:
                    run = build.generate(root, options, cache=cache)
                except engine.LockedError as exc:
                    print(f"briefing serve: {exc}", file=sys.stderr)
                    continue
                except write.OutputError as exc:
                    print(f"briefing serve: {shown(str(exc))}", file=sys.stderr)
                    return 2
                report(run)
                if run.corpus:
                    notes = len(run.corpus.notes)
    finally:
        if proc is not None:
            _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _folder_id(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path now (device and inode), or None when there is none."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _start_mkdocs(root: Path, addr: str, *, dirty: bool) -> subprocess.Popen[bytes]:
    cmd = [*engine.python(), "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", addr,
           "--no-strict", "--livereload"]
    if dirty:
        cmd.append("--dirty")
    proc = subprocess.Popen(cmd, cwd=root, env=engine.engine_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=_relay, args=(proc,), name="mkdocs-log", daemon=True).start()
    return proc


def _relay(proc: subprocess.Popen[bytes]) -> None:
    """MkDocs' messages, indented and made harmless like every message of ours (page text can
    be in them); a Python traceback is cut down to its last line."""
    assert proc.stdout is not None
    in_traceback = False
    for raw in proc.stdout:
        line = engine.ANSI_RE.sub("", raw.decode("utf-8", errors="replace").rstrip("\n"))
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        in_traceback = False
        print("  " + shown(line), file=sys.stderr, flush=True)
