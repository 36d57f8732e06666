"""Refuse to publish a site much smaller than the live one, unless the commit says so.

Usage: python -m generator.tools.shrink SITE_DIR LIVE_URL [--commit-message MSG] [--max-drop 0.2]

Counts the pages in the new site's sitemap.xml and in the live site's (LIVE_URL/sitemap.xml;
LIVE_URL may also be a local folder or file). A drop of more than 20% fails (exit 1) unless
the commit message holds [allow-shrink]. When the live site has no sitemap yet (the first
deploy) or no site URL is configured, it says so and lets the deploy go ahead.
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.request
from pathlib import Path

_LOC_RE = re.compile(r"<loc>([^<]+)</loc>")


def pages(sitemap: str) -> set[str]:
    """The page paths a sitemap lists, relative to the site's root."""
    locs = _LOC_RE.findall(sitemap)
    if not locs:
        return set()
    root = min(locs, key=len)
    root = root[: root.rfind("/") + 1]
    return {loc[len(root):] if loc.startswith(root) else loc for loc in locs}


def read_live(live: str) -> str | None:
    path = Path(live)
    if path.is_dir():
        path = path / "sitemap.xml"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    url = live.rstrip("/") + "/sitemap.xml" if not live.endswith(".xml") else live
    if not url.startswith(("http://", "https://")):
        return None
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def check(site: Path, live: str, message: str = "", max_drop: float = 0.2) -> tuple[bool, str]:
    new_map = site / "sitemap.xml"
    if not live:
        return True, "shrink check skipped: no live site URL is configured"
    live_map = read_live(live)
    if live_map is None:
        return True, f"shrink check skipped: no sitemap at {live} (first deploy?)"
    before = pages(live_map)
    after = pages(new_map.read_text(encoding="utf-8")) if new_map.is_file() else set()
    if not before:
        return True, "shrink check skipped: the live sitemap lists no pages"
    drop = 1 - len(after) / len(before)
    gone = sorted(before - after)
    summary = (f"live site: {len(before)} pages, new site: {len(after)} pages "
               f"({drop:+.0%} dropped); gone: {', '.join(gone[:10])}{' …' if len(gone) > 10 else ''}")
    if drop > max_drop and "[allow-shrink]" not in message:
        return False, (f"refusing to deploy: {summary}. If this is meant, put [allow-shrink] in the commit "
                       "message.")
    return True, "shrink check passed: " + summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.tools.shrink")
    ap.add_argument("site", type=Path)
    ap.add_argument("live", nargs="?", default="")
    ap.add_argument("--commit-message", default="")
    ap.add_argument("--max-drop", type=float, default=0.2)
    args = ap.parse_args(argv)
    ok, message = check(args.site, args.live, args.commit_message, args.max_drop)
    print(message, file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
