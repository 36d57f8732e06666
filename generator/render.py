"""Pure: corpus → {page path: Markdown text}. Jinja2 templates, one per page kind.

Safety rule: templates never print a raw string. Jinja's `finalize` escapes every
plain value for Markdown (see markup.md_text); only helpers below return `Markup`,
and they build it from escaped parts or from the sanitising note renderer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup

from . import markup, paths
from .link import Corpus
from .model import ACTOR_KINDS, CLAIM_STATUSES, ISSUE_STATUSES, Citation, PartialDate

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"

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
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")

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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@dataclass
class Site:
    """What render produces: the pages, and the settings MkDocs needs for them."""

    pages: dict[str, str] = field(default_factory=dict)
    nav: list[tuple[str, str]] = field(default_factory=list)


class Page:
    """Helpers for one page: every link they make is relative to it."""

    def __init__(self, ctx: "Context", path: str) -> None:
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
        anchor = paths.block_anchor(c.start) if src.display != "none" else ""
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
                anchor = paths.block_anchor(c.start) if src.display != "none" else ""
                links.append(Markup(f"[{markup.md_text(markup.cite_label(c))}]({self.href(source, anchor)})"))
            out.append(Markup(", ").join(links))
        return Markup("; ").join(out)

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

    def title(self, note_id: str) -> str:
        return self.c.titles[note_id]

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

    def by_date(self, notes: list[Any]) -> list[Any]:
        return sorted(notes, key=lambda n: (n.data.date.sort_key, n.id))

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
        """A note body: its headings become page headings (so they reach the table of
        contents and search), the text between them a sanitised HTML block."""
        parts: list[Markup] = []
        chunk: list[str] = []
        fence: str | None = None

        def flush() -> None:
            if "".join(chunk).strip():
                parts.append(self.md("\n".join(chunk)))
            chunk.clear()

        for line in text.split("\n"):
            m = _FENCE_RE.match(line)
            if fence is not None:
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = None
                chunk.append(line)
                continue
            if m:
                fence = m.group(1)
                chunk.append(line)
                continue
            hm = _HEADING_RE.match(line)
            if hm:
                flush()
                level = max(2, len(hm.group(1)))
                heading = markup.strip_tags(self.mdi(hm.group(2).strip()))
                parts.append(Markup("#" * level + " " + markup.md_text(heading)))
                continue
            chunk.append(line)
        flush()
        return Markup("\n\n").join(parts)

    def source_blocks(self, source_id: str) -> Markup:
        text = self.c.sources[source_id]
        display = self.c.notes[source_id].data.display
        rows = []
        for i, block in enumerate(text.blocks, start=1):
            cites = self.c.cited_by.get((source_id, i), [])
            if display == "cited" and not cites:
                continue
            anchor = paths.block_anchor(i)
            if text.markdown:
                inner = self.ctx.render_block(block, paths.depth(self.path))
            else:
                inner = markup.protect_html(markup.attr(block))
            by = ""
            if cites:
                links = []
                for ct in cites:
                    note = self.c.notes[ct.note]
                    anchor_to = ""
                    if ct.where.startswith("position of "):
                        anchor_to = paths.position_anchor(ct.where[len("position of "):])
                    href = paths.html_link(self.path, paths.note_page(note.kind, ct.note), anchor_to)
                    label = markup.md_text(self.c.titles[ct.note])
                    links.append(f'<a href="{markup.attr(href)}">{label}</a> '
                                 f'<span class="cite-where">({markup.md_text(ct.where)})</span>')
                by = '<div class="cited-by">Cited by: ' + "; ".join(links) + "</div>"
            rows.append(f'<div class="block" id="{anchor}"><a class="block-number" href="#{anchor}" '
                        f'title="Paragraph {i}">{i}</a><div class="block-text">{inner}</div>{by}</div>')
        return Markup('<div class="source-text">\n' + "\n".join(rows) + "\n</div>")

    def note(self, note_id: str) -> Any:
        return self.c.notes[note_id].data


class Context:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.renderer = markup.Renderer()
        self.env = make_env()
        self._cache: dict[tuple[str, int, bool], str] = {}

    def _resolver(self, depth: int) -> markup.Resolver:
        prefix = "../" * depth
        c = self.corpus

        def resolve(kind: str, target: str) -> markup.Target | None:
            if kind == "link":
                note = c.notes.get(target)
                if note is None:
                    return None
                return markup.Target(prefix + paths.html_of(paths.note_page(note.kind, target)), c.titles[target])
            cit = markup.parse_citation(target)
            src = c.notes.get(cit.source)
            if src is None:
                return None
            anchor = "#" + paths.block_anchor(cit.start) if src.data.display != "none" else ""
            page = paths.html_of(paths.note_page("sources", cit.source))
            return markup.Target(prefix + page + anchor, f"{src.data.title}, {markup.cite_label(cit)}")

        return resolve

    def render_block(self, text: str, depth: int) -> str:
        key = (text, depth, True)
        if key not in self._cache:
            self._cache[key] = _protect(self.renderer.block(text, self._resolver(depth)))
        return self._cache[key]

    def render_inline(self, text: str, depth: int) -> str:
        key = (text, depth, False)
        if key not in self._cache:
            self._cache[key] = _protect(self.renderer.inline(text, self._resolver(depth))).replace("\n", " ")
        return self._cache[key]

    def page(self, template: str, path: str, title: str, **values: Any) -> str:
        helper = Page(self, path)
        body = self.env.get_template(template).render(h=helper, c=self.corpus, b=self.corpus.briefing.data,
                                                      path=path, page_title=title, actor_kinds=ACTOR_KINDS,
                                                      **values)
        # MkDocs prints the title into HTML without escaping it, so escape it here.
        front = "---\n" + "title: " + json.dumps(markup.attr(title), ensure_ascii=False) + "\n---\n\n"
        return front + body.rstrip("\n") + "\n"


def _protect(fragment: str) -> str:
    """Entity-encode Markdown syntax in the text between tags, so that MkDocs, reading
    this HTML inline, can never turn escaped note text back into Markdown links."""
    return markup.protect_html(fragment)


def render(corpus: Corpus) -> Site:
    ctx = Context(corpus)
    site = Site()
    b = corpus.briefing.data
    kinds = corpus.by_kind
    site.pages[paths.HOME] = ctx.page("home.md.j2", paths.HOME, b.title, issues=kinds.get("issues", []))
    for kind, title in SECTION_TITLES.items():
        page = paths.SECTIONS[kind]
        site.pages[page] = ctx.page(paths.SECTIONS[kind] + ".j2", page, title, notes=kinds.get(kind, []))
    template = {"issues": "issue.md.j2", "actors": "actor.md.j2", "events": "event.md.j2",
                "claims": "claim.md.j2", "sources": "source.md.j2", "pages": "page.md.j2"}
    for kind, notes in sorted(kinds.items()):
        for note in notes:
            page = paths.note_page(kind, note.id)
            site.pages[page] = ctx.page(template[kind], page, corpus.titles[note.id], n=note, d=note.data)
    site.nav = [("Home", paths.HOME)] + [(t, paths.SECTIONS[k]) for k, t in SECTION_TITLES.items()]
    site.nav += [(corpus.titles[p.id], paths.note_page("pages", p.id)) for p in kinds.get("pages", [])]
    return site



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


def settings(corpus: Corpus, site: Site, site_url: str | None = None) -> str:
    """The generated MkDocs settings, pulled into mkdocs.yml with INHERIT (JSON is YAML)."""
    b = corpus.briefing.data
    description = b.description or b.subtitle or ""
    config: dict[str, Any] = {
        "site_name": markup.attr(b.title),
        "site_description": markup.attr(description),
        "theme": {"language": _material_language(b.language)},
        "nav": [{markup.attr(title): page} for title, page in site.nav],
    }
    if site_url:
        config["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    return ("# Generated by `briefing generate` from content/briefing.yml; do not edit.\n"
            + json.dumps(config, ensure_ascii=False, indent=2) + "\n")
