"""Note text: finding [[links]] and [@citations], and rendering Markdown to safe HTML.

The generator renders every Markdown-valued field itself, so the site engine never sees
an editor's raw text. One parser decides everything about a text, for the checker and
for the pages alike: cmark-gfm (GitHub's CommonMark parser, in C, through `cmarkgfm`;
PyPI renders untrusted READMEs with it). CommonMark's parsers are built to take time
linear in their input on every pathological text (deep brackets, runs of emphasis
markers, nested quotes, unclosed fences …); the regular-expression parser used before
took an hour on 200 KB of `[`.

How a text is read (`parse`), in one linear pass each:

1. Before cmark sees the text, every `[[id]]`, `[[id|text]]` and `[@source#pN]`, every `<`
   that would open raw HTML, every `!` that would open an image, and any private-use
   character we use ourselves, is replaced by a placeholder of private-use characters.
   cmark treats those as letters.
2. cmark renders the text (tables on, no raw HTML reaching it).
3. The placeholders are found in its HTML. One inside code is put back as typed; one in
   text is a live reference (the checker checks it, the page links it); a raw-HTML `<`
   becomes `&lt;` (raw HTML is shown as text), an image's `!` stays a `!` before its link.
   Every link destination cmark produced is known, so the checker judges exactly the
   links a reader gets, reference definitions and all.

In the same pass an allow-list keeps only plain formatting tags, with only the attributes
they need, and only http, https, mailto and relative links (`allowed_tag`). It reads nothing but
cmark's own output, whose grammar is small and regular, so it takes linear time too (the
general-purpose sanitiser used before took time growing with the square of a text's depth
and of its length in entities). Per page, `resolve()` turns the placeholders into links
relative to that page.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from dataclasses import dataclass

from generator.text.allowlist import SAFE_SCHEMES, SCHEME_RE, allowed_tag, browser_href
from generator.text.escape import strip_tags

# ---------------------------------------------------------------- reading

_AUTOLINK = (r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>"
             r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
             r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*>")
_OWN = "\ue000-\ue0ff\U000f0000-\U0010ffff"
"""Private-use characters this module uses as placeholders: any the editor typed are tokens too."""
LINK = r"\[\[(?P<target>[^\[\]|\n]*)(?:\|(?P<label>(?:[^\[\]\n]|\n(?![ \t]*\n))*))?\]\]"
"""A [[link]] or [[link|label]] as written; its label may run over a line break (editors wrap
long lines), not over a blank line. The one definition: every reader of links uses it."""
CITE = r"\[@(?P<source>[^\[\]\s]*)\]"
"""A [@citation] as written."""
_TOKEN_RE = re.compile(
    rf"(?P<link>{LINK})"
    rf"|(?P<cite>{CITE})"
    rf"|(?P<lt><(?=[A-Za-z/!?])(?!{_AUTOLINK}))"
    r"|(?P<bang>!(?=\[))"
    rf"|(?P<own>[{_OWN}])"
)
# A `<` that would open raw HTML and an image's `!` look the same wherever they end up
# (text, code or an attribute), so each has one fixed placeholder.
_LT, _BANG = "\ue003", "\ue004"
LINK_TEXT = "\ue002"
"""Marks a reference inside another link's text: it is shown as its label, not linked."""
# Every other token is one character of the supplementary private-use planes, its number.
_BASE, _SECOND, _PER_PLANE = 0xF0000, 0x100000, 0xFFFE
MAX_TOKENS = 2 * _PER_PLANE
MARK_RE = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_ENCODEDMARK_RE = re.compile("%F[34](?:%[89AB][0-9A-F]){3}")


def _label(text: str | None) -> str | None:
    """A link's label on one line (it may be wrapped over two in the note)."""
    return None if text is None else " ".join(text.split()) if "\n" in text else text


