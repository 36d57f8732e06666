"""A citation as the reader meets it, drawn the same way everywhere: on pages, in matrix
cells, in the links of rendered note text, and in briefing.json."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.linking.corpus import Corpus
from generator.text.resolve import cite_label
from generator.values import Citation


@dataclass(frozen=True)
class CitationView:
    label: str
    """¶3, or ¶3–5 for a range."""
    page: urls.Page
    """The cited source's page."""
    anchor: str
    """The cited block's anchor there, or '' when the source shows no text."""
    source_title: str
    original: str = ""
    """The same passage in the original document (its URL with a text fragment), or ''."""

    @property
    def title(self) -> str:
        """What a citation link says on hover: "Source title, ¶3"."""
        return f"{self.source_title}, {self.label}"

    def url_from_root(self) -> str:
        """The cited place relative to the site's root: sources/x.html#p3."""
        return urls.html_of(self.page) + (f"#{self.anchor}" if self.anchor else "")


def view(corpus: Corpus, c: Citation) -> CitationView:
    source = corpus.notes[c.source].data
    return CitationView(cite_label(c), urls.note_page("sources", c.source), urls.cite_anchor(c.start, source.display),
                        source.title, corpus.originals.get(c, ""))
