"""Note text on a page: Markdown fields as HTML, bodies with their headings, quotes, counts."""

from __future__ import annotations

from collections.abc import Sized

from markupsafe import Markup

from generator import urls
from generator.rendering.helpers.base import HelperBase
from generator.text import resolve
from generator.text.escape import md_text, protect_html, strip_tags


class TextHelpers(HelperBase):
    def md(self, text: str) -> Markup:
        """A Markdown field as a raw HTML block (MkDocs does not re-read it)."""
        inner = self.ctx.render_block(text, urls.depth(self.path))
        return Markup(f'<div class="note-text">\n{inner}\n</div>')

    def mdi(self, text: str) -> Markup:
        """A Markdown field inline (for table cells and list items)."""
        return Markup(self.ctx.render_inline(text, urls.depth(self.path)))

    def body(self, text: str) -> Markup:
        """A note body: its top-level headings become page headings (so they reach the table
        of contents and search), the text between them a sanitised HTML block."""
        parsed, sections = resolve.sections(text)
        resolver = self.ctx.resolver(urls.depth(self.path))
        parts: list[Markup] = []
        for level, fragment in sections:
            html = resolve.resolve(fragment, parsed, resolver)
            if level:
                parts.append(Markup("#" * max(2, level) + " " + md_text(strip_tags(html))))
            else:
                parts.append(Markup(f'<div class="note-text">\n{protect_html(resolve.demote_h1(html))}\n</div>'))
        return Markup("\n\n").join(parts)

    def short(self, text: str, limit: int = 90) -> str:
        """A Markdown field as plain text, cut at a word boundary."""
        plain = " ".join(strip_tags(self.ctx.render_inline(text, 0)).split())
        return plain if len(plain) <= limit else plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    def raw(self, fragment: str) -> Markup:
        """Already-sanitised inline HTML from the note renderer."""
        return Markup(fragment)

    def count(self, items: Sized | int, noun: str) -> str:
        """ "3 issues" (in the interface's language)."""
        return self.t.count(items, noun)
