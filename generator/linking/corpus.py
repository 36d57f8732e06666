"""The resolved briefing: every valid note, the source texts, and every relation between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.loading.load import RawNote
from generator.validating.validate import Valid
from generator.values import Citation


@dataclass(frozen=True)
class SourceText:
    """A source's text as the briefing cites it."""

    blocks: tuple[str, ...]
    """Blocks 1..N (see text/blocks.py)."""
    markdown: bool
    """True for a .md text, whose blocks are rendered; a .txt text is shown as it is."""
    sha256: str
    """The checksum of the whole text, as `briefing sources --update` records it."""
    review: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    """Where the text changed since its citations were reviewed (its checksum differs and
    fingerprints were recorded): block number as reviewed → what became of it and its number
    now (text.blocks.block_map), for each block that is not where and as it was."""

    def block(self, n: int) -> str:
        """Block `n`, counting from 1 as citations do."""
        return self.blocks[n - 1]


@dataclass(frozen=True)
class Cite:
    """One citation made by a note, for cited-by lists."""

    note: str
    where: str
    """Where in the note, e.g. "position of ukraine"; the kind's label for the note's own
    citations; "text" for a citation in Markdown text."""
    citation: Citation
    item: str = ""
    """The list the citing item is in (positions, responses), or '' for the note itself."""
    actor: str = ""
    """The citing item's actor, when it has one."""
    label: str = ""
    """How the item is described, with {actor} still to fill (the item model's CITED_AS)."""


@dataclass
class Corpus:
    """The resolved briefing. Built once by `link`, then only read."""

    briefing: Valid
    notes: dict[str, Valid]
    by_kind: dict[str, list[Valid]]
    sources: dict[str, SourceText]
    titles: dict[str, str]
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    cited_by: dict[tuple[str, int], list[Cite]] = field(default_factory=dict)
    positions_of: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    claims_of: dict[str, list[str]] = field(default_factory=dict)
    responses_of: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    events_of: dict[str, list[str]] = field(default_factory=dict)
    claims_on: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)
    dependents: dict[str, list[str]] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)
    quotes: dict[tuple[str, str, int], tuple[str, Citation]] = field(default_factory=dict)
    """(note, "positions" or "responses", index; "" and 0 for a claim's own) → the quote as
    the source spells it, and the citation it was found in."""
    originals: dict[Citation, str] = field(default_factory=dict)
    """Citation → the link to the same passage in the original (a text fragment), where the
    source has a URL and shows its text."""
    tags: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    """Note → the notes it names, in fields or with [[id]] (sorted)."""
    citations: dict[str, list[tuple[str, Citation]]] = field(default_factory=dict)
    """Note → (field, citation) for every citation it makes, in the order written."""
    drafts: set[str] = field(default_factory=set)
    """Draft notes kept in this corpus (only with --drafts; otherwise they are left out)."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Former id → the note that now carries it."""
    left_out: int = 0
    """How many drafts were left out."""

    def kind_of(self, note_id: str) -> str:
        return self.notes[note_id].kind


NO_BRIEFING = Valid(RawNote("", "", "content/briefing.yml", None, "", 1), None)
"""Stands in for a briefing.yml that could not be read, so the notes are still checked."""


@dataclass(frozen=True)
class Coverage:
    source: str
    total: int
    cited: int
    uncited: tuple[int, ...]
    headings: tuple[int, ...]
    """The uncited blocks that look like headings (short, no closing punctuation)."""


def looks_like_heading(block: str, markdown: bool) -> bool:
    if markdown:
        return block.lstrip().startswith("#")
    words = block.split()
    return 0 < len(words) <= 12 and not block.rstrip().endswith((".", "!", "?", ":", ";", '"', "”", ")"))


def coverage(corpus: Corpus) -> list[Coverage]:
    out = []
    for source_id in sorted(corpus.sources):
        text = corpus.sources[source_id]
        uncited = tuple(i for i in range(1, len(text.blocks) + 1) if (source_id, i) not in corpus.cited_by)
        heads = tuple(i for i in uncited if looks_like_heading(text.blocks[i - 1], text.markdown))
        out.append(Coverage(source_id, len(text.blocks), len(text.blocks) - len(uncited), uncited, heads))
    return out
