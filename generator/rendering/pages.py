"""Stage 4, rendering: the corpus → every page of the site, as Markdown, plus the files
beside them (feed, export, redirects) and the navigation.

Pure: the same corpus gives the same pages. Each page is a template (site_templates/) with
one `Helpers` object; the views are data (rendering/views.py) that templates lay out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.kinds.registry import KINDS
from generator.linking.corpus import Corpus
from generator.rendering import export, feed, views
from generator.rendering.context import Context
from generator.rendering.helpers import Helpers
from generator.text.escape import attr

NAV_PAGES = urls.NAV_PAGES
NOT_SEARCHED = {"search": {"exclude": True}}
"""Front matter of the printable briefing: it repeats every issue word for word, so in
search it would only double the issue pages' results (and a sixth of the index)."""
NO_TOC = {"hide": ["toc"]}


@dataclass
class Site:
    """What render produces: the pages, and the settings MkDocs needs for them."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """Other files for docs_dir (the feed, the export, redirects)."""
    nav: list[tuple[str, str]] = field(default_factory=list)


def context(corpus: Corpus, site_url: str | None = None) -> Context:
    return Context(corpus, Helpers, site_url)


def render(corpus: Corpus, site_url: str | None = None, since: Any = None, share: bool = True) -> Site:
    """`since`: a diff.Report against the last release, for the "Since the last briefing" page;
    `share`: whether a forked copy may take half the note pages
    (not while the preview server is rebuilding the pages of an edit on the other core)."""
    from generator.rendering import parallel

    ctx = context(corpus, site_url)
    site = Site()
    jobs = [note.id for _, notes in sorted(corpus.by_kind.items()) for note in notes]
    copy = parallel.Copy(ctx, jobs, note_pages_of) if share and len(jobs) >= parallel.FROM else None
    shown, complete = views.home_issues(corpus)
    site.pages[urls.HOME] = ctx.page("home.md.j2", urls.HOME, corpus.briefing.data.title,
                                     issues=[corpus.notes[i] for i in shown], all_issues=complete, since=since)
    for kind in KINDS.values():
        if kind.in_navigation:
            _listing(ctx, site, kind.folder)
    _views(ctx, site, since)
    site.pages.update(copy.pages() if copy else note_pages_of(ctx, jobs))
    site.nav = _navigation(ctx, since)
    for old, new in sorted(corpus.aliases.items()):
        note = corpus.notes[new]
        site.files[urls.html_of(urls.note_page(note.kind, old))] = redirect_page(
            urls.html_of(urls.note_page(note.kind, new)), corpus.titles[new], site_url, ctx)
    site.files[urls.EXPORT] = export.dumps(export.data(corpus))
    site.files[urls.EXPORT_SCHEMA] = export.schema_text()
    free = corpus.by_kind.get("pages", [])
    if len(free) <= NAV_PAGES:
        site.nav += [(corpus.titles[p.id], urls.note_page("pages", p.id)) for p in free]
    else:
        # Every page carries the sidebar: with many free pages it would carry them all.
        listing = urls.view_page("pages")
        site.pages[listing] = ctx.page("pages.md.j2", listing, KINDS["pages"].section, notes=free)
        site.nav.append((KINDS["pages"].section, listing))
    return site


def _navigation(ctx: Context, since: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for view in urls.navigation():
        if view.name == "since" and since is None:
            continue
        title = str(ctx.t(view.title)) if view.title else KINDS[view.name].section
        out.append((title, urls.view_page(view.name)))
    return out


def note_pages(corpus: Corpus, ids: list[str], site_url: str | None = None) -> dict[str, str]:
    """The pages of the notes `ids` alone, exactly as render() makes them."""
    return note_pages_of(context(corpus, site_url), ids)


def note_pages_of(ctx: Context, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for note_id in ids:
        note = ctx.corpus.notes[note_id]
        page = urls.note_page(note.kind, note_id)
        out[page] = ctx.page(KINDS[note.kind].template, page, ctx.corpus.titles[note_id], n=note, d=note.data)
    return out


def _listing(ctx: Context, site: Site, kind: str) -> None:
    """A kind's listing page; past views.LIST_PER_PAGE notes, an index of parts under lists/."""
    corpus, record = ctx.corpus, KINDS[kind]
    page, template, title = record.listing, record.listing + ".j2", record.section
    parts = views.listing_parts(corpus, kind, ctx.t)
    if parts is None:
        site.pages[page] = ctx.page(template, page, title, notes=corpus.by_kind.get(kind, []), part=None, nav=None)
        return
    pages = [urls.list_page(kind, n) for n in range(1, len(parts) + 1)]
    site.pages[page] = ctx.page("list_index.md.j2", page, title, noun=record.plural, order=record.order,
                                parts=list(zip(parts, pages, strict=True)), total=len(corpus.by_kind.get(kind, [])))
    for n, (part, sub) in enumerate(zip(parts, pages, strict=True)):
        nav = {"index": page, "prev": pages[n - 1] if n else None, "next": pages[n + 1] if n + 1 < len(pages) else None}
        site.pages[sub] = ctx.page(template, sub, ctx.t.table["part.of"].format(title=title, n=n + 1, total=len(parts)),
                                   notes=[corpus.notes[i] for i in part.issues], part=part, nav=nav)


