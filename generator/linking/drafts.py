"""Pass 7: drafts were checked like every note; now they leave the corpus (unless --drafts),
so no page, listing, index or export can mention them."""

from __future__ import annotations

from typing import Any

from generator.linking.corpus import Corpus
from generator.linking.linker import Linker
from generator.linking.relations import TABLES


def run(linker: Linker) -> None:
    corpus = linker.corpus
    assert corpus is not None
    if linker.include_drafts:
        corpus.drafts = linker.drafts
    elif linker.drafts:
        leave_out(corpus, linker.drafts)


def leave_out(corpus: Corpus, drafts: set[str]) -> None:
    """Remove drafts, and everything drafts said about other notes, from the corpus.
    Published notes cannot name drafts (link reports that), so only draft-made entries go."""
    def ids(values: list[Any]) -> list[Any]:
        return [v for v in values if (v[0] if isinstance(v, tuple) else v) not in drafts]

    def table(d: dict[str, list[Any]]) -> dict[str, list[Any]]:
        kept = {k: ids(v) for k, v in d.items() if k not in drafts}
        return {k: v for k, v in kept.items() if v}

    corpus.left_out = len(drafts)
    corpus.notes = {i: n for i, n in corpus.notes.items() if i not in drafts}
    corpus.by_kind = {k: [n for n in v if n.id not in drafts] for k, v in corpus.by_kind.items()}
    corpus.titles = {i: t for i, t in corpus.titles.items() if i not in drafts}
    corpus.aliases = {old: new for old, new in corpus.aliases.items() if new not in drafts}
    for name in ("backlinks", "links", *TABLES):
        setattr(corpus, name, table(getattr(corpus, name)))
    corpus.citations = {k: v for k, v in corpus.citations.items() if k not in drafts}
    corpus.tags = {t: kept for t, v in corpus.tags.items() if (kept := ids(v))}
    kept_cites = {k: [c for c in v if c.note not in drafts] for k, v in corpus.cited_by.items()}
    corpus.cited_by = {k: v for k, v in kept_cites.items() if v}
    corpus.stale -= drafts
    corpus.quotes = {k: v for k, v in corpus.quotes.items() if k[0] not in drafts}
    corpus.sources = {k: v for k, v in corpus.sources.items() if k not in drafts}
