"""sources/<id>.yml: a source document, whose text lives under seeds/ in numbered blocks."""

from __future__ import annotations

from typing import Literal

from generator.kinds.base import Kind, Published
from generator.kinds.fields import AnyDate, Label, Sha256, Text, Url

DISPLAY_MODES = ("full", "cited", "none")


class Source(Published):
    """sources/<id>.yml: a source document whose text lives under seeds/."""

    title: Label
    """Title of the document."""
    file: Text
    """Path of the text, relative to the project root, under seeds/."""
    kind: Text | None = None
    """e.g. news-article, statement, transcript."""
    publisher: Text | None = None
    """Who published it."""
    published: AnyDate | None = None
    """When it was published."""
    url: Url | None = None
    """Where the original lives."""
    sha256: Sha256 | None = None
    """Checksum of the file's text; a change fails the check until an editor updates it."""
    display: Literal[DISPLAY_MODES] = "full"  # type: ignore[valid-type]
    """full: every block; cited: only cited blocks; none: metadata only."""
    licence: Text | None = None
    """The terms under which the text is shown."""


SCAFFOLD = """# The document's title.
title: {title}
# Its text, under seeds/ (.txt: one block per line; .md: one block per paragraph).
file: "FILL IN: seeds/file.txt"
# Optional: kind, publisher, published, url, sha256, display (full, cited, none), licence.
"""

KIND = Kind(folder="sources", label="source", plural="sources", model=Source, position=4, extension=".yml",
            section="Sources", listing="sources.md", template="source.md.j2", scaffold=SCAFFOLD, diff_rank=4)