@dataclass(frozen=True)
class Ref:
    kind: str
    """'link' for [[id]] / [[id|text]], 'cite' for [@source#pN]."""
    target: str
    text: str | None
    offset: int
    """Character offset in the text, for the line number."""
    raw: str


@dataclass(frozen=True)
class Link:
    """A link destination a reader of the rendered text gets."""

    href: str
    """As the browser reads it: entities and percent-escapes decoded, tabs and newlines dropped."""
    line: int
    """Line in the text (from 0) of the block the link is in."""


@dataclass(frozen=True)
class Parsed:
    """A Markdown text as cmark reads it, before any reference is resolved."""

    html: str
    """Sanitised HTML in which each live reference (and each private-use character the
    editor typed) is still a placeholder."""
    tokens: tuple[Ref, ...]
    """What each numbered placeholder stands for: a reference ('link' or 'cite'), or 'own'."""
    refs: tuple[Ref, ...]
    """The live [[links]] and [@citations] (not those in code), in order."""
    links: tuple[Link, ...]
    refused: str = ""
    """Why the text cannot be shown (and `html` is empty), or ''."""


MAX_DEPTH = 48
"""Elements nested deeper than this (quotes in quotes, lists in lists, emphasis in emphasis)
are refused: no note needs them, and the sanitiser's time grows with the square of the depth."""


def _mark(n: int) -> str:
    return chr(_BASE + n) if n < _PER_PLANE else chr(_SECOND + n - _PER_PLANE)


def token_index(ch: str) -> int:
    code = ord(ch)
    return code - _BASE if code < _SECOND else code - _SECOND + _PER_PLANE


def _tokenise(text: str) -> tuple[str, list[Ref]]:
    tokens: list[Ref] = []

    def swap(m: re.Match[str]) -> str:
        kind = m.lastgroup  # the outermost group of the alternative that matched
        at = m.start()
        if kind != "own" and at and text[at - 1] == "\\":
            n = 1  # escaped by an odd run of backslashes: as typed, for cmark to unescape
            while at - n - 1 >= 0 and text[at - n - 1] == "\\":
                n += 1
            if n % 2:
                return m.group(0)
        if kind == "lt":
            return _LT
        if kind == "bang":
            return _BANG
        if kind == "link":
            tokens.append(Ref("link", m.group("target").strip(), _label(m.group("label")), at, m.group(0)))
        elif kind == "cite":
            tokens.append(Ref("cite", m.group("source").strip(), None, at, m.group(0)))
        else:
            tokens.append(Ref("own", "", None, at, m.group(0)))
        return _mark(len(tokens) - 1) if len(tokens) <= MAX_TOKENS else ""

    return _TOKEN_RE.sub(swap, text), tokens


@functools.lru_cache(maxsize=65536)
def parse(text: str) -> Parsed:
    """Everything about a Markdown text that does not depend on the page it is shown on."""
    return _plain(text) or _parse(text)


# Text that cmark would turn into one paragraph of nothing but its words: no character
# with a meaning in Markdown or HTML outside [[links]] and [@citations], no line that
# starts a list, quote, heading or setext underline, no blank line, no space at a line's
# start or end. Most stances and summaries are like this; they skip cmark and the sanitiser.
_NOT_PLAIN_CHARS_RE = re.compile(f"[`*_\\\\<>&#!|~\\[\\]{{}}\t{_OWN}]")
_NOT_PLAIN_LINES_RE = re.compile(r"^[-+=>]|^\d+[.)]|^ | $|\n\n", re.M)
_PLAIN_TOKEN_RE = re.compile(f"{LINK}|{CITE}")


