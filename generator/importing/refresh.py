"""`briefing import PATH --id ID --refresh [--dry-run]`: a changed version of a source, in.

The new document is read as any import is (command.py), and its blocks are matched with the
blocks its citations were reviewed against (the fingerprints the source note records; the seed
file's blocks where it records none): each old block is the same, moved, changed or removed
(text.blocks.block_map), and new blocks are added. Then, in every note, with the routine that
rewrites citations keeping each note's formatting (editing/rewrite.py, which `briefing rename`
uses too):
- a citation of blocks that only moved is renumbered, so its quote still verifies;
- a citation of a block that changed follows it to its new number, and one of a block that
  was removed goes to where it was; both are left for review: the fingerprints recorded for
  those places are the old text's, so `briefing check` fails on each of them, with file and
  line, until the editor has reviewed them and run `briefing sources --update ID`.
The seed file is replaced (a new one where the text now needs Markdown, or no longer does),
and the checksum is the new text's. `--dry-run` prints the same report and writes nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.editing import rewrite
from generator.editing.sources import record
from generator.importing.command import ImportProblem, Options, check_options, read_document
from generator.importing.document import seed
from generator.loading import load, yamltree
from generator.output.write import atomic_write, check_file_slot, real_dir
from generator.problems import Problems
from generator.text.blocks import REMOVED, block_map, fingerprint, split_blocks
from generator.values import Citation


@dataclass
class Refreshed:
    map: dict[int, tuple[str, int | None]]
    added: list[int]
    moved: dict[str, int] = field(default_factory=dict)
    """Note path → citations renumbered."""
    review: list[tuple[str, str]] = field(default_factory=list)
    """(note path, citation as it is now) of each citation left for review."""
    seed: str = ""


def _note(root: Path, source_id: str) -> tuple[str, dict]:
    rel = f"content/sources/{source_id}.yml"
    try:
        raw = (root / rel).read_text(encoding="utf-8")
        data = yamltree.to_plain(yamltree.parse(raw))
    except (OSError, UnicodeDecodeError, yamltree.YamlError):
        raise ImportProblem(f'no source "{source_id}" to refresh ({rel} cannot be read): import it without '
                            "--refresh first") from None
    if not isinstance(data, dict) or not isinstance(data.get("file"), str):
        raise ImportProblem(f"{rel}: no file: field; fix the note, then refresh")
    return rel, data


def _landing(n: int, found: dict[int, tuple[str, int | None]], count: int) -> int:
    """Where a citation of removed block `n` goes: the next block that is still there."""
    for k in [*range(n + 1, max(found, default=0) + 1), *range(n - 1, 0, -1)]:
        to = found.get(k, ("", None))[1]
        if to is not None:
            return to
    return max(1, min(n, count))


def refresh(root: Path, path: Path, o: Options, dry_run: bool) -> Refreshed:
    check_options(o)
    note_rel, data = _note(root, o.id)
    old_rel = data["file"]
    old_path = root / old_rel
    try:
        old_blocks = split_blocks(old_path.read_text(encoding="utf-8"), old_rel.endswith(".md"))
    except (OSError, UnicodeDecodeError):
        old_blocks = []
    recorded = data.get("fingerprints")
    old = recorded.split() if isinstance(recorded, str) and recorded else [fingerprint(b) for b in old_blocks]
    doc, _fmt, original = read_document(path)
    suffix, text = seed(doc)
    new_blocks = split_blocks(text, suffix == ".md")
    new = [fingerprint(b) for b in new_blocks]
    found = block_map(old, new)
    result = Refreshed(found, sorted(set(range(1, len(new) + 1)) - {to for _, to in found.values() if to}))
    kept = list(new)  # the fingerprints recorded: the new text's, but where citations need review
    for n, (what, to) in found.items():
        if what == "changed" and to is not None:
            kept[to - 1] = old[n - 1]
        elif what == "removed":
            kept[_landing(n, found, len(new)) - 1] = REMOVED

    current = {"note": ""}

    def cite(c: Citation) -> Citation | None:
        if c.source != o.id:
            return None
        places = []
        review = False
        for n in range(c.start, c.end + 1):
            what, to = found.get(n, ("removed", None))
            review = review or what in ("changed", "removed")
            places.append(to if to is not None else _landing(n, found, len(new)))
        moved = Citation(c.source, min(places), max(places))
        if review:
            result.review.append((current["note"], str(moved)))
        return None if (moved.start, moved.end) == (c.start, c.end) else moved

    plan = rewrite.Plan(cite=cite)
    for rel in _notes(root):
        current["note"] = rel
        done = rewrite.rewrite_file(root, rel, plan, write=not dry_run)
        if done.edits:
            result.moved[rel] = done.edits
    seed_rel = old_rel if old_rel.endswith(suffix) else f"seeds/{o.id}{suffix}"
    result.seed = seed_rel
    if dry_run:
        return result
    real_dir(root, "seeds")
    check_file_slot(root, seed_rel)
    atomic_write(root / seed_rel, text.encode("utf-8"))
    raw = (root / note_rel).read_text(encoding="utf-8")
    raw = record(raw, hashlib.sha256(text.encode("utf-8")).hexdigest(), " ".join(kept))
    if seed_rel != old_rel:
        raw = raw.replace(f"file: {old_rel}", f"file: {seed_rel}").replace(f'file: "{old_rel}"',
                                                                           f'file: "{seed_rel}"')
    check_file_slot(root, note_rel)
    atomic_write(root / note_rel, raw.encode("utf-8"))
    if seed_rel != old_rel and old_path.is_file() and not old_path.is_symlink():
        os.unlink(old_path)  # replaced by the new text, under its new name
    if o.keep_original:
        real_dir(root, "seeds/originals")
        atomic_write(root / f"seeds/originals/{o.id}{path.suffix.lower()}", original)
    return result


def _notes(root: Path) -> list[str]:
    """Every note file of the project (briefing.yml included), by path, as the loader reads them."""
    loaded = load.load(root, Problems())
    return [n.path for n in ([loaded.briefing] if loaded.briefing else []) + list(loaded.notes)]
