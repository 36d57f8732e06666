"""Page weight of built pages, as a browser loads them: HTML, then everything it pulls in.

Usage: python bench/page_weight.py [SITE_DIR] [PAGE ...]   (default: site/, a few key pages)
Prints one table row per page and the largest resources; the search index is listed apart,
since it loads once, on the first search, and is cached across pages.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DEFAULT_PAGES = ["index.html", "issues/guarantee-content.html", "actors/zelenskyy.html", "matrix.html",
                 "sources/seed-article.html", "print.html"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    pages = sys.argv[2:] or DEFAULT_PAGES
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        print("| page | HTML KB | everything else KB | total KB (search index aside) | search index KB |")
        print("|---|---|---|---|---|")
        last = {}
        for name in pages:
            page = browser.new_page()
            sizes: dict[str, int] = {}
            page.on("response", lambda r, s=sizes: s.__setitem__(r.url, len(r.body()) if r.ok else 0))
            page.goto(base + name, wait_until="networkidle")
            page.wait_for_timeout(500)
            page.close()
            html = sizes.get(base + name, 0)
            index = sum(v for k, v in sizes.items() if "search_index" in k)
            rest = sum(v for k, v in sizes.items() if "search_index" not in k) - html
            kb = [html / 1024, rest / 1024, (html + rest) / 1024, index / 1024]
            print(f"| {name} | " + " | ".join(f"{v:.1f}" for v in kb) + " |")
            last = sizes
        print("\nLargest resources of the last page:")
        for url, size in sorted(last.items(), key=lambda kv: -kv[1])[:6]:
            print(f"- {url.replace(base, '')}: {size / 1024:.1f} KB")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
