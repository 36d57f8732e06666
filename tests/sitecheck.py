"""Reading a built site the way a link checker does: every page, its ids and its links."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.srcs: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "link" and a.get("href"):
            self.srcs.append(a["href"])
        if a.get("src"):
            self.srcs.append(a["src"])
        if tag == "script":
            self.scripts.append(a)


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def broken_links(site: Path) -> list[str]:
    """Every relative link or asset in the site that points at a missing file or anchor."""
    # 404.html is served at any depth, so MkDocs gives it root-absolute links; it is checked apart.
    pages = {f.relative_to(site).as_posix(): parse(f) for f in sorted(site.rglob("*.html"))}
    problems = []
    for rel, page in pages.items():
        if rel == "404.html":
            continue
        for href in page.links + page.srcs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("//"):
                continue
            target = rel if not parts.path else posixpath.normpath(
                posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if not (site / target).exists():
                problems.append(f"{rel}: {href} → missing {target}")
                continue
            if parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{rel}: {href} → no anchor #{parts.fragment} in {target}")
    return problems


def external_refs(site: Path) -> list[str]:
    """Every asset (script, style, image, font) loaded from another host."""
    out = []
    for f in sorted(site.rglob("*.html")):
        for src in parse(f).srcs:
            if urlsplit(src).scheme in ("http", "https") or src.startswith("//"):
                out.append(f"{f.relative_to(site)}: {src}")
    return out
