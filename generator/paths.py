"""The only place that knows where pages live and how one page links to another.

URL scheme (see docs/design.md): every note is `<kind>/<id>.md` → `<kind>/<id>.html`;
every generated view sits at the top level (`index.md`, `issues.md`, `matrix.md` …).
Ids cannot contain a slash, so no note can land on a view's path, and no two kinds
share a folder, so ids never meet the pages the generator makes itself.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
"""The tool's own page templates, theme overrides and assets (found where the tool is installed)."""

BUILD_DIR = "build"
"""Git-ignored folder for everything the generator writes before MkDocs runs."""
DOCS_DIR = "build/docs"
"""The generated Markdown: MkDocs' docs_dir."""
GENERATED_CONFIG = "build/mkdocs.generated.yml"
"""The settings made from content/briefing.yml; mkdocs.yml pulls them in with INHERIT."""
THEME_DIR = "build/theme"
"""Our overrides of Material's templates (copied from site_templates/theme)."""
LOCK_FILE = "build/.lock"
"""Held while a command writes: one build at a time per project."""
ENGINE_CACHE = "build/.cache"
"""What Zensical keeps between builds (emptied before each one: build/ may come in a commit)."""
ZENSICAL_CONFIG = "build/zensical.yml"
"""Zensical's wrapper config: inherits mkdocs.yml, with the paths seen from build/."""
SITE_DIR = "site"
"""The built site."""
ASSETS_DIR = "assets"
"""Folder under docs/ for our CSS."""

SECTIONS = {
    "issues": "issues.md",
    "actors": "actors.md",
    "events": "timeline.md",
    "claims": "claims.md",
    "sources": "sources.md",
    "pages": "pages.md",
}
"""Each note kind's listing page (free pages are listed on the home page when few)."""

HOME = "index.md"

VIEWS = {
    "matrix": "matrix.md",
    "dependencies": "dependencies.md",
    "changes": "changes.md",
    "tags": "tags.md",
    "print": "print.md",
    "pages": "pages.md",
    "since": "since.md",
}
"""Generated views that list across kinds."""


LISTS_DIR = "lists"
"""Pages of listings too long for one page (issues-2.md …); no note kind uses this folder."""


def list_page(kind: str, n: int) -> str:
    """Page `n` (from 1) of a kind's listing, when it is split: lists/timeline-2.md."""
    return f"{LISTS_DIR}/{SECTIONS[kind][:-3]}-{n}.md"


def listed_kind(page: str) -> str | None:
    """The kind whose listing `page` is a part of, or None for any other page."""
    folder, _, name = page.rpartition("/")
    if folder != LISTS_DIR:
        return None
    section = name.rsplit("-", 1)[0] + ".md"
    return next((k for k, v in SECTIONS.items() if v == section), None)


def note_page(kind: str, note_id: str) -> str:
    """The Markdown page of a note, relative to docs_dir."""
    return f"{kind}/{note_id}.md"


def html_of(page: str) -> str:
    return page[:-3] + ".html" if page.endswith(".md") else page


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


def md_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one Markdown page to another, as written in Markdown (MkDocs checks it)."""
    return _relative(from_page, to_page) + (f"#{anchor}" if anchor else "")


def html_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link as it must appear in raw HTML (MkDocs leaves those alone)."""
    return _relative(from_page, html_of(to_page)) + (f"#{anchor}" if anchor else "")


def depth(page: str) -> int:
    return page.count("/")


def block_anchor(n: int) -> str:
    return f"p{n}"


def cite_anchor(start: int, display: str) -> str:
    """The anchor a citation opens: its first block, unless the source shows no text."""
    return block_anchor(start) if display != "none" else ""


def position_anchor(actor_id: str) -> str:
    return f"position-{actor_id}"


def is_inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


class AddressError(ValueError):
    """A site URL or a listening address given on the command line that cannot be used."""


_SITE_URL_RE = re.compile(r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                          r"[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$+,;=:@/-]*)?")


def site_url(value: str, given_as: str) -> str:
    """`value` if it is a site address the pages can carry as it is: http or https, a host,
    an optional port and path, and nothing that could end an attribute or start markup
    (no quotes, spaces, angle brackets, backslashes, query or fragment)."""
    if not _SITE_URL_RE.fullmatch(value):
        raise AddressError(f'{given_as} "{value}" is not a site address: give an http or https URL such as '
                           "https://example.org/briefing/ (no quotes, spaces, angle brackets, query or fragment)")
    return value


_ADDR_RE = re.compile(r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})")


def listen_address(value: str) -> tuple[str, int]:
    """(host, port) of a `--addr HOST:PORT`."""
    m = _ADDR_RE.fullmatch(value)
    if not m or not 0 < int(m.group("port")) < 65536:
        raise AddressError(f'--addr "{value}" is not HOST:PORT, such as 127.0.0.1:8000')
    return m.group("host").strip("[]"), int(m.group("port"))
