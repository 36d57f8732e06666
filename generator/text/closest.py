"""The passage of a text closest to a quote that is not in it, and what differs, so an editor
whose quote was not found fixes it in one look.

The search is linear in the text: a window as long as the quote (in words) slides over the
text's words, scored by the words the two share; only the best window is compared word by
word (difflib, on at most MAX_WORDS words).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from generator.text.blocks import fold

MAX_WORDS = 120
"""Quotes longer than this many words get no hint (the comparison grows with the square)."""
MAX_DIFFERENCES = 3
"""Differences a hint names before it says how many more there are."""
SHOWN = 160
"""Characters of the passage a hint shows."""
_WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Closest:
    passage: str
    """The source's words closest to the quote (folded: plain quotes and dashes)."""
    differences: str
    """What differs, e.g. 'the quote has "rejects" where the source has "would reject"'."""
    score: float
    """How alike the two are, from 0 to 1."""


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def closest(quote: str, text: str) -> Closest | None:
    """The passage of `text` closest to `quote`, or None when none shares half its words."""
    q = _tokens(fold(quote))
    q_words = [t.casefold() for t in q if t[0].isalnum() or t[0] == "_"]
    if not q_words or len(q) > MAX_WORDS * 2 or len(q_words) > MAX_WORDS:
        return None
    tokens = _tokens(fold(text))
    folded = [t.casefold() for t in tokens]
    word_at = [i for i, t in enumerate(tokens) if t[0].isalnum() or t[0] == "_"]
    if not word_at:
        return None
    n = min(len(q_words), len(word_at))
    want = Counter(q_words)
    have: Counter[str] = Counter(folded[word_at[k]] for k in range(n))
    score = sum(min(c, want[w]) for w, c in have.items())
    best, best_at = score, 0
    for k in range(1, len(word_at) - n + 1):
        out, new = folded[word_at[k - 1]], folded[word_at[k + n - 1]]
        if want[out] and have[out] <= want[out]:
            score -= 1
        have[out] -= 1
        have[new] += 1
        if want[new] and have[new] <= want[new]:
            score += 1
        if score > best:
            best, best_at = score, k
    if best * 2 < len(q_words):
        return None
    # The window, with a little room each side, trimmed to what matches the quote.
    lo = word_at[max(0, best_at - 2)]
    hi = word_at[min(len(word_at) - 1, best_at + n + 1)] + 1
    window = tokens[lo:hi]
    sm = difflib.SequenceMatcher(None, [t.casefold() for t in q], [t.casefold() for t in window], autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return None
    start = blocks[0].b - min(blocks[0].a, 2) if blocks[0].a else blocks[0].b
    end = blocks[-1].b + blocks[-1].size + min(len(q) - blocks[-1].a - blocks[-1].size, 2)
    passage_tokens = window[max(0, start):min(len(window), end)]
    alike = difflib.SequenceMatcher(None, q, passage_tokens, autojunk=False).ratio()
    return Closest(_spelled(passage_tokens), _differences(q, passage_tokens), alike)


def _spelled(tokens: list[str]) -> str:
    """Tokens back into text, punctuation against the word before it."""
    out = ""
    for t in tokens:
        if out and (t[0].isalnum() or t[0] in "_(\"'[") and not out.endswith(("(", "[", "\"")):
            out += " "
        out += t
    return out if len(out) <= SHOWN else out[:SHOWN].rsplit(" ", 1)[0] + " …"


def _differences(q: list[str], p: list[str]) -> str:
    if q == p:
        return "the same words, spaced differently"
    if [t.casefold() for t in q] == [t.casefold() for t in p]:
        diffs = [f'"{a}" where the source has "{b}"' for a, b in zip(q, p, strict=True) if a != b]
        return "only the case differs: " + _listed(diffs)
    q_words = [t for t in q if t[0].isalnum() or t[0] == "_"]
    p_words = [t for t in p if t[0].isalnum() or t[0] == "_"]
    if q_words == p_words:
        return "only the punctuation differs"
    out = []
    single = False
    sm = difflib.SequenceMatcher(None, q_words, p_words, autojunk=False)
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        ours, theirs = " ".join(q_words[a0:a1]), " ".join(p_words[b0:b1])
        if op == "replace":
            out.append(f'the quote has "{ours}" where the source has "{theirs}"')
            single = a1 - a0 == 1 and b1 - b0 == 1
        elif op == "delete":
            out.append(f'the quote adds "{ours}"')
        elif op == "insert":
            out.append(f'the quote leaves out "{theirs}"')
    if not out:
        return "only the punctuation differs"
    return ("one word differs: " if len(out) == 1 and single else "") + _listed(out)


def _listed(items: list[str]) -> str:
    shown = items[:MAX_DIFFERENCES]
    more = len(items) - len(shown)
    text = "; ".join(shown)
    return text + (f"; and {more} more difference{'s' if more > 1 else ''}" if more else "")
