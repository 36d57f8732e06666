"""A source's page: its blocks, numbered, with the notes that cite each (markup in
_source_blocks.md.j2), in runs under their own headings when the text is long."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.linking.corpus import Cite, looks_like_heading
from generator.rendering.helpers.base import HelperBase
from generator.text.escape import attr, md_text, protect_html

SOURCE_SECTION = 100
"""Blocks per section of a source page; a longer text gets one heading per run."""
CITED_BY_OPEN = 6
"""Up to this many citing notes are listed under a block; more fold into a <details>."""


@dataclass(frozen=True)
class Citer:
    """A note citing a block, as listed under it."""

    href: Markup
    title: Markup
    where: Markup


@dataclass(frozen=True)
class Block:
    n: int
    anchor: str
    heading: bool
    text: Markup
    cited_by: list[Citer]


class SourceHelpers(HelperBase):
    def coverage(self, source_id: str) -> str:
        text = self.c.sources.get(source_id)
        if text is None:
            return ""
        total = len(text.blocks)
        cited = sum(1 for i in range(1, total + 1) if (source_id, i) in self.c.cited_by)
        return f"{cited} of {total}"

    def source_sections(self, source_id: str) -> list[tuple[str, str, list[Block]]]:
        """(heading, anchor, blocks) of each run of SOURCE_SECTION blocks; one run without a
        heading when the text is short. A reader can jump by paragraph number, and no search
        section grows past what an engine indexes (Zensical caps a field's length)."""
        total = len(self.c.sources[source_id].blocks)
        if total <= SOURCE_SECTION:
            return [("", "", self.source_blocks(source_id, 1, total))]
        out = []
        for start in range(1, total + 1, SOURCE_SECTION):
            end = min(start + SOURCE_SECTION - 1, total)
            blocks = self.source_blocks(source_id, start, end)
            if blocks:  # with display: cited, a run may have nothing to show
                label = f"¶{start}–{end}" if end > start else f"¶{start}"
                out.append((label, urls.blocks_anchor(start, end), blocks))
        return out

    def source_blocks(self, source_id: str, first: int, last: int) -> list[Block]:
        text = self.c.sources[source_id]
        display = self.c.notes[source_id].data.display
        out = []
        for i in range(first, last + 1):
            block = text.blocks[i - 1]
            cites = self.c.cited_by.get((source_id, i), [])
            if display == "cited" and not cites:
                continue
            if text.markdown:
                inner = self.ctx.render_block(block, urls.depth(self.path))
            else:
                inner = protect_html(attr(block))
            out.append(Block(i, urls.block_anchor(i), looks_like_heading(block, text.markdown), Markup(inner),
                             self.citers(cites)))
        return out

    def citers(self, cites: list[Cite]) -> list[Citer]:
        """The notes citing one block, each once, with where they cite it."""
        grouped: dict[str, list[Cite]] = {}
        for ct in cites:
            grouped.setdefault(ct.note, [])
            if all(ct.where != seen.where for seen in grouped[ct.note]):
                grouped[ct.note].append(ct)
        out = []
        for note_id in sorted(grouped, key=lambda i: (self.c.titles[i].casefold(), i)):
            places = grouped[note_id]
            positions = [p for p in places if p.item == "positions"]
            anchor = urls.position_anchor(positions[0].actor) if positions else ""
            href = urls.html_link(self.path, urls.note_page(self.c.notes[note_id].kind, note_id), anchor)
            where = ", ".join(self._where(p) for p in places)
            out.append(Citer(Markup(attr(href)), Markup(md_text(self.c.titles[note_id])), Markup(md_text(where))))
        return out

    def _where(self, cite: Cite) -> str:
        if cite.label:
            return cite.label.format(actor=self.c.titles.get(cite.actor, cite.actor))
        return str(self.t("cited_by.text" if cite.where == "text" else "cited_by.sources"))

    def folded(self, citers: list[Any]) -> bool:
        return len(citers) > CITED_BY_OPEN
