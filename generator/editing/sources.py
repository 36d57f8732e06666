"""`briefing sources`: each source's coverage and checksum; `--update` records checksums.

The checksum pins a source's text: when the file changes, `briefing check` fails until
an editor has reviewed the citations into it and recorded the new checksum here.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.linking.corpus import Corpus, coverage
from generator.output.write import atomic_write, check_file_slot, real_dir

_SHA_LINE = re.compile(r"^sha256:[^\n]*$", re.M)


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
    """Record the current checksum in each named source (all sources when `ids` is empty)."""
    known = {n.id: n for n in corpus.by_kind.get("sources", [])}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(", ".join(unknown))
    done = []
    for source_id in ids or sorted(known):
        note = known[source_id]
        text = corpus.sources.get(source_id)
        if text is None or note.data.sha256 == text.sha256:
            continue
        path = root / note.path
        real_dir(root, note.path.rpartition("/")[0], create=False)  # never through a link
        check_file_slot(root, note.path)
        raw = path.read_text(encoding="utf-8")
        line = f"sha256: {text.sha256}"
        if _SHA_LINE.search(raw):
            new = _SHA_LINE.sub(line, raw, count=1)
        else:
            new = raw + ("" if raw.endswith("\n") else "\n") + line + "\n"
        atomic_write(path, new.encode("utf-8"))
        done.append(f"{note.path}: recorded {line}")
    return done
