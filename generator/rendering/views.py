"""Data for the cross-cutting views: positions matrix, dependency map, changes, tags.

Pure functions of the corpus; the templates lay them out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator import urls
from generator.kinds.registry import KINDS
from generator.linking.corpus import Corpus
from generator.rendering import diagram, feed
from generator.rendering.strings import Strings
from generator.text.escape import strip_tags

MAX_ROWS = 50
"""Issues per matrix or map page; a briefing with more is split by tag (see issue_parts)."""
MAX_COLUMNS = 30
"""Actor columns per matrix page; the positions of any further actors share one last column."""
PRINT_PER_PAGE = 60
"""Issues per printable page; a briefing with more is printed in parts."""
LIST_PER_PAGE = 300
"""Rows per listing page (issues, actors, claims, timeline, sources); longer listings are
split into pages under lists/, and the section page lists those pages."""
HOME_ISSUES = 60
"""Issues in the home page's table; with more, the most recently reviewed are shown."""


@dataclass(frozen=True)
class Part:
    """One page of a view split for size: a tag's issues, or a run of them."""

    slug: str
    title: str
    issues: list[str]


@dataclass(frozen=True)
class Matrix:
    actors: list[str]
    """Columns: the actors holding positions on these issues, most positions first."""
    issues: list[str]
    """Rows, by title."""
    cells: dict[tuple[str, str], tuple[int, Any]]
    """(issue, actor) → (index of the position, the position)."""
    others: dict[str, list[tuple[str, int, Any]]]
    """issue → positions of actors beyond the column limit: (actor, index, position)."""


def _by_title(corpus: Corpus, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda i: (corpus.titles[i].casefold(), i))


def matrix(corpus: Corpus, issue_ids: list[str] | None = None) -> Matrix:
    ids = issue_ids if issue_ids is not None else [n.id for n in corpus.by_kind.get("issues", [])]
    cells: dict[tuple[str, str], tuple[int, Any]] = {}
    count: dict[str, int] = {}
    for issue_id in ids:
        seen = set()
        for i, p in enumerate(corpus.notes[issue_id].data.positions):
            if p.actor in seen:
                continue
            seen.add(p.actor)
            cells[(issue_id, p.actor)] = (i, p)
            count[p.actor] = count.get(p.actor, 0) + 1
    ranked = sorted(count, key=lambda a: (-count[a], corpus.titles[a].casefold(), a))
    actors, rest = ranked[:MAX_COLUMNS], set(ranked[MAX_COLUMNS:])
    others: dict[str, list[tuple[str, int, Any]]] = {}
    for (issue_id, actor), (i, p) in sorted(cells.items()):
        if actor in rest:
            others.setdefault(issue_id, []).append((actor, i, p))
    return Matrix(actors, _by_title(corpus, ids), {k: v for k, v in cells.items() if k[1] not in rest}, others)


def issue_parts(corpus: Corpus, anchors: dict[str, str], strings: Strings) -> list[Part] | None:
    """None when one page can hold every issue; else one part per tag (and one for untagged
    issues), each cut into pages of MAX_ROWS. An issue with two tags is on both tags' pages."""
    issues = [n.id for n in corpus.by_kind.get("issues", [])]
    if len(issues) <= MAX_ROWS and len(matrix(corpus).actors) <= 40 and not matrix(corpus).others:
        return None
    groups: dict[str, list[str]] = {}
    for issue_id in issues:
        tags = corpus.notes[issue_id].data.tags or ["(untagged)"]
        for t in tags:
            groups.setdefault(t, []).append(issue_id)
    parts = []
    for tag in sorted(groups, key=lambda t: (t == "(untagged)", t.casefold(), t)):
        ids = _by_title(corpus, sorted(set(groups[tag])))
        base = "untagged" if tag == "(untagged)" else anchors[tag]
        label = strings.table["part.untagged"] if tag == "(untagged)" else strings.table["part.tag"].format(tag=tag)
        chunks = [ids[i:i + MAX_ROWS] for i in range(0, len(ids), MAX_ROWS)]
        for n, chunk in enumerate(chunks, start=1):
            slug = base if n == 1 else f"{base}-{n}"
            title = label if len(chunks) == 1 else strings.table["part.chunk"].format(label=label, n=n,
                                                                                        total=len(chunks))
            parts.append(Part(slug, title, chunk))
    return parts


def print_parts(corpus: Corpus, t: Strings) -> list[Part]:
    ids = _by_title(corpus, [n.id for n in corpus.by_kind.get("issues", [])])
    chunks = [ids[i:i + PRINT_PER_PAGE] for i in range(0, len(ids), PRINT_PER_PAGE)] or [[]]
    return [Part(f"part-{n}", t.table["part.numbered"].format(n=n, total=len(chunks)), chunk)
            for n, chunk in enumerate(chunks, start=1)]


