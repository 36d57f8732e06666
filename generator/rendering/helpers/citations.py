"""Citations on a page: one view of a citation (rendering/citation.py), drawn as links."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from generator import urls
from generator.rendering import citation
from generator.rendering.helpers.base import HelperBase
from generator.text.escape import attr, md_text
from generator.values import Citation


class CitationHelpers(HelperBase):
    def cite(self, c: Citation) -> Markup:
        """"Source title, ¶3", a Markdown link to the cited block, and the link to the passage
        in the original where there is one."""
        v = citation.view(self.c, c)
        return Markup(f"[{md_text(v.title)}]({urls.md_link(self.path, v.page, v.anchor)})") + self.original(v)

    def original(self, v: citation.CitationView) -> Markup:
        """The ↗ after a citation: the same passage in the original ('' when there is none)."""
        if not v.original:
            return Markup("")
        label = attr(self.t.plain("cite.original", label=v.label, source=v.source_title))
        return Markup(f'\u00a0<a class="orig" href="{attr(v.original)}" title="{label}" aria-label="{label}">↗</a>')

    def cites(self, cs: Iterable[Citation]) -> Markup:
        """Citations grouped by source: "Title, ¶3, ¶5–6; Other title, ¶1", each ¶ a link."""
        return self._grouped(cs, html=False)

    def cite_html_titled(self, c: Citation) -> Markup:
        """cite() as HTML: "Source title, ¶3"."""
        v = citation.view(self.c, c)
        return self.a(urls.html_link(self.path, v.page, v.anchor), v.title) + self.original(v)

    def cites_html(self, cs: Iterable[Citation]) -> Markup:
        """cites() as HTML, for a raw HTML block."""
        return self._grouped(cs, html=True)

    def _grouped(self, cs: Iterable[Citation], html: bool) -> Markup:
        """The citations by source: the first of each with the source's title, the rest by ¶,
        as Markdown links or (`html`) HTML links."""
        groups: dict[str, list[Citation]] = {}
        for c in cs:
            groups.setdefault(c.source, []).append(c)
        out = []
        for items in groups.values():
            links = [self.cite_html_titled(items[0]) if html else self.cite(items[0])]
            for c in items[1:]:
                v = citation.view(self.c, c)
                link = (self.a(urls.html_link(self.path, v.page, v.anchor), v.label) if html
                        else Markup(f"[{md_text(v.label)}]({urls.md_link(self.path, v.page, v.anchor)})"))
                links.append(link + self.original(v))
            out.append(Markup(", ").join(links))
        return Markup("; ").join(out)

    def cite_html(self, c: Citation) -> Markup:
        """A citation as an HTML link (¶3), for raw HTML such as the matrix's cells."""
        v = citation.view(self.c, c)
        return self.a(urls.html_link(self.path, v.page, v.anchor), v.label, "cite", v.source_title) + self.original(v)
