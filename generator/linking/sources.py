"""Pass 2: each source's text, read from seeds/, split into numbered blocks, checked against its checksum."""

from __future__ import annotations

import hashlib
import re

from generator.linking.corpus import SourceText
from generator.linking.linker import Linker
from generator.loading.load import Loaded
from generator.problems import Problems, did_you_mean
from generator.text import blocks as blocklib
from generator.validating.validate import Valid

MAX_BLOCKS = 20_000
"""Blocks one source may have: a long report has a few thousand paragraphs."""


def run(linker: Linker) -> None:
    assert linker.corpus is not None
    for s in linker.corpus.by_kind.get("sources", []):
        text = source_text(s, linker.loaded, linker.problems)
        if text is not None:
            linker.sources[s.id] = text


def source_text(s: Valid, loaded: Loaded, problems: Problems) -> SourceText | None:
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
    md = f.endswith(".md")
    blocks = tuple(blocklib.split_blocks(text, md))
    review: dict[int, tuple[str, int | None]] = {}
    if s.data.fingerprints:
        now = [blocklib.fingerprint(b) for b in blocks]
        recorded = s.data.fingerprints.split()
        if now != recorded:  # a changed text, or a refresh whose changed blocks are still to review
            found = blocklib.block_map(recorded, now)
            review = {n: m for n, m in found.items() if m[0] != "same"}
    if s.data.sha256 and s.data.sha256 != digest:
        what = _changes(review) if s.data.fingerprints else ""
        problems.error(s.path, s.line("sha256"), f"sha256: {f} has changed since its citations were reviewed "
                       f"(now {digest}){what}; check every citation of \"{s.id}\", then run "
                       f"`briefing sources --update {s.id}` to record it")
    if len(blocks) > MAX_BLOCKS:
        problems.error(s.path, line, f"file: {f} has {len(blocks):,} blocks; a source has at most {MAX_BLOCKS:,} "
                       "(split the document into several sources)")
        return None
    return SourceText(blocks, md, digest, review)


def _changes(review: dict[int, tuple[str, int | None]]) -> str:
    """`review` in a few words: ": p5 changed, p9 removed, p10-p14 moved" (at most ten named)."""
    if not review:
        return ": no block's text changed (only lines between them)"
    named = [f"p{n} {what}" + (f" to p{to}" if what == "moved" else "") for n, (what, to) in sorted(review.items())]
    more = f" and {len(named) - 10} more" if len(named) > 10 else ""
    return ": " + ", ".join(named[:10]) + more + " (each citation into them is named)"
