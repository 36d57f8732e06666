"""actors/<id>.md: a party, person, institution or public."""

from __future__ import annotations

from typing import Any, Literal

from generator.kinds.base import Kind, Published, Relations
from generator.kinds.fields import ActorId, Label, Text
from generator.problems import Problems

KINDS = ("person", "state", "organisation", "legislature", "public", "group")
"""What sort of actor: also the order of the groups in the listing. `group` (an addition to
the content contract) is an unnamed set of people or states the sources speak of together:
"Russian officials", "the negotiators", "Ukraine's allies"."""


class Actor(Published):
    """actors/<id>.md: a party, person, institution or public."""

    name: Label
    """Display name."""
    kind: Literal[KINDS]  # type: ignore[valid-type]
    """What sort of actor."""
    role: Text | None = None
    """One line, e.g. "President of Ukraine"."""
    part_of: ActorId | None = None
    """The actor this one belongs to."""
    tags: list[Label] = []
    """Free-form tags."""


def relate(note: Any, rel: Relations, problems: Problems) -> None:
    part_of = note.data.part_of
    if not part_of:
        return
    if part_of == note.id:
        problems.error(note.path, note.line("part_of"), "part_of: an actor cannot be part of itself")
    else:
        rel.members[part_of].append(note.id)


def conclude(rel: Relations, problems: Problems) -> None:
    """part_of must not loop. Each actor has one parent, so every chain is walked once, and
    each actor on a loop gets the loop written from itself."""
    notes = rel.notes

    def parent(note_id: str) -> str | None:
        up = notes[note_id].data.part_of
        return up if up and up != note_id and up in notes and notes[up].kind == KIND.folder else None

    state: dict[str, int] = {}  # 1: on the chain being walked, 2: done
    for start in sorted(i for i in notes if notes[i].kind == KIND.folder):
        chain: list[str] = []
        cur: str | None = start
        while cur is not None and cur not in state:
            state[cur] = 1
            chain.append(cur)
            cur = parent(cur)
        if cur is not None and state.get(cur) == 1:
            loop = chain[chain.index(cur):]
            for k, member in enumerate(loop):
                order = loop[k:] + loop[:k]
                note = notes[member]
                problems.error(note.path, note.line("part_of"),
                               "part_of: forms a loop: " + " → ".join(order + [member]))
        for member in chain:
            state[member] = 2
    rel.members = {k: sorted(v) for k, v in rel.members.items()}


SCAFFOLD = """---
# Display name.
name: {title}
# person, state, organisation, legislature or public
kind: "FILL IN: person, state, organisation, legislature or public"
# Optional: role (one line), part_of (an actor id), tags.
---
"""

KIND = Kind(folder="actors", label="actor", plural="actors", model=Actor, position=1, section="Actors",
            listing="actors.md", template="actor.md.j2", search_boost=4, order="by kind, then id", scaffold=SCAFFOLD,
            title=lambda data: str(data.name),
            sort_key=lambda note_id, data, title: (KINDS.index(data.kind), note_id),
            relate=relate, conclude=conclude, diff_rank=3)
