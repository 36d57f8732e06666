"""Links to a passage of the original document: the source's URL with a text fragment
(`#:~:text=<start>,<end>`, WICG Text Fragments), which a current browser scrolls to and
highlights, and any other browser ignores."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

WORDS = 4
"""Words of the passage's start and of its end that the fragment names."""


def _encoded(words: list[str]) -> str:
    # Percent-encoded as the spec requires: besides what a URL reserves, the fragment's own
    # syntax characters `-`, `,` and `&` (quote() leaves `-` alone).
    return quote(" ".join(words), safe="").replace("-", "%2D")


def directive(text: str) -> str:
    """`text=<start>,<end>` for a passage: its first and last WORDS words; the whole of a
    passage of no more than twice that many."""
    words = text.split()
    if not words:
        return ""
    if len(words) <= 2 * WORDS:
        return "text=" + _encoded(words)
    return "text=" + _encoded(words[:WORDS]) + "," + _encoded(words[-WORDS:])


def link(url: str, text: str) -> str:
    """`url` pointing at `text` in the document, or '' where no passage link can be made: a
    PDF (browsers do not apply text fragments to one) or an empty passage."""
    if urlsplit(url).path.lower().endswith(".pdf"):
        return ""
    found = directive(text)
    if not found:
        return ""
    # After a fragment the URL already has, the directive follows its own delimiter; after
    # a directive it already has, it is one more.
    if ":~:" in url.partition("#")[2]:
        return url + "&" + found
    return url + (":~:" if "#" in url else "#:~:") + found
