"""A saved web page: its article, without the page around it.

trafilatura (an extractor made for this and widely used on news pages) finds the main text,
leaving out navigation, header, footer, cookie banners, share buttons, comments and related
links, and gives it as XML with its structure: headings, paragraphs, lists, tables. Its
metadata comes from the page: the title (og:title, then <title>), the author, the site name
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
    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, include_tables=True,
                              include_comments=False, include_images=False, include_links=False,
                              include_formatting=False, deduplicate=False)
    if not xml:
        raise ValueError("no article text found in the page")
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                   huge_tree=False))
    main = root.find("main")
    blocks: list[Block] = []
    title = root.get("title")
    for el in main if main is not None else []:
        blocks.extend(_blocks(el))
    if title and not (blocks and blocks[0].kind == "heading" and blocks[0].text.strip() == title.strip()):
        blocks.insert(0, Block("heading", title, level=1))
    lang = _LANG_RE.search(html[:200_000])
    return Document(blocks, title=title, author=root.get("author"), publisher=root.get("sitename"),
                    published=_date(root.get("date")), language=lang.group(1) if lang else None)


def _decode(data: bytes) -> str:
    """The page's text: UTF-8 unless its <meta charset> says otherwise."""
    head = data[:4096].decode("ascii", "replace")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", head, re.I)
    encoding = m.group(1) if m else "utf-8"
    try:
        return data.decode(encoding, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def _text(el: object) -> str:
    from lxml import etree

    return " ".join("".join(etree.ElementBase.itertext(el)).split()) if isinstance(el, etree._Element) else ""


def _blocks(el: object) -> list[Block]:
    from lxml import etree

    assert isinstance(el, etree._Element)
    tag = el.tag
    if tag == "head":
        rend = el.get("rend") or "h2"
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        return [Block("heading", _text(el), level=level)]
    if tag == "list":
        return [Block("list", items=[_text(i) for i in el.iter("item")])]
    if tag == "table":
        rows = [[_text(c) for c in row.findall("cell")] for row in el.iter("row")]
        return [Block("table", rows=rows)]
    if tag in ("p", "quote", "code"):
        # A line break inside a paragraph (an address, a verse) stays one block.
        return [Block("paragraph", _text(el))]
    return [b for child in el for b in _blocks(child)] or ([Block("paragraph", _text(el))] if _text(el) else [])


def _date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    return None
