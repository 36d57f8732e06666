"""issues/<id>.md: a disputed issue, and the positions actors hold on it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict

from generator.kinds.base import Kind, Note, Published, Relations
from generator.kinds.fields import (
    ActorId,
    AnyDate,
    CitationRef,
    Citations,
    FullDate,
    IssueId,
    Label,
    Markdown,
    Quote,
    Wording,
)
from generator.problems import Problems

STATUSES = ("open", "narrowing", "agreed", "stalled", "collapsed", "unclear")
MOVED = ("narrowing", "agreed")
"""Statuses that say the positions moved: a cited history entry must record the movement."""


class Position(Note):
    """Who wants what on an issue."""

    CITED_AS = "position of {actor}"

    actor: ActorId
    """The actor holding the position."""
    stance: Markdown
    """The position in a sentence or two."""
    quote: Quote | None = None
    """Verbatim words from the cited blocks; checked by the generator."""
    wording: Wording = "reported"
    """reported: the quote is the source's words about the actor; direct: the actor's own words."""
    sources: Citations
    """Where the position is reported."""


class HistoryEntry(Note):
    """A change in the briefing's account of a note."""

    date: AnyDate
    """When it changed."""
    change: Markdown
    """What changed."""
    sources: list[CitationRef] = []
    """Where the change is reported."""


class Issue(Published):
    """issues/<id>.md: a disputed issue."""

    # The rule the checker enforces, for editors' tools that read the schema: positions may be
    # empty only when the status is unclear.
    model_config = ConfigDict(json_schema_extra={
        "if": {"not": {"properties": {"status": {"const": "unclear"}}}},
        "then": {"properties": {"positions": {"minItems": 1}}},
    })

    title: Label
    """Short name of the disputed issue."""
    summary: Markdown
    """One or two sentences."""
    status: Literal[STATUSES]  # type: ignore[valid-type]
    """Where the dispute stands."""
    updated: FullDate
    """Date of the last substantive review."""
    tags: list[Label] = []
    """Free-form tags."""
    related: list[IssueId] = []
    """Related issues (shown on both)."""
    depends_on: list[IssueId] = []
    """Issues this one cannot be settled without."""
    positions: list[Position]
    """Who wants what; one position per actor. At least one, unless the status is unclear
    (an issue the sources raise without reporting anyone's position on it)."""
    questions: list[Markdown] = []
    """Open questions."""
    sources: list[CitationRef] = []
    """Citations for the issue as a whole."""
    history: list[HistoryEntry] = []
    """What changed in the briefing on this issue, and when."""


def relate(note: Any, rel: Relations, problems: Problems) -> None:
    """Positions (one per actor), related and dependent issues, and staleness."""
    d, note_id = note.data, note.id
    if not d.positions and d.status != "unclear":
        problems.error(note.path, note.line("positions"), "positions: needs at least one entry (an issue whose "
                       "sources report no one's position on it is status: unclear)")
    seen: dict[str, int] = {}
    for i, p in enumerate(d.positions):
        if p.actor in seen:
            problems.error(note.path, note.line("positions", i, "actor"),
                           f'positions[{i}].actor: "{p.actor}" already holds a position on this issue '
                           f"(positions[{seen[p.actor]}]); restate it there and record the change in history")
            continue
        seen[p.actor] = i
        rel.positions_of[p.actor].append((note_id, i))
    for r in d.related:
        if r == note_id:
            problems.error(note.path, note.line("related"), "related: an issue cannot be related to itself")
        elif r in rel.notes:
            rel.related[note_id].add(r)
            rel.related[r].add(note_id)
    for dep in d.depends_on:
        if dep == note_id:
            problems.error(note.path, note.line("depends_on"), "depends_on: an issue cannot depend on itself")
        elif dep in rel.notes:
            rel.dependents[dep].append(note_id)
    as_of = rel.as_of
    if as_of is None:
        return  # no as_of to compare with: briefing.yml has its own error
    if d.updated.ordinal() > as_of.ordinal():
        problems.warn(note.path, note.line("updated"),
                      f"updated {d.updated} is after the briefing's as_of {as_of}: move as_of forward in "
                      "content/briefing.yml, or correct updated")
    elif as_of.ordinal() - d.updated.ordinal() > rel.stale_after_days:
        rel.stale.add(note_id)
        problems.warn(note.path, note.line("updated"),
                      f"issue is stale: updated {d.updated}, more than {rel.stale_after_days} days before "
                      f"the briefing's as_of {as_of}")


def conclude(rel: Relations, problems: Problems) -> None:
    """A dependency cycle is a warning, once per set of issues that depend on one another."""
    notes = rel.notes
    graph = {i: [d for d in notes[i].data.depends_on if d in notes and d != i]
             for i in notes if notes[i].kind == KIND.folder}
    for cycle in _cycles(graph):
        first = notes[cycle[0]]
        problems.warn(first.path, first.line("depends_on"),
                      "depends_on: dependency cycle among issues " + ", ".join(cycle))
    rel.related = {k: sorted(v) for k, v in rel.related.items()}
    rel.dependents = {k: sorted(v) for k, v in rel.dependents.items()}


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


SCAFFOLD = """---
# The disputed issue's short name.
title: {title}
# One or two sentences: what is disputed. Markdown; link notes with [[id]].
summary: "FILL IN: what is disputed, in a sentence or two"
# open, narrowing, agreed, stalled, collapsed or unclear
status: open
# The date of your last substantive review (YYYY-MM-DD), not after the briefing's as_of.
updated: {today}
# Who wants what: one entry per actor, each citing where it is reported.
positions:
  - actor: FILL IN actor id
    stance: "FILL IN: what this actor wants"
    # quote: words copied exactly from the cited block (optional)
    # wording: direct only when the source prints them in quotation marks (default reported)
    sources: ["FILL IN: source-id#p1"]
# Optional: tags, related, depends_on, questions, sources, history.
---
"""

KIND = Kind(folder="issues", label="issue", plural="issues", model=Issue, position=0, section="Issues",
            listing="issues.md", template="issue.md.j2", search_boost=3, order="by title", scaffold=SCAFFOLD,
            sort_key=lambda note_id, data, title: (title.casefold(), note_id), relate=relate, conclude=conclude,
            diff_rank=0, diff_items=(("positions", "position", "stance"),))
