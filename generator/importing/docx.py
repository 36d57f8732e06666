"""A Word document (.docx): its paragraphs, headings, lists and tables, in order.

python-docx reads the document; its body is walked in order, paragraphs and tables alike,
into content controls and tracked insertions (not deletions); footnotes come last, under
"Notes", each marked in the text by its number in brackets.
A paragraph styled Title or Heading N is a heading; one styled as a list item (List
Paragraph, List Bullet, List Number, or numbered) joins the list around it; a table is a
table. Metadata from the document's core properties: title, author, created, language.

A .docx is a zip archive, so before it is opened its entries are checked: how many, how large
once unpacked, and by how much each is compressed (a zip bomb unpacks a few kilobytes into
gigabytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from generator.importing.document import Block, Document

MAX_ENTRIES = 5_000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
"""The most an entry of a real document is compressed (text XML packs about 10 to 1)."""


class Unsafe(ValueError):
    """The archive is not one a word processor would write."""


def check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise Unsafe("not a .docx (not a zip archive)") from None
    if len(infos) > MAX_ENTRIES:
        raise Unsafe(f"the archive holds {len(infos):,} files; a document holds far fewer")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise Unsafe(f"the archive unpacks to {total:,} bytes (at most {MAX_UNPACKED:,})")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise Unsafe(f"{i.filename} is compressed {i.file_size // max(i.compress_size, 1):,} to 1: a zip bomb")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise Unsafe("not a .docx (no word/document.xml)")


def read(data: bytes) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_archive(data)
    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []

    def walk(parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                _paragraph(Paragraph(child, document), blocks)
            elif tag == "tbl":
                table = Table(child, document)
                blocks.append(Block("table", rows=[[" ".join(_text(p) for p in cell._tc.iterchildren(_W + "p"))
                                                    for cell in _unique(row.cells)] for row in table.rows]))
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                walk(child)  # content controls and tracked insertions hold paragraphs too

    walk(document.element.body)
    notes = _footnotes(data)
    if notes:
        blocks.append(Block("heading", "Notes", level=2))
        blocks.extend(Block("paragraph", f"[{n}] {text}") for n, text in notes)
    props = document.core_properties
    created = props.created.date().isoformat() if props.created else None
    lang = props.language if props.language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*",
                                                             props.language) else None
    return Document(blocks, title=props.title or None, author=props.author or None, published=created,
                    language=lang)


def _unique(cells: list) -> list:
    """A merged cell is given once per column it spans: keep it once."""
    out: list = []
    for c in cells:
        if not out or c._tc is not out[-1]._tc:
            out.append(c)
    return out


_HEADING_RE = re.compile(r"^(?:Heading|Überschrift|Заголовок)\s*(\d)$", re.I)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(p: Any) -> str:
    """A paragraph's words as the reader sees them: every run, in hyperlinks, fields, content
    controls and tracked insertions too, but not tracked deletions; a tab or a line break is a
    space; a footnote's mark is its number in brackets."""
    out: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == _W + "t":
            if not any(a.tag == _W + "del" for a in node.iterancestors()):
                out.append(node.text or "")
        elif tag in (_W + "tab", _W + "br", _W + "cr"):
            out.append(" ")
        elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
            out.append(f"[{node.get(_W + 'id')}]")
    return "".join(out)


def _footnotes(data: bytes) -> list[tuple[str, str]]:
    """The document's footnotes (their number and text), from word/footnotes.xml."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/footnotes.xml")
    except KeyError:
        return []
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for note in root.iter(_W + "footnote"):
        number = note.get(_W + "id") or ""
        if note.get(_W + "type") in ("separator", "continuationSeparator") or not number.isdigit():
            continue
        text = " ".join(_text(p) for p in note.iter(_W + "p")).strip()
        if text:
            out.append((number, " ".join(text.split())))
    return out


def _paragraph(p: object, blocks: list[Block]) -> None:
    text = _text(p._p)  # type: ignore[attr-defined]
    if not text.strip():
        return
    style = (p.style.name if p.style is not None else "") or ""  # type: ignore[attr-defined]
    m = _HEADING_RE.match(style)
    if style == "Title" or m:
        level = 1 if m is None else min(int(m.group(1)) + 1, 6)  # below the Title
        blocks.append(Block("heading", text, level=level))
        return
    numbered = p._p.pPr is not None and p._p.pPr.numPr is not None  # type: ignore[attr-defined]
    if style.startswith("List") or numbered:
        start = 1 if "Number" in style else 0
        if blocks and blocks[-1].kind == "list" and blocks[-1].start == start:
            blocks[-1].items.append(text)
        else:
            blocks.append(Block("list", items=[text], start=start))
        return
    blocks.append(Block("paragraph", text))
