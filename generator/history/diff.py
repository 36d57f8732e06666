"""What moved between two briefings, note by note and field by field (not line by line).

`compare(old, new)` reads two checked corpora (drafts already left out) and lists:
notes added, removed or renamed (through `aliases`); an issue's or claim's status; each
actor's position added, removed or restated, with its quote and citations; responses to
claims; and every other field that changed. History entries newer than the old briefing
come alongside. `text()` and `as_json()` print it; the site's "since" page renders it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generator.kinds.base import plain
from generator.kinds.registry import KINDS
from generator.linking.corpus import Corpus
from generator.text import markup, resolve
from generator.values import Citation, PartialDate, parse_citation

ORDER = tuple(k.folder for k in sorted(KINDS.values(), key=lambda k: k.diff_rank))
"""The kinds in the order their changes are listed."""
HEADINGS = {k.folder: k.plural.capitalize() for k in KINDS.values()}
_OWN = {"draft", "aliases", "history"}
"""Fields never reported as changes: history is listed on its own."""


@dataclass(frozen=True)
class Change:
    kind: str
    """Folder of the note: issues, claims, events, actors, sources, pages."""
    id: str
    title: str
    what: str
    """added, removed, renamed, status, position-added, position-removed, position-restated,
    response-added, response-removed, response-changed, or changed (any other field)."""
    field: str = ""
    actor: str = ""
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": KINDS[self.kind].label, "id": self.id, "title": self.title, "change": self.what}
        if self.field:
            out["field"] = self.field
        if self.actor:
            out["actor"] = self.actor
        if self.what not in ("added", "removed") or self.old is not None or self.new is not None:
            out["old"], out["new"] = self.old, self.new
        return out


@dataclass(frozen=True)
class Entry:
    date: PartialDate
    note: str
    title: str
    change: str


@dataclass
class Report:
    old_label: str
    new_label: str
    old_as_of: PartialDate
    new_as_of: PartialDate
    changes: list[Change] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)
    """History entries of the new briefing that the old one did not have, newest first."""

    def by_kind(self) -> list[tuple[str, list[Change]]]:
        return [(k, [c for c in self.changes if c.kind == k]) for k in ORDER
                if any(c.kind == k for c in self.changes)]


def compare(old: Corpus, new: Corpus, old_label: str = "old", new_label: str = "new") -> Report:
    report = Report(old_label, new_label, old.briefing.data.as_of, new.briefing.data.as_of)
    out = report.changes
    # A rename keeps its kind (an alias keeps an address within one folder); a note that
    # moved to another kind is reported as removed and added.
    renamed = {o: n for o, n in new.aliases.items()
               if o in old.notes and o not in new.notes and old.notes[o].kind == new.notes[n].kind}
    for kind in ORDER:
        olds = {n.id: n for n in old.by_kind.get(kind, [])}
        news = {n.id: n for n in new.by_kind.get(kind, [])}
        for note_id in sorted(set(olds) | set(news)):
            if note_id in olds and note_id in news:
                _note(out, kind, note_id, new.titles[note_id], olds[note_id].data, news[note_id].data,
                      olds[note_id].raw.body, news[note_id].raw.body, renamed)
            elif note_id in news:
                if note_id in renamed.values():
                    continue  # reported with its old id below
                out.append(Change(kind, note_id, new.titles[note_id], "added", new=_headline(news[note_id].data)))
            elif renamed.get(note_id) in news and new.notes[renamed[note_id]].kind == kind:
                now = renamed[note_id]
                out.append(Change(kind, now, new.titles[now], "renamed", field="id", old=note_id, new=now))
                _note(out, kind, now, new.titles[now], olds[note_id].data, news[now].data,
                      olds[note_id].raw.body, news[now].raw.body, renamed)
            else:
                out.append(Change(kind, note_id, old.titles[note_id], "removed", old=_headline(olds[note_id].data)))
    report.history = _new_history(old, new, renamed)
    return report


def _renamed(value: Any, aliases: dict[str, str]) -> Any:
    """An old value with renamed ids written the new way, so a rename alone is not a change.
    Citations and [[links]] are found by the parsers the checker uses (so a reference in a
    code span, which is no reference, is left as it is)."""
    if isinstance(value, str):
        if not aliases:
            return value
        if value in aliases:
            return aliases[value]
        try:
            cite = parse_citation(value)
        except ValueError:
            cite = None
        if cite is not None:
            return str(Citation(aliases.get(cite.source, cite.source), cite.start, cite.end))
        if "[[" in value or "[@" in value:
            return _renamed_refs(value, aliases)
        return value
    if isinstance(value, list):
        return [_renamed(v, aliases) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, aliases) for k, v in value.items()}
    return value


def _renamed_refs(text: str, aliases: dict[str, str]) -> str:
    out, pos = [], 0
    for ref in markup.scan(text):
        note_id = ref.target.split("#")[0] if ref.kind == "cite" else ref.target
        new = aliases.get(note_id)
        if new is None:
            continue
        at = ref.offset + ref.raw.index(note_id)
        out += [text[pos:at], new]
        pos = at + len(note_id)
    return "".join(out) + text[pos:]


def _headline(d: Any) -> Any:
    """What a reader sees first of an added or removed note: its status, if it has one."""
    return getattr(d, "status", None)


def _note(out: list[Change], kind: str, note_id: str, title: str, old: Any, new: Any,
          old_body: str, new_body: str, renamed: dict[str, str]) -> None:
    def add(what: str, fld: str = "", actor: str = "", o: Any = None, n: Any = None) -> None:
        out.append(Change(kind, note_id, title, what, fld, actor, o, n))

    handled = set(_OWN)
    if hasattr(new, "status"):
        handled.add("status")
        if old.status != new.status:
            add("status", "status", o=old.status, n=new.status)
    for items, noun, main in KINDS[kind].diff_items:
        handled.add(items)
        _by_actor(add, noun, _renamed(plain(getattr(old, items)), renamed), plain(getattr(new, items)), main)
    for name in type(new).model_fields:
        if name in handled:
            continue
        a, b = plain(getattr(old, name)), plain(getattr(new, name))
        if _renamed(a, renamed) != b:
            add("changed", name, o=a, n=b)
    if _renamed(old_body.strip(), renamed) != new_body.strip():
        add("changed", "body", o=old_body.strip(), n=new_body.strip())


def _by_actor(add: Any, noun: str, olds: list[Any], news: list[Any], main: str) -> None:
    """Positions (or responses) matched by actor: added, removed, restated, and their parts."""
    before = {p["actor"]: p for p in olds}
    after = {p["actor"]: p for p in news}
    for actor in [p["actor"] for p in news] + [p["actor"] for p in olds if p["actor"] not in after]:
        pa, pb = before.get(actor), after.get(actor)
        if pa is None:
            add(f"{noun}-added", f"{noun}s", actor, None, pb)
        elif pb is None:
            add(f"{noun}-removed", f"{noun}s", actor, pa, None)
        else:
            if pa[main] != pb[main] or pa.get("position") != pb.get("position"):
                add(f"{noun}-restated" if noun == "position" else "response-changed", f"{noun}s", actor, pa, pb)
                continue
            for part in ("quote", "sources"):
                if pa.get(part) != pb.get(part):
                    add("changed", f"{noun}s.{part}", actor, pa.get(part), pb.get(part))


def _with_history(corpus: Corpus) -> list[Any]:
    """The notes of every kind that keeps a history, in kind and id order."""
    return [n for k in KINDS.values() if "history" in k.model.model_fields for n in corpus.by_kind.get(k.folder, [])]


def _new_history(old: Corpus, new: Corpus, renamed: dict[str, str]) -> list[Entry]:
    seen = {(renamed.get(n.id, n.id), str(h.date), _renamed(h.change, renamed))
            for n in _with_history(old) for h in n.data.history}
    out = [Entry(h.date, n.id, new.titles[n.id], h.change) for n in _with_history(new)
           for h in n.data.history if (n.id, str(h.date), h.change) not in seen]
    out.sort(key=lambda e: (tuple(-x for x in e.date.sort_key), e.title.casefold(), e.note, e.change))
    return out


# ---------------------------------------------------------------- output


def as_json(report: Report, ascii: bool = False) -> str:
    """The report as JSON (with `ascii`, every other character as a \\u escape)."""
    value = {
        "old": {"label": report.old_label, "as_of": str(report.old_as_of)},
        "new": {"label": report.new_label, "as_of": str(report.new_as_of)},
        "changes": [c.as_dict() for c in report.changes],
        "history": [{"date": str(e.date), "id": e.note, "title": e.title, "change": e.change}
                    for e in report.history],
    }
    return json.dumps(value, ensure_ascii=ascii, indent=2) + "\n"


def _short(value: Any, limit: int = 160) -> str:
    text = resolve.flatten(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(c: Change, name: Any = None) -> str:
    """One line for a change, without the note's name (the caller shows it).
    `name` turns an actor's id into what to show (default: the id)."""
    actor = name(c.actor) if name and c.actor else c.actor
    if c.what == "added":
        return "added" + (f" (status {c.new})" if c.new else "")
    if c.what == "removed":
        return "removed" + (f" (was {c.old})" if c.old else "")
    if c.what == "renamed":
        return f"renamed from {c.old}"
    if c.what == "status":
        return f"status {c.old} → {c.new}"
    noun = c.what.split("-")[0]
    if c.what.endswith("-added"):
        return f"{noun} of {actor} added"
    if c.what.endswith("-removed"):
        return f"{noun} of {actor} removed"
    if c.what in ("position-restated", "response-changed"):
        return f"{noun} of {actor} " + ("restated" if noun == "position" else "changed")
    if c.actor:
        part = c.field.split(".")[-1]
        return f"{'quote' if part == 'quote' else 'citations'} of {actor}'s {c.field.split('.')[0][:-1]} changed"
    return f"{c.field} changed"


