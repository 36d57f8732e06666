"""Stage 3, linking: the whole corpus at once, as passes over one Linker.

1. ids          ids unique across kinds; aliases                              (ids.py)
2. sources      source texts in numbered blocks, checksums                  (sources.py)
3. references   fields that name notes                                      (references.py)
4. citations    citation fields and quotes                                  (citations.py)
5. texts        links and citations in Markdown, as the renderer reads them (texts.py)
6. relations    each kind's own pass; tags                                   (relations.py)
7. evidence     report dates, movement and sides rest on the sources          (evidence.py)
8. drafts       drafts leave the corpus                                      (drafts.py)

Everything is built with dictionaries keyed by id, so the work grows with the number of
references, never with the square of the number of notes.
"""

from __future__ import annotations

from generator.linking import citations, drafts, evidence, ids, references, relations, sources, texts
from generator.linking.corpus import Corpus
from generator.linking.linker import Linker
from generator.loading.load import Loaded
from generator.problems import Problems
from generator.validating.validate import Valid

PASSES = (ids.run, sources.run, references.run, citations.run, texts.run, relations.run, evidence.run, drafts.run)


def link(loaded: Loaded, briefing: Valid | None, notes: list[Valid], problems: Problems,
         include_drafts: bool = False) -> Corpus | None:
    """Resolve every reference. Without a valid briefing.yml every note is still checked (so
    one run reports every problem), but there is no corpus to render: None is returned."""
    linker = Linker(loaded, briefing, notes, problems, include_drafts)
    linker.corpus = None
    for run in PASSES[:-1]:
        run(linker)
    corpus = linker.corpus
    assert corpus is not None
    corpus.backlinks = {k: sorted(v) for k, v in linker.back.items()}
    corpus.links = {k: sorted(v) for k, v in linker.out.items()}
    corpus.citations = dict(linker.cites)
    corpus.cited_by = citations.cited_by(linker.spans, linker.places)
    corpus.quotes = linker.quotes
    corpus.originals = citations.originals(linker)
    PASSES[-1](linker)
    return corpus if briefing is not None else None
