"""events/<id>.md: a dated happening, for the timeline."""

from __future__ import annotations

from typing import Any

from generator.kinds.base import Kind, Published, Relations
from generator.kinds.fields import ActorId, AnyDate, Bool, Citations, DateBasis, IssueId, Label
from generator.problems import Problems


class Event(Published):
    """events/<id>.md: a dated happening for the timeline."""

    title: Label
    """What happened."""
    date: AnyDate
    """When (YYYY-MM-DD, YYYY-MM or YYYY)."""
    approximate: Bool = False
    """True when the date is an estimate."""
    date_basis: DateBasis = "stated"
    """stated: a cited block gives the date; report: the date is when a cited source reported it."""
    actors: list[ActorId] = []
    """Actors involved."""
    issues: list[IssueId] = []
    """Issues it bears on."""
    sources: Citations
    """Where it is reported."""
    tags: list[Label] = []
    """Free-form tags."""


def date_order(note_id: str, data: Any) -> tuple[object, ...]:
    """Date order; events of one date in the order their first source tells them. An event
    dated by a report ("by 2025-12") happened on or before its date: it comes first among
    the events of that date."""
    first = min(data.sources)
    return (data.date.sort_key, data.date_basis != "report", first.source, first.start, note_id)


def relate(note: Any, rel: Relations, problems: Problems) -> None:
    for a in note.data.actors:
        rel.events_of[a].append(note.id)
    for iss in note.data.issues:
        rel.events_of[iss].append(note.id)


def conclude(rel: Relations, problems: Problems) -> None:
    """Each actor's and issue's events in date order."""
    notes = rel.notes
    rel.events_of = {k: sorted(set(v), key=lambda i: date_order(i, notes[i].data)) for k, v in rel.events_of.items()}


SCAFFOLD = """---
# What happened.
title: {title}
# YYYY-MM-DD, or YYYY-MM / YYYY when that is all the source gives.
date: "FILL IN: YYYY-MM-DD"
# true when the date is an estimate.
approximate: false
# stated: a cited block gives the date; report: the date is when the source reported it
# (then give the source's published date).
date_basis: stated
# Where it is reported: source-id#pN or source-id#pN-pM.
sources: ["FILL IN: source-id#p1"]
# Optional: actors, issues, tags.
---
"""

KIND = Kind(folder="events", label="event", plural="events", model=Event, position=2, section="Timeline",
            listing="timeline.md", template="event.md.j2", order="in date order", scaffold=SCAFFOLD,
            sort_key=lambda note_id, data, title: date_order(note_id, data),
            span=lambda data, title: str(data.date), relate=relate, conclude=conclude, diff_rank=2)