def _plain(text: str) -> Parsed | None:
    if not text or text[0] == "\n" or text[-1] == "\n" or _NOT_PLAIN_LINES_RE.search(text):
        return None
    out, tokens = [], []
    pos = 0
    for m in _PLAIN_TOKEN_RE.finditer(text):
        between = text[pos:m.start()]
        if _NOT_PLAIN_CHARS_RE.search(between):
            return None
        out.append(between)
        if m.group("source") is not None:
            tokens.append(Ref("cite", m.group("source").strip(), None, m.start(), m.group(0)))
        else:
            tokens.append(Ref("link", m.group("target").strip(), _label(m.group("label")), m.start(), m.group(0)))
        out.append(_mark(len(tokens) - 1))
        pos = m.end()
    rest = text[pos:]
    if _NOT_PLAIN_CHARS_RE.search(rest):
        return None
    out.append(rest)
    body = "".join(out).replace('"', "&quot;")  # as cmark writes text
    return Parsed(f"<p>{body}</p>\n", tuple(tokens), tuple(tokens), ())


_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")
_HREF_RE = re.compile(r'\shref="([^"]*)"')
_SOURCEPOS_RE = re.compile(r'\sdata-sourcepos="(\d+):')


def _cmark(text: str) -> str:
    from cmarkgfm import cmark

    # UNSAFE keeps every destination as written, so that the checker can name a javascript:
    # link instead of having it quietly emptied; raw HTML cannot reach cmark (see _tokenise),
    # and allowed_tag has the last word.
    options = cmark.Options.CMARK_OPT_SOURCEPOS | cmark.Options.CMARK_OPT_UNSAFE
    return cmark.markdown_to_html_with_extensions(text, options, ["table"])


def _parse(text: str) -> Parsed:
    source, tokens = _tokenise(text)
    if len(tokens) > MAX_TOKENS:
        return Parsed("", (), (), (), f"more than {MAX_TOKENS:,} links, citations and private-use characters")
    rendered = _cmark(source)
    out: list[str] = []
    live: set[int] = set()
    links: list[Link] = []
    code = anchor = depth = deepest = 0
    nest = _Nesting()
    block_line = 1

    def in_text(m: re.Match[str]) -> str:
        n = token_index(m.group())
        t = tokens[n]
        if t.kind == "own":
            return m.group()  # put back by resolve(), last, so it can never pass for a placeholder
        if code:
            return html.escape(t.raw, quote=False)
        live.add(n)
        return (LINK_TEXT if anchor else "") + m.group()

    def in_attribute(m: re.Match[str]) -> str:
        t = tokens[token_index(m.group())]
        return m.group() if t.kind == "own" else html.escape(t.raw)

    for part in _TAG_SPLIT_RE.split(rendered):
        if not part:
            continue
        if part[0] != "<":
            out.append(MARK_RE.sub(in_text, part) if tokens else part)
            continue
        if part.startswith("<!"):  # cmark's own comment between two lists; nothing to show
            continue
        if part[1] == "/":
            depth -= 1
            if part.startswith("</code"):
                code -= 1
            elif part.startswith("</a"):
                anchor -= 1
                if not nest.close_a():
                    continue  # closed already, where the link inside it began
            name = part[2:-1]
            if name in _FORMATTING:
                nest.close(name)
        else:
            if not part.endswith("/>"):
                depth += 1
                deepest = max(deepest, depth)
            if "data-sourcepos" in part:  # block elements only
                pos = _SOURCEPOS_RE.search(part)
                if pos:
                    block_line = int(pos.group(1))
                    part = part[:pos.start()] + part[part.index('"', pos.end()) + 1:]
            if part.startswith(("<code>", "<code ")):
                code += 1
            elif part.startswith("<a "):
                anchor += 1
                href = _HREF_RE.search(part)
                if href:
                    dest = _ENCODEDMARK_RE.sub(lambda m: _unencoded(tokens, m.group()), href.group(1))
                    dest = dest.replace("%EE%80%83", "%3C").replace("%EE%80%84", "!")
                    links.append(Link(browser_href(dest), block_line - 1))
                    part = part[:href.start(1)] + dest + part[href.end(1):]
            if tokens and MARK_RE.search(part):  # in an attribute (a title, a language): as typed
                part = MARK_RE.sub(in_attribute, part)
            tag = allowed_tag(part)
            if part.startswith("<a "):
                out.extend(nest.open_a())
            elif tag[1:].split(" ", 1)[0].rstrip(">") in _FORMATTING:
                nest.open(tag)
            out.append(tag)
            continue
        out.append(allowed_tag(part))
    refs = tuple(t for i, t in enumerate(tokens) if i in live)
    if deepest > MAX_DEPTH:
        return Parsed("", tuple(tokens), refs, tuple(links), f"elements nested {deepest} deep (quotes, lists or "
                      f"emphasis inside one another): at most {MAX_DEPTH} are allowed")
    joined = "".join(out).replace(_LT, "&lt;").replace(_BANG, "!")
    return Parsed(joined, tuple(tokens), refs, tuple(links))


