"""content/briefing.yml: the briefing as a whole."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.kinds.base import Note
from generator.kinds.fields import Accent, BuildDate, Contact, Label, Language, Markdown, ShortLabel, Text

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
    publisher: Label | None = None
    """Who publishes the briefing: shown in the header, the footer and link previews."""
    short_title: ShortLabel | None = None
    """The title where there is little room (the header on phones), at most 32 characters."""
    accent: Accent | None = None
    """The briefing's colour, "#rrggbb" in quotes: the header, links and buttons."""
    footer: Text | None = None
    """One line at the foot of every page (a copyright or licence line)."""
    contact: Contact | None = None
    """An e-mail address or a web address for readers, shown in the footer."""