def listing_order(corpus: Corpus, kind: str) -> list[str]:
    """The order a section's listing shows its notes in (the templates keep it)."""
    key = KINDS[kind].sort_key
    notes = corpus.by_kind.get(kind, [])
    return [n.id for n in sorted(notes, key=lambda n: key(n.id, n.data, corpus.titles[n.id]))]


def listing_parts(corpus: Corpus, kind: str, t: Strings) -> list[Part] | None:
    """None when one page holds the listing; else runs of LIST_PER_PAGE notes, titled by the
    first and last of them (their date on the timeline, else their title)."""
    ids = listing_order(corpus, kind)
    if len(ids) <= LIST_PER_PAGE:
        return None
    chunks = [ids[i:i + LIST_PER_PAGE] for i in range(0, len(ids), LIST_PER_PAGE)]
    span_of = KINDS[kind].span
    parts = []
    for n, chunk in enumerate(chunks, start=1):
        first, last = (span_of(corpus.notes[i].data, corpus.titles[i]) for i in (chunk[0], chunk[-1]))
        span = first if first == last else f"{first} – {last}"
        slug = urls.list_page(kind, n).rpartition("/")[2][:-3]
        parts.append(Part(slug, t.table["part.span"].format(n=n, total=len(chunks), span=span), chunk))
    return parts


def home_issues(corpus: Corpus) -> tuple[list[str], bool]:
    """The issues the home page lists, and whether that is all of them."""
    issues = corpus.by_kind.get("issues", [])
    if len(issues) <= HOME_ISSUES:
        return [n.id for n in issues], True
    recent = sorted(issues, key=lambda n: (-n.data.updated.ordinal(), corpus.titles[n.id].casefold(), n.id))
    return [n.id for n in recent[:HOME_ISSUES]], False


def dependency_svg(corpus: Corpus, page: str, issue_ids: list[str] | None, label: str) -> str:
    issues = corpus.by_kind.get("issues", [])
    if issue_ids is not None:
        wanted = set(issue_ids)
        issues = [n for n in issues if n.id in wanted]
    nodes = [diagram.Node(n.id, corpus.titles[n.id], urls.html_link(page, urls.note_page("issues", n.id)),
                          n.data.status) for n in issues]
    depends = {n.id: list(n.data.depends_on) for n in issues}
    keep = {n.id for n in issues}
    related = [(a, b) for a, bs in corpus.related.items() for b in bs if a < b and a in keep and b in keep]
    return diagram.draw(nodes, depends, related, label)


def changes(corpus: Corpus, inline: Callable[[str], str]) -> list[feed.Change]:
    """Every history entry, newest first (ties: by note title). `inline` renders a change's
    Markdown as HTML with links relative to the site's root."""
    out = []
    kept = [k.folder for k in KINDS.values() if "history" in k.model.model_fields]
    for note in (n for kind in kept for n in corpus.by_kind.get(kind, [])):
        for h in note.data.history:
            html = inline(h.change)
            out.append(feed.Change(h.date, note.id, corpus.titles[note.id],
                                   urls.html_of(urls.note_page(note.kind, note.id)),
                                   " ".join(strip_tags(html).split()), html))
    out.sort(key=lambda c: (tuple(-x for x in c.date.sort_key), c.title.casefold(), c.note, c.text))
    return out


def by_month(changes: list[feed.Change]) -> list[tuple[str, list[feed.Change]]]:
    """Changes (newest first) under one heading per month, or per year when that is all
    a date gives: short sections for the reader, and for search engines that cap a section."""
    out: list[tuple[str, list[feed.Change]]] = []
    for ch in changes:
        d = ch.date
        period = f"{d.year:04d}-{d.month:02d}" if d.month else f"{d.year:04d}"
        if not out or out[-1][0] != period:
            out.append((period, []))
        out[-1][1].append(ch)
    return out


def tag_anchors(tags: dict[str, list[str]]) -> dict[str, str]:
    """A stable, unique anchor for every tag on the tags page."""
    out: dict[str, str] = {}
    used: set[str] = set()
    next_n: dict[str, int] = {}
    for tag in sorted(tags, key=lambda t: (t.casefold(), t)):
        base = "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")
        anchor, n = base, next_n.get(base, 2)
        while anchor in used:  # the counter per base keeps this from trying every number again
            anchor, n = f"{base}-{n}", n + 1
        next_n[base] = n
        used.add(anchor)
        out[tag] = anchor
    return out
