"""The site's URL scheme: the one place that knows where pages live, what their anchors are
called and how one page links to another. Templates ask here (through their helpers); they
never spell a page name or an anchor.

- Every note is `<folder>/<id>.md` → `<folder>/<id>.html`. Ids cannot hold a slash, so no
  note lands on a view's page, and no two kinds share a folder.
- Every view sits at the top level (`index.md`, `matrix.md` …); parts of a view that is too
  big for one page sit in a folder named after it (`matrix/<tag>.md`), parts of a long listing
  under `lists/` (`lists/timeline-2.md`).
- Languages (decided now, built later): the briefing's first language keeps these URLs at
  the root; every other language has the same paths under `/<lang>/` (`uk/issues/x.html`).
  `language_root` is the only place that knows it.

A `Page` is a Markdown page's path under build/docs; a `Url` is a link as written in a
page, relative to it. They are distinct types so one is never used for the other.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import NewType

from generator.kinds.registry import KINDS

Page = NewType("Page", str)
"""A Markdown page under build/docs: "issues/x.md"."""
Url = NewType("Url", str)
"""A link relative to the page it is written on: "../issues/x.html#p3"."""

HOME = Page("index.md")
LISTS_DIR = "lists"
"""Pages of listings too long for one page (lists/issues-2.md …); no note kind uses this folder."""
ASSETS_DIR = "assets"
"""Folder under docs/ for our CSS and vendored scripts."""
FEED = "feed.xml"
EXPORT = "briefing.json"
EXPORT_SCHEMA = "briefing.schema.json"


@dataclass(frozen=True)
class View:
    """A page that lists across notes. Views and the kinds' listings form one list: it gives
    their pages, the navigation (by `nav`) and the home page's contents (by `home`)."""

    name: str
    page: str
    title: str
    """The key of its title in the interface strings (rendering/strings.py)."""
    nav: float | None = None
    """Its place in the navigation, or None when it is not there."""
    home: float | None = None
    """Its place in the home page's list of what the briefing holds, or None."""
    parts: str = ""
    """The folder its parts go in, when it is split."""


VIEWS: dict[str, View] = {v.name: v for v in (
    View("home", HOME, "view.home", nav=0),
    View("matrix", "matrix.md", "view.matrix", nav=2, home=2, parts="matrix"),
    View("dependencies", "dependencies.md", "view.dependencies", nav=3, home=3, parts="dependencies"),
    View("since", "since.md", "view.since", nav=7.5, home=0.5),
    View("changes", "changes.md", "view.changes", nav=8, home=8),
    View("tags", "tags.md", "view.tags", nav=9),
    View("print", "print.md", "view.print", nav=10, parts="print"),
    View("data", EXPORT, "view.data", home=9),
)}
"""The views, by name. Each kind's listing is one more, named after the kind's folder."""

NAV_PAGES = 6
"""Free pages listed in the sidebar (and on the home page); beyond this many they get a listing page instead."""

KIND_PLACES = {"issues": (1, 1), "actors": (4, 4), "claims": (5, 5), "events": (6, 6), "sources": (7, 7)}
"""(navigation, home) places of the kinds' listings; a kind not named here comes after them."""


def listings() -> list[View]:
    """Every kind's listing as a view (its title is the kind's own words, in its record)."""
    out = []
    for kind in KINDS.values():
        nav, home = KIND_PLACES.get(kind.folder, (7.2, 7.2))
        out.append(View(kind.folder, kind.listing, "", nav if kind.in_navigation else None,
                        home if kind.in_navigation else None))
    return out


def entries() -> list[View]:
    return list(VIEWS.values()) + listings()


def navigation() -> list[View]:
    return sorted((v for v in entries() if v.nav is not None), key=lambda v: v.nav or 0)


def unlisted() -> list[str]:
    """The folders whose pages the sidebar does not list (note pages, parts, pages of listings):
    a sidebar listing every note makes every page carry every other, and the site grows with
    the square. Written into the engine's settings, so a new kind's folder is in it too."""
    folders = [k.folder for k in KINDS.values()] + [v.parts for v in VIEWS.values() if v.parts] + [LISTS_DIR]
    return sorted(set(folders))


