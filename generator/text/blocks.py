"""Numbered blocks of a source text, and the folding used to verify quotes."""

from __future__ import annotations

import re

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_WS_RE = re.compile(r"\s+")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-",
    "\u00a0": " ",
})


def split_blocks(text: str, markdown: bool) -> list[str]:
    """Blocks 1..N: lines of a .txt; blank-line paragraphs of a .md (a fence is one block)."""
    if not markdown:
        return [line.strip() for line in text.split("\n") if line.strip()]
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            current.append(line)
            m = _FENCE_RE.match(line)
            closes = m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
            if closes and m and not line.strip()[len(m.group(1)):].strip():
                fence = None
            continue
        m = _FENCE_RE.match(line)
        if m:
            fence = m.group(1)
            current.append(line)
            continue
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current).strip("\n"))
            current = []
    if current:
        blocks.append("\n".join(current).strip("\n"))
    return blocks


def fold(text: str) -> str:
    """The form quotes and blocks are compared in: plain quotes and dashes, single spaces."""
    return _WS_RE.sub(" ", text.translate(_FOLD)).strip()


def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the offset it comes from in `text` (the
    translation is one character for one; a run of whitespace becomes one space)."""
    translated = text.translate(_FOLD)
    out: list[str] = []
    at: list[int] = []
    pos = 0
    for m in _WS_RE.finditer(translated):
        if m.start() > pos:
            out.append(translated[pos:m.start()])
            at.extend(range(pos, m.start()))
        if at and m.end() < len(translated):  # inner runs only: fold strips both ends
            out.append(" ")
            at.append(m.start())
        pos = m.end()
    if pos < len(translated):
        out.append(translated[pos:])
        at.extend(range(pos, len(translated)))
    return "".join(out), at


def plain_markdown(text: str) -> str:
    """A Markdown block as a reader sees it, without emphasis, link or heading markup, so
    quotes can ignore them (read by the note renderer: linear in the block's length)."""
    from generator.text import markup

    return markup.visible(text)


def find_quote(quote: str, blocks: list[str], markdown: bool) -> str | None:
    """The words of the source that `quote` matches (blocks joined with one space, compared
    after folding), spelled as the source spells them; None when the quote is not there."""
    needle = fold(quote)
    if not needle:
        return None
    joined = " ".join(blocks)
    translated = joined.translate(_FOLD)
    body = translated.lstrip()
    lead = len(translated) - len(body)
    at = _WS_RE.sub(" ", body).rstrip().find(needle)  # fold(joined), without the leading space
    if at >= 0:
        first, last = _unfolded(body, at, at + len(needle) - 1)
        return " ".join(joined[lead + first:lead + last + 1].split())
    if markdown and needle in fold(plain_markdown(joined)):
        return " ".join(quote.split())
    return None


_WIDE_WS_RE = re.compile(r"\s{2,}")


def _unfolded(text: str, first: int, last: int) -> tuple[int, int]:
    """Where characters `first` and `last` of the folded `text` are in `text` itself. The
    translation is one character for one, so only runs of two or more whitespace
    characters, each squeezed to one space, shift the places; prose has few of them."""
    shift = 0
    start = -1
    for m in _WIDE_WS_RE.finditer(text):
        at = m.start() - shift  # where the run's one space is in the folded text
        if start < 0 and at > first:
            start = first + shift
        if at > last:
            break
        shift += m.end() - m.start() - 1
    return (start if start >= 0 else first + shift), last + shift


def quote_found(quote: str, blocks: list[str], markdown: bool) -> bool:
    """Is `quote` in the blocks, joined with one space, after folding?"""
    return find_quote(quote, blocks, markdown) is not None


FINGERPRINT_LEN = 8
REMOVED = "0" * FINGERPRINT_LEN
"""Recorded for a block where a refresh put the citations of a block that was removed: it
matches no text, so those citations fail the check until they are reviewed."""


def fingerprint(block: str) -> str:
    """A block's text, folded as quotes are compared, in a few characters: what the checksum
    records per block, so a changed text says which blocks changed."""
    import hashlib

    return hashlib.sha256(fold(block).encode("utf-8")).hexdigest()[:FINGERPRINT_LEN]


def block_map(old: list[str], new: list[str]) -> dict[int, tuple[str, int | None]]:
    """Old block number → (what became of it, its new number): "same" (same text, same
    number), "moved" (same text, another number), "changed" (another text in its place), or
    "removed" (no new number). `old` and `new` are the blocks' fingerprints, in order."""
    import difflib

    result: dict[int, tuple[str, int | None]] = {}
    added: dict[str, list[int]] = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                result[i1 + k + 1] = ("same" if i1 == j1 else "moved", j1 + k + 1)
            continue
        for k in range(i2 - i1):
            result[i1 + k + 1] = ("changed", j1 + k + 1) if k < j2 - j1 else ("removed", None)
        for j in range(j1 + (i2 - i1), j2):
            added.setdefault(new[j], []).append(j + 1)
    # A paragraph moved elsewhere: its text is new there, and gone (or changed) here.
    for i, (what, _j) in list(result.items()):
        places = added.get(old[i - 1])
        if what in ("changed", "removed") and places and len(places) == 1:
            result[i] = ("moved", places[0])
    return result
