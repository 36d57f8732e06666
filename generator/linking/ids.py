"""Pass 1: ids are unique across kinds, and former ids (aliases) name no note."""

from __future__ import annotations

from collections import defaultdict

from generator.kinds.registry import KINDS
from generator.linking.linker import Linker
from generator.problems import Problems
from generator.validating.validate import Valid


def run(linker: Linker) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for raw in linker.loaded.notes:
        owners[raw.id].append(raw.path)
        linker.kind_by_id.setdefault(raw.id, raw.kind)
    for note_id, paths in owners.items():
        if len(paths) > 1:
            for p in paths:
                others = ", ".join(q for q in paths if q != p)
                linker.problems.error(p, 0, f'id "{note_id}" is used by more than one note: also {others}')
    linker.valid = {n.id: n for n in linker.checked if len(owners[n.id]) == 1}
    by_kind: dict[str, list[Valid]] = defaultdict(list)
    for n in sorted(linker.valid.values(), key=lambda n: n.id):
        by_kind[n.kind].append(n)
    corpus = linker.new_corpus(dict(by_kind))
    corpus.titles = {i: KINDS[n.kind].title(n.data) for i, n in linker.valid.items()}
    linker.drafts = {i for i, n in linker.valid.items() if n.data.draft}
    linker.aliases = corpus.aliases = aliases(linker.valid, linker.kind_by_id, linker.problems)


MAX_ALIASES = 100
"""Former ids one note may keep."""


def aliases(valid: dict[str, Valid], kind_by_id: dict[str, str], problems: Problems) -> dict[str, str]:
    """Former id → current id. An old id must not name a note, nor be claimed twice."""
    found: dict[str, str] = {}
    for note_id in sorted(valid):
        note = valid[note_id]
        if len(note.data.aliases) > MAX_ALIASES:
            problems.error(note.path, note.line("aliases"), f"aliases: {len(note.data.aliases):,} former ids; a note "
                           f"keeps at most {MAX_ALIASES} (each one is a page on the site)")
            continue
        for i, old in enumerate(note.data.aliases):
            where = note.line("aliases", i)
            if old == note_id:
                problems.error(note.path, where, f"aliases[{i}]: \"{old}\" is this note's own id")
            elif old in kind_by_id:
                problems.error(note.path, where, f'aliases[{i}]: "{old}" is the id of a note '
                               f"({KINDS[kind_by_id[old]].label}); an alias must be an id no note uses")
            elif old in found:
                if found[old] != note_id:
                    problems.error(note.path, where, f'aliases[{i}]: "{old}" is already an alias of '
                                   f'"{found[old]}" ({valid[found[old]].path})')
                else:
                    problems.error(note.path, where, f'aliases[{i}]: "{old}" is listed twice')
            else:
                found[old] = note_id
    return found
