"""Pure: corpus → {page path: Markdown text}. Jinja2 templates, one per page kind.

Safety rule: templates never print a raw string. Jinja's `finalize` escapes every
plain value for Markdown (see markup.md_text); only helpers below return `Markup`,
and they build it from escaped parts or from the sanitising note renderer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import paths
from generator.kinds.model import ACTOR_KINDS, CLAIM_STATUSES, ISSUE_STATUSES, Citation, PartialDate
from generator.linking.link import Corpus, event_key, looks_like_heading
from generator.rendering import export, feed, views
from generator.text import markup

TEMPLATES = paths.TEMPLATES

STATUS_HELP = {
    "open": "no agreement; positions far apart",
    "narrowing": "positions moving closer",
    "agreed": "the parties report agreement",
    "stalled": "no movement reported",
    "collapsed": "talks on it broke down",
    "alleged": "asserted by its claimant, not yet answered",
    "disputed": "contested by another party",
    "denied": "denied by the party it concerns",
    "confirmed": "confirmed by a party able to know",
    "refuted": "shown false by the cited sources",
    "unverified": "no independent confirmation either way",
}

KIND_LABELS = {"issues": "issue", "actors": "actor", "events": "event", "claims": "claim",
               "sources": "source", "pages": "page"}
ACTOR_KIND_HEADINGS = {"state": "States", "person": "People", "organisation": "Organisations",
                       "legislature": "Legislatures", "public": "Publics"}

SEARCH_BOOST = {"actors": 4, "issues": 3, "claims": 2, "pages": 1.5, "events": 1, "sources": 1}
"""Material search boost per kind of note page: a person's or an issue's own page should come
before the many pages that merely mention it. Listing pages get VIEW_BOOST."""
VIEW_BOOST = 0.5
NOT_SEARCHED = {"search": {"exclude": True}}
"""Front matter of the printable briefing: it repeats every issue word for word, so in
search it would only double the issue pages' results (and a sixth of the index)."""

SOURCE_SECTION = 100
"""Blocks per section of a source page; a longer text gets one heading per run."""

NAV_PAGES = 6
"""Free pages listed in the sidebar; beyond this many they get a listing page instead."""

SECTION_TITLES = {
    "issues": "Issues",
    "actors": "Actors",
    "claims": "Claims",
    "events": "Timeline",
    "sources": "Sources",
}


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markup.md_text(str(value))


