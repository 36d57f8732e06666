"""A PDF: its running text, without what the page layout adds to it.

pdfplumber (on pdfminer.six) gives every word with its position and font size. From them:
- lines, in reading order;
- running headers and footers dropped: a line near the top or bottom of the page that
  recurs on most pages (numbers aside: "Page 3 of 9", a date), and a bare page number;
- headings: lines set larger than the body text (the largest size is level 1), and short
  lines all in bold that end no sentence (headings set at the body's size);
- tables with ruling lines: a table block, row by row (pdfplumber finds them by their lines);
- numbered lists: a list block;
- footnotes: a mark set small and raised is written [n] where it stands; the notes at the foot
  of the page are a block each;
- paragraphs: a new one after a gap wider than the line spacing, or an indented first line;
  a paragraph that runs over a page break is joined again (the page's last paragraph does
  not end a sentence, or the next page's first line starts in lower case);
- end-of-line hyphenation undone: "negoti-" + "ations" is "negotiations", unless the
  hyphenated word appears whole elsewhere in the document ("long-term" stays).
Metadata from the document's properties: Title (unless it is a file name, as Word's export
writes it; the first heading then), Author and /Lang. Its CreationDate is when the file was
made, not when the document was published: it is written as a comment, not as `published`.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.importing.document import Block, Document

ZONE = 0.09
"""The top and bottom of a page, as a share of its height, where running heads live."""
_PAGE_NUMBER_RE = re.compile(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/|von|из|з)\s*\d{1,4})?\W*$", re.I)
_HYPHEN_END_RE = re.compile(r"(\w+)[-\u2010]$")
_WORD_START_RE = re.compile(r"^(\w+)")
_BULLET_RE = re.compile(r"^(?:[•▪◦‣●○■□]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
"""A list item's first line: a bullet, or a number or letter with a dot or bracket."""
_BOLD_RE = re.compile(r"Bold|Black|Heavy|Semibold|Demi", re.I)
_FILE_TITLE_RE = re.compile(r"^Microsoft Word - |\.(?:docx?|odt|rtf|pages|pdf|html?)$", re.I)
_ENDS_SENTENCE_RE = re.compile(r"[.!?:;…\"”»’)\]]$")


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    x0: float
    size: float
    page: int
    page_height: float
    table: list[list[str]] | None = None
    """A table found on the page (its ruling lines), in its place among the lines."""
    x1: float = 0.0
    bold: bool = False
    """Every word of the line is set in a bold face."""


def read(data: bytes) -> Document:
    import pdfplumber

    lines: list[Line] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        meta = pdf.metadata or {}
        pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages):
            lines.extend(_lines(page, number))
        lang = _lang(pdf)
    body = _without_running_heads(lines, pages)
    if not body:
        raise ValueError("no text found in the PDF (a scan needs OCR first)")
    blocks = _blocks(body)
    title = _meta(meta, "Title")
    if title and _FILE_TITLE_RE.search(title):  # "Microsoft Word - draft_v2.docx": a file name
        title = None
    if title is None:
        title = next((b.text for b in blocks if b.kind == "heading"), None)
    made = _pdf_date(_meta(meta, "CreationDate"))
    notes = [f"The PDF was made on {made} (its creation date), which may not be when the document was published."] \
        if made else []
    return Document(blocks, title=title, author=_meta(meta, "Author"), language=lang, notes=notes)


