"""One linking run: what every pass reads and adds to, and the checks they share.

The passes (see linking/__init__.py) each take the Linker and add to it: the ids, the
source texts, the references in fields, the citations and quotes, the links and citations
in Markdown, the kinds' relations, and last the drafts left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.kinds.registry import KINDS
from generator.linking.corpus import NO_BRIEFING, Corpus, SourceText
from generator.loading import yamltree
from generator.loading.load import Loaded
from generator.problems import Problems, did_you_mean
from generator.validating.validate import Valid, field_path
from generator.values import Citation

SUGGESTIONS = 200
"""Unknown names per run that get a "did you mean"."""
MAX_RANGE = 100
"""Blocks one citation may span: a passage, never a whole document (and a bound on the
work and the page size that citations make)."""


class Linker:
    """The state of one linking run."""

    def __init__(self, loaded: Loaded, briefing: Valid | None, notes: list[Valid], problems: Problems,
                 include_drafts: bool) -> None:
        self.loaded, self.briefing, self.problems = loaded, briefing, problems
        self.checked = notes
        """Every note that passed its schema (some may share an id)."""
        self.include_drafts = include_drafts
        self.kind_by_id: dict[str, str] = {}
        """Every id a file gives, valid or not, with its kind: a note that failed its schema
        still owns its id, so references to it are not errors too."""
        self.valid: dict[str, Valid] = {}
        self.sources: dict[str, SourceText] = {}
        self.drafts: set[str] = set()
        self.aliases: dict[str, str] = {}
        self.back: dict[str, set[str]] = defaultdict(set)
        self.out: dict[str, set[str]] = defaultdict(set)
        self.cites: dict[str, list[tuple[str, Citation]]] = defaultdict(list)
        self.spans: dict[tuple[str, str, str], list[Citation]] = defaultdict(list)
        """(source, citing note, where) → the citations it makes there."""
        self.places: dict[tuple[str, str], tuple[str, str, str]] = {}
        """(citing note, where) → (item, actor, label) of what cites (see Cite)."""
        self.quotes: dict[tuple[str, str, int], tuple[str, Citation]] = {}
        self.quote_index: Any = None
        """Set by the citations pass (citations.QuoteIndex)."""
        self._ids_of_kind: dict[str, list[str]] | None = None
        self._suggestions = SUGGESTIONS
        self.corpus: Corpus | None = None

    @property
    def documents(self) -> list[Valid]:
        """briefing.yml (when valid) and every note that owns its id, by id."""
        return ([self.briefing] if self.briefing else []) + [self.valid[i] for i in sorted(self.valid)]

    def new_corpus(self, by_kind: dict[str, list[Valid]]) -> Corpus:
        self.corpus = Corpus(self.briefing or NO_BRIEFING, self.valid, by_kind, self.sources, {})
        return self.corpus

    # ------------------------------------------------------------ messages

    def suggest(self, target: str, kind: str) -> str:
        """A "did you mean" for the first SUGGESTIONS unknown names of a run: a note that
        names thousands of unknown ids must not cost thousands of fuzzy searches."""
        if self._suggestions <= 0 or len(target) > 100:
            return ""
        self._suggestions -= 1
        if self._ids_of_kind is None:
            self._ids_of_kind = defaultdict(list)
            for i, k in self.kind_by_id.items():
                self._ids_of_kind[k].append(i)
        return did_you_mean(target, self._ids_of_kind[kind] if kind else list(self.kind_by_id))

    def error(self, note: Valid, path: tuple[object, ...], line: int | None, message: str) -> None:
        """An error on a field (its line looked up only now that there is one to print)."""
        where = line if line is not None else note.line(*path)
        self.problems.error(note.path, where, f"{field_path(path)}: {message}")

    # ------------------------------------------------------------ shared checks

    def draft_ref(self, note: Valid, path: tuple[object, ...], line: int | None, target: str, verb: str) -> bool:
        """A published note must not lead readers to a page that does not exist."""
        if target in self.drafts and note.id not in self.drafts:
            self.error(note, path, line, f'"{target}" is a draft (draft: true in {self.valid[target].path}); '
                       f"a published note cannot {verb} it: publish it, or remove the reference")
            return True
        return False

    def check_ref(self, note: Valid, path: tuple[object, ...], target: str, want: str, line: int | None = None) -> bool:
        """`target` names a note of kind `want` (any kind when empty): record the link."""
        kinds = self.kind_by_id
        if target not in kinds:
            if target in self.aliases:
                new = self.aliases[target]
                self.error(note, path, line, f'"{target}" was renamed to "{new}" (see aliases in '
                           f"{self.valid[new].path}): write {new}")
                return False
            self.error(note, path, line, f'unknown id "{target}"{self.suggest(target, want)}')
            return False
        if want and kinds[target] != want:
            self.error(note, path, line, f'"{target}" is {_a(KINDS[kinds[target]].label)}, '
                       f"expected {_a(KINDS[want].label)}")
            return False
        if self.draft_ref(note, path, line, target, "link to"):
            return False
        if target != note.id and note.id in self.valid:
            self.back[target].add(note.id)
            self.out[note.id].add(target)
        return True

    def check_cite(self, note: Valid, path: tuple[object, ...], c: Citation, line: int | None = None) -> bool:
        """`c` cites existing blocks of a source: record the citation."""
        kinds = self.kind_by_id
        if c.source not in kinds:
            self.error(note, path, line, f'unknown source "{c.source}"{self.suggest(c.source, "sources")}')
            return False
        if kinds[c.source] != "sources":
            self.error(note, path, line, f'"{c.source}" is {_a(KINDS[kinds[c.source]].label)}, not a source')
            return False
        if self.draft_ref(note, path, line, c.source, "cite"):
            return False
        text = self.sources.get(c.source)
        if text is None:
            return False
        if c.end - c.start >= MAX_RANGE:
            self.error(note, path, line, f"{c} spans {c.end - c.start + 1} blocks; a citation spans at most "
                       f"{MAX_RANGE}: cite the passages that say it")
            return False
        if text.review and any(n in text.review for n in range(c.start, c.end + 1)):
            self.error(note, path, line, _reviewed(c, text.review))
            return False
        if c.end > len(text.blocks):
            self.error(note, path, line, f'{c} cites block p{c.end}, but source "{c.source}" has '
                       f"{len(text.blocks)} blocks")
            return False
        if note.id in self.valid:
            self.back[c.source].add(note.id)
            self.cites[note.id].append((field_path(path), c))
        return True


def _reviewed(c: Citation, review: dict[int, tuple[str, int | None]]) -> str:
    """What became of the blocks `c` cites, since its citations were reviewed."""
    said = []
    for n in range(c.start, c.end + 1):
        if n in review:
            what, to = review[n]
            said.append(f"p{n} moved to p{to}" if what == "moved" else
                        f"p{n} changed" if what == "changed" else f"p{n} was removed")
    return (f"{c}: the text of \"{c.source}\" changed since its citations were reviewed: {', '.join(said)}; "
            f"check this citation (and its quote) against the text now, correct it, then run "
            f"`briefing sources --update {c.source}`")


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


# ---------------------------------------------------------------- lines in Markdown text


def text_line(raw_tree: yamltree.Map | None, path: tuple[object, ...], line_in_text: int) -> int:
    """File line of a line (from 0) of a field's value (exact for | blocks, else the value's line)."""
    node = yamltree.find(raw_tree, path)
    if isinstance(node, yamltree.Scalar):
        if node.block:
            return node.line + 1 + line_in_text
        return node.line
    found = yamltree.locate(raw_tree, path)
    return found[0] if found else 1


def line_in(note: Valid, path: tuple[object, ...], line_in_text: int) -> int:
    """File line of a line (from 0) of a note's body or of one of its fields."""
    if path == ("body",):
        return note.raw.body_line + line_in_text
    return text_line(note.raw.tree, path, line_in_text)


def line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The line (from 0) of each offset, in one pass over the text (offsets ascending)."""
    out, line, pos = [], 0, 0
    for at in offsets:
        line += text.count("\n", pos, at)
        pos = at
        out.append(line)
    return out
