"""Note text: finding [[links]] and [@citations], and rendering Markdown to safe HTML.

The generator renders every Markdown-valued field itself, so MkDocs and its
extensions never see an editor's raw text. The renderer has raw HTML switched off
(it is shown as text), no images (they would load from other hosts), no attribute
lists, and its output then passes an allow-list sanitiser (nh3) that keeps only
plain formatting tags and http(s)/mailto/relative links.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any, Callable

from .model import Citation, parse_citation

WIKILINK_RE = r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]"
CITE_RE = r"\[@([^\[\]\s]*)\]"
_SCAN_RE = re.compile(f"(?P<link>{WIKILINK_RE})|(?P<cite>{CITE_RE})")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_CODESPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Ref:
    kind: str
    """'link' for [[id]] / [[id|text]], 'cite' for [@source#pN]."""
    target: str
    text: str | None
    offset: int
    """Character offset in the text, for the line number."""
    raw: str


def _mask_code(text: str) -> str:
    """The text with fenced blocks and code spans blanked (newlines kept), so refs in code are ignored."""
    out = list(text)
    lines = text.split("\n")
    pos = 0
    fence: str | None = None
    for line in lines:
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            _blank(out, pos, pos + len(line))
        elif fence is not None:
            _blank(out, pos, pos + len(line))
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        pos += len(line) + 1
    masked = "".join(out)
    for m in _CODESPAN_RE.finditer(masked):
        _blank(out, m.start(), m.end())
    return "".join(out)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def scan(text: str) -> list[Ref]:
    """Every [[link]] and [@citation] outside code, in order."""
    masked = _mask_code(text) if "`" in text or "~~~" in text else text
    refs = []
    for m in _SCAN_RE.finditer(masked):
        raw = text[m.start():m.end()]
        if m.group("link") is not None:
            refs.append(Ref("link", m.group(2).strip(), m.group(3), m.start(), raw))
        else:
            refs.append(Ref("cite", m.group(5).strip(), None, m.start(), raw))
    return refs


_DEST_RES = (
    re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)"),                 # [text](dest)
    re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M),          # [ref]: dest
    re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^>\s]*)>"),              # <scheme:...>
)
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def unsafe_links(text: str) -> list[tuple[int, str]]:
    """(offset, destination) of every link outside code whose scheme is not http, https or mailto.

    The destination is judged as a browser would read it: entities decoded, and the
    tabs, newlines and control characters that browsers drop removed first.
    """
    if "](" not in text and "]:" not in text and "<" not in text:
        return []
    masked = _mask_code(text) if "`" in text or "~~~" in text else text
    found = []
    for pattern in _DEST_RES:
        for m in pattern.finditer(masked):
            dest = html.unescape(text[m.start(1):m.end(1)])
            dest = re.sub(r"[\x00-\x20\x7f]", "", dest)
            sm = _SCHEME_RE.match(dest)
            if sm and sm.group(1).lower() not in SAFE_SCHEMES:
                found.append((m.start(1), dest))
    return sorted(found)


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Target:
    href: str
    title: str


Resolver = Callable[[str, str], "Target | None"]
"""(kind, target) → where a [[link]] ('link', id) or [@cite] ('cite', 'src#p3') goes, relative to the page."""


def _inline_processors(owner: "Renderer") -> tuple[Any, Any]:
    # Imported here: `briefing check` never renders, and Python-Markdown costs import time.
    from markdown.inlinepatterns import InlineProcessor

    def element(m: re.Match[str], target: Target | None, cls: str, text: str) -> tuple[Any, int, int]:
        # An unresolved reference stays as typed (check has already reported it).
        el = etree.Element("span" if target is None else "a")
        el.text = m.group(0) if target is None else text
        if target is not None:
            el.set("href", target.href)
            el.set("class", cls)
            if cls == "cite":
                el.set("title", target.title)
        return el, m.start(0), m.end(0)

    class WikiLink(InlineProcessor):
        def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
            target = owner.resolver("link", m.group(1).strip()) if owner.resolver else None
            label = m.group(2).strip() if m.group(2) and m.group(2).strip() else (target.title if target else "")
            return element(m, target, "xref", label)

    class Cite(InlineProcessor):
        def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
            target = owner.resolver("cite", m.group(1).strip()) if owner.resolver else None
            return element(m, target, "cite", "[" + cite_label(parse_citation(m.group(1).strip())) + "]")

    return WikiLink(WIKILINK_RE), Cite(CITE_RE)


def cite_label(c: Citation) -> str:
    return f"¶{c.start}" if c.start == c.end else f"¶{c.start}–{c.end}"


_ALLOWED_TAGS = {
    "a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span", "del",
    "sup", "sub", "dl", "dt", "dd",
}
_ALLOWED_ATTRS = {"a": {"href", "title", "class"}, "span": {"class"}, "code": {"class"}, "ol": {"start"}}


