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
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK_RE = re.compile(r"(\*\*|__|\*|_|`)")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")


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
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
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


def plain_markdown(text: str) -> str:
    """A Markdown block with its inline markers removed, so quotes can ignore emphasis."""
    text = _MD_LINK_RE.sub(r"\1", text)
    text = "\n".join(_MD_HEADING_RE.sub("", line) for line in text.split("\n"))
    return _MD_MARK_RE.sub("", text)


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each of its characters the index of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i - 1)
            space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def find_quote(quote: str, blocks: list[str], markdown: bool) -> str | None:
    """The words of the source that `quote` matches (blocks joined with one space, compared
    after folding), spelled as the source spells them; None when the quote is not there."""
    needle = fold(quote)
    if not needle:
        return None
    joined = " ".join(blocks)
    folded, where = _fold_with_map(joined)
    at = folded.find(needle)
    if at >= 0:
        return " ".join(joined[where[at]:where[at + len(needle) - 1] + 1].split())
    if markdown and needle in fold(plain_markdown(joined)):
        return " ".join(quote.split())
    return None


def quote_found(quote: str, blocks: list[str], markdown: bool) -> bool:
    """Is `quote` in the blocks, joined with one space, after folding?"""
    return find_quote(quote, blocks, markdown) is not None
