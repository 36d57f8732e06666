"""Pass 7: what a note says must rest on what its sources say.

- A date with `date_basis: report` is the published date of a source the note cites (at that
  source's precision), and is not also an estimate (errors).
- An issue whose status says the positions moved (narrowing, agreed) records the movement in
  a history entry that cites its source (a warning).
- An issue whose positions all come from one side is not `open`: open means the positions of
  two sides or more are reported and differ; `unclear` is for an issue the sources raise without the other
  side (a warning). Two actors are on one side when following part_of from each reaches the
  same actor.
"""

from __future__ import annotations

from generator.kinds import issue
from generator.linking.linker import Linker
from generator.validating.validate import Valid


def run(linker: Linker) -> None:
    for note in linker.documents:
        if note.id not in linker.valid:
            continue
        if getattr(note.data, "date_basis", None) == "report":
            report_date(linker, note)
        if note.kind == "issues":
            movement(linker, note)
            sides(linker, note)


def report_date(linker: Linker, note: Valid) -> None:
    d = note.data
    if d.date is None:
        linker.error(note, ("date_basis",), None, "report needs a date: the published date of a source the note cites")
        return
    if getattr(d, "approximate", False):
        linker.error(note, ("approximate",), None, "true, but date_basis: report says the date is when a source "
                     "reported it, not an estimate: keep one of the two")
    published: dict[str, str] = {}
    if any(c.source not in linker.valid for c in d.sources):
        return  # a cited source is unknown or failed its own check: that error says enough
    for c in d.sources:
        source = linker.valid.get(c.source)
        if source is not None and source.kind == "sources" and source.data.published is not None:
            published.setdefault(c.source, str(source.data.published))
    if not published:
        linker.error(note, ("date_basis",), None, "report, but no source the note cites has a published date: "
                     "give the source's published date, or the date a cited block states (date_basis: stated)")
    elif str(d.date) not in published.values():
        dates = ", ".join(f"{s} {p}" for s, p in published.items())
        linker.error(note, ("date",), None, f"{d.date} is not when a cited source was published ({dates}); with "
                     "date_basis: report the date is a cited source's published date, at its precision")


def movement(linker: Linker, note: Valid) -> None:
    d = note.data
    if d.status not in issue.MOVED:
        return
    cited = {field for field, _ in linker.cites.get(note.id, [])}
    if any(field.startswith(f"history[{i}].") for i in range(len(d.history)) for field in cited):
        return
    if any(e.sources and any(c.source not in linker.valid for c in e.sources) for e in d.history):
        return  # the entry cites a source that failed its own check: that error says enough
    linker.problems.warn(note.path, note.line("status"),
                         f"status: {d.status} says the positions moved, but no history entry records the movement "
                         "with its source: add one whose change cites it ([@source#pN]) or that has sources:, "
                         "or give the status the sources support")


def side(linker: Linker, actor: str) -> str:
    """The actor at the top of `actor`'s part_of chain (a loop is reported elsewhere)."""
    seen: set[str] = set()
    current = actor
    while current not in seen:
        seen.add(current)
        note = linker.valid.get(current)
        up = getattr(note.data, "part_of", None) if note is not None and note.kind == "actors" else None
        if not up:
            break
        current = up
    return current


def sides(linker: Linker, note: Valid) -> None:
    d = note.data
    if d.status != "open":
        return
    tops = {side(linker, p.actor) for p in d.positions}
    if len(tops) != 1:
        return  # two sides or more; or none, which is an error of its own
    (top,) = tops
    linker.problems.warn(note.path, note.line("status"),
                         f"status: open, but every position is from one side ({top}): open means the positions "
                         "of two sides or more are reported and differ; write status: unclear until the sources "
                         "report another side")