_FORMATTING = ("em", "strong", "code")
"""Inline elements a browser closes and opens again around a link that starts inside another link."""


class _Nesting:
    """A link inside a link's text (cmark makes one of an autolink there): a browser closes the
    outer link where the inner one starts, closing the emphasis opened inside it and opening it
    again after (the HTML parser's adoption agency). The HTML is written that way here, so the
    page is what the browser shows, and never a link inside a link."""

    def __init__(self) -> None:
        self.emitted: list[bool] = []
        """For each link open in cmark's output: is its end tag still to be written?"""
        self.inside: list[str] = []
        """Formatting start tags written since the link that is open on the page."""

    def open_a(self) -> list[str]:
        out: list[str] = []
        if any(self.emitted):
            out += [f"</{t[1:].split(' ', 1)[0].rstrip('>')}>" for t in reversed(self.inside)]
            out.append("</a>")
            out += self.inside
            self.emitted = [False] * len(self.emitted)
        self.inside = []
        self.emitted.append(True)
        return out

    def close_a(self) -> bool:
        """Is this end of a link written (False: the link was closed where another began)?"""
        written = self.emitted.pop() if self.emitted else True
        if written:
            self.inside = []
        return written

    def open(self, tag: str) -> None:
        if any(self.emitted):
            self.inside.append(tag)

    def close(self, name: str) -> None:
        if self.inside and self.inside[-1][1:].split(" ", 1)[0].rstrip(">") == name:
            self.inside.pop()


def _unencoded(tokens: list[Ref], encoded: str) -> str:
    """A placeholder cmark percent-encoded in a destination, as the characters it replaced
    (percent-encoded the way cmark encodes a destination)."""
    ch = bytes(int(encoded[i + 1:i + 3], 16) for i in range(0, len(encoded), 3)).decode("utf-8")
    return urllib.parse.quote(tokens[token_index(ch)].raw, safe="-_.+!*'(),%#@?=;:/&$~")




def visible(text: str) -> str:
    """The words of a text as a reader sees them: markup gone, references as typed."""
    parsed = parse(text)
    raw = MARK_RE.sub(lambda m: html.escape(parsed.tokens[token_index(m.group())].raw), parsed.html)
    return strip_tags(raw.replace(LINK_TEXT, ""))


def scan(text: str) -> list[Ref]:
    """Every live [[link]] and [@citation] (not those in code), in order."""
    return list(parse(text).refs)


def unsafe_links(text: str) -> list[tuple[int, str]]:
    """(line from 0, destination) of every link a reader gets whose scheme is not http,
    https or mailto, judged as a browser would read it."""
    found = []
    lower = ""
    for link in parse(text).links:
        sm = SCHEME_RE.match(link.href)
        if sm and sm.group(1).lower() not in SAFE_SCHEMES:
            # The line where the scheme is written (a reference definition may be far from
            # the link that uses it), else the line of the link's block.
            lower = lower or text.lower()
            at = lower.find(sm.group(0).lower())
            found.append((text.count("\n", 0, at) if at >= 0 else link.line, link.href))
    return sorted(found)