def make_env(template_dir: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment for our templates. Compiled templates are kept in memory only,
    never on disk: compiled code read back from a folder would run, and build/ may arrive in
    a commit. A process renders many times (`briefing serve`) with one environment while the
    templates are unchanged; compiling them all costs about 0.1 s."""
    key = (str(template_dir), _fingerprint(template_dir))
    env = _ENVS.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir)),
            auto_reload=False,  # the fingerprint notices an edit; no stat of every include
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENVS.clear()
        _ENVS[key] = env
    return env


_ENVS: dict[tuple[str, tuple[tuple[str, int, int], ...]], jinja2.Environment] = {}


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every template: changes when one is edited."""
    out = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.endswith(".j2") and entry.is_file(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
                out.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


@dataclass
class Site:
    """What render produces: the pages, and the settings MkDocs needs for them."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """Other files for docs_dir (the feed)."""
    nav: list[tuple[str, str]] = field(default_factory=list)


class Page:
    """Helpers for one page: every link they make is relative to it."""

    def __init__(self, ctx: Context, path: str) -> None:
        self.ctx = ctx
        self.path = path
        self.c = ctx.corpus

    # --- links -------------------------------------------------------------
    def href(self, note_id: str, anchor: str = "") -> str:
        note = self.c.notes[note_id]
        return paths.md_link(self.path, paths.note_page(note.kind, note_id), anchor)

    def link(self, note_id: str, text: str | None = None, anchor: str = "") -> Markup:
        """A Markdown link to a note; its title (or `text`) escaped."""
        label = text if text is not None else self.c.titles[note_id]
        return Markup(f"[{markup.md_text(label)}]({self.href(note_id, anchor)})")

    def links(self, ids: Iterable[str]) -> Markup:
        return Markup(", ").join(self.link(i) for i in ids)

    def page_link(self, page: str, text: str, anchor: str = "") -> Markup:
        return Markup(f"[{markup.md_text(text)}]({paths.md_link(self.path, page, anchor)})")

    def cite(self, c: Citation) -> Markup:
        src = self.c.notes[c.source].data
        anchor = paths.cite_anchor(c.start, src.display)
        text = f"{src.title}, {markup.cite_label(c)}"
        return Markup(f"[{markup.md_text(text)}]({self.href(c.source, anchor)})")

    def cites(self, cs: Iterable[Citation]) -> Markup:
        """Citations grouped by source: "Title, ¶3, ¶5–6; Other title, ¶1", each ¶ a link."""
        groups: dict[str, list[Citation]] = {}
        for c in cs:
            groups.setdefault(c.source, []).append(c)
        out = []
        for source, items in groups.items():
            first, rest = items[0], items[1:]
            src = self.c.notes[source].data
            links = [self.cite(first)]
            for c in rest:
                anchor = paths.cite_anchor(c.start, src.display)
                links.append(Markup(f"[{markup.md_text(markup.cite_label(c))}]({self.href(source, anchor)})"))
            out.append(Markup(", ").join(links))
        return Markup("; ").join(out)

    def short(self, text: str, limit: int = 90) -> str:
        """A Markdown field as plain text, cut at a word boundary."""
        plain = " ".join(markup.strip_tags(self.ctx.render_inline(text, 0)).split())
        return plain if len(plain) <= limit else plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    def tags_html(self, note: Any) -> Markup:
        """The note's tags as links to their place on the tags page (HTML: it sits in a <p>)."""
        links = []
        for t in getattr(note.data, "tags", None) or []:
            href = paths.html_link(self.path, paths.VIEWS["tags"], self.ctx.tag_anchor[t])
            links.append(f'<a class="tag" href="{markup.attr(href)}">{markup.md_text(t)}</a>')
        return Markup("Tags: " + " ".join(links))

    def sorted_tags(self) -> list[str]:
        return sorted(self.c.tags, key=lambda t: (t.casefold(), t))

    def cites_short(self, cs: Iterable[Citation]) -> Markup:
        """Citations as bare ¶ links, for table cells."""
        out = []
        for c in cs:
            src = self.c.notes[c.source].data
            anchor = paths.cite_anchor(c.start, src.display)
            label = markup.md_text(markup.cite_label(c))
            out.append(Markup(f'[{label}]({self.href(c.source, anchor)} "{markup.attr(src.title)}")'))
        return Markup(" ").join(out)

    def matrix_html(self, m: Any) -> Markup:
        """The positions matrix as an HTML table (so it can carry its own classes)."""

        def a(href: str, text: str, cls: str = "", title: str = "") -> str:
            extra = (f' class="{cls}"' if cls else "") + (f' title="{markup.attr(title)}"' if title else "")
            return f'<a href="{markup.attr(href)}"{extra}>{markup.md_text(text)}</a>'

        def note_href(note_id: str, anchor: str = "") -> str:
            return paths.html_link(self.path, paths.note_page(self.c.notes[note_id].kind, note_id), anchor)

        head = "".join(f'<th scope="col">{a(note_href(x), self.c.titles[x])}</th>' for x in m.actors)
        if m.others:
            head += '<th scope="col">Other actors</th>'
        rows = []
        for issue in m.issues:
            cells = []
            for actor in m.actors:
                cell = m.cells.get((issue, actor))
                if cell is None:
                    cells.append('<td class="empty"></td>')
                    continue
                _, pos = cell
                cites = " ".join(
                    a(paths.html_link(self.path, paths.note_page("sources", c.source),
                                      paths.cite_anchor(c.start, self.c.notes[c.source].data.display)),
                      markup.cite_label(c), "cite", self.c.notes[c.source].data.title)
                    for c in pos.sources)
                cells.append(f"<td>{a(note_href(issue, paths.position_anchor(actor)), self.short(pos.stance, 80))} "
                             f"{cites}</td>")
            if m.others:
                extra = [f"{a(note_href(actor), self.c.titles[actor])}: "
                         f"{a(note_href(issue, paths.position_anchor(actor)), self.short(pos.stance, 60))}"
                         for actor, _, pos in m.others.get(issue, [])]
                cells.append("<td>" + "<br>".join(extra) + "</td>")
            status = self.note(issue).status
            rows.append(f'<tr><th scope="row">{a(note_href(issue), self.c.titles[issue])} {self.badge(status)}</th>'
                        + "".join(cells) + "</tr>")
        return Markup('<div class="matrix-wrap" tabindex="0" role="region" aria-label="Positions matrix">'
                      '<table class="matrix"><thead><tr><th scope="col">Issue</th>' + head + "</tr></thead><tbody>"
                      + "".join(rows) + "</tbody></table></div>")

    def raw(self, fragment: str) -> Markup:
        """Already-sanitised inline HTML from the note renderer."""
        return Markup(fragment)

    def count(self, items: list[Any], noun: str) -> str:
        return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"

    def by_title(self, notes: list[Any]) -> list[Any]:
        return sorted(notes, key=lambda n: (self.c.titles[n.id].casefold(), n.id))

    # --- text --------------------------------------------------------------
    def md(self, text: str) -> Markup:
        """A Markdown field as a raw HTML block (MkDocs does not re-read it)."""
        inner = self.ctx.render_block(text, paths.depth(self.path))
        return Markup(f'<div class="note-text">\n{inner}\n</div>')

    def mdi(self, text: str) -> Markup:
        """A Markdown field inline (for table cells and list items)."""
        return Markup(self.ctx.render_inline(text, paths.depth(self.path)))

    def badge(self, status: str) -> Markup:
        help_text = STATUS_HELP.get(status, "")
        return Markup(f'<span class="status status-{status}" title="{markup.attr(help_text)}">'
                      f"{markup.attr(status)}</span>")

    def date(self, d: PartialDate | None, approximate: bool = False) -> Markup:
        if d is None:
            return Markup("")
        text = d.iso()
        cls = "date"
        if approximate:
            text = "c. " + text
            cls += " approximate"
        if d.partial:
            cls += " partial"
        title = ("approximate date" if approximate else "") + (
            (", " if approximate else "") + "month or day not known" if d.partial else "")
        title_attr = f' title="{title}"' if title else ""
        return Markup(f'<time class="{cls}" datetime="{d.iso()}"{title_attr}>{markup.attr(text)}</time>')

    def quote(self, note_id: str, group: str, index: int, written: str) -> str:
        """A verified quote as the source spells it (typographic quotes, dashes and all)."""
        return self.c.quotes.get((note_id, group, index), written)

    def title(self, note_id: str) -> str:
        return self.c.titles[note_id]

    def title_or_id(self, note_id: str) -> str:
        """A note's title, or its id when it is no longer in the briefing."""
        return self.c.titles.get(note_id, note_id)

    def page_head(self) -> Markup:
        """Breadcrumbs (note pages sit outside the sidebar) and the briefing's as-of date."""
        crumbs = [f'<a href="{markup.attr(paths.html_link(self.path, paths.HOME))}">Home</a>']
        listing = paths.listed_kind(self.path)  # a part of a long listing: its section is in the trail
        kind = listing or (self.path.split("/")[0] if "/" in self.path else "")
        if kind in paths.SECTIONS and kind != "pages":
            section = paths.SECTIONS[kind]
            crumbs.append(f'<a href="{markup.attr(paths.html_link(self.path, section))}">'
                          f"{markup.md_text(SECTION_TITLES[kind])}</a>")
        as_of = self.c.briefing.data.as_of
        head = ('<div class="page-head" data-search-exclude><nav class="crumbs" aria-label="Breadcrumb">' + " › ".join(crumbs) + "</nav>"
                + f'<span class="as-of">Briefing as of {self.date(as_of)}</span></div>')
        note_id = self.path.rpartition("/")[2][:-3] if kind in paths.SECTIONS and not listing else ""
        if note_id in self.c.drafts and self.c.notes[note_id].kind == kind:
            head += ('\n\n<div class="draft-banner" role="note"><strong>Draft</strong>: not published. '
                     "This page is shown only in a preview built with <code>--drafts</code>.</div>")
        return Markup(head)

    def anchor(self, anchor_id: str) -> Markup:
        """attr_list syntax giving a heading a stable id (ids are [a-z0-9-] only)."""
        assert all(ch.isalnum() or ch == "-" for ch in anchor_id)
        return Markup(f"{{ #{anchor_id} }}")

    def stale(self) -> Markup:
        days = self.c.briefing.data.stale_after_days
        return Markup(f'<span class="stale" title="not reviewed in the {days} days before the as-of date">'
                      "stale</span>")

    def kind_label(self, note_id: str) -> str:
        return KIND_LABELS[self.c.notes[note_id].kind]

    def kind_heading(self, kind: str) -> str:
        return ACTOR_KIND_HEADINGS[kind]

    def legend(self, which: str) -> Markup:
        statuses = ISSUE_STATUSES if which == "issue" else CLAIM_STATUSES
        rows = "".join(f"<dt>{self.badge(s)}</dt><dd>{markup.attr(STATUS_HELP[s])}</dd>" for s in statuses)
        return Markup(f'<dl class="legend">{rows}</dl>')

    def by_month(self, changes: list[Any]) -> list[tuple[str, list[Any]]]:
        """Changes (newest first) under one heading per month, or per year when that is all
        a date gives: short sections for the reader, and for search engines that cap a section."""
        out: list[tuple[str, list[Any]]] = []
        for ch in changes:
            d = ch.date
            period = f"{d.year:04d}-{d.month:02d}" if d.month else f"{d.year:04d}"
            if not out or out[-1][0] != period:
                out.append((period, []))
            out[-1][1].append(ch)
        return out

    def by_date(self, notes: list[Any]) -> list[Any]:
        return sorted(notes, key=event_key)

    def external(self, url: str) -> Markup:
        return Markup(f'<a href="{markup.attr(url)}" rel="noopener noreferrer">{markup.md_text(url)}</a>')

    def coverage(self, source_id: str) -> str:
        text = self.c.sources.get(source_id)
        if text is None:
            return ""
        total = len(text.blocks)
        cited = sum(1 for i in range(1, total + 1) if (source_id, i) in self.c.cited_by)
        return f"{cited} of {total}"

    def body(self, text: str) -> Markup:
        """A note body: its top-level headings become page headings (so they reach the table
        of contents and search), the text between them a sanitised HTML block."""
        parsed, sections = markup.sections(text)
        resolver = self.ctx.resolver(paths.depth(self.path))
        parts: list[Markup] = []
        for level, fragment in sections:
            html = markup.resolve(fragment, parsed, resolver)
            if level:
                parts.append(Markup("#" * max(2, level) + " " + markup.md_text(markup.strip_tags(html))))
            else:
                parts.append(Markup(f'<div class="note-text">\n{_protect(markup.demote_h1(html))}\n</div>'))
        return Markup("\n\n").join(parts)

    CITED_BY_OPEN = 6
    """Up to this many citing notes are listed under a block; more fold into a <details>."""

    def _where(self, where: str) -> str:
        for prefix in ("position of ", "response of "):
            if where.startswith(prefix):
                actor = where[len(prefix):]
                return prefix + self.c.titles.get(actor, actor)
        return "in its text" if where == "text" else "its sources"

    def _cited_by(self, cites: list[Any]) -> str:
        """The notes citing one block, each once, with where they cite it."""
        if not cites:
            return ""
        grouped: dict[str, list[str]] = {}
        for ct in cites:
            grouped.setdefault(ct.note, [])
            if ct.where not in grouped[ct.note]:
                grouped[ct.note].append(ct.where)
        links = []
        for note_id in sorted(grouped, key=lambda i: (self.c.titles[i].casefold(), i)):
            note = self.c.notes[note_id]
            wheres = grouped[note_id]
            anchor_to = ""
            positions = [w for w in wheres if w.startswith("position of ")]
            if positions:
                anchor_to = paths.position_anchor(positions[0][len("position of "):])
            href = paths.html_link(self.path, paths.note_page(note.kind, note_id), anchor_to)
            label = markup.md_text(self.c.titles[note_id])
            where = ", ".join(self._where(w) for w in wheres)
            links.append(f'<li><a href="{markup.attr(href)}">{label}</a> '
                         f'<span class="cite-where">({markup.md_text(where)})</span></li>')
        items = "".join(links)
        if len(links) <= self.CITED_BY_OPEN:
            return f'<div class="cited-by">Cited by: <ul>{items}</ul></div>'
        return (f'<details class="cited-by"><summary>Cited by {len(links)} notes</summary>'
                f"<ul>{items}</ul></details>")

    def source_sections(self, source_id: str) -> list[tuple[str, str, Markup]]:
        """The source's blocks, in runs of SOURCE_SECTION under their own heading when the
        text is longer than that: a reader can jump by paragraph number, and no search
        section grows past what an engine indexes (Zensical caps a field's length)."""
        total = len(self.c.sources[source_id].blocks)
        if total <= SOURCE_SECTION:
            return [("", "", self.source_blocks(source_id))]
        out = []
        for start in range(1, total + 1, SOURCE_SECTION):
            end = min(start + SOURCE_SECTION - 1, total)
            html = self.source_blocks(source_id, start, end)
            if "block-number" in html:  # with display: cited, a run may have nothing to show
                out.append((f"¶{start}–{end}" if end > start else f"¶{start}", f"blocks-{start}-{end}", html))
        return out

    def source_blocks(self, source_id: str, first: int = 1, last: int | None = None) -> Markup:
        text = self.c.sources[source_id]
        display = self.c.notes[source_id].data.display
        rows = []
        for i in range(first, (last or len(text.blocks)) + 1):
            block = text.blocks[i - 1]
            cites = self.c.cited_by.get((source_id, i), [])
            if display == "cited" and not cites:
                continue
            anchor = paths.block_anchor(i)
            if text.markdown:
                inner = self.ctx.render_block(block, paths.depth(self.path))
            else:
                inner = markup.protect_html(markup.attr(block))
            by = self._cited_by(cites)
            cls = "block block-heading" if looks_like_heading(block, text.markdown) else "block"
            rows.append(f'<div class="{cls}" id="{anchor}"><a class="block-number" href="#{anchor}" '
                        f'title="Paragraph {i}">{i}</a><div class="block-text">{inner}</div>{by}</div>')
        return Markup('<div class="source-text">\n' + "\n".join(rows) + "\n</div>")

    def note(self, note_id: str) -> Any:
        return self.c.notes[note_id].data


class Context:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.env = make_env()
        self._cache: dict[tuple[str, int, bool], str] = {}
        self._resolvers: dict[int, markup.Resolver] = {}
        self.tag_anchor = views.tag_anchors(corpus.tags)
        self.site_url: str | None = None

    def resolver(self, depth: int) -> markup.Resolver:
        """Where [[links]] and [@citations] go from a page `depth` folders below the root."""
        found = self._resolvers.get(depth)
        if found is None:
            found = self._resolvers[depth] = self._make_resolver(depth)
        return found

    def _make_resolver(self, depth: int) -> markup.Resolver:
        prefix = "../" * depth
        c = self.corpus

        def resolve(kind: str, target: str) -> markup.Target | None:
            if kind == "link":
                note = c.notes.get(target)
                if note is None:
                    return None
                return markup.Target(prefix + paths.html_of(paths.note_page(note.kind, target)), c.titles[target])
            try:
                cit = markup.parse_citation(target)
            except ValueError:
                return None
            src = c.notes.get(cit.source)
            if src is None:
                return None
            anchor = paths.cite_anchor(cit.start, src.data.display)
            anchor = "#" + anchor if anchor else ""
            page = paths.html_of(paths.note_page("sources", cit.source))
            return markup.Target(prefix + page + anchor, f"{src.data.title}, {markup.cite_label(cit)}")

        return resolve

    def render_block(self, text: str, depth: int) -> str:
        key = (text, depth, True)
        if key not in self._cache:
            self._cache[key] = _protect(markup.block(text, self.resolver(depth)))
        return self._cache[key]

    def render_inline(self, text: str, depth: int) -> str:
        key = (text, depth, False)
        if key not in self._cache:
            self._cache[key] = _protect(markup.inline(text, self.resolver(depth))).replace("\n", " ")
        return self._cache[key]

    def page(self, template: str, path: str, title: str, meta: dict[str, Any] | None = None, **values: Any) -> str:
        helper = Page(self, path)
        body = self.env.get_template(template).render(h=helper, c=self.corpus, b=self.corpus.briefing.data,
                                                      path=path, page_title=title, actor_kinds=ACTOR_KINDS,
                                                      **values)
        # MkDocs prints the title into HTML without escaping it, so escape it here.
        kind = path.split("/")[0] if "/" in path else ""
        boost = SEARCH_BOOST.get(kind, VIEW_BOOST if path != paths.HOME else 1)
        fields = {"title": markup.engine_text(title), **({"search": {"boost": boost}} if boost != 1 else {}), **(meta or {})}
        front = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()) + "---\n\n"
        return front + body.rstrip("\n") + "\n"


def _protect(fragment: str) -> str:
    """Entity-encode Markdown syntax in the text between tags, so that MkDocs, reading
    this HTML inline, can never turn escaped note text back into Markdown links."""
    return markup.protect_html(fragment)


def redirect_page(target: str, title: str, site_url: str | None) -> str:
    """A page at a note's former address that sends the reader on to the note (no script)."""
    name = target.rpartition("/")[2]
    where = markup.attr(site_url.rstrip("/") + "/" + target if site_url else name)
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">\n"
            f"<title>{markup.attr(title)}</title>\n"
            '<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{where}">\n'
            f'<meta http-equiv="refresh" content="0; url={markup.attr(name)}">\n'
            "</head><body>\n"
            f'<p>This page has moved to <a href="{markup.attr(name)}">{markup.attr(title)}</a>.</p>\n'
            "</body></html>\n")


