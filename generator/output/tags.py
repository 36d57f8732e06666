"""How a browser reads a start tag and a script's address, for the checks of csp.py: as the
HTML tokenizer does (the first of two attributes with one name wins, character references
in values are decoded, a slash or a quote separates attributes) and as a URL parser does
(a backslash reads as a slash, tabs and newlines are dropped)."""

from __future__ import annotations

import html as html_lib
import re

SPACE = " \t\n\f\r"
TAG_START_RE = re.compile(r"<[A-Za-z]")


class TooLong(Exception):
    pass


TAG_MAX = 16384
"""The longest start tag read where a script or a <meta> tag may begin (the theme's and ours
are under 2 KB); a longer one fails the page, so no page can make the check slow."""
OCCURRENCES_MAX = 1000
"""The most `<script` or `<meta` a page may hold (the theme writes about 20 of each)."""


def start_tag(html: str, at: int, limit: int | None = None) -> tuple[str, dict[str, str], int] | None:
    """The start tag at `at` (a `<` and a letter) as the HTML tokenizer reads it: its name,
    its attributes (the first of two with one name wins, character references in values
    decoded) and where it ends; None for a tag the page never closes (a browser drops it).
    Raises TooLong for a tag longer than `limit`."""
    n = len(html) if limit is None else min(len(html), at + limit)

    def unclosed() -> None:
        if n < len(html):
            raise TooLong()

    i = at + 1
    while i < n and html[i] not in SPACE + "/>":
        i += 1
    name, attrs = html[at + 1:i].lower(), dict[str, str]()
    while i < n:
        while i < n and html[i] in SPACE + "/":  # a slash between attributes reads as a space
            i += 1
        if i >= n:
            break
        if html[i] == ">":
            return name, attrs, i + 1
        start = i
        i += 1  # an attribute's name may begin with "="
        while i < n and html[i] not in SPACE + "/>=":
            i += 1
        key = html[start:i].lower()
        while i < n and html[i] in SPACE:
            i += 1
        value = ""
        if i < n and html[i] == "=":
            i += 1
            while i < n and html[i] in SPACE:
                i += 1
            if i < n and html[i] in "\"'":
                close = html.find(html[i], i + 1, n)
                if close < 0:
                    unclosed()
                    return None
                value, i = html[i + 1:close], close + 1
            else:
                start = i
                while i < n and html[i] not in SPACE + ">":
                    i += 1
                value = html[start:i]
        attrs.setdefault(key, html_lib.unescape(value))
    unclosed()
    return None


def elsewhere(url: str) -> bool:
    """Whether a browser would load `url` from another host (or as a scheme of its own):
    tabs and newlines inside a URL are dropped, spaces and control characters around it
    trimmed, and a backslash read as a slash."""
    url = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                          "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                          "\x1e\x1f ").replace("\\", "/")
    return re.match(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)", url) is not None