def _lines(page: Any, number: int) -> list[Line]:
    tables = page.find_tables()  # type: ignore[attr-defined]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_of = page.filter(outside) if boxes else page  # type: ignore[attr-defined]
    words = text_of.extract_words(extra_attrs=["size", "fontname"], use_text_flow=True, keep_blank_chars=False,
                                  x_tolerance=1.5, y_tolerance=2.5)
    out: list[Line] = []
    current: list[dict] = []

    def flush() -> None:
        if current:
            sizes = [w["size"] for w in current for _ in w["text"]]
            text = current[0]["text"]
            for a, b in zip(current, current[1:], strict=False):
                if _mark(b, a):
                    text += f"[{b['text']}]"  # a footnote's mark, set small and raised
                    continue
                # Parts of one word set as two runs touch (a soft hyphen where the line did not break).
                text += ("" if b["x0"] - a["x1"] < a["size"] * 0.08 else " ") + b["text"]
            out.append(Line(text, min(w["top"] for w in current),
                            max(w["bottom"] for w in current), min(w["x0"] for w in current),
                            round(statistics.median(sizes), 1), number, float(page.height),
                            x1=max(w["x1"] for w in current),
                            bold=all(_BOLD_RE.search(str(w.get("fontname", ""))) for w in current)))

    anchor: dict | None = None  # the line's last word that is not a raised mark
    for w in words:
        # A raised mark stays on the line it is set in, however far it is raised.
        raised = bool(current) and _mark(w, current[-1]) and w["x0"] >= current[-1]["x1"] - 1
        if current and anchor is not None and not raised and abs(w["top"] - anchor["top"]) > 2.5:
            flush()
            current = []
        current.append(w)
        if not raised:
            anchor = w
    flush()
    for t in tables:
        rows = [[" ".join((cell or "").split()) for cell in row] for row in t.extract()]
        if rows and any(any(r) for r in rows):
            at = next((i for i, x in enumerate(out) if x.top > t.bbox[1]), len(out))
            size = out[at - 1].size if at else (out[0].size if out else 10.0)
            out.insert(at, Line("", t.bbox[1], t.bbox[3], t.bbox[0], size, number, float(page.height),  # type: ignore[attr-defined]
                                table=rows))
    return out


def _mark(word: dict, before: dict) -> bool:
    """A footnote's mark: a number or a dagger set smaller than the word before it, and raised."""
    return (word["size"] <= before["size"] * 0.9 and word["top"] < before["top"] - 1
            and re.fullmatch(r"\d{1,3}|[*†‡]", word["text"]) is not None)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold()).strip()


def _in_zone(line: Line) -> bool:
    return line.top < line.page_height * ZONE or line.bottom > line.page_height * (1 - ZONE)


