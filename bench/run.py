"""The scale benchmark: synthetic briefings of 100, 1,000 and 5,000 notes, timed and weighed.

Usage: python bench/run.py [--sizes 100,1000,5000] [--repeat 3] [--out bench/out]
For each size: `briefing check`, `briefing generate` and `briefing build` wall time (median
of --repeat runs after one warm-up, and the fastest of them), the peak memory of the largest process, pages, site
bytes, HTML bytes per page, the largest page and the search index size; then the time for
`generate` to take in one edited note, and how many files it rewrote. Prints a Markdown
table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import synth  # noqa: E402

BRIEFING = [sys.executable, "-m", "generator"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds, and peak RSS in MB of the largest process it ran (via a fresh wrapper)."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:]); dt = time.perf_counter() - t; "
               "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-3000:]}")
    secs, rss_kb = proc.stdout.strip().splitlines()[-1].split()
    return float(secs), int(rss_kb) // 1024


def measure(cmd: list[str], cwd: Path, repeat: int) -> tuple[float, int, float]:
    """Median wall seconds, peak MB, and the fastest run (this machine is shared: other
    work slows some runs by a quarter or more, never speeds one up)."""
    timed(cmd, cwd)  # warm-up: caches, .pyc files
    runs = [timed(cmd, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), min(r[0] for r in runs)


def site_stats(site: Path) -> dict[str, object]:
    html = [(f.stat().st_size, f.relative_to(site).as_posix()) for f in site.rglob("*.html")]
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    index = site / "search" / "search_index.json"
    largest = max(html)
    per_page = sum(s for s, _ in html) / len(html) / 1024
    return {"pages": len(html), "site_mb": total / 2**20, "html_per_page_kb": per_page,
            "largest": f"{largest[1]} ({largest[0] / 1024:.0f} KB)",
            "index_mb": index.stat().st_size / 2**20 if index.exists() else 0.0}


def edit_one(root: Path) -> tuple[float, int]:
    """Edit one issue's summary and time `briefing generate`; count the files it rewrote."""
    docs = root / "build" / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    note = sorted((root / "content" / "issues").glob("*.md"))[3]
    text = note.read_text()
    note.write_text(text.replace("summary: ", "summary: Edited. ", 1))
    secs, _ = timed(BRIEFING + ["generate", "-q"], root)
    after = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    note.write_text(text)
    timed(BRIEFING + ["generate", "-q"], root)
    return secs, sum(1 for p, m in after.items() if before.get(p) != m)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        root = args.out / f"briefing-{n}"
        synth(n, root)
        check = measure(BRIEFING + ["check", "-q"], root, args.repeat)
        gen = measure(BRIEFING + ["generate", "-q"], root, args.repeat)
        full = measure(BRIEFING + ["build", "-q"], root, args.repeat)
        stats = site_stats(root / "site")
        edit = edit_one(root)
        rows.append((n, check, gen, full, stats, edit))
        print(f"{n}: check {check[0]:.2f}s, generate {gen[0]:.2f}s, build {full[0]:.2f}s, "
              f"peak {max(check[1], gen[1], full[1])} MB, {stats}, edit {edit[0]:.2f}s/{edit[1]} files",
              file=sys.stderr, flush=True)
    print("| notes | check s | generate s (fastest) | build s (fastest) | generator share | peak MB | pages | "
          "site MB | HTML KB/page | largest page | search index MB | one edit: generate s / files rewritten |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, check, gen, full, st, edit in rows:
        print(f"| {n:,} | {check[0]:.2f} | {gen[0]:.2f} ({gen[2]:.2f}) | {full[0]:.2f} ({full[2]:.2f}) | "
              f"{gen[0] / full[0]:.0%} | "
              f"{max(check[1], gen[1], full[1])} | {st['pages']:,} | {st['site_mb']:.1f} | "
              f"{st['html_per_page_kb']:.1f} | "
              f"{st['largest']} | {st['index_mb']:.1f} | {edit[0]:.2f} / {edit[1]} |")


if __name__ == "__main__":
    main()
