"""sources/<id>.yml: a source document, whose text lives under seeds/ in numbered blocks."""

from __future__ import annotations

from typing import Literal

from generator.kinds.base import Kind, Published
from generator.kinds.fields import ActorId, AnyDate, Fingerprints, Label, Language, Sha256, Text, Url

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
    archived: Url | None = None
    """An archived copy of the original."""
    accessed: AnyDate | None = None
    """When the editor read the original."""
    language: Language | None = None
    """The document's language (BCP 47), when it is not the briefing's."""
    author: ActorId | None = None
    """The actor whose own words the whole document is (a statement, a transcript of a speech)."""
    sha256: Sha256 | None = None
    """Checksum of the file's text; a change fails the check until an editor updates it."""
    fingerprints: Fingerprints | None = None
    """Recorded with the checksum: one short hash per block, so a changed text names the
    blocks that changed and the citations into them (an addition to the contract)."""
    display: Literal[DISPLAY_MODES] = "full"  # type: ignore[valid-type]
    """full: every block; cited: only cited blocks; none: metadata only."""
    licence: Text | None = None
    """The terms under which the text is shown."""


SCAFFOLD = """# The document's title.
title: {title}
# Its text, under seeds/ (.txt: one block per line; .md: one block per paragraph).
file: "FILL IN: seeds/file.txt"
# Optional: kind, publisher, published, url, archived, accessed, language, author (an actor id,
# when the whole document is that actor's words), sha256, display (full, cited, none), licence.
"""

KIND = Kind(folder="sources", label="source", plural="sources", model=Source, position=4, extension=".yml",
            section="Sources", listing="sources.md", template="source.md.j2", scaffold=SCAFFOLD, diff_rank=4)
