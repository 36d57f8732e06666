"""Quotation marks in a source text as written: which passages the source prints as someone's
own words. A `quote:` with `wording: direct` must lie inside one such pair (see
linking/citations.py).

The marks are paired in the text before any folding, in one pass over the source:

- a mark between two letters is an apostrophe (Kyiv’s, don't), never a quotation mark;
- a mark opens only where it can start a quotation (after a space, a bracket, a dash or
  another mark, or at the start of a block, and before a character that is not a space) and
  closes only where it can end one (after a character that is not a space, and before a space,
  punctuation or the end of the block);
- each closing mark closes the nearest open mark it belongs with: “…”, „…“, „…”, «…», »…«,
  ‘…’, ‚…‘, ‚…’, ‹…›, ›…‹, "…" and '…';
- a quotation does not run past the end of its block, except where the next block starts
  with the same opening mark: the news convention for a quotation of several paragraphs,
  which leaves the mark at the end of each paragraph but the last unclosed.

The pairs of a source are properly nested, so the outermost pairs (disjoint, in order) are
all a question "is this passage inside quotation marks?" needs: one binary search.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

CLOSERS: dict[str, str] = {
    "\u201c": "\u201d",          # “ … ”
    "\u201e": "\u201c\u201d",    # „ … “ and „ … ”
    "\u00ab": "\u00bb",          # « … »
    "\u00bb": "\u00ab",          # » … «
    "\u2018": "\u2019",          # ‘ … ’
    "\u201a": "\u2018\u2019",    # ‚ … ‘ and ‚ … ’
    "\u2039": "\u203a",          # ‹ … ›
    "\u203a": "\u2039",          # › … ‹
    '"': '"',
    "'": "'",
}
"""Each opening mark, and the marks that close it."""
MARKS = frozenset(CLOSERS) | frozenset("".join(CLOSERS.values()))
_MARK_RE = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
_OPEN_AFTER = frozenset("([{<\u2014\u2013-/") | MARKS
"""Besides a space or the start of a block: what may come just before an opening mark."""


def _can_open(before: str, after: str) -> bool:
    return after != "" and not after.isspace() and (before == "" or before.isspace() or before in _OPEN_AFTER)


def _can_close(before: str, after: str) -> bool:
    if before == "" or before.isspace():
        return False
    return after == "" or after.isspace() or unicodedata.category(after)[0] in "PS"


@dataclass(frozen=True)
class Quoted:
    """The outermost quotation pairs of a text: (opening mark, closing mark) offsets, in order."""

    opens: tuple[int, ...]
    closes: tuple[int, ...]

    def encloses(self, start: int, end: int) -> bool:
        """Does one pair enclose text[start:end]? The marks themselves may be part of it."""
        if end <= start:
            return False
        i = bisect.bisect_right(self.opens, start) - 1
        return i >= 0 and end - 1 <= self.closes[i]


def quoted(blocks: list[str], separator: str = " ") -> Quoted:
    """The outermost quotation pairs of the blocks joined with `separator`, as offsets in the joined text."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    base = 0
    for n, block in enumerate(blocks):
        continues = False
        if n:
            continues = bool(block) and bool(stack) and block[0] == stack[-1][0]
            if not continues:
                stack.clear()  # a quotation left open ends with its block
        first = True
        for m in _MARK_RE.finditer(block):
            i = m.start()
            mark = m.group()
            before = block[i - 1] if i else ""
            after = block[i + 1] if i + 1 < len(block) else ""
            if before.isalpha() and after.isalpha():
                continue  # an apostrophe
            if first and i == 0 and continues:
                first = False
                continue  # the quotation of the last block goes on here
            first = False
            if _can_close(before, after):
                at = next((k for k in range(len(stack) - 1, -1, -1) if mark in CLOSERS[stack[k][0]]), -1)
                if at >= 0:
                    pairs.append((stack[at][1], base + i))
                    del stack[at:]
                    continue
            if mark in CLOSERS and _can_open(before, after):
                stack.append((mark, base + i))
        base += len(block) + len(separator)
    pairs.sort()
    opens: list[int] = []
    closes: list[int] = []
    for o, c in pairs:
        if closes and c <= closes[-1]:
            continue  # inside the pair before it
        opens.append(o)
        closes.append(c)
    return Quoted(tuple(opens), tuple(closes))
