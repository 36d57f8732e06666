"""`briefing sources`: each source's coverage and checksum; `--update` records checksums.

The checksum pins a source's text: when the file changes, `briefing check` fails until
an editor has reviewed the citations into it and recorded the new checksum here.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.linking.corpus import Corpus, coverage
from generator.output.write import atomic_write, check_file_slot, real_dir
from generator.text.blocks import fingerprint

_SHA_LINE = re.compile(r"^sha256:[^\n]*$", re.M)
_PRINTS_LINE = re.compile(r"^fingerprints:[^\n]*$", re.M)


def report(corpus: Corpus) -> list[str]:
    lines = []
    covs = {c.source: c for c in coverage(corpus)}
    for note in corpus.by_kind.get("sources", []):
        text = corpus.sources.get(note.id)
        if text is None:
            lines.append(f"{note.id}: text not readable")
            continue
        recorded = note.data.sha256
        state = "checksum recorded" if recorded == text.sha256 else (
            "checksum differs: review its citations, then run briefing sources --update " + note.id
            if recorded else "no checksum recorded")
        cov = covs[note.id]
        lines.append(f"{note.id}: {note.data.file}, {cov.total} blocks, {cov.cited} cited; {state}")
    return lines


def update(root: Path, corpus: Corpus, ids: list[str]) -> list[str]:
    """Record the current checksum and block fingerprints in each named source (all sources
    when `ids` is empty: the command line asks for --all)."""
    known = {n.id: n for n in corpus.by_kind.get("sources", [])}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(", ".join(unknown))
    done = []
    for source_id in ids or sorted(known):
        note = known[source_id]
        text = corpus.sources.get(source_id)
        prints = fingerprints(text.blocks) if text is not None else ""
        if text is None or (note.data.sha256 == text.sha256 and note.data.fingerprints == prints):
            continue
        path = root / note.path
        real_dir(root, note.path.rpartition("/")[0], create=False)  # never through a link
        check_file_slot(root, note.path)
        raw = path.read_text(encoding="utf-8")
        atomic_write(path, record(raw, text.sha256, prints).encode("utf-8"))
        done.append(f"{note.path}: recorded sha256: {text.sha256} "
                    f"(and the fingerprints of its {len(text.blocks)} blocks)")
    return done


def fingerprints(blocks: tuple[str, ...] | list[str]) -> str:
    return " ".join(fingerprint(b) for b in blocks)


def record(raw: str, sha256: str, prints: str) -> str:
    """A source note's text with its checksum and fingerprints set (each on its own line, in
    place where it was; added at the end otherwise); every other line kept."""
    for pattern, line in ((_SHA_LINE, f"sha256: {sha256}"), (_PRINTS_LINE, f"fingerprints: {prints}")):
        found = pattern.search(raw)
        if found:
            raw = raw[:found.start()] + line + raw[found.end():]
        else:
            raw = raw + ("" if raw.endswith("\n") else "\n") + line + "\n"
    return raw
