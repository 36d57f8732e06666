"""What every reader of a format makes: a document of blocks and what it says about itself.

A reader (html.py, pdf.py, docx.py, plain.py) turns a file into a `Document`: its main text as
blocks (a heading, a paragraph, a list, a table), and the metadata it carries (title, author,
publisher, date, language). `seed()` then writes the blocks as a source text that splits into
exactly those blocks (text/blocks.py): a `.txt` of one block per line, or a `.md` of blocks
separated by blank lines where a list or a table needs Markdown.

Text is cleaned as the contract wants it: NFC, no control characters, no soft hyphens or
zero-width marks, no bidirectional controls, single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DROP_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                      "\ufeff\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters, soft hyphens, zero-width and bidirectional marks, noncharacters."""
_SPACE_RE = re.compile(r"[\s\u00a0\u2028\u2029]+")


def clean(text: str) -> str:
    """One line of text as a block holds it (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text.replace("\r", "\n"))
    text = _DROP_RE.sub("", text.replace("\t", " "))
    return _SPACE_RE.sub(" ", text).strip()


@dataclass
class Block:
    kind: str
    """heading, paragraph, list, table, or markdown (a block of a Markdown file, kept as written)."""
    text: str = ""
    """A heading's or a paragraph's text."""
    items: list[str] = field(default_factory=list)
    """A list's items."""
    rows: list[list[str]] = field(default_factory=list)
    """A table's rows (the first is its header)."""
    level: int = 2
    """A heading's level, 1 to 6."""
    start: int = 0
    """A numbered list's first number (0: a bulleted list)."""


@dataclass
class Document:
    blocks: list[Block]
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    """A date, YYYY-MM-DD (or YYYY-MM, YYYY)."""
    language: str | None = None
    url: str | None = None
    """The document's own address, where it gives one."""
    notes: list[str] = field(default_factory=list)
    """What the importer wants the editor to know (written as comments in the note)."""

    def cleaned(self) -> Document:
        """The blocks with their text cleaned and the empty ones dropped."""
        out: list[Block] = []
        for b in self.blocks:
            if b.kind in ("heading", "paragraph"):
                text = clean(b.text)
                if text:
                    out.append(Block(b.kind, text, level=b.level))
            elif b.kind == "markdown":
                lines = [clean(line) if line.strip() else "" for line in b.text.split("\n")]
                text = "\n".join(line for line in lines if line)
                if text:
                    out.append(Block("markdown", text))
            elif b.kind == "list":
                items = [t for t in (clean(i) for i in b.items) if t]
                if items:
                    out.append(Block("list", items=items, start=b.start))
            elif b.kind == "table":
                rows = [[clean(c) for c in row] for row in b.rows]
                rows = [r for r in rows if any(r)]
                if rows:
                    out.append(Block("table", rows=rows))
        return Document(out, title=clean(self.title) if self.title else None,
                        author=clean(self.author) if self.author else None,
                        publisher=clean(self.publisher) if self.publisher else None,
                        published=self.published, language=self.language, url=self.url, notes=self.notes)


def needs_markdown(doc: Document) -> bool:
    return any(b.kind in ("list", "table", "markdown") for b in doc.blocks)


_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LEAD_RE = re.compile(r"^(#{1,6}(?=\s)|[-+=](?=\s|$)|>|={3,}|-{3,})")
_MD_NUMBER_RE = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _md(text: str, lead: bool = True) -> str:
    """Text shown as it is, not read as Markdown markup (`lead`: nor as a list or a heading
    by how it starts; a heading's text needs no such care)."""
    text = _MD_SPECIAL_RE.sub(r"\\\1", text)
    if not lead:
        return text
    # "1\." (a backslash before a digit escapes nothing in CommonMark)
    text = _MD_NUMBER_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_LEAD_RE.sub(lambda m: "\\" + m.group(0), text)


def _cell(text: str) -> str:
    return _md(text) or " "


def seed(doc: Document) -> tuple[str, str]:
    """The source text: (".txt" or ".md", text)."""
    if not needs_markdown(doc):
        return ".txt", "".join(b.text + "\n" for b in doc.blocks)
    parts = []
    for b in doc.blocks:
        if b.kind == "heading":
            parts.append("#" * min(max(b.level, 1), 6) + " " + _md(b.text, lead=False))
        elif b.kind == "paragraph":
            parts.append(_md(b.text))
        elif b.kind == "markdown":
            parts.append(b.text)
        elif b.kind == "list":
            marks = [f"{b.start + k}. " if b.start else "- " for k in range(len(b.items))]
            parts.append("\n".join(m + _md(i) for m, i in zip(marks, b.items, strict=True)))
        else:
            width = max(len(r) for r in b.rows)
            rows = [r + [""] * (width - len(r)) for r in b.rows]
            lines = ["| " + " | ".join(_cell(c) for c in rows[0]) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows[1:]]
            parts.append("\n".join(lines))
    return ".md", "\n\n".join(parts) + "\n"
