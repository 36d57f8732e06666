"""A text file or a Markdown file, as blocks.

A .txt whose paragraphs are separated by blank lines has its hard-wrapped lines joined, one
paragraph per block; one with no blank lines is already one block per line; a short first
line that ends no sentence is its title. A .md keeps its
Markdown blocks as written (split as the checker splits them), without front matter, whose
`title:` is taken as the title, as is a first `# heading`, and without HTML comments (notes
left in the file for its editors).
"""

from __future__ import annotations

import re

from generator.importing.document import Block, Document
from generator.text.blocks import split_blocks

_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_FRONT_RE = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)


def read(data: bytes, markdown: bool) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at {exc.start:,})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not markdown:
        if re.search(r"\n[ \t]*\n", text.strip()):
            paras = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
        else:
            paras = text.split("\n")
        blocks = [Block("paragraph", p) for p in paras if p.strip()]
        first = " ".join(blocks[0].text.split()) if blocks else ""
        # A short first line that ends no sentence is the text's title.
        title = first if first and len(first) <= 120 and not re.search(r"[.,;:!?]$", first) else None
        return Document(blocks, title=title)
    title = None
    front = _FRONT_RE.match(text)
    if front:
        text = text[front.end():]
        m = re.search(r"^title:\s*[\"']?(.*?)[\"']?\s*$", front.group(1), re.M)
        title = m.group(1) if m else None
    text = _COMMENT_RE.sub("", text)  # an editor's note in the file is not the document's text
    blocks = [Block("markdown", b) for b in split_blocks(text, True)]
    heading = re.match(r"^#\s+(.+?)\s*#*\s*$", blocks[0].text) if blocks else None
    return Document(blocks, title=title or (heading.group(1) if heading else None))
