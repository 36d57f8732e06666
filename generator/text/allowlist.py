"""The allow-list every rendered note text passes: plain formatting tags, the attributes they
need, and links to http, https, mailto and relative addresses only.

It reads cmark's own output, whose grammar is small and regular, so it takes time linear in
its input (the general-purpose sanitiser used before took time growing with the square of a
text's depth and of its length in entities). tests/test_markup.py checks it against nh3.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse

_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")


@functools.lru_cache(maxsize=4096)
def browser_href(value: str) -> str:
    """A destination as a browser would judge its scheme."""
    value = urllib.parse.unquote(html.unescape(value))
    return re.sub(r"[\x00-\x20\x7f]", "", value)


_ALLOWED_TAGS = frozenset({
    "a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
})
_ALLOWED_ATTRS = {"a": ("href", "title"), "code": ("class",), "ol": ("start",)}
_TAG_RE = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s[a-z][a-z-]*="[^"<>]*")*)\s*(/?)>')
_ATTR_RE = re.compile(r'\s([a-z][a-z-]*)="([^"<>]*)"')
_ATTR_OK = {
    "title": re.compile(r"[^\x00-\x08\x0b-\x1f]*"),  # a title may run over lines
    "class": re.compile(r"language-[^\s\x00-\x1f]+"),
    "start": re.compile(r"[0-9]{1,9}"),
}
SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")


def allowed_html(fragment: str) -> str:
    """Any HTML fragment through the allow-list: tags as `allowed_tag` lets them, comments gone,
    and what a browser would take as the raw text of a script or style element gone too.
    (Our own pipeline never lets raw HTML reach cmark; this is the guard behind that.)"""
    out = []
    skip = ""
    for p in _TAG_SPLIT_RE.split(fragment):
        if not p or p.startswith("<!"):
            continue
        if skip:
            if p.lower().startswith(f"</{skip}"):
                skip = ""
            continue
        if p.startswith("<"):
            name = re.match(r"<([A-Za-z][A-Za-z0-9]*)", p)
            if name and name.group(1).lower() in _RAW_TEXT:
                skip = name.group(1).lower()
                continue
            out.append(allowed_tag(p))
        else:
            out.append(p)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def allowed_tag(tag: str) -> str:
    """One tag of cmark's output, as the allow-list lets it through ('' when it may not pass)."""
    m = _TAG_RE.fullmatch(tag)
    if m is None or m.group(2) not in _ALLOWED_TAGS:
        return ""
    closing, name, attrs, empty = m.groups()
    if closing:
        return f"</{name}>"
    kept = []
    for attr_name, value in _ATTR_RE.findall(attrs):
        if attr_name not in _ALLOWED_ATTRS.get(name, ()):
            continue
        if attr_name == "href":
            scheme = SCHEME_RE.match(browser_href(value))
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                continue
        elif not _ATTR_OK[attr_name].fullmatch(value):
            continue
        kept.append(f' {attr_name}="{value}"')
    return f"<{name}{''.join(kept)}{' /' if empty else ''}>"
