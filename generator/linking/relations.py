"""Pass 6: how notes relate (each kind's own pass), and the tags, with look-alike ones flagged."""

from __future__ import annotations

from collections import defaultdict

from generator.kinds.base import Relations
from generator.kinds.registry import KINDS
from generator.linking.corpus import NO_BRIEFING, Corpus
from generator.linking.linker import Linker
from generator.problems import Problems

TABLES = ("positions_of", "claims_of", "responses_of", "events_of", "claims_on", "members", "related", "dependents")
"""The relation tables each kind's pass fills, copied onto the corpus."""


def run(linker: Linker) -> None:
    corpus = linker.corpus
    assert corpus is not None
    known = corpus.briefing is not NO_BRIEFING
    rel = Relations(corpus.notes, corpus.briefing.data.as_of if known else None,
                    corpus.briefing.data.stale_after_days if known else 0)
    tags: dict[str, list[str]] = defaultdict(list)
    for note_id in sorted(corpus.notes):
        note = corpus.notes[note_id]
        for t in getattr(note.data, "tags", None) or ():
            tags[t].append(note_id)
        relate = KINDS[note.kind].relate
        if relate is not None:
            relate(note, rel, linker.problems)
    for kind in KINDS.values():
        if kind.conclude is not None:
            kind.conclude(rel, linker.problems)
    for name in TABLES:
        setattr(corpus, name, dict(getattr(rel, name)))
    corpus.stale = rel.stale
    corpus.tags = {k: sorted(set(v)) for k, v in sorted(tags.items())}
    lookalike_tags(corpus, linker.problems)


def lookalike_tags(corpus: Corpus, problems: Problems) -> None:
    """A warning for every tag that differs from another only by characters drawn alike
    (`territory` and `tеrritory`, with a Cyrillic е): readers would see one tag twice."""
    from generator.text import lookalike

    if all(t.isascii() for t in corpus.tags):
        return
    for group in lookalike.groups(list(corpus.tags)):
        # The spelling most notes use is taken as meant; each other one is flagged where first used.
        main = max(group, key=lambda t: (len(corpus.tags[t]), t.isascii(), t))
        for other in group:
            if other == main:
                continue
            note = corpus.notes[corpus.tags[other][0]]
            index = list(note.data.tags).index(other)
            differs = ", ".join(lookalike.differences(other, main))
            problems.warn(note.path, note.line("tags", index),
                          f'tags[{index}]: "{other}" looks like the tag "{main}" but is a different tag '
                          f"(it has {differs}): use one spelling")