class Renderer:
    """A locked-down Markdown renderer for note text."""

    def __init__(self) -> None:
        import markdown

        self.resolver: Resolver | None = None
        self.md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"],
                                    output_format="html")
        # No raw HTML (block or inline): it is shown as text instead.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        # No images: they would be fetched from wherever the editor points.
        self.md.inlinePatterns.deregister("image_link")
        self.md.inlinePatterns.deregister("image_reference")
        self.md.inlinePatterns.deregister("short_image_ref")
        # After code spans (190) and backslash escapes (180), before links (160).
        wikilink, cite = _inline_processors(self)
        self.md.inlinePatterns.register(wikilink, "briefing_wikilink", 175)
        self.md.inlinePatterns.register(cite, "briefing_cite", 174)

    def block(self, text: str, resolver: Resolver) -> str:
        """Markdown → sanitised HTML, block-level."""
        fast = _plain_paragraph(text, resolver)
        if fast is not None:
            return fast
        self.resolver = resolver
        try:
            out = self.md.reset().convert(text)
        finally:
            self.resolver = None
        return sanitise(out)

    def inline(self, text: str, resolver: Resolver) -> str:
        """Markdown → sanitised HTML without the enclosing paragraph (for one-liners)."""
        out = self.block(text, resolver)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return out


def sanitise(fragment: str) -> str:
    import nh3

    return nh3.clean(fragment, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True)


# Text that Markdown would turn into nothing but one paragraph: no character with a
# meaning in Markdown or HTML outside [[links]] and [@citations], no blank line, no line
# that starts a list, quote, heading or code block, no hard line break.
_NOT_PLAIN_RE = re.compile(r"[`*_\\<>&#!|~\[\]{}]|\n[ \t]*\n|^[ \t]*([-+*>=]|\d+[.)])|^ {4}|^\t| {2,}\n", re.M)
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]\n]*\]:", re.M)
_FAST_TOKEN_RE = re.compile(f"{WIKILINK_RE}|{CITE_RE}")


def _plain_paragraph(text: str, resolver: Resolver) -> str | None:
    """The HTML the full renderer would give, for plain one-paragraph text, made directly:
    most stances and summaries are plain, and Python-Markdown costs ~0.5 ms a call."""
    text = text.strip("\n")
    if text.startswith("    "):  # an indented code block
        return None
    text = text.lstrip(" ")  # what Python-Markdown trims from a paragraph
    if "\t" in text or "\r" in text or any(not line.strip() for line in text.split("\n")):
        return None
    if _REF_DEF_RE.search(text):  # "[@x#p1]: y" at a line's start is a link reference definition
        return None
    out = []
    pos = 0
    for m in _FAST_TOKEN_RE.finditer(text):
        plain = text[pos:m.start()]
        if _NOT_PLAIN_RE.search(plain):
            return None
        out.append(html.escape(plain, quote=False))
        if m.group(1) is not None:  # [[id]] or [[id|text]]
            target = resolver("link", m.group(1).strip())
            if target is None:
                return None
            label = m.group(2).strip() if m.group(2) and m.group(2).strip() else target.title
            out.append(f'<a class="xref" href="{html.escape(target.href)}">{html.escape(label, quote=False)}</a>')
        else:
            target = resolver("cite", m.group(3).strip())
            if target is None:
                return None
            label = "[" + cite_label(parse_citation(m.group(3).strip())) + "]"
            out.append(f'<a class="cite" href="{html.escape(target.href)}" title="{html.escape(target.title)}">'
                       f"{html.escape(label, quote=False)}</a>")
        pos = m.end()
    rest = text[pos:]
    if _NOT_PLAIN_RE.search(rest) or (pos == 0 and _NOT_PLAIN_RE.search(text)):
        return None
    out.append(html.escape(rest, quote=False))
    return "<p>" + "".join(out) + "</p>"


_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()!|~<>&\"']")
_MD_LEADING = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """Plain text made safe for Markdown inline context: every special character as an entity.

    The entity form renders as the character itself, never as Markdown or HTML syntax,
    so a title of `*x* <b>` shows as typed, in headings, table cells and link text alike.
    """
    text = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))
    # Only at the start of a line do #, +, -, = and "1." make headings and lists.
    m = _MD_LEADING.match(text)
    if m:
        lead = m.group(1)
        if lead[0].isdigit():
            return lead + f"&#{ord(text[len(lead)])};" + text[len(lead) + 1:]
        return f"&#{ord(lead)};" + text[1:]
    return text


_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")
_MD_INLINE_RE = re.compile(r"[\\`*_{}\[\]()!|~]")


def protect_html(fragment: str) -> str:
    """Entity-encode Markdown syntax in the text between tags of a sanitised fragment."""
    parts = _TAG_SPLIT_RE.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = _MD_INLINE_RE.sub(lambda m: f"&#{ord(m.group())};", parts[i])
    return "".join(parts)


def attr(text: str) -> str:
    """Plain text for an HTML attribute value or text node."""
    return html.escape(text, quote=True)


def engine_text(text: str) -> str:
    """Plain text for the engine's settings and front matter (titles, site name, nav).
    Material and Zensical print these into HTML without escaping, so <, >, & and " are
    escaped; the apostrophe is left alone, since both themes quote attributes with " and
    Zensical's search shows an escaped apostrophe literally."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def flatten(text: str, titles: dict[str, str] | None = None) -> str:
    """Markdown note text as one line of plain words: [[id|text]] → text, [[id]] → its title
    (or the id), citations dropped, tags removed. For listings, diffs and short titles."""
    text = strip_tags(re.sub(r"\[\[([^\]|]*)\|([^\]]*)\]\]", r"\2", text))
    text = re.sub(r"\[\[([^\]]*)\]\]", lambda m: (titles or {}).get(m.group(1).strip(), m.group(1).strip()), text)
    return " ".join(re.sub(r"\[@[^\]]*\]", "", text).split())