def render(corpus: Corpus, site_url: str | None = None, since: Any = None, share: bool = True) -> Site:
    """`since`: a diff.Report against the last release, for the "Since the last briefing" page;
    `share`: whether a forked copy may take half the note pages
    (not while the preview server is rebuilding the pages of an edit on the other core)."""
    ctx = Context(corpus)
    ctx.site_url = site_url
    site = Site()
    b = corpus.briefing.data
    kinds = corpus.by_kind
    jobs = [note.id for _, notes in sorted(kinds.items()) for note in notes]
    copy = _Copy(ctx, jobs) if share and len(jobs) >= PARALLEL_FROM else None  # note pages, meanwhile
    shown, complete = views.home_issues(corpus)
    site.pages[paths.HOME] = ctx.page("home.md.j2", paths.HOME, b.title, issues=[corpus.notes[i] for i in shown],
                                      all_issues=complete, since=since)
    for kind, title in SECTION_TITLES.items():
        _listing(ctx, site, kind, title)
    _views(ctx, site)
    site.pages.update(copy.pages() if copy else _note_pages(ctx, jobs))
    site.nav = [("Home", paths.HOME), ("Issues", paths.SECTIONS["issues"]), ("Positions matrix", paths.VIEWS["matrix"]),
                ("Dependency map", paths.VIEWS["dependencies"]), ("Actors", paths.SECTIONS["actors"]),
                ("Claims", paths.SECTIONS["claims"]), ("Timeline", paths.SECTIONS["events"]),
                ("Sources", paths.SECTIONS["sources"]), ("What changed", paths.VIEWS["changes"]),
                ("Tags", paths.VIEWS["tags"]), ("Print the whole briefing", paths.VIEWS["print"])]
    if since is not None:
        from generator.history import diff

        site.pages[paths.VIEWS["since"]] = ctx.page("since.md.j2", paths.VIEWS["since"], "Since the last briefing",
                                                    s=since, headings=diff.HEADINGS, describe=diff.describe,
                                                    details=diff.details)
        site.nav.insert(site.nav.index(("What changed", paths.VIEWS["changes"])),
                        ("Since the last briefing", paths.VIEWS["since"]))
    for old, new in sorted(corpus.aliases.items()):
        note = corpus.notes[new]
        site.files[paths.html_of(paths.note_page(note.kind, old))] = redirect_page(
            paths.html_of(paths.note_page(note.kind, new)), corpus.titles[new], site_url)
    site.files[export.EXPORT_PATH] = export.dumps(export.data(corpus))
    site.files[export.SCHEMA_PATH] = export.schema_text()
    free = kinds.get("pages", [])
    if len(free) <= NAV_PAGES:
        site.nav += [(corpus.titles[p.id], paths.note_page("pages", p.id)) for p in free]
    else:
        # Every page carries the sidebar: with many free pages it would carry them all.
        site.pages[paths.VIEWS["pages"]] = ctx.page("pages.md.j2", paths.VIEWS["pages"], "More pages", notes=free)
        site.nav.append(("More pages", paths.VIEWS["pages"]))
    return site



