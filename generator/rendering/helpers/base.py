"""What every group of helpers relies on: the page's attributes (set by Helpers), and HTML links."""

from __future__ import annotations

from markupsafe import Markup

from generator.linking.corpus import Corpus
from generator.rendering.context import Context
from generator.rendering.strings import Strings
from generator.text.escape import attr, md_text


class HelperBase:
    ctx: Context
    path: str
    c: Corpus
    t: Strings

    def a(self, href: str, text: str, cls: str = "", title: str = "") -> Markup:
        """An HTML link (for raw HTML blocks, where Markdown links are not read)."""
        extra = (f' class="{cls}"' if cls else "") + (f' title="{attr(title)}"' if title else "")
        return Markup(f'<a href="{attr(href)}"{extra}>{md_text(text)}</a>')