def _without_running_heads(lines: list[Line], pages: int) -> list[Line]:
    seen = Counter(_key(x.text) for x in {(x.page, _key(x.text)): x for x in lines if _in_zone(x)}.values())
    recurring = {k for k, n in seen.items() if pages >= 2 and n >= max(2, pages // 2)}
    return [x for x in lines if x.table is not None
            or not (_in_zone(x) and (_key(x.text) in recurring or _PAGE_NUMBER_RE.match(x.text)))]


def _blocks(lines: list[Line]) -> list[Block]:
    text_lines = [x for x in lines if x.table is None] or lines
    sizes: Counter[float] = Counter()
    for x in text_lines:
        sizes[x.size] += len(x.text)
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted({x.size for x in text_lines if x.size >= body * 1.1}, reverse=True)
    level = {s: min(i + 1, 6) for i, s in enumerate(heading_sizes)}
    left = statistics.median(x.x0 for x in text_lines if x.size == body)
    gaps = [b.top - a.bottom for a, b in zip(text_lines, text_lines[1:], strict=False)
            if a.page == b.page and a.size == body == b.size and b.top > a.bottom - 1]
    spacing = statistics.median(gaps) if gaps else body * 0.3
    width = statistics.median(x.x1 - x.x0 for x in text_lines if x.size == body)
    bold_level = min(len(heading_sizes) + 1, 6)
    words, plain = _whole_words(text_lines), _plain_words(text_lines)
    blocks: list[Block] = []
    para: list[str] = []
    prev: Line | None = None
    item = [False]  # the paragraph being read is a list item

    def end_paragraph() -> None:
        if para and item[0]:
            joined = _join(para, words, plain)
            number = re.match(r"^\(?(\d{1,3})[.)]\s", joined)
            text = _BULLET_RE.sub("", joined, count=1)
            start = int(number.group(1)) if number else 0
            if blocks and blocks[-1].kind == "list" and bool(blocks[-1].start) == bool(start):
                blocks[-1].items.append(text)
            else:
                blocks.append(Block("list", items=[text], start=start))
        elif para:
            blocks.append(Block("paragraph", _join(para, words, plain)))
        para.clear()
        item[0] = False

    for x in lines:
        if x.table is not None:
            end_paragraph()
            blocks.append(Block("table", rows=x.table))
            prev = None  # no paragraph runs on over a table
            continue
        if x.size not in level and _bold_heading(x, width):
            end_paragraph()
            blocks.append(Block("heading", x.text, level=bold_level))  # a run-in heading at body size
            prev = x
            continue
        if x.size in level:
            end_paragraph()
            if prev is not None and prev.size == x.size and blocks and blocks[-1].kind == "heading" \
                    and x.page == prev.page and x.top - prev.bottom < x.size:
                blocks[-1].text += " " + x.text  # a heading set on two lines
            else:
                blocks.append(Block("heading", x.text, level=level[x.size]))
        else:
            bullet = _BULLET_RE.match(x.text) is not None
            if bullet or (para and prev is not None and _new_paragraph(prev, x, spacing, left, body, para,
                                                                       in_item=item[0])):
                end_paragraph()
                item[0] = bullet
            elif not para and blocks and blocks[-1].kind == "paragraph" and prev is not None \
                    and prev.page != x.page and prev.size not in level and _continues(blocks[-1].text, x.text):
                para.extend(blocks.pop().text.split("\n"))  # a paragraph across a page break
            para.append(x.text)
        prev = x
    end_paragraph()
    return blocks


def _bold_heading(x: Line, width: float) -> bool:
    """A line all in bold, short of the column's width, that does not end a sentence: a
    heading set at the body's size ("1. Scope")."""
    return x.bold and len(x.text) <= 120 and (x.x1 - x.x0) < width * 0.8 \
        and not re.search(r"[.,;:!?…]$", x.text)


def _new_paragraph(prev: Line, x: Line, spacing: float, left: float, body: float, para: list[str],
                   in_item: bool = False) -> bool:
    if prev.page != x.page:
        return not _continues(" ".join(para), x.text)
    if x.size < body * 0.9 and re.match(r"^(?:\d{1,3}|[*†‡])\s", x.text):
        return True  # a footnote, each its own block
    if x.size < body * 0.9 <= prev.size or prev.size < body * 0.9 <= x.size:
        return True  # the notes at the foot of the page begin (or end)
    if x.top - prev.bottom > spacing + body * 0.5:
        return True
    if in_item:
        return False  # an item's next lines are indented under its text
    return x.x0 > left + body * 0.8 and _ENDS_SENTENCE_RE.search(prev.text) is not None  # an indented first line


def _continues(text: str, following: str) -> bool:
    return _ENDS_SENTENCE_RE.search(text.rstrip()) is None or following[:1].islower()


def _whole_words(lines: list[Line]) -> set[str]:
    """Hyphenated words written whole on one line somewhere in the document."""
    return {w.casefold() for x in lines for w in re.findall(r"\w+(?:-\w+)+", x.text)}


def _plain_words(lines: list[Line]) -> set[str]:
    """Every word written on a line somewhere in the document."""
    return {w.casefold() for x in lines for w in re.findall(r"\w+", x.text)}


def _join(lines: list[str], words: set[str], joined: set[str] | None = None) -> str:
    """Lines into one paragraph. A word broken at the end of a line is joined again: over a
    typesetter's hyphen (U+2010, as browsers print one) unless the document writes the
    hyphenated word whole elsewhere; over a plain hyphen only where it writes the joined word
    whole elsewhere ("north-" "western" stays "north-western"). A dash between numbers
    ("330–" "750") closes up."""
    text = lines[0]
    for line in lines[1:]:
        end, start = _HYPHEN_END_RE.search(text), _WORD_START_RE.match(line)
        if end and start and line[:1].islower():
            hyphenated = f"{end.group(1)}-{start.group(1)}".casefold()
            typeset = text.endswith("\u2010")
            whole = (end.group(1) + start.group(1)).casefold()
            drop = hyphenated not in words if typeset else whole in (joined or set())
            text = (text[:-1] if drop else text[:-1] + "-") + line
        elif re.search(r"\d[–—]$", text) and line[:1].isdigit():
            text += line
        else:
            text += " " + line
    return text


def _meta(meta: dict, name: str) -> str | None:
    value = meta.get(name)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip() or None if value is not None else None


def _pdf_date(value: str | None) -> str | None:
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def _lang(pdf: object) -> str | None:
    try:
        value = pdf.doc.catalog.get("Lang")  # type: ignore[attr-defined]
        from pdfminer.pdftypes import resolve1

        value = resolve1(value)
    except Exception:
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value) else None
