"""A parsed note text on one page: its references made links relative to that page.

`parse` (text/markup.py) reads a text once; everything here turns that reading into HTML for
a page at a given depth, or into plain words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.text.escape import attr, strip_tags
from generator.text.markup import LINK_TEXT, Parsed, Ref, parse, token_index
from generator.values import Citation, parse_citation


@dataclass(frozen=True)
class Target:
    href: str
    title: str
    original: str = ""
    """For a citation: the same passage in the original document, or ''."""
    original_label: str = ""


Resolver = Callable[[str, str], "Target | None"]
"""(kind, target) → where a [[link]] ('link', id) or [@cite] ('cite', 'src#p3') goes, relative to the page."""

_LIVE_RE = re.compile(f"({LINK_TEXT}?)([\U000f0000-\U000ffffd\U00100000-\U0010fffd])")


def resolve(fragment: str, parsed: Parsed, resolver: Resolver) -> str:
    """A fragment of `parsed.html` with its references made links, relative to one page."""
    if not parsed.tokens:
        return fragment
    made: dict[tuple[str, str, str | None, str], str] = {}

    def link(m: re.Match[str]) -> str:
        t = parsed.tokens[token_index(m.group(2))]
        if t.kind == "own":
            return t.raw
        key = (t.kind, t.target, t.text, m.group(1))
        if key not in made:
            made[key] = _link(t, m.group(1) != "", resolver)
        return made[key]

    return _LIVE_RE.sub(link, fragment)


def _link(t: Ref, in_link: bool, resolver: Resolver) -> str:
    """The HTML of one reference on a page."""
    target = resolver(t.kind, t.target)
    if target is None:  # unresolved: as typed (check has already reported it)
        return html.escape(t.raw, quote=False)
    if t.kind == "link":
        label = t.text.strip() if t.text and t.text.strip() else target.title
        cls, title = "xref", ""
    else:
        try:
            label = "[" + cite_label(parse_citation(t.target)) + "]"
        except ValueError:
            return html.escape(t.raw, quote=False)
        cls, title = "cite", f' title="{attr(target.title)}"'
    if in_link:  # inside another link's text
        return html.escape(label, quote=False)
    out = f'<a class="{cls}" href="{attr(target.href)}"{title}>{html.escape(label, quote=False)}</a>'
    if target.original:
        out += (f'\u00a0<a class="orig" href="{attr(target.original)}" title="{attr(target.original_label)}" '
                f'aria-label="{attr(target.original_label)}">↗</a>')
    return out


def block(text: str, resolver: Resolver) -> str:
    """Markdown → sanitised HTML, block-level."""
    parsed = parse(text)
    return demote_h1(resolve(parsed.html, parsed, resolver)).rstrip("\n")


def inline(text: str, resolver: Resolver) -> str:
    """Markdown → sanitised HTML without the enclosing paragraph (for one-liners)."""
    out = block(text, resolver)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def demote_h1(fragment: str) -> str:
    """The page has the only first-level heading: a `#` heading in a field is a second-level one."""
    return fragment.replace("<h1>", "<h2>").replace("</h1>", "</h2>") if "<h1>" in fragment else fragment


_STRUCTURE_RE = re.compile(r"<(/?)(h[1-6]|blockquote|ul|ol|table|pre)>")
PAGE_HEADINGS = 100
"""A body's first this many top-level headings become headings of its page (its table of
contents and search sections); any further ones stay headings inside the text. The site
engine's search indexing takes time growing with the square of a page's headings."""
_CONTAINERS = ("blockquote", "ul", "ol", "table", "pre")


def sections(text: str) -> tuple[Parsed, list[tuple[int, str]]]:
    """A body split at its top-level headings: (0, HTML) for the text between them and
    (level, the heading's HTML) for each heading, so each can become a heading of the page."""
    parsed = parse(text)
    html_ = parsed.html
    out: list[tuple[int, str]] = []
    depth = 0
    pos = 0  # where the text not yet given out starts
    heading: tuple[int, int] | None = None  # (level, where its text starts)
    headings = 0
    for m in _STRUCTURE_RE.finditer(html_):
        closing, tag = m.group(1), m.group(2)
        if tag in _CONTAINERS:
            depth += -1 if closing else 1
        elif depth == 0 and not closing and heading is None and headings < PAGE_HEADINGS:
            chunk = html_[pos:m.start()].strip("\n")
            if chunk.strip():
                out.append((0, chunk))
            heading = (int(tag[1]), m.end())
            headings += 1
        elif depth == 0 and closing and heading is not None:
            out.append((heading[0], html_[heading[1]:m.start()]))
            heading = None
            pos = m.end()
    chunk = html_[pos:].strip("\n")
    if chunk.strip():
        out.append((0, chunk))
    return parsed, out


def cite_label(c: Citation) -> str:
    return f"¶{c.start}" if c.start == c.end else f"¶{c.start}–{c.end}"


def flatten(text: str, titles: dict[str, str] | None = None) -> str:
    """Markdown note text as one line of plain words: [[id|text]] → text, [[id]] → its title
    (or the id), citations dropped, markup removed. For listings, diffs and short titles."""
    parsed = parse(text)

    def plain(m: re.Match[str]) -> str:
        t = parsed.tokens[token_index(m.group(2))]
        if t.kind == "own":
            return t.raw
        if t.kind == "cite":
            return ""
        return t.text.strip() if t.text and t.text.strip() else (titles or {}).get(t.target, t.target)

    return " ".join(strip_tags(_LIVE_RE.sub(plain, parsed.html)).split())
