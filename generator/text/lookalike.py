"""Strings that look the same but are not: `territory` and `tеrritory` (with a Cyrillic е).

Unicode's confusables table (UTS #39, shipped by the confusable-homoglyphs package) pairs
characters that are drawn alike. Joining those pairs gives classes of look-alikes; a
string's skeleton writes each character as its class's representative, so two strings
with one skeleton differ only by characters a reader cannot tell apart.
"""

from __future__ import annotations

import functools
import unicodedata


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    """Character → the representative of its class of look-alikes (single characters only)."""
    from confusable_homoglyphs import confusables

    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        root = ch
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(ch, ch) != root:  # path compression
            parent[ch], ch = root, parent[ch]
        return root

    for char, alikes in confusables.confusables_data.items():
        if len(char) != 1:
            continue
        for other in alikes:
            glyph = other["c"]
            if len(glyph) != 1:
                continue
            a, b = find(char), find(glyph)
            if a != b:
                # The representative is the lowest code point, so ASCII letters win.
                parent[max(a, b)] = min(a, b)
    return {ch: find(ch) for ch in parent}


def skeleton(text: str) -> str:
    """`text` with every character replaced by its look-alike class, invisible ones dropped."""
    if text.isascii():
        return text
    classes = _classes()
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if unicodedata.category(ch) == "Cf":
            continue
        out.append(classes.get(ch, ch))
    return "".join(out)


def differences(a: str, b: str) -> list[str]:
    """The characters of `a` that are not in `b`, named, for a message."""
    named = []
    for ch in dict.fromkeys(a):
        if ch not in b:
            named.append(f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})")
    return named


def groups(words: list[str]) -> list[list[str]]:
    """Sets of two or more different words that share a skeleton, each sorted, in sorted order."""
    by_skeleton: dict[str, set[str]] = {}
    for w in words:
        by_skeleton.setdefault(skeleton(w), set()).add(w)
    return sorted(sorted(g) for g in by_skeleton.values() if len(g) > 1)
