"""Pass 4: every citation field cites existing blocks, and every quote is in the blocks cited."""

from __future__ import annotations

from collections import defaultdict

from generator.kinds.base import Note
from generator.kinds.fields import IsCitation, IsQuote
from generator.kinds.registry import KINDS
from generator.linking.corpus import Cite, SourceText
from generator.linking.linker import Linker
from generator.text import blocks as blocklib
from generator.validating.validate import Valid, field_path
from generator.values import Citation


def run(linker: Linker) -> None:
    linker.quote_index = QuoteIndex(linker.sources)
    for note in linker.documents:
        fields = [f for f in note.found if isinstance(f.marker, IsCitation)]
        # A note's own citations first, then its items' (the order a reader meets them).
        for f in sorted(fields, key=lambda f: len(f.path) > 2):
            if linker.check_cite(note, f.path, f.value) and note.id in linker.valid:
                place = where(note, f.owner)
                linker.spans[(f.value.source, note.id, place)].append(f.value)
                if f.owner is not note.data:
                    linker.places[(note.id, place)] = (str(f.path[0]), getattr(f.owner, "actor", ""),
                                                       f.owner.CITED_AS)
        if note.id in linker.valid:
            check_quotes(linker, note)


def where(note: Valid, owner: Note) -> str:
    """How a citation by this item is described on the cited page: "position of ukraine"."""
    if owner is note.data or not owner.CITED_AS:
        return KINDS[note.kind].label
    return owner.CITED_AS.format(**{name: getattr(owner, name) for name in type(owner).model_fields})


SHOWN_CITATIONS = 10
"""Citations a "not found" message names before it says how many more there are."""


def check_quotes(linker: Linker, note: Valid) -> None:
    for f in note.found:
        if not isinstance(f.marker, IsQuote):
            continue
        item, path = f.owner, f.path[:-1]
        # Each citation once, however often it is written.
        cited = list(dict.fromkeys(c.value for c in note.found if isinstance(c.marker, IsCitation) and c.owner is item))
        found = linker.quote_index.find(f.value, cited)
        if found is True:
            continue  # a citation is already wrong; that error says enough
        if found is None:
            named = ", ".join(str(c) for c in cited[:SHOWN_CITATIONS])
            more = f" and {len(cited) - SHOWN_CITATIONS} more" if len(cited) > SHOWN_CITATIONS else ""
            linker.problems.error(note.path, note.line(*f.path), f"{field_path(f.path)}: not found word for word in "
                                  + named + more)
        else:
            linker.quotes[(note.id, str(path[0]), int(path[1]))] = found  # type: ignore[arg-type]


class QuoteIndex:
    """The cited blocks folded for comparison, each block once per run: a quote is looked for
    in the folded blocks of each citation joined, and spelled from the source only once found."""

    def __init__(self, sources: dict[str, SourceText]) -> None:
        self.sources = sources
        self._folded: dict[tuple[str, int], str] = {}
        self._plain: dict[tuple[str, int], str] = {}

    def _block(self, table: dict[tuple[str, int], str], source: str, n: int, plain: bool) -> str:
        key = (source, n)
        if key not in table:
            block = self.sources[source].block(n)
            table[key] = blocklib.fold(blocklib.plain_markdown(block) if plain else block)
        return table[key]

    def find(self, quote: str, cited: list[Citation]) -> str | bool | None:
        """The quote as the source spells it; None when no cited block holds it; True when a
        citation is itself wrong (and reported elsewhere)."""
        sources = self.sources
        cands = [c for c in cited if c.source in sources and c.end <= len(sources[c.source].blocks)]
        if len(cands) < len(cited):
            return True
        needle = blocklib.fold(quote)
        if not needle:
            return None
        for c in cands:
            text = sources[c.source]
            span = range(c.start, c.end + 1)
            if needle in " ".join(self._block(self._folded, c.source, n, False) for n in span) or (
                    text.markdown and needle in " ".join(self._block(self._plain, c.source, n, True) for n in span)):
                return blocklib.find_quote(quote, list(text.blocks[c.start - 1:c.end]), text.markdown)
        return None


def cited_by(spans: dict[tuple[str, str, str], list[Citation]],
             places: dict[tuple[str, str], tuple[str, str, str]]) -> dict[tuple[str, int], list[Cite]]:
    """Every cited block → who cites it where, each (note, where) once per block, with the
    first of its citations that covers the block: the work is the blocks covered, however
    many overlapping citations a note makes."""
    out: dict[tuple[str, int], list[Cite]] = defaultdict(list)
    for (source, note_id, place), cs in sorted(spans.items()):
        done = 0
        item, actor, label = places.get((note_id, place), ("", "", ""))
        for c in sorted(set(cs)):
            for n in range(max(c.start, done + 1), c.end + 1):
                out[(source, n)].append(Cite(note_id, place, c, item, actor, label))
            done = max(done, c.end)
    return {k: sorted(v, key=lambda x: (x.note, x.where, x.citation)) for k, v in out.items()}
