"""Pass 4: every citation field cites existing blocks, and every quote is in the blocks cited."""

from __future__ import annotations

import bisect
from collections import defaultdict

from generator.kinds.base import Note
from generator.kinds.fields import IsCitation, IsQuote
from generator.kinds.registry import KINDS
from generator.linking.corpus import Cite, SourceText
from generator.linking.linker import Linker
from generator.text import blocks as blocklib
from generator.text import fragment, quotation
from generator.text.closest import Closest, closest
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
    # The citations of each item (a position, a response, the note), each once however often
    # it is written, gathered in one walk: looking them up per quote took time growing with
    # the square of a note's items.
    cites_of: dict[int, dict[Citation, None]] = {}
    for c in note.found:
        if isinstance(c.marker, IsCitation):
            cites_of.setdefault(id(c.owner), {})[c.value] = None
    for f in note.found:
        if not isinstance(f.marker, IsQuote):
            continue
        item, path = f.owner, f.path[:-1]
        cited = list(cites_of.get(id(item), {}))
        found = linker.quote_index.find(f.value, cited)
        if found is True:
            continue  # a citation is already wrong; that error says enough
        if found is None:
            named = ", ".join(str(c) for c in cited[:SHOWN_CITATIONS])
            more = f" and {len(cited) - SHOWN_CITATIONS} more" if len(cited) > SHOWN_CITATIONS else ""
            linker.problems.error(note.path, note.line(*f.path), f"{field_path(f.path)}: not found word for word in "
                                  + named + more + linker.quote_index.hint(f.value, cited))
            continue
        linker.quotes[quote_key(note.id, path)] = found
        if getattr(item, "wording", "reported") == "direct":
            check_direct(linker, note, item, path, f.value, cited)


def quote_key(note_id: str, path: tuple[str | int, ...]) -> tuple[str, str, int]:
    """(note, list, index) of the item a quote belongs to; ("", 0) for the note's own quote."""
    return (note_id, str(path[0]), int(path[1])) if len(path) >= 2 else (note_id, "", 0)


def check_direct(linker: Linker, note: Valid, item: Note, path: tuple[str | int, ...], quote: str,
                 cited: list[Citation]) -> None:
    """`wording: direct`: the words are the speaker's own. Either a source the quote is found in
    is the speaker's own document (its author is the speaker, or part of it), or there the
    quote lies inside one pair of quotation marks."""
    speaker = str(getattr(item, item.SPEAKER))
    index: QuoteIndex = linker.quote_index
    matched = index.matching(quote, cited)
    authors = [linker.valid[c.source].data.author for c in matched]
    if any(a and getattr(linker.valid.get(a), "kind", "") != "actors" for a in authors):
        return  # an author that names no actor is an error of its own; it cannot be judged here
    for c in matched:
        author = linker.valid[c.source].data.author
        if (author and speaks_for(linker, author, speaker)) or index.in_marks(quote, c):
            return
    where = ", ".join(str(c) for c in matched[:SHOWN_CITATIONS])
    linker.error(note, (*path, "wording"), None,
                 f"direct, but in {where} the quote is not inside quotation marks, and no cited source has "
                 f"{speaker} (or part of it) as its author: the words are the source's, so write "
                 "wording: reported (or quote only words the source prints in quotation marks)")


def speaks_for(linker: Linker, author: str, actor: str) -> bool:
    """Is `author` the actor, or part of it (a ministry speaking for its state), following part_of?"""
    seen: set[str] = set()
    current: str | None = author
    while current and current not in seen:
        if current == actor:
            return True
        seen.add(current)
        note = linker.valid.get(current)
        current = getattr(note.data, "part_of", None) if note is not None and note.kind == "actors" else None
    return False


