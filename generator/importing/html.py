"""A saved web page: its article, without the page around it.

trafilatura (an extractor made for this and widely used on news pages) finds the main text,
leaving out navigation, header, footer, cookie banners, share buttons, comments and related
links, and gives it as XML with its structure: headings, paragraphs, lists, tables. Its
metadata comes from the page: the title (its visible <h1>, else og:title, then <title>), the
address (rel=canonical, else og:url), the author, the site name
(og:site_name), the date of publication (article:published_time and the like). The page's
language is its <html lang>.
"""

from __future__ import annotations

import re

from generator.importing.document import Block, Document

_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", re.I)


def read(data: bytes) -> Document:
    import trafilatura
    from lxml import etree

    html = _decode(data)
    # Two line breaks in a row are how older pages end a paragraph: make them one, so the
    # extractor (which keeps only one line break) does not run the paragraphs together.
    html = _BREAKS_RE.sub("</p><p>", html)
    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, include_tables=True,
                              include_comments=False, include_images=False, include_links=False,
                              include_formatting=False, deduplicate=False)
    if not xml:
        raise ValueError("no article text found in the page")
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                   huge_tree=False))
    main = root.find("main")
    blocks: list[Block] = []
    headline = _h1(html)
    title = headline or root.get("title")
    for el in main if main is not None else []:
        blocks.extend(b for b in _blocks(el) if not (b.kind == "paragraph" and _READ_MORE_RE.match(b.text)))
    if title and not (blocks and blocks[0].kind == "heading" and blocks[0].text.strip() == title.strip()):
        blocks.insert(0, Block("heading", title, level=1))
    lang = _LANG_RE.search(html[:200_000])
    return Document(blocks, title=title, author=root.get("author"), publisher=root.get("sitename"),
                    published=_date(root.get("date")), language=lang.group(1) if lang else None,
                    url=_canonical(html))


_READ_MORE_RE = re.compile(r"^(?:read more|read also|see also|related|more on this|читайте також|читайте также|"
                           r"дивіться також|смотрите также|по темі|по теме)\b[^.!?]{0,200}$", re.I)
"""A line that points to another story between paragraphs ("Read more: …"), not the article's."""
_BREAKS_RE = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)
_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.I | re.S)
_CANONICAL_RE = re.compile(r"<link\b(?=[^>]*\brel\s*=\s*[\"']?canonical)[^>]*\bhref\s*=\s*[\"']([^\"'>\s]+)", re.I)
_OG_URL_RE = re.compile(r"<meta\b(?=[^>]*\bproperty\s*=\s*[\"']og:url)[^>]*\bcontent\s*=\s*[\"']([^\"'>\s]+)", re.I)


def _h1(html: str) -> str | None:
    """The page's visible headline: its first <h1> (a social title, og:title, may differ)."""
    import html as htmllib

    m = _H1_RE.search(html)
    if not m:
        return None
    text = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())
    return text or None


def _canonical(html: str) -> str | None:
    """The page's own address, as it gives it (rel=canonical, else og:url): http(s) only."""
    for pattern in (_CANONICAL_RE, _OG_URL_RE):
        m = pattern.search(html[:200_000])
        if m and re.fullmatch(r"https?://[^\s<>\"]+", m.group(1)):
            return m.group(1)
    return None


def _decode(data: bytes) -> str:
    """The page's text: in the encoding its <meta charset> names (anywhere in its head), else
    UTF-8 if it is that, else the encoding charset-normalizer finds. A page that still does
    not decode is refused: a source of replacement characters would pass every check."""
    head = data[:65536].decode("ascii", "replace")
    m = re.search(r"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", head, re.I)
    candidates = [m.group(1)] if m else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if "\ufffd" not in text:
            return text
    raise ValueError("cannot tell the page's character encoding; save it again as UTF-8 "
                     "(or as 'Web page, complete', which records the encoding)")


def _text(el: object) -> str:
    from lxml import etree

    if not isinstance(el, etree._Element):
        return ""
    for br in el.iter("lb"):  # a line break is a space between words, never nothing
        br.tail = " " + (br.tail or "")
    return " ".join("".join(etree.ElementBase.itertext(el)).split())


def _paragraphs(el: object) -> list[str]:
    """A paragraph's text, split where two line breaks in a row stand for a paragraph break
    (as pages written by old editors do)."""
    from lxml import etree

    assert isinstance(el, etree._Element)
    parts: list[list[str]] = [[]]
    def walk(node: etree._Element) -> None:
        if node.text:
            parts[-1].append(node.text)
        for child in node:
            if child.tag == "lb":
                parts[-1].append("\n")
            else:
                walk(child)
            if child.tail:
                parts[-1].append(child.tail)
    walk(el)
    text = "".join(parts[0])
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _blocks(el: object) -> list[Block]:
    from lxml import etree

    assert isinstance(el, etree._Element)
    tag = el.tag
    if tag == "head":
        rend = el.get("rend") or "h2"
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        return [Block("heading", _text(el), level=level)]
    if tag == "list":
        return [Block("list", items=[_text(i) for i in el.iter("item")], start=1 if el.get("rend") == "ol" else 0)]
    if tag == "table":
        rows = [[_text(c) for c in row.findall("cell")] for row in el.iter("row")]
        return [Block("table", rows=rows)]
    if tag in ("p", "quote", "code"):
        # One line break inside a paragraph (an address, a verse) keeps it one block; two in a
        # row end it; a quotation of several paragraphs is several blocks.
        if tag == "quote" and len(el) and all(c.tag == "p" for c in el):
            return [b for child in el for b in _blocks(child)]
        return [Block("paragraph", p) for p in _paragraphs(el)]
    return [b for child in el for b in _blocks(child)] or ([Block("paragraph", _text(el))] if _text(el) else [])


def _date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    return None
