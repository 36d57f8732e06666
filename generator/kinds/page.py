"""pages/<id>.md: a free-form page (about, method)."""

from __future__ import annotations

from generator.kinds.base import Kind, Published
from generator.kinds.fields import Label


class Page(Published):
    """pages/<id>.md: a free-form page."""

    title: Label
    """The page's title."""
    tags: list[Label] = []
    """Free-form tags."""


SCAFFOLD = """---
title: {title}
---
FILL IN: the page's text, in Markdown.
"""

KIND = Kind(folder="pages", label="page", plural="pages", model=Page, position=5, section="More pages",
            listing="pages.md", template="page.md.j2", search_boost=1.5, scaffold=SCAFFOLD, diff_rank=5,
            in_navigation=False)
