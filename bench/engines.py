"""Each site engine on the benchmark briefing: `briefing build --engine NAME`, timed and weighed.

Usage: python bench/engines.py [--sizes 1000] [--repeat 3] [--out bench/out]
For each size and engine: wall time of the whole build (median of --repeat runs after one
warm-up; each run starts clean, Zensical's cache included), peak memory of the largest
process, pages and site size. Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from run import BRIEFING, measure, site_stats  # noqa: E402
from synth import synth  # noqa: E402

from generator.output.engine import ENGINES  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    print("| notes | engine | build s | peak MB | pages | site MB |")
    print("|---|---|---|---|---|---|")
    for n in [int(x) for x in args.sizes.split(",")]:
        root = args.out / f"engines-{n}"
        synth(n, root)
        for name in args.engines.split(","):
            secs, peak = measure(BRIEFING + ["build", "-q", "--engine", name], root, args.repeat)
            # Zensical's search index is search.json; the others' search/search_index.json.
            st = site_stats(root / "site")
            print(f"| {n:,} | {name} | {secs:.1f} | {peak} | {st['pages']:,} | {st['site_mb']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
