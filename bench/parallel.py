"""The engine's build on every core, and incremental: ratios measured in one run.

Usage: python bench/parallel.py [--sizes 100,1000,5000] [--rounds 2] [--out bench/out]
       python bench/parallel.py --sizes 20000 --rounds 1 --only-clean   (clean `briefing build` only)

For each size, a synthetic briefing (bench/synth.py) is generated once. Then, interleaved
(this machine's speed drifts within the hour), `rounds` times:
1. a clean `briefing build --jobs 1 --clean`;
2. one plain `mkdocs build` of the same generated pages with the project's own mkdocs.yml;
3. one note edited (an issue's summary, which its page, the home page, the issue list and
   the printable briefing show), then `briefing build --jobs 2`: incremental;
4. a clean `briefing build --jobs 2 --clean` of the same notes, whose site must be the
   incremental one, byte for byte.
Prints the fastest of each, the ratios, the pages the incremental build reused, and where
its time goes (the stages `briefing build` reports).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import synth  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(HERE.parent), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767139200")
BRIEFING = [sys.executable, "-m", "generator"]


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stderr


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def edit(root: Path, round_no: int) -> None:
    """One note edited: the first issue's summary gets (or changes) a closing remark."""
    note = sorted((root / "content" / "issues").glob("*.md"))[0]
    text = note.read_text(encoding="utf-8")
    text = re.sub(r"^(summary: .*?)(?: Edited \d+\.)?$", lambda m: f"{m.group(1)} Edited {round_no}.", text,
                  count=1, flags=re.M)
    note.write_text(text, encoding="utf-8")


def stages(log: str) -> str:
    m = re.search(r"\(load .*?; total [0-9.]+s\)", log)
    return m.group(0)[1:-1] if m else ""


def reused(log: str) -> int:
    m = re.search(r"\((\d+) unchanged since the last build, reused\)", log)
    return int(m.group(1)) if m else 0


def measure(n: int, rounds: int, out: Path, only_clean: bool) -> dict:
    root = out / f"parallel-{n}"
    if not (root / "content").is_dir():
        synth(n, root)
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    ENV["XDG_CACHE_HOME"] = str(cache)
    keep = Path(tempfile.mkdtemp(prefix="bench-sites-"))
    one, two, plain, incr = [], [], [], []
    same, pages_reused, profile, pages = True, 0, "", 0
    try:
        for r in range(rounds):
            if only_clean:  # the default build (every core), clean
                t, log = run([*BRIEFING, "build", "--clean"], root)
                one.append(t)
                profile = stages(log)
                continue
            t, log = run([*BRIEFING, "build", "--jobs", "1", "--clean"], root)
            one.append(t)
            shutil.rmtree(keep / "plain", ignore_errors=True)
            plain.append(run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml",
                              "-d", str(keep / "plain")], root)[0])
            edit(root, r + 1)
            t, log = run([*BRIEFING, "build", "--jobs", "2"], root)
            incr.append(t)
            pages_reused, profile = reused(log), stages(log)
            print(f"{n} notes, round {r + 1}: incremental {t:.1f} s, {pages_reused} pages reused ({profile})",
                  file=sys.stderr, flush=True)
            pages = int(re.search(r"(\d+) pages", log).group(1))  # type: ignore[union-attr]
            shutil.rmtree(keep / "incremental", ignore_errors=True)
            shutil.copytree(root / "site", keep / "incremental")
            two.append(run([*BRIEFING, "build", "--jobs", "2", "--clean"], root)[0])
            same = same and same_tree(keep / "incremental", root / "site")
    finally:
        shutil.rmtree(keep, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return {"n": n, "one": min(one), "two": min(two) if two else 0, "plain": min(plain) if plain else 0,
            "incr": min(incr) if incr else 0, "same": same, "reused": pages_reused, "pages": pages,
            "profile": profile}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--only-clean", action="store_true", help="time clean `briefing build` builds only")
    args = ap.parse_args()
    rows = [measure(int(s), args.rounds, Path(args.out), args.only_clean) for s in args.sizes.split(",")]
    if args.only_clean:
        for row in rows:
            print(f"| {row['n']:,} | {row['one']:.1f} s | {row['profile']} |")
        return
    print("| notes | --jobs 1 s | --jobs 2 s | plain mkdocs s | incremental s | jobs 2 / jobs 1 "
          "| jobs 2 / plain | incremental / clean | reused pages | same bytes |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']:,} | {r['one']:.1f} | {r['two']:.1f} | {r['plain']:.1f} | {r['incr']:.1f} "
              f"| {r['two'] / r['one']:.2f} | {r['two'] / r['plain']:.2f} | {r['incr'] / r['two']:.2f} "
              f"| {r['reused']:,} of {r['pages']:,} | {'yes' if r['same'] else 'NO'} |")
    print()
    for r in rows:
        print(f"- {r['n']:,} notes, incremental build: {r['profile']}")


if __name__ == "__main__":
    main()