NOTE_TEMPLATES = {"issues": "issue.md.j2", "actors": "actor.md.j2", "events": "event.md.j2",
                  "claims": "claim.md.j2", "sources": "source.md.j2", "pages": "page.md.j2"}
PARALLEL_FROM = 400
"""From this many notes on, a forked copy renders the note pages while this process renders
the views (where fork exists)."""


def note_pages(corpus: Corpus, ids: list[str], site_url: str | None = None) -> dict[str, str]:
    """The pages of the notes `ids` alone, exactly as render() makes them."""
    ctx = Context(corpus)
    ctx.site_url = site_url
    return _note_pages(ctx, ids)


def _note_pages(ctx: Context, ids: list[str]) -> dict[str, str]:
    out = {}
    for note_id in ids:
        note = ctx.corpus.notes[note_id]
        page = paths.note_page(note.kind, note_id)
        out[page] = ctx.page(NOTE_TEMPLATES[note.kind], page, ctx.corpus.titles[note_id], n=note, d=note.data)
    return out


class _Copy:
    """Note pages rendered by a forked copy of this process while this one renders the
    views; when this one is done with the views, it takes note pages from the other end of
    the list until the two meet, so both cores stay busy to the end. Rendering is a pure
    function of the corpus, so the copy's pages are the ones this process would make.
    Without fork (or with threads running, where forking is unsafe), or if the copy
    fails, `pages()` renders its share here."""

    CHUNK = 16
    """Notes taken at a time from the shared list."""

    def __init__(self, ctx: Context, ids: list[str]) -> None:
        import os
        import threading

        self.ctx, self.ids, self.pid, self.fd = ctx, ids, 0, -1
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
            return
        import mmap
        import multiprocessing

        # Two counters in memory both processes share: the copy takes from the front,
        # this process from the back.
        try:
            self.lock = multiprocessing.get_context("fork").Lock()
        except OSError:  # no shared semaphores here (a container without /dev/shm)
            return
        self.bounds = mmap.mmap(-1, 16)
        self._store(0, len(ids))
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: render, send, and leave without running any cleanup
            code = 1
            try:
                import pickle

                os.close(read_fd)
                out: dict[str, str] = {}
                while (batch := self._take(front=True)):
                    out.update(_note_pages(ctx, batch))
                with os.fdopen(write_fd, "wb") as pipe:
                    pickle.dump(out, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def _load(self) -> tuple[int, int]:
        return int.from_bytes(self.bounds[0:8], "little"), int.from_bytes(self.bounds[8:16], "little")

    def _store(self, front: int, back: int) -> None:
        self.bounds[0:16] = front.to_bytes(8, "little") + back.to_bytes(8, "little")

    def _take(self, front: bool) -> list[str]:
        with self.lock:
            lo, hi = self._load()
            n = min(self.CHUNK, hi - lo)
            if n <= 0:
                return []
            self._store(lo + n, hi) if front else self._store(lo, hi - n)
        return self.ids[lo:lo + n] if front else self.ids[hi - n:hi]

    def pages(self) -> dict[str, str]:
        import os
        import pickle

        if not self.pid:
            return _note_pages(self.ctx, self.ids)
        mine: dict[str, str] = {}
        while (batch := self._take(front=False)):
            mine.update(_note_pages(self.ctx, batch))
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            if status != 0:
                raise ValueError("the rendering copy failed")
            theirs = pickle.loads(data)
        except (ValueError, EOFError, pickle.UnpicklingError):
            theirs = _note_pages(self.ctx, self.ids[:self._load()[0]])
        pages = {**theirs, **mine}
        return {page: pages[page] for page in (paths.note_page(self.ctx.corpus.notes[i].kind, i) for i in self.ids)}


def _listing(ctx: Context, site: Site, kind: str, title: str) -> None:
    """A section's listing page; past views.LIST_PER_PAGE notes, an index of parts under lists/."""
    corpus = ctx.corpus
    page = paths.SECTIONS[kind]
    template = page + ".j2"
    parts = views.listing_parts(corpus, kind)
    if parts is None:
        site.pages[page] = ctx.page(template, page, title, notes=corpus.by_kind.get(kind, []), part=None, nav=None)
        return
    pages = [paths.list_page(kind, n) for n in range(1, len(parts) + 1)]
    order = {"events": "in date order", "issues": "by title", "actors": "by kind, then id"}.get(kind, "by id")
    site.pages[page] = ctx.page("list_index.md.j2", page, title, noun=KIND_LABELS[kind] + "s", order=order,
                                parts=list(zip(parts, pages)), total=len(corpus.by_kind.get(kind, [])))
    for n, (part, sub) in enumerate(zip(parts, pages)):
        nav = {"index": page, "prev": pages[n - 1] if n else None, "next": pages[n + 1] if n + 1 < len(pages) else None}
        site.pages[sub] = ctx.page(template, sub, f"{title}, part {n + 1} of {len(parts)}",
                                   notes=[corpus.notes[i] for i in part.issues], part=part, nav=nav)


def _views(ctx: Context, site: Site) -> None:
    """Matrix, dependency map, changes, tags and print pages; the first two are split by tag,
    and print into parts, when one page would be too big (see views.issue_parts)."""
    corpus = ctx.corpus
    parts = views.issue_parts(corpus, ctx.tag_anchor)
    for view, title, template in (("matrix", "Positions matrix", "matrix.md.j2"),
                                  ("dependencies", "Dependency map", "dependencies.md.j2")):
        index = paths.VIEWS[view]
        if parts is None:
            site.pages[index] = ctx.page(template, index, title, meta={"hide": ["toc"]},
                                         **_view_values(ctx, view, index, None))
            continue
        values = {**_view_values(ctx, view, index, []), "parts": parts}
        site.pages[index] = ctx.page(template, index, title, **values)
        for part in parts:
            page = f"{view}/{part.slug}.md"
            values = {**_view_values(ctx, view, page, part.issues), "part": part}
            site.pages[page] = ctx.page(template, page, f"{title}: {part.title}", meta={"hide": ["toc"]}, **values)
    changes = views.changes(corpus, ctx)
    site.pages[paths.VIEWS["changes"]] = ctx.page("changes.md.j2", paths.VIEWS["changes"], "What changed",
                                                  changes=changes)
    site.pages[paths.VIEWS["tags"]] = ctx.page("tags.md.j2", paths.VIEWS["tags"], "Tags", anchors=ctx.tag_anchor)
    printing = views.print_parts(corpus)
    issues = corpus.by_kind.get("issues", [])
    if len(printing) == 1:
        site.pages[paths.VIEWS["print"]] = ctx.page(
            "print.md.j2", paths.VIEWS["print"], "The whole briefing", meta={"hide": ["toc"], **NOT_SEARCHED},
            m=views.matrix(corpus) if parts is None else None, issues=issues, parts=None, part=None)
    else:
        site.pages[paths.VIEWS["print"]] = ctx.page("print.md.j2", paths.VIEWS["print"], "The whole briefing",
                                                    meta=NOT_SEARCHED, m=None, issues=[], parts=printing, part=None)
        for part in printing:
            page = f"print/{part.slug}.md"
            chosen = [corpus.notes[i] for i in part.issues]
            site.pages[page] = ctx.page("print.md.j2", page, f"The whole briefing: {part.title}",
                                        meta={"hide": ["toc"], **NOT_SEARCHED}, m=None, issues=chosen, parts=None,
                                        part=part)
    site.files[feed.FEED_PATH] = feed.atom(corpus.briefing.data.title, corpus.briefing.data.subtitle or "",
                                           corpus.briefing.data.as_of, changes, ctx.site_url,
                                           corpus.briefing.data.language)


def _view_values(ctx: Context, view: str, page: str, ids: list[str] | None) -> dict[str, Any]:
    values: dict[str, Any] = {"parts": None, "part": None, "folder": view}
    if view == "matrix":
        values["m"] = views.matrix(ctx.corpus, ids) if ids != [] else None
    else:
        values["svg"] = Markup(views.dependency_svg(ctx.corpus, page, ids)) if ids != [] else None
        values["subset"] = set(ids) if ids else None
    return values


def _material_language(tag: str) -> str:
    """Material's interface language for a BCP 47 tag, falling back to English."""
    try:
        import material

        folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    except ImportError:  # pragma: no cover - material is a dependency
        return "en"
    available = {f.stem.lower(): f.stem for f in folder.glob("*.html")}
    for cand in (tag.lower(), tag.split("-")[0].lower()):
        if cand in available:
            return available[cand]
    return "en"


def settings(corpus: Corpus, site: Site, site_url: str | None = None, noindex: bool = False) -> str:
    """The generated MkDocs settings, pulled into mkdocs.yml with INHERIT (JSON is YAML)."""
    b = corpus.briefing.data
    description = b.description or b.subtitle or ""
    config: dict[str, Any] = {
        "site_name": markup.engine_text(b.title),
        "site_description": markup.engine_text(description),
        "theme": {"language": _material_language(b.language)},
        "nav": [{markup.engine_text(title): page} for title, page in site.nav],
    }
    if site_url:
        config["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    if noindex:
        config["extra"] = {"noindex": True}
    return ("# Generated by `briefing generate` from content/briefing.yml; do not edit.\n"
            + json.dumps(config, ensure_ascii=False, indent=2) + "\n")
