"""content/briefing.yml: the briefing as a whole."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.kinds.base import Note
from generator.kinds.fields import BuildDate, Label, Language, Markdown, Text

PATH = "content/briefing.yml"


class Briefing(Note):
    """content/briefing.yml: the briefing as a whole."""

    title: Label
    """The briefing's title."""
    subtitle: Text | None = None
    """One line under the title."""
    as_of: BuildDate
    """The date the briefing reflects (YYYY-MM-DD), from 1970-01-01 to 2106-02-06."""
    summary: Markdown
    """What a reader must know in 30 seconds."""
    language: Language = "en"
    """BCP 47 language tag of the briefing's text."""
    stale_after_days: Annotated[int, Field(ge=0)] = 30
    """An issue is flagged stale when `updated` is older than `as_of` minus this many days."""
    description: Text | None = None
    """Description for search engines and link previews; defaults to the subtitle."""
    since: Text | None = None
    """Git revision (e.g. the tag) of the last release; the site gets a "Since the last briefing" page."""
