"""How long `briefing serve` takes to show an edited note, on the benchmark briefing.

Usage: python bench/serve_latency.py [--notes 1000] [--edits 5] [--out bench/out]
Starts `briefing serve` on a synthetic briefing, waits until the preview answers, then
edits one issue's summary at a time (a fresh word each time) and polls that issue's page
over HTTP until the word is there. Prints the seconds from saving the file to the page
showing the edit, for each edit, and their median.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import synth  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    root = args.out / f"serve-{args.notes}"
    synth(args.notes, root)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-q", "--addr", f"127.0.0.1:{port}"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    note = sorted((root / "content" / "issues").glob("*.md"))[3]
    url = f"http://127.0.0.1:{port}/issues/{note.stem}.html"
    try:
        t0 = time.perf_counter()
        while _get(url) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > 600:
                raise SystemExit("the preview did not start")
            time.sleep(0.2)
        print(f"first preview ready after {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        time.sleep(2)
        original = note.read_text(encoding="utf-8")
        times = []
        for i in range(args.edits):
            word = f"Edited{i}x{os.getpid()}"
            note.write_text(original.replace("summary: ", f"summary: {word} ", 1), encoding="utf-8")
            t = time.perf_counter()
            while word not in (_get(url) or ""):
                if time.perf_counter() - t > 120:
                    raise SystemExit(f"edit {i} never showed")
                time.sleep(0.05)
            times.append(time.perf_counter() - t)
            print(f"edit {i + 1}: {times[-1]:.2f} s", file=sys.stderr, flush=True)
            time.sleep(2)
        note.write_text(original, encoding="utf-8")
        print(f"| {args.notes:,} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