def contents() -> list[View]:
    """What the home page lists, in order."""
    return sorted((v for v in entries() if v.home is not None), key=lambda v: v.home or 0)


def view_page(name: str) -> Page:
    """The page of a view or of a kind's listing."""
    if name in VIEWS:
        return Page(VIEWS[name].page)
    return Page(KINDS[name].listing)


def part_page(view: str, slug: str) -> Page:
    """A part of a view split for size: matrix/tag-territory.md."""
    return Page(f"{VIEWS[view].parts}/{slug}.md")


def note_page(kind: str, note_id: str) -> Page:
    """The Markdown page of a note, relative to docs_dir."""
    return Page(f"{kind}/{note_id}.md")


def list_page(kind: str, n: int) -> Page:
    """Page `n` (from 1) of a kind's listing, when it is split: lists/timeline-2.md."""
    return Page(f"{LISTS_DIR}/{KINDS[kind].listing[:-3]}-{n}.md")


def listed_kind(page: str) -> str | None:
    """The kind whose listing `page` is a part of, or None for any other page."""
    folder, _, name = page.rpartition("/")
    if folder != LISTS_DIR:
        return None
    section = name.rsplit("-", 1)[0] + ".md"
    return next((k.folder for k in KINDS.values() if k.listing == section), None)


def kind_of_page(page: str) -> str | None:
    """The kind whose note `page` is (or whose listing it is a part of), else None."""
    listed = listed_kind(page)
    if listed:
        return listed
    folder = page.split("/")[0] if "/" in page else ""
    return folder if folder in KINDS else None


def html_of(page: str) -> str:
    return page[:-3] + ".html" if page.endswith(".md") else page


def depth(page: str) -> int:
    return page.count("/")


def language_root(language: str, default: str) -> str:
    """The folder a language's site lives in: the default at the root, others under /<lang>/."""
    return "" if language == default else f"{language}/"


def _relative(from_page: str, to_page: str) -> str:
    # Pages are at most one folder deep, so a link is either within a folder or up to the
    # root and down again; this avoids posixpath.relpath, which was a tenth of render time.
    from_dir = from_page.rpartition("/")[0]
    to_dir, _, name = to_page.rpartition("/")
    if from_dir == to_dir:
        return name
    if from_dir and "/" not in from_dir:
        return "../" + to_page
    if not from_dir:
        return to_page
    return posixpath.relpath(to_page, from_dir)


def md_link(from_page: str, to_page: str, anchor: str = "") -> Url:
    """A relative link from one Markdown page to another, as written in Markdown (MkDocs checks it)."""
    return Url(_relative(from_page, to_page) + (f"#{anchor}" if anchor else ""))


def html_link(from_page: str, to_page: str, anchor: str = "") -> Url:
    """A relative link as it must appear in raw HTML (MkDocs leaves those alone)."""
    return Url(_relative(from_page, html_of(to_page)) + (f"#{anchor}" if anchor else ""))


# ---------------------------------------------------------------- anchors


def block_anchor(n: int) -> str:
    """A source's numbered block on its page: p3."""
    return f"p{n}"


def blocks_anchor(first: int, last: int) -> str:
    """A run of a long source's blocks under one heading: blocks-101-200."""
    return f"blocks-{first}-{last}"


def cite_anchor(start: int, display: str) -> str:
    """The anchor a citation opens: its first block, unless the source shows no text."""
    return block_anchor(start) if display != "none" else ""


def position_anchor(actor_id: str, issue_id: str = "") -> str:
    """An actor's position on an issue page (or, with the issue, on the printable briefing)."""
    return (f"{issue_id}-" if issue_id else "") + f"position-{actor_id}"


def response_anchor(actor_id: str, n: int) -> str:
    """The n-th response (from 1) on a claim page."""
    return f"response-{actor_id}-{n}"


def print_anchor(issue_id: str) -> str:
    """An issue's section of the printable briefing."""
    return f"issue-{issue_id}"
