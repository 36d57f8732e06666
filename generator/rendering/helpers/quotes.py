"""Quoted words on a page, marked for whose words they are (contract v2, `wording`).

- `direct`: the actor's own words. In quotation marks, credited to the actor and to the
  source they are found in.
- `reported`: the source's own words about the actor. Never in quotation marks and never
  under the actor's name alone: "As <source> puts it: …", drawn apart from direct speech.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.rendering.helpers.citations import CitationHelpers
from generator.rendering.helpers.links import LinkHelpers
from generator.text.escape import md_text
from generator.text.quotation import MARKS


class QuoteHelpers(LinkHelpers, CitationHelpers):
    def _words(self, note_id: str, group: str, index: int, item: Any) -> tuple[str, Any]:
        """The item's quoted words as the source has them, and the citation they are found in
        (for direct words, without the quotation marks they were written with)."""
        found = self.c.quotes.get((note_id, group, index))
        words, where = found if found else (" ".join(item.quote.split()), item.sources[0])
        if item.wording == "direct" and len(words) > 1 and words[0] in MARKS and words[-1] in MARKS:
            words = words[1:-1].strip()
        return words, where

    def quoted(self, note_id: str, group: str, index: int, item: Any) -> Markup:
        """The quote of an item (a position, a response, a claim) as a block, or '' without one."""
        if not item.quote:
            return Markup("")
        words, where = self._words(note_id, group, index, item)
        source = self.cite(where)
        if item.wording == "direct":
            speaker = self.link(getattr(item, item.SPEAKER))
            credit = self.t("quote.direct", speaker=speaker, source=source)
            return Markup("> “") + Markup(md_text(words)) + Markup("”\n>\n> ") + credit + Markup("\n> {: .credit }")
        lead = self.t("quote.reported", source=source)
        return (lead + Markup(' <span class="reported-words">') + Markup(md_text(words))
                + Markup("</span>\n{: .reported }"))

    def quoted_html(self, note_id: str, group: str, index: int, item: Any) -> Markup:
        """quoted() as HTML, for a raw HTML block (a position beside the others): the same
        elements the Markdown makes, so the page reads and looks the same."""
        if not item.quote:
            return Markup("")
        words, where = self._words(note_id, group, index, item)
        source = self.cite_html_titled(where)
        if item.wording == "direct":
            speaker = self.a(self.note_url(getattr(item, item.SPEAKER)), self.title(getattr(item, item.SPEAKER)))
            credit = self.t("quote.direct", speaker=speaker, source=source)
            return Markup(f'<blockquote>\n<p>“{md_text(words)}”</p>\n<p class="credit">{credit}</p>\n</blockquote>')
        lead = self.t("quote.reported", source=source)
        return Markup(f'<p class="reported">{lead} <span class="reported-words">{md_text(words)}</span></p>')
