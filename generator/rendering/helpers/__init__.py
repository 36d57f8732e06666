"""What templates call as `h`: one object per page, its methods grouped by concern.

Every link a helper makes is relative to the page (`self.path`); every plain value it puts
into Markdown or HTML is escaped; it returns `Markup` only for what it built itself.
"""

from __future__ import annotations

from generator.rendering.context import Context
from generator.rendering.helpers.citations import CitationHelpers
from generator.rendering.helpers.links import LinkHelpers
from generator.rendering.helpers.quotes import QuoteHelpers
from generator.rendering.helpers.sources import SourceHelpers
from generator.rendering.helpers.text import TextHelpers
from generator.rendering.helpers.widgets import WidgetHelpers


class Helpers(QuoteHelpers, LinkHelpers, CitationHelpers, TextHelpers, SourceHelpers, WidgetHelpers):
    """The helpers of one page."""

    def __init__(self, ctx: Context, path: str) -> None:
        self.ctx = ctx
        self.path = path
        self.c = ctx.corpus
        self.t = ctx.t