def details(c: Change) -> list[tuple[str, str]]:
    """(label, text) lines under a change: the old and new wording, where there is one."""
    if c.what.endswith("-added"):
        return [("now", _stance(c.new))]
    if c.what.endswith("-removed"):
        return [("was", _stance(c.old))]
    if c.what in ("position-restated", "response-changed"):
        return [("was", _stance(c.old)), ("now", _stance(c.new))]
    if c.what == "changed":
        return [("was", _short(c.old)), ("now", _short(c.new))]
    return []


def _stance(p: Any) -> str:
    if not isinstance(p, dict):
        return _short(p)
    words = p.get("stance") or p.get("summary") or ""
    if p.get("position"):
        words = f"{p['position']}: {words}"
    return _short(words)


def text(report: Report) -> str:
    lines = [f"briefing diff: {report.old_label} (as of {report.old_as_of}) → "
             f"{report.new_label} (as of {report.new_as_of})"]
    if not report.changes and not report.history:
        lines.append("no changes")
    for kind, changes in report.by_kind():
        lines.append("")
        lines.append(HEADINGS[kind])
        for c in changes:
            mark = {"added": "+", "removed": "-"}.get(c.what, "~")
            lines.append(f"  {mark} {c.id} \"{_short(c.title, 70)}\": {describe(c)}")
            lines += [f"      {label}: {value}" for label, value in details(c)]
    if report.history:
        lines.append("")
        lines.append("History entries")
        lines += [f"  {e.date} {e.note}: {_short(e.change)}" for e in report.history]
    return "\n".join(lines) + "\n"