def _views(ctx: Context, site: Site, since: Any) -> None:
    """Matrix, dependency map, changes, tags, print and since pages; the first two are split
    by tag, and print into parts, when one page would be too big (see views.issue_parts)."""
    corpus, t = ctx.corpus, ctx.t
    parts = views.issue_parts(corpus, ctx.tag_anchor, t)
    for view in ("matrix", "dependencies"):
        index, title, template = urls.view_page(view), str(t(urls.VIEWS[view].title)), f"{view}.md.j2"
        if parts is None:
            site.pages[index] = ctx.page(template, index, title, meta=NO_TOC, **_view_values(ctx, view, index, None))
            continue
        site.pages[index] = ctx.page(template, index, title, **{**_view_values(ctx, view, index, []), "parts": parts})
        for part in parts:
            page = urls.part_page(view, part.slug)
            values = {**_view_values(ctx, view, page, part.issues), "part": part}
            site.pages[page] = ctx.page(template, page, t.table["part.view"].format(title=title, part=part.title),
                                        meta=NO_TOC, **values)
    changes = views.changes(corpus, lambda text: ctx.render_inline(text, 0))
    for view, template, values in (("changes", "changes.md.j2", {"changes": changes}),
                                   ("tags", "tags.md.j2", {"anchors": ctx.tag_anchor})):
        site.pages[urls.view_page(view)] = ctx.page(template, urls.view_page(view), str(t(urls.VIEWS[view].title)),
                                                    **values)
    _print(ctx, site, matrix=parts is None)
    if since is not None:
        from generator.history import diff

        page = urls.view_page("since")
        site.pages[page] = ctx.page("since.md.j2", page, str(t("view.since")), s=since, headings=diff.HEADINGS,
                                    describe=diff.describe, details=diff.details)
    b = corpus.briefing.data
    site.files[urls.FEED] = feed.atom(t.table["changes.feed_title"].format(title=b.title), b.title, b.subtitle or "",
                                      b.as_of, changes, ctx.site_url, b.language)


def _print(ctx: Context, site: Site, matrix: bool) -> None:
    """The printable briefing, in parts of views.PRINT_PER_PAGE issues when it is long."""
    corpus = ctx.corpus
    printing = views.print_parts(corpus, ctx.t)
    index, title = urls.view_page("print"), str(ctx.t("view.print.title"))
    issues = corpus.by_kind.get("issues", [])
    if len(printing) == 1:
        site.pages[index] = ctx.page("print.md.j2", index, title, meta={**NO_TOC, **NOT_SEARCHED},
                                     m=views.matrix(corpus) if matrix else None, issues=issues, parts=None, part=None)
        return
    site.pages[index] = ctx.page("print.md.j2", index, title, meta=NOT_SEARCHED, m=None, issues=[], parts=printing,
                                 part=None)
    for part in printing:
        page = urls.part_page("print", part.slug)
        chosen = [corpus.notes[i] for i in part.issues]
        site.pages[page] = ctx.page("print.md.j2", page, ctx.t.table["part.view"].format(title=title, part=part.title),
                                    meta={**NO_TOC, **NOT_SEARCHED}, m=None, issues=chosen, parts=None, part=part)


def _view_values(ctx: Context, view: str, page: str, ids: list[str] | None) -> dict[str, Any]:
    values: dict[str, Any] = {"parts": None, "part": None}
    if view == "matrix":
        values["m"] = views.matrix(ctx.corpus, ids) if ids != [] else None
    else:
        label = str(ctx.t("map.label"))
        values["svg"] = Markup(views.dependency_svg(ctx.corpus, page, ids, label)) if ids != [] else None
        values["subset"] = set(ids) if ids else None
    return values


def redirect_page(target: str, title: str, site_url: str | None, ctx: Context) -> str:
    """A page at a note's former address that sends the reader on to the note (no script)."""
    name = target.rpartition("/")[2]
    where = attr(site_url.rstrip("/") + "/" + target if site_url else name)
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">\n"
            f"<title>{attr(title)}</title>\n"
            '<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{where}">\n'
            f'<meta http-equiv="refresh" content="0; url={attr(name)}">\n'
            "</head><body>\n"
            f'<p>{ctx.t("redirect.moved")} <a href="{attr(name)}">{attr(title)}</a>.</p>\n'
            "</body></html>\n")
