"""Hostile notes, timed: every pathological family at the note size limit, and its growth.

Usage: python bench/hostile.py [--sizes 64000,128000,240000] [--process]

For each family of tests/hostile_inputs.py: the mini briefing with one note made of it, and
`generate` timed in this process at each size (the fastest of three), with the ratio of the
last two sizes. With --process, also `briefing generate` as a fresh process at the largest
size (what an editor waits for). Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from conftest import make_project  # noqa: E402
from hostile_inputs import BODIES, NOTES, folder_of  # noqa: E402

from generator import build  # noqa: E402
from generator.text import markup  # noqa: E402


def note_text(kind: str, name: str, size: int) -> tuple[str, str]:
    if kind == "body":
        return "content/pages/hostile.md", "---\ntitle: P\n---\n" + BODIES[name](size) + "\n"
    note = NOTES[name](size)
    return f"content/{folder_of(note)}/hostile.md", note


def timed_generate(root: Path, rel: str, text: str, repeat: int = 3) -> tuple[float, bool]:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    best, ok = float("inf"), False
    for _ in range(repeat):
        markup.parse.cache_clear()
        t = time.perf_counter()
        run = build.generate(root)
        best = min(best, time.perf_counter() - t)
        ok = run.ok()
    (root / rel).unlink()
    return best, ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="64000,128000,240000")
    ap.add_argument("--process", action="store_true", help="also time a fresh `briefing generate` at the last size")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    families = [("body", n) for n in BODIES] + [("note", n) for n in NOTES]
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p")
        head = " | ".join(f"{s // 1000} KB" for s in sizes)
        print(f"| family | {head} | last ratio | checks | process |")
        print("|---|" + "---|" * len(sizes) + "---|---|---|")
        worst = 0.0
        for kind, name in families:
            times, ok = [], False
            for size in sizes:
                rel, text = note_text(kind, name, size)
                t, ok = timed_generate(root, rel, text)
                times.append(t)
            ratio = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0 else float("nan")
            proc = ""
            if args.process:
                rel, text = note_text(kind, name, sizes[-1])
                (root / rel).write_text(text, encoding="utf-8")
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "generator", "generate", "-q"], cwd=root, capture_output=True)
                took = time.perf_counter() - t0
                worst = max(worst, took)
                (root / rel).unlink()
                proc = f"{took:.2f} s"
            cells = " | ".join(f"{t:.3f}" for t in times)
            print(f"| {kind}: {name} | {cells} | {ratio:.2f} | {'ok' if ok else 'refused'} | {proc} |", flush=True)
        if args.process:
            print(f"\nslowest fresh `briefing generate` at {sizes[-1]:,} characters: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
