"""The engine's build shared out between processes: ratios measured in one run.

Usage: python bench/parallel.py [--sizes 1000,5000] [--rounds 2] [--out bench/out]

For each size, a synthetic briefing (bench/synth.py) is generated once, then, interleaved
(this machine's speed drifts within the hour), `rounds` times each: a clean `briefing build
--jobs 1`, a clean `briefing build --jobs 2`, and one plain `mkdocs build` of the same
generated pages with the project's own mkdocs.yml. Prints the fastest of each and the
ratios; checks that --jobs 1 and --jobs 2 wrote the same bytes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
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


def run(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args()
    briefing = [sys.executable, "-m", "generator"]
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        root = Path(args.out) / f"parallel-{n}"
        if not (root / "content").is_dir():
            synth(n, root)
        run([*briefing, "generate"], root)
        one, two, plain = [], [], []
        keep = Path(tempfile.mkdtemp())
        for _ in range(args.rounds):
            one.append(run([*briefing, "build", "--jobs", "1"], root))
            shutil.rmtree(keep / "one", ignore_errors=True)
            shutil.copytree(root / "site", keep / "one")
            two.append(run([*briefing, "build", "--jobs", "2"], root))
            target = keep / "plain"
            shutil.rmtree(target, ignore_errors=True)
            plain.append(run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml",
                              "-d", str(target)], root))
        same = same_tree(keep / "one", root / "site")
        shutil.rmtree(keep, ignore_errors=True)
        rows.append((n, min(one), min(two), min(plain), same))
    print("| notes | build --jobs 1 s | build --jobs 2 s | plain mkdocs build s | jobs 2 / jobs 1 "
          "| jobs 2 / plain mkdocs | same bytes |")
    print("|---|---|---|---|---|---|---|")
    for n, one, two, plain, same in rows:
        print(f"| {n:,} | {one:.1f} | {two:.1f} | {plain:.1f} | {two / one:.2f} | {two / plain:.2f} "
              f"| {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()
