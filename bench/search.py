"""What a reader's first search costs: bytes fetched and time to results, at scale.

Usage: python bench/search.py [--sizes 1000,5000] [--out bench/out] [--query WORD]

For each size, a synthetic briefing (bench/synth.py) is built with `briefing build`, served
on 127.0.0.1, and opened in Debian's chromium: the home page loads, the reader types a word
into the search box, and we count every response body the browser received (as the browser
counts them: Playwright's responseBodySize) until the results show, and the seconds from
the last key to the results. Also: the Pagefind index's size on disk and how long the
build's search step took, and, from disk (file://), whether search answers and how fast.
Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import synth  # noqa: E402


def build(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(HERE.parent), "PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return time.perf_counter() - started


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def first_search(site: Path, query: str, disk: bool = False) -> tuple[int, int, float, int]:
    """(bytes, requests, seconds from the last key to results, results shown)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            finished: list = []
            page.on("requestfinished", lambda r: finished.append(r))
            url = (site / "index.html").as_uri() if disk else f"http://127.0.0.1:{server.server_address[1]}/index.html"
            page.goto(url, wait_until="networkidle")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(query[:-1], delay=20)
            started = time.perf_counter()
            box.press(query[-1])
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            shown = page.locator(".md-search-result__item").count()
            total = 0
            for request in finished:
                try:
                    total += max(request.sizes()["responseBodySize"], 0)
                except Exception:  # a request the browser dropped
                    pass
            browser.close()
            return total, len(finished), seconds, shown
    finally:
        server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--query", default="ceasefire")
    args = ap.parse_args()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        root = Path(args.out) / f"search-{n}"
        if not (root / "content").is_dir():
            synth(n, root)
        secs = build(root)
        site = root / "site"
        hosted = first_search(site, args.query)
        disk = first_search(site, args.query, disk=True)
        rows.append((n, secs, folder_bytes(site / "pagefind"), (site / "search/search_index.js").stat().st_size,
                     hosted, disk))
    print("| notes | build s | Pagefind index MB | file:// index MB | first search: KB fetched (requests) "
          "| results after s | shown | from disk: results after s |")
    print("|---|---|---|---|---|---|---|---|")
    for n, secs, pf, js, (b, r, s, shown), (_, _, ds, _) in rows:
        print(f"| {n:,} | {secs:.1f} | {pf / 2**20:.1f} | {js / 2**20:.1f} | {b / 1024:.0f} ({r}) | {s:.2f} "
              f"| {shown} | {ds:.2f} |")


if __name__ == "__main__":
    main()
