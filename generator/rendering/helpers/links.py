"""Links to notes and views, and the anchors of places on pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.kinds.registry import KINDS
from generator.rendering.helpers.base import HelperBase
from generator.text.escape import attr, md_text


class LinkHelpers(HelperBase):
    def href(self, note_id: str, anchor: str = "") -> urls.Url:
        note = self.c.notes[note_id]
        return urls.md_link(self.path, urls.note_page(note.kind, note_id), anchor)

    def link(self, note_id: str, text: str | None = None, anchor: str = "") -> Markup:
        """A Markdown link to a note; its title (or `text`) escaped."""
        label = text if text is not None else self.c.titles[note_id]
        return Markup(f"[{md_text(label)}]({self.href(note_id, anchor)})")

    def links(self, ids: Iterable[str]) -> Markup:
        return Markup(", ").join(self.link(i) for i in ids)

    def page_link(self, page: str, text: str, anchor: str = "") -> Markup:
        return Markup(f"[{md_text(text)}]({urls.md_link(self.path, page, anchor)})")

    def view_link(self, name: str, text: str | None = None) -> Markup:
        """A link to a view or to a kind's listing (by its folder), named by its title."""
        return self.page_link(urls.view_page(name), text if text is not None else self.view_title(name))

    def part_link(self, view: str, slug: str, text: str) -> Markup:
        """A link to one part of a view split for size."""
        return self.page_link(urls.part_page(view, slug), text)

    def file_link(self, name: str, text: str) -> Markup:
        """A link to a file of the site that is not a page (the feed, the export)."""
        return self.page_link(name, text)

    def contents(self, since: Any) -> list[tuple[Markup, Markup]]:
        """The home page's list of what the briefing holds: (link, what it is)."""
        out = []
        for view in urls.contents():
            if view.name == "since" and since is None:
                continue
            n = len(self.c.by_kind.get(view.name, []))
            schema = self.file_link(urls.EXPORT_SCHEMA, str(self.t("view.schema")))
            # A kind that has no words of its own on the home page is counted by its own nouns.
            kind = KINDS.get(view.name)
            default = self.t.count(n, kind.label, kind.plural).replace("{", "{{").replace("}", "}}") if kind else None
            blurb = self.t(f"home.entry.{view.name}", default, n=n, documents=self.t.count(n, "document"),
                           schema=schema, old=since.old_label if since is not None else "")
            out.append((self.view_link(view.name), blurb))
        return out

    def free_pages(self) -> tuple[list[Any], bool]:
        """The free pages the home page lists, and whether they are too many (then it links
        to their listing instead)."""
        free = self.c.by_kind.get("pages", [])
        return free, len(free) > urls.NAV_PAGES

    def view_title(self, name: str) -> str:
        if name in urls.VIEWS:
            return str(self.t(urls.VIEWS[name].title))
        return KINDS[name].section

    def note_url(self, note_id: str, anchor: str = "") -> urls.Url:
        """A note's page as an HTML link from this page."""
        return urls.html_link(self.path, urls.note_page(self.c.notes[note_id].kind, note_id), anchor)

    def external(self, url: str) -> Markup:
        return Markup(f'<a href="{attr(url)}" rel="noopener noreferrer">{md_text(url)}</a>')

    # ------------------------------------------------------------ anchors (see urls.py)

    def position_id(self, actor_id: str, issue_id: str = "") -> str:
        return urls.position_anchor(actor_id, issue_id)

    def response_id(self, actor_id: str, n: int) -> str:
        return urls.response_anchor(actor_id, n)

    def print_id(self, issue_id: str) -> str:
        return urls.print_anchor(issue_id)

    def anchor(self, anchor_id: str) -> Markup:
        """attr_list syntax giving a heading a stable id (ids are [a-z0-9-] only)."""
        assert all(ch.isalnum() or ch == "-" for ch in anchor_id)
        return Markup(f"{{ #{anchor_id} }}")

    # ------------------------------------------------------------ notes

    def note(self, note_id: str) -> Any:
        return self.c.notes[note_id].data

    def title(self, note_id: str) -> str:
        return self.c.titles[note_id]

    def title_or_id(self, note_id: str) -> str:
        """A note's title, or its id when it is no longer in the briefing."""
        return self.c.titles.get(note_id, note_id)

    def kind_label(self, note_id: str) -> str:
        return KINDS[self.c.notes[note_id].kind].label

    def by_title(self, notes: list[Any]) -> list[Any]:
        return sorted(notes, key=lambda n: (self.c.titles[n.id].casefold(), n.id))

    def by_update(self, notes: list[Any]) -> list[Any]:
        """Most recently changed first (then by title)."""
        return sorted(self.by_title(notes), key=lambda n: n.data.updated.ordinal(), reverse=True)

    def statuses_of(self, notes: list[Any]) -> list[tuple[str, int]]:
        """The statuses the notes have, in the vocabulary's order, with how many have each."""
        from generator.kinds.issue import STATUSES

        counts = {s: sum(1 for n in notes if n.data.status == s) for s in STATUSES}
        return [(s, k) for s, k in counts.items() if k]