class QuoteIndex:
    """The cited blocks folded for comparison, each block once per run: a quote is looked for
    in the folded blocks of each citation joined, and spelled from the source only once found."""

    def __init__(self, sources: dict[str, SourceText]) -> None:
        self.sources = sources
        self._folded: dict[tuple[str, int], str] = {}
        self._plain: dict[tuple[str, int], str] = {}
        self._marks: dict[tuple[str, bool], _Marked] = {}

    def _block(self, table: dict[tuple[str, int], str], source: str, n: int, plain: bool) -> str:
        key = (source, n)
        if key not in table:
            block = self.sources[source].block(n)
            table[key] = blocklib.fold(blocklib.plain_markdown(block) if plain else block)
        return table[key]

    def _joined(self, c: Citation, plain: bool) -> str:
        table = self._plain if plain else self._folded
        return " ".join(self._block(table, c.source, n, plain) for n in range(c.start, c.end + 1))

    def _where(self, needle: str, c: Citation) -> bool | None:
        """Is the folded quote in citation `c`: in its text as written (False), only in the text
        a reader sees of a Markdown source (True), or not at all (None)?"""
        if needle in self._joined(c, False):
            return False
        if self.sources[c.source].markdown and needle in self._joined(c, True):
            return True
        return None

    def find(self, quote: str, cited: list[Citation]) -> tuple[str, Citation] | bool | None:
        """The quote as the source spells it, and the first citation it is in; None when no
        cited block holds it; True when a citation is itself wrong (and reported elsewhere)."""
        sources = self.sources
        cands = [c for c in cited if c.source in sources and c.end <= len(sources[c.source].blocks)]
        if len(cands) < len(cited):
            return True
        needle = blocklib.fold(quote)
        if not needle:
            return None
        for c in cands:
            if self._where(needle, c) is not None:
                text = sources[c.source]
                spelled = blocklib.find_quote(quote, list(text.blocks[c.start - 1:c.end]), text.markdown)
                return (spelled or " ".join(quote.split()), c)
        return None

    def matching(self, quote: str, cited: list[Citation]) -> list[Citation]:
        """The citations whose blocks hold the quote."""
        needle = blocklib.fold(quote)
        return [c for c in cited if self._where(needle, c) is not None]

    def in_marks(self, quote: str, c: Citation) -> bool:
        """Is the quote, somewhere in citation `c`, inside one pair of quotation marks?"""
        needle = blocklib.fold(quote)
        plain = self._where(needle, c)
        if plain is None:
            return False
        return self._marked(c.source, plain).encloses(needle, c)

    def _marked(self, source: str, plain: bool) -> _Marked:
        key = (source, plain)
        if key not in self._marks:
            blocks = self.sources[source].blocks
            self._marks[key] = _Marked([blocklib.plain_markdown(b) for b in blocks] if plain else list(blocks))
        return self._marks[key]

    def hint(self, quote: str, cited: list[Citation]) -> str:
        """The closest passage of the cited blocks, and what differs; or a word that none is close."""
        best: tuple[float, Citation, Closest] | None = None
        for c in cited[:SHOWN_CITATIONS]:
            if c.source not in self.sources:
                continue
            found = closest(quote, self._joined(c, self.sources[c.source].markdown))
            if found is not None and (best is None or found.score > best[0]):
                best = (found.score, c, found)
        if best is None:
            return "; no passage of the cited blocks comes close: check the citation"
        _, c, found = best
        return f'; the closest passage, in {c}, reads "{found.passage}": {found.differences}'


class _Marked:
    """A source's blocks joined with one space, folded, with a map back to the text as written
    and the quotation pairs of that text: built once per source that a direct quote cites."""

    def __init__(self, blocks: list[str]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        at = 0
        for b in blocks:
            self.starts.append(at)
            self.ends.append(at + len(b))
            at += len(b) + 1
        joined = " ".join(blocks)
        self.folded, self.at = blocklib.fold_map(joined)
        self.quoted = quotation.quoted(blocks)

    def encloses(self, needle: str, c: Citation) -> bool:
        lo = bisect.bisect_left(self.at, self.starts[c.start - 1])
        hi = bisect.bisect_left(self.at, self.ends[c.end - 1])
        i = self.folded.find(needle, lo, hi)
        while i >= 0:
            if self.quoted.encloses(self.at[i], self.at[i + len(needle) - 1] + 1):
                return True
            i = self.folded.find(needle, i + 1, hi)
        return False


def originals(linker: Linker) -> dict[Citation, str]:
    """Every citation made, of a source that has a URL and shows its text → the link to the
    same passage in the original (see text/fragment.py)."""
    out: dict[Citation, str] = {}
    for made in linker.cites.values():
        for _, c in made:
            if c in out:
                continue
            source = linker.valid.get(c.source)
            text = linker.sources.get(c.source)
            if source is None or text is None or not source.data.url or source.data.display == "none":
                continue
            blocks = text.blocks[c.start - 1:c.end]
            if text.markdown:
                blocks = tuple(blocklib.plain_markdown(b) for b in blocks)
            passage = " ".join(blocks)
            out[c] = fragment.link(source.data.url, passage)
    return out


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
