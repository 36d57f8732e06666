"""The whole corpus at once: ids, references, citations, quotes, backlinks → problems.

Everything here is built with dictionaries keyed by id, so the work grows with the
number of references, never with the square of the number of notes.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.kinds.model import KIND_NAMES, Citation, parse_citation
from generator.loading import yamltree
from generator.loading.load import Loaded, RawNote
from generator.problems import Problems, did_you_mean
from generator.text import blocks as blocklib
from generator.text import markup
from generator.validating.validate import Valid


@dataclass(frozen=True)
class SourceText:
    blocks: tuple[str, ...]
    markdown: bool
    sha256: str


@dataclass(frozen=True)
class Cite:
    """One citation made by a note, for cited-by lists."""

    note: str
    where: str
    """Human label of the field, e.g. "position of ukraine"."""
    citation: Citation


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
    quotes: dict[tuple[str, str, int], str] = field(default_factory=dict)
    """(note, "positions" or "responses", index) → the quote as the source spells it."""
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


_NO_BRIEFING = Valid(RawNote("", "", "content/briefing.yml", None, "", 1), None)
"""Stands in for a briefing.yml that could not be read, so the notes are still checked."""

# Fields that name other notes: (kind of note, path pattern) → kind the target must be.
_REFS: dict[str, list[tuple[tuple[object, ...], str]]] = {
    "issues": [(("related", "*"), "issues"), (("depends_on", "*"), "issues"),
               (("positions", "*", "actor"), "actors")],
    "actors": [(("part_of",), "actors")],
    "events": [(("actors", "*"), "actors"), (("issues", "*"), "issues")],
    "claims": [(("claimant",), "actors"), (("responses", "*", "actor"), "actors"), (("issues", "*"), "issues")],
    "sources": [],
    "pages": [],
}


def _walk(data: Any, pattern: tuple[object, ...], here: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], Any]]:
    """Values at `pattern` in a model ('*' = every list item), with their concrete paths."""
    if not pattern:
        yield here, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        for i, item in enumerate(data or ()):
            yield from _walk(item, rest, here + (i,))
    else:
        value = getattr(data, str(step), None)
        if value is not None:
            yield from _walk(value, rest, here + (step,))


def _markdown_fields(note: Valid) -> Iterator[tuple[tuple[object, ...], str]]:
    d = note.data
    kind = note.kind
    if kind in ("issues",):
        yield ("summary",), d.summary
        for i, p in enumerate(d.positions):
            yield ("positions", i, "stance"), p.stance
        for i, q in enumerate(d.questions):
            yield ("questions", i), q
        for i, h in enumerate(d.history):
            yield ("history", i, "change"), h.change
    elif kind == "claims":
        yield ("statement",), d.statement
        for i, r in enumerate(d.responses):
            yield ("responses", i, "summary"), r.summary
    elif kind == "":
        yield ("summary",), d.summary


def _citations(note: Valid) -> Iterator[tuple[tuple[object, ...], Citation, str, str | None]]:
    """(path, citation, label, quote) for every citation field of a note."""
    d = note.data
    for i, c in enumerate(getattr(d, "sources", None) or () if note.kind != "sources" else ()):
        yield ("sources", i), c, KIND_NAMES[note.kind], None
    if note.kind == "issues":
        for i, p in enumerate(d.positions):
            for j, c in enumerate(p.sources):
                yield ("positions", i, "sources", j), c, f"position of {p.actor}", p.quote
    if note.kind == "claims":
        for i, r in enumerate(d.responses):
            for j, c in enumerate(r.sources):
                yield ("responses", i, "sources", j), c, f"response of {r.actor}", r.quote


def text_line(raw_tree: yamltree.Map | None, path: tuple[object, ...], line_in_text: int) -> int:
    """File line of a line (from 0) of a field's value (exact for | blocks, else the value's line)."""
    node = yamltree.find(raw_tree, path)
    if isinstance(node, yamltree.Scalar):
        if node.block:
            return node.line + 1 + line_in_text
        return node.line
    found = yamltree.locate(raw_tree, path)
    return found[0] if found else 1


def _line_in(note: Valid, path: tuple[object, ...], line_in_text: int) -> int:
    """File line of a line (from 0) of a note's body or of one of its fields."""
    if path == ("body",):
        return note.raw.body_line + line_in_text
    return text_line(note.raw.tree, path, line_in_text)


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The line (from 0) of each offset, in one pass over the text (offsets ascending)."""
    out, line, pos = [], 0, 0
    for at in offsets:
        line += text.count("\n", pos, at)
        pos = at
        out.append(line)
    return out


def link(loaded: Loaded, briefing: Valid | None, notes: list[Valid], problems: Problems,
         include_drafts: bool = False) -> Corpus | None:
    """Resolve every reference. Drafts are checked like any note, then left out of the corpus
    (unless `include_drafts`), so no page, listing, index or export can mention them.

    Without a valid briefing.yml every note is still checked (so one run reports every
    problem), but there is no corpus to render: None is returned."""
    corpus = _link(loaded, briefing, notes, problems, include_drafts)
    return corpus if briefing is not None else None


def _link(loaded: Loaded, briefing: Valid | None, notes: list[Valid], problems: Problems,
          include_drafts: bool) -> Corpus:
    # 1. Ids: unique across kinds. Notes that failed their schema still own their id,
    #    so a typo in one note does not turn every reference to it into an error too.
    owners: dict[str, list[str]] = defaultdict(list)
    kind_by_id: dict[str, str] = {}
    for raw in loaded.notes:
        owners[raw.id].append(raw.path)
        kind_by_id.setdefault(raw.id, raw.kind)
    for note_id, paths in owners.items():
        if len(paths) > 1:
            for p in paths:
                others = ", ".join(q for q in paths if q != p)
                problems.error(p, 0, f'id "{note_id}" is used by more than one note: also {others}')
    valid = {n.id: n for n in notes if len(owners[n.id]) == 1}
    by_kind: dict[str, list[Valid]] = defaultdict(list)
    for n in sorted(valid.values(), key=lambda n: n.id):
        by_kind[n.kind].append(n)

    # 2. Source texts.
    sources: dict[str, SourceText] = {}
    for s in by_kind.get("sources", []):
        text = _source_text(s, loaded, problems)
        if text is not None:
            sources[s.id] = text

    corpus = Corpus(briefing or _NO_BRIEFING, valid, dict(by_kind), sources, {})
    corpus.titles = {i: _plain_title(n) for i, n in valid.items()}
    drafts = {i for i, n in valid.items() if n.data.draft}
    corpus.aliases = _aliases(valid, kind_by_id, problems)
    back: dict[str, set[str]] = defaultdict(set)
    out: dict[str, set[str]] = defaultdict(set)
    cites: dict[str, list[tuple[str, Citation]]] = defaultdict(list)
    spans: dict[tuple[str, str, str], list[Citation]] = defaultdict(list)
    """(source, citing note, where) → the citations it makes there, expanded to blocks at the end."""
    ids_of_kind: dict[str, list[str]] = defaultdict(list)
    for i, k in kind_by_id.items():
        ids_of_kind[k].append(i)
    suggestions = [SUGGESTIONS]

    def suggest(target: str, kind: str) -> str:
        """A "did you mean" for the first SUGGESTIONS unknown names of a run: a note that
        names thousands of unknown ids must not cost thousands of fuzzy searches."""
        if suggestions[0] <= 0 or len(target) > 100:
            return ""
        suggestions[0] -= 1
        return did_you_mean(target, ids_of_kind[kind] if kind else list(kind_by_id))

    def place(note: Valid, path: tuple[object, ...], line: int | None) -> tuple[int, str]:
        """Line and field name for a message: looked up only when there is one to print."""
        return (line if line is not None else note.line(*path)), _field_path(path)

    def draft_ref(note: Valid, path: tuple[object, ...], line: int | None, target: str, verb: str) -> bool:
        """A published note must not lead readers to a page that does not exist."""
        if target in drafts and note.id not in drafts:
            where, fp = place(note, path, line)
            problems.error(note.path, where, f'{fp}: "{target}" is a draft (draft: true in {valid[target].path}); '
                           f"a published note cannot {verb} it: publish it, or remove the reference")
            return True
        return False

    def check_ref(note: Valid, path: tuple[object, ...], target: str, want: str, line: int | None = None) -> bool:
        if target not in kind_by_id:
            where, fp = place(note, path, line)
            if target in corpus.aliases:
                new = corpus.aliases[target]
                problems.error(note.path, where, f'{fp}: "{target}" was renamed to "{new}" '
                               f"(see aliases in {valid[new].path}): write {new}")
                return False
            problems.error(note.path, where, f'{fp}: unknown id "{target}"{suggest(target, want)}')
            return False
        if want and kind_by_id[target] != want:
            where, fp = place(note, path, line)
            problems.error(note.path, where, f'{fp}: "{target}" is {_a(KIND_NAMES[kind_by_id[target]])}, '
                           f"expected {_a(KIND_NAMES[want])}")
            return False
        if draft_ref(note, path, line, target, "link to"):
            return False
        if target != note.id and note.id in valid:
            back[target].add(note.id)
            out[note.id].add(target)
        return True

    def check_cite(note: Valid, path: tuple[object, ...], c: Citation, line: int | None = None) -> bool:
        if c.source not in kind_by_id:
            where, fp = place(note, path, line)
            problems.error(note.path, where, f'{fp}: unknown source "{c.source}"{suggest(c.source, "sources")}')
            return False
        if kind_by_id[c.source] != "sources":
            where, fp = place(note, path, line)
            problems.error(note.path, where, f'{fp}: "{c.source}" is {_a(KIND_NAMES[kind_by_id[c.source]])}, '
                           "not a source")
            return False
        if draft_ref(note, path, line, c.source, "cite"):
            return False
        text = sources.get(c.source)
        if text is None:
            return False
        if c.end - c.start >= MAX_RANGE:
            where, fp = place(note, path, line)
            problems.error(note.path, where, f"{fp}: {c} spans {c.end - c.start + 1} blocks; a citation spans at most "
                           f"{MAX_RANGE}: cite the passages that say it")
            return False
        if c.end > len(text.blocks):
            where, fp = place(note, path, line)
            problems.error(note.path, where, f"{fp}: {c} cites block p{c.end}, but source \"{c.source}\" "
                           f"has {len(text.blocks)} blocks")
            return False
        if note.id in valid:
            back[c.source].add(note.id)
            cites[note.id].append((_field_path(path), c))
        return True

    all_docs = ([briefing] if briefing else []) + [valid[i] for i in sorted(valid)]
    for note in all_docs:
        # 3. Fields that name notes.
        for pattern, want in _REFS.get(note.kind, []):
            for path, target in _walk(note.data, pattern):
                check_ref(note, path, target, want)
        # 4. Citations and quotes.
        for path, c, label, quote in _citations(note):
            if check_cite(note, path, c) and note.id in valid:
                spans[(c.source, note.id, label)].append(c)
        if note.id in valid:
            corpus.quotes.update(_check_quotes(note, sources, problems))
        # 5. Links and citations inside Markdown.
        texts = list(_markdown_fields(note))
        if note.kind != "sources" and note.raw.body.strip():
            texts.append((("body",), note.raw.body))
        for path, text in texts:
            refused = markup.parse(text).refused
            if refused:
                problems.error(note.path, _line_in(note, path, 0), f"{_field_path(path)}: {refused}")
                continue
            for at, dest in markup.unsafe_links(text):
                line = _line_in(note, path, at)
                shown = dest if len(dest) <= 60 else dest[:57] + "..."
                problems.error(note.path, line, f'{_field_path(path)}: link to "{shown}" is not allowed: links go to '
                               "http, https or mailto addresses, or to notes with [[id]]")
            refs = markup.scan(text)
            for ref, at in zip(refs, _line_numbers(text, [r.offset for r in refs])):
                line = _line_in(note, path, at)
                if ref.kind == "link":
                    if not ref.target:
                        problems.error(note.path, line, f"{_field_path(path)}: empty link {ref.raw}")
                    else:
                        check_ref(note, path, ref.target, "", line)
                else:
                    try:
                        c = parse_citation(ref.target)
                    except ValueError as exc:
                        problems.error(note.path, line, f"{_field_path(path)}: {ref.raw}: {exc}")
                        continue
                    if check_cite(note, path, c, line) and note.id in valid:
                        spans[(c.source, note.id, "text")].append(c)

    _structure(corpus, problems)
    corpus.backlinks = {k: sorted(v) for k, v in back.items()}
    corpus.links = {k: sorted(v) for k, v in out.items()}
    corpus.citations = dict(cites)
    corpus.cited_by = _cited_by(spans)
    if include_drafts:
        corpus.drafts = drafts
    elif drafts:
        _leave_out(corpus, drafts)
    return corpus


MAX_RANGE = 100
"""Blocks one citation may span: a passage, never a whole document (and a bound on the
work and the page size that citations make)."""
MAX_BLOCKS = 20_000
"""Blocks one source may have: a long report has a few thousand paragraphs."""
SUGGESTIONS = 200
"""Unknown names per run that get a "did you mean"."""


def _cited_by(spans: dict[tuple[str, str, str], list[Citation]]) -> dict[tuple[str, int], list[Cite]]:
    """Every cited block → who cites it where, each (note, where) once per block, with the
    first of its citations that covers the block: the work is the blocks covered, however
    many overlapping citations a note makes."""
    out: dict[tuple[str, int], list[Cite]] = defaultdict(list)
    for (source, note_id, where), cs in sorted(spans.items()):
        done = 0
        for c in sorted(set(cs)):
            for n in range(max(c.start, done + 1), c.end + 1):
                out[(source, n)].append(Cite(note_id, where, c))
            done = max(done, c.end)
    return {k: sorted(v, key=lambda x: (x.note, x.where, x.citation)) for k, v in out.items()}


def _aliases(valid: dict[str, Valid], kind_by_id: dict[str, str], problems: Problems) -> dict[str, str]:
    """Former id → current id. An old id must not name a note, nor be claimed twice."""
    found: dict[str, str] = {}
    for note_id in sorted(valid):
        note = valid[note_id]
        for i, old in enumerate(note.data.aliases):
            where = note.line("aliases", i)
            if old == note_id:
                problems.error(note.path, where, f"aliases[{i}]: \"{old}\" is this note's own id")
            elif old in kind_by_id:
                problems.error(note.path, where, f'aliases[{i}]: "{old}" is the id of a note '
                               f"({KIND_NAMES[kind_by_id[old]]}); an alias must be an id no note uses")
            elif old in found:
                if found[old] != note_id:
                    problems.error(note.path, where, f'aliases[{i}]: "{old}" is already an alias of '
                                   f'"{found[old]}" ({valid[found[old]].path})')
                else:
                    problems.error(note.path, where, f'aliases[{i}]: "{old}" is listed twice')
            else:
                found[old] = note_id
    return found


def _leave_out(corpus: Corpus, drafts: set[str]) -> None:
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
    for name in ("backlinks", "links", "positions_of", "claims_of", "responses_of", "events_of",
                 "claims_on", "members", "related", "dependents"):
        setattr(corpus, name, table(getattr(corpus, name)))
    corpus.citations = {k: v for k, v in corpus.citations.items() if k not in drafts}
    corpus.tags = {t: kept for t, v in corpus.tags.items() if (kept := ids(v))}
    kept_cites = {k: [c for c in v if c.note not in drafts] for k, v in corpus.cited_by.items()}
    corpus.cited_by = {k: v for k, v in kept_cites.items() if v}
    corpus.stale -= drafts
    corpus.quotes = {k: v for k, v in corpus.quotes.items() if k[0] not in drafts}
    corpus.sources = {k: v for k, v in corpus.sources.items() if k not in drafts}


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


def event_key(note: Valid) -> tuple[object, ...]:
    """Date order; events of one date in the order their first source tells them."""
    first = min(note.data.sources)
    return (note.data.date.sort_key, first.source, first.start, note.id)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _field_path(path: tuple[object, ...]) -> str:
    from generator.validating.validate import field_path

    return field_path(path)


def _plain_title(note: Valid) -> str:
    d = note.data
    if note.kind == "actors":
        return str(d.name)
    if note.kind == "claims":
        if d.title:
            return str(d.title)
        text = markup.flatten(d.statement)
        return text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0] + "…"
    return str(d.title)


def _source_text(s: Valid, loaded: Loaded, problems: Problems) -> SourceText | None:
    f = s.data.file.strip()
    line = s.line("file")
    if f.startswith("/") or "\\" in f or re.match(r"^[A-Za-z]:", f):
        problems.error(s.path, line, f'file: "{f}" must be a relative path under seeds/')
        return None
    parts = f.split("/")
    if ".." in parts or parts[0] != "seeds" or len(parts) < 2:
        problems.error(s.path, line, f'file: "{f}" must be a path under seeds/, such as seeds/article.txt')
        return None
    if not f.endswith((".txt", ".md")):
        problems.error(s.path, line, f'file: "{f}" must be a .txt or .md file')
        return None
    text = loaded.seeds.get(f)
    if text is None:
        known = list(loaded.seeds)
        problems.error(s.path, line, f'file: "{f}" does not exist (or could not be read){did_you_mean(f, known)}')
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if s.data.sha256 and s.data.sha256 != digest:
        problems.error(s.path, s.line("sha256"), f"sha256: {f} has changed since its citations were reviewed "
                       f"(now {digest}); check every citation of \"{s.id}\", then run "
                       f"`briefing sources --update` to record it")
    md = f.endswith(".md")
    blocks = tuple(blocklib.split_blocks(text, md))
    if len(blocks) > MAX_BLOCKS:
        problems.error(s.path, line, f"file: {f} has {len(blocks):,} blocks; a source has at most {MAX_BLOCKS:,} "
                       "(split the document into several sources)")
        return None
    return SourceText(blocks, md, digest)


def _check_quotes(note: Valid, sources: dict[str, SourceText],
                  problems: Problems) -> dict[tuple[str, str, int], str]:
    found: dict[tuple[str, str, int], str] = {}
    items: list[tuple[tuple[object, ...], Any]] = []
    if note.kind == "issues":
        items = [(("positions", i), p) for i, p in enumerate(note.data.positions)]
    elif note.kind == "claims":
        items = [(("responses", i), r) for i, r in enumerate(note.data.responses)]
    for path, item in items:
        if not item.quote:
            continue
        cands = [c for c in item.sources if c.source in sources and c.end <= len(sources[c.source].blocks)]
        if len(cands) < len(item.sources):
            continue  # a citation is already wrong; that error says enough
        for c in cands:
            text = sources[c.source]
            spelled = blocklib.find_quote(item.quote, list(text.blocks[c.start - 1:c.end]), text.markdown)
            if spelled is not None:
                found[(note.id, str(path[0]), int(path[1]))] = spelled  # type: ignore[arg-type]
                break
        else:
            cited = ", ".join(str(c) for c in item.sources)
            problems.error(note.path, note.line(*path, "quote"),
                           f"{_field_path(path + ('quote',))}: not found word for word in {cited}")
    return found


def _structure(corpus: Corpus, problems: Problems) -> None:
    """Relations between notes: positions, members, related, dependencies, staleness, tags."""
    positions_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    claims_of: dict[str, list[str]] = defaultdict(list)
    responses_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    events_of: dict[str, list[str]] = defaultdict(list)
    claims_on: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    dependents: dict[str, list[str]] = defaultdict(list)
    tags: dict[str, list[str]] = defaultdict(list)
    notes = corpus.notes
    known = corpus.briefing is not _NO_BRIEFING
    as_of = corpus.briefing.data.as_of if known else None
    stale_days = corpus.briefing.data.stale_after_days if known else 0

    for note_id in sorted(notes):
        note = notes[note_id]
        d = note.data
        for t in getattr(d, "tags", None) or ():
            tags[t].append(note_id)
        if note.kind == "issues":
            seen: dict[str, int] = {}
            for i, p in enumerate(d.positions):
                if p.actor in seen:
                    problems.error(note.path, note.line("positions", i, "actor"),
                                   f'positions[{i}].actor: "{p.actor}" already holds a position on this issue '
                                   f"(positions[{seen[p.actor]}]); restate it there and record the change in history")
                    continue
                seen[p.actor] = i
                positions_of[p.actor].append((note_id, i))
            for r in d.related:
                if r == note_id:
                    problems.error(note.path, note.line("related"), "related: an issue cannot be related to itself")
                elif r in notes:
                    related[note_id].add(r)
                    related[r].add(note_id)
            for dep in d.depends_on:
                if dep == note_id:
                    problems.error(note.path, note.line("depends_on"), "depends_on: an issue cannot depend on itself")
                elif dep in notes:
                    dependents[dep].append(note_id)
            if as_of is None:
                pass  # no as_of to compare with: briefing.yml has its own error
            elif d.updated.ordinal() > as_of.ordinal():
                problems.warn(note.path, note.line("updated"),
                              f"updated {d.updated} is after the briefing's as_of {as_of}: move as_of forward in "
                              "content/briefing.yml, or correct updated")
            elif as_of.ordinal() - d.updated.ordinal() > stale_days:
                corpus.stale.add(note_id)
                problems.warn(note.path, note.line("updated"),
                              f"issue is stale: updated {d.updated}, more than {stale_days} days before "
                              f"the briefing's as_of {as_of}")
        elif note.kind == "claims":
            claims_of[d.claimant].append(note_id)
            for i, r in enumerate(d.responses):
                responses_of[r.actor].append((note_id, i))
            for iss in d.issues:
                claims_on[iss].append(note_id)
        elif note.kind == "events":
            for a in d.actors:
                events_of[a].append(note_id)
            for iss in d.issues:
                events_of[iss].append(note_id)
        elif note.kind == "actors" and d.part_of:
            if d.part_of == note_id:
                problems.error(note.path, note.line("part_of"), "part_of: an actor cannot be part of itself")
            else:
                members[d.part_of].append(note_id)

    # part_of must not loop: each actor has one parent, so follow the chain.
    for note in corpus.by_kind.get("actors", []):
        seen_chain = [note.id]
        cur = note.data.part_of
        while cur and cur in notes and notes[cur].kind == "actors" and cur != note.id:
            if cur in seen_chain:
                break
            seen_chain.append(cur)
            cur = notes[cur].data.part_of
        if cur == note.id and len(seen_chain) > 1:
            problems.error(note.path, note.line("part_of"),
                           "part_of: forms a loop: " + " → ".join(seen_chain + [note.id]))

    for cycle in _cycles({i: [d for d in notes[i].data.depends_on if d in notes and d != i]
                          for i in notes if notes[i].kind == "issues"}):
        first = notes[cycle[0]]
        problems.warn(first.path, first.line("depends_on"),
                      "depends_on: dependency cycle among issues " + ", ".join(cycle))

    def by_date(ids: list[str]) -> list[str]:
        return sorted(set(ids), key=lambda i: event_key(notes[i]))

    corpus.positions_of = dict(positions_of)
    corpus.claims_of = {k: sorted(v) for k, v in claims_of.items()}
    corpus.responses_of = dict(responses_of)
    corpus.events_of = {k: by_date(v) for k, v in events_of.items()}
    corpus.claims_on = {k: sorted(v) for k, v in claims_on.items()}
    corpus.members = {k: sorted(v) for k, v in members.items()}
    corpus.related = {k: sorted(v) for k, v in related.items()}
    corpus.dependents = {k: sorted(v) for k, v in dependents.items()}
    corpus.tags = {k: sorted(set(v)) for k, v in sorted(tags.items())}
    _lookalike_tags(corpus, problems)


def _lookalike_tags(corpus: Corpus, problems: Problems) -> None:
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


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One representative cycle per strongly connected component (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, [])))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)
