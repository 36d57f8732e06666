"""Data for the cross-cutting views: positions matrix, dependency map, changes, tags.

Pure functions of the corpus; the templates lay them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import diagram, feed, markup, paths
from .link import Corpus

if TYPE_CHECKING:  # pragma: no cover
    from .render import Context


@dataclass(frozen=True)
class Matrix:
    actors: list[str]
    """Columns: every actor holding a position, most positions first."""
    issues: list[str]
    """Rows: every issue, by title."""
    cells: dict[tuple[str, str], tuple[int, Any]]
    """(issue, actor) → (index of the position, the position)."""


def matrix(corpus: Corpus) -> Matrix:
    cells: dict[tuple[str, str], tuple[int, Any]] = {}
    count: dict[str, int] = {}
    for issue in corpus.by_kind.get("issues", []):
        seen = set()
        for i, p in enumerate(issue.data.positions):
            if p.actor in seen:
                continue
            seen.add(p.actor)
            cells[(issue.id, p.actor)] = (i, p)
            count[p.actor] = count.get(p.actor, 0) + 1
    actors = sorted(count, key=lambda a: (-count[a], corpus.titles[a].casefold(), a))
    issues = sorted((n.id for n in corpus.by_kind.get("issues", [])), key=lambda i: (corpus.titles[i].casefold(), i))
    return Matrix(actors, issues, cells)


def dependency_svg(corpus: Corpus, page: str) -> str:
    issues = corpus.by_kind.get("issues", [])
    nodes = [diagram.Node(n.id, corpus.titles[n.id], paths.html_link(page, paths.note_page("issues", n.id)),
                          n.data.status) for n in issues]
    depends = {n.id: list(n.data.depends_on) for n in issues}
    related = [(a, b) for a, bs in corpus.related.items() for b in bs if a < b]
    return diagram.draw(nodes, depends, related, "Dependency map of the issues")


def changes(corpus: Corpus, ctx: "Context") -> list[feed.Change]:
    """Every history entry, newest first (ties: by note title)."""
    out = []
    for note in corpus.by_kind.get("issues", []):
        for h in note.data.history:
            html = ctx.render_inline(h.change, 0)
            out.append(feed.Change(h.date, note.id, corpus.titles[note.id],
                                   paths.html_of(paths.note_page(note.kind, note.id)),
                                   " ".join(markup.strip_tags(html).split()), html))
    out.sort(key=lambda c: (tuple(-x for x in c.date.sort_key), c.title.casefold(), c.note, c.text))
    return out


def tag_anchors(tags: dict[str, list[str]]) -> dict[str, str]:
    """A stable, unique anchor for every tag on the tags page."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for tag in sorted(tags, key=lambda t: (t.casefold(), t)):
        base = "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        out[tag] = anchor
    return out
