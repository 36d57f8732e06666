"""The note kinds as types. One docstring per field: the JSON Schemas are made from these.

Every scalar reaches these models as the text the editor typed (see yamltree), so the
types below decide what a value means: a title of `NO` stays "NO", and only `true` or
`false` make a boolean.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 64
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)

ISSUE_STATUSES = ("open", "narrowing", "agreed", "stalled", "collapsed")
CLAIM_STATUSES = ("alleged", "disputed", "denied", "confirmed", "refuted", "unverified")
ACTOR_KINDS = ("person", "state", "organisation", "legislature", "public")
RESPONSE_POSITIONS = ("denies", "confirms", "questions", "supports")
DISPLAY_MODES = ("full", "cited", "none")


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None when it can."""
    if not ID_RE.match(value):
        return "ids use lowercase letters, digits and single hyphens"
    if len(value) > ID_MAX:
        return f"ids are at most {ID_MAX} characters"
    if value in WINDOWS_RESERVED:
        return "this name is reserved for a device on Windows"
    return None


def _check_id(value: str) -> str:
    why = id_problem(value)
    if why:
        raise ValueError(f'"{value}" is not a valid id: {why}')
    return value


# ---------------------------------------------------------------- dates

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of which the month and day may be unknown."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def partial(self) -> bool:
        return self.day == 0

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # A partial date sorts before the full dates of its period (0 < 1).
        return (self.year, self.month, self.day)

    def iso(self) -> str:
        if self.month == 0:
            return f"{self.year:04d}"
        if self.day == 0:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def ordinal(self) -> int:
        """Days since 0001-01-01 of the first day of the period."""
        import datetime

        return datetime.date(self.year, self.month or 1, self.day or 1).toordinal()

    def __str__(self) -> str:
        return self.iso()


def parse_date(value: object, *, full: bool) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    shape = "YYYY-MM-DD" if full else "YYYY-MM-DD, YYYY-MM or YYYY"
    if not isinstance(value, str):
        raise ValueError(f"expected a date ({shape})")
    m = _DATE_RE.match(value.strip())
    if not m or (full and m.group(3) is None):
        raise ValueError(f'"{value}" is not a date of the form {shape}')
    year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if m.group(2) is not None and not 1 <= month <= 12:
        raise ValueError(f'"{value}" is not a valid date: month {month} does not exist')
    if m.group(3) is not None:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        last = 29 if month == 2 and leap else (28 if month == 2 else _DAYS[month - 1])
        if not 1 <= day <= last:
            raise ValueError(f'"{value}" is not a valid date: day {day} does not exist in that month')
    if year < 1:
        raise ValueError(f'"{value}" is not a valid date')
    return PartialDate(year, month, day)


FullDate = Annotated[
    PartialDate,
    BeforeValidator(lambda v: parse_date(v, full=True)),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}),
]
ENGINE_DATES = (PartialDate(1970, 1, 1), PartialDate(2106, 2, 6))
"""The dates a site engine can stamp a build with: MkDocs takes the build date as seconds
since 1970 and writes it into sitemap.xml.gz's 32-bit header."""


def _engine_date(value: PartialDate) -> PartialDate:
    low, high = ENGINE_DATES
    if not low <= value <= high:
        raise ValueError(f'"{value}" is outside the dates a site can be built for ({low} to {high}): '
                         "give the date the briefing reflects")
    return value


BuildDate = Annotated[FullDate, AfterValidator(_engine_date)]
"""The as-of date, which also dates the build (see ENGINE_DATES)."""

AnyDate = Annotated[
    PartialDate,
    BeforeValidator(lambda v: parse_date(v, full=False)),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "YYYY-MM-DD, YYYY-MM or YYYY"}),
]

# ---------------------------------------------------------------- scalars


def _strict_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f'expected true or false, found "{value}"')


Bool = Annotated[bool, BeforeValidator(_strict_bool), WithJsonSchema({"type": "boolean"})]


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


Text = Annotated[str, AfterValidator(_nonblank)]
"""Plain text, always shown literally."""

# Characters that show as nothing, or reorder what is around them: Unicode's format
# characters (zero-width spaces and joiners, bidirectional controls, the soft hyphen, the
# byte-order mark) and the Hangul fillers. In a title, a name or a tag they make two
# different strings look the same.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


def invisible(value: str) -> str | None:
    """The first character of `value` that shows as nothing or reorders text, or None."""
    import unicodedata

    for ch in value:
        if ch in _FILLERS or (ord(ch) > 0x7f and unicodedata.category(ch) == "Cf"):
            return ch
    return None


def _visible(value: str) -> str:
    ch = invisible(value)
    if ch is not None:
        import unicodedata

        name = unicodedata.name(ch, "unnamed")
        raise ValueError(f"holds the invisible character U+{ord(ch):04X} ({name}), which can make two names "
                         "look alike: remove it")
    return value


Label = Annotated[str, AfterValidator(_nonblank), AfterValidator(_visible)]
"""A title, a name or a tag: plain text with nothing invisible in it."""
Markdown = Annotated[str, AfterValidator(_nonblank), WithJsonSchema({"type": "string", "contentMediaType": "text/markdown"})]
"""Markdown that may hold [[id]], [[id|text]] and [@source#pN] (see markup.py)."""
Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_RE.pattern, "maxLength": ID_MAX})]

_CITE_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)#p([0-9]+)(?:-p([0-9]+))?$")


@dataclass(frozen=True, order=True)
class Citation:
    """A reference to numbered blocks of a source: `source#pN` or `source#pN-pM`."""

    source: str
    start: int
    end: int

    def __str__(self) -> str:
        if self.start == self.end:
            return f"{self.source}#p{self.start}"
        return f"{self.source}#p{self.start}-p{self.end}"


def parse_citation(value: object) -> Citation:
    if isinstance(value, Citation):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a citation such as source-id#p3 or source-id#p3-p5")
    return _parse_citation(value)


@functools.lru_cache(maxsize=8192)
def _parse_citation(value: str) -> Citation:
    m = _CITE_RE.match(value.strip())
    if not m:
        raise ValueError(f'"{value}" is not a citation: write source-id#p3 or source-id#p3-p5')
    start = int(m.group(2))
    end = int(m.group(3)) if m.group(3) else start
    if start < 1:
        raise ValueError(f'"{value}": blocks are numbered from p1')
    if end < start:
        raise ValueError(f'"{value}" is a reversed range: write p{end}-p{start}')
    return Citation(m.group(1), start, end)


CitationRef = Annotated[
    Citation,
    BeforeValidator(parse_citation),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*#p[0-9]+(-p[0-9]+)?$"}),
]
Citations = Annotated[list[CitationRef], Field(min_length=1)]


def _check_sha(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError("expected 64 lowercase hexadecimal characters")
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"']+$", value):
        raise ValueError(f'"{value}" is not an http or https address')
    return value


def _check_lang(value: str) -> str:
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", value):
        raise ValueError(f'"{value}" is not a BCP 47 language tag such as en or uk')
    return value


# ---------------------------------------------------------------- notes


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Published(Note):
    """What every note kind can carry besides its own fields."""

    draft: Bool = False
    """True keeps the note off the site (every page, listing, search, feed and export) until it is ready."""
    aliases: list[Id] = []
    """Former ids of this note; the site keeps a page at each old address that leads here."""


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
    language: Annotated[str, AfterValidator(_check_lang)] = "en"
    """BCP 47 language tag of the briefing's text."""
    stale_after_days: Annotated[int, Field(ge=0)] = 30
    """An issue is flagged stale when `updated` is older than `as_of` minus this many days."""
    description: Text | None = None
    """Description for search engines and link previews; defaults to the subtitle."""
    since: Text | None = None
    """Git revision (e.g. the tag) of the last release; the site gets a "Since the last briefing" page."""


class Position(Note):
    """Who wants what on an issue."""

    actor: Id
    """The actor holding the position."""
    stance: Markdown
    """The position in a sentence or two."""
    quote: Text | None = None
    """Verbatim words from the cited blocks; checked by the generator."""
    sources: Citations
    """Where the position is reported."""


class HistoryEntry(Note):
    """A change in the briefing's account of a note."""

    date: AnyDate
    """When it changed."""
    change: Markdown
    """What changed."""


class Issue(Published):
    """issues/<id>.md: a disputed issue."""

    title: Label
    """Short name of the disputed issue."""
    summary: Markdown
    """One or two sentences."""
    status: Literal[ISSUE_STATUSES]  # type: ignore[valid-type]
    """Where the dispute stands."""
    updated: FullDate
    """Date of the last substantive review."""
    tags: list[Label] = []
    """Free-form tags."""
    related: list[Id] = []
    """Related issues (shown on both)."""
    depends_on: list[Id] = []
    """Issues this one cannot be settled without."""
    positions: Annotated[list[Position], Field(min_length=1)]
    """Who wants what; one position per actor."""
    questions: list[Markdown] = []
    """Open questions."""
    sources: list[CitationRef] = []
    """Citations for the issue as a whole."""
    history: list[HistoryEntry] = []
    """What changed in the briefing on this issue, and when."""


class Actor(Published):
    """actors/<id>.md: a party, person, institution or public."""

    name: Label
    """Display name."""
    kind: Literal[ACTOR_KINDS]  # type: ignore[valid-type]
    """What sort of actor."""
    role: Text | None = None
    """One line, e.g. "President of Ukraine"."""
    part_of: Id | None = None
    """The actor this one belongs to."""
    tags: list[Label] = []
    """Free-form tags."""


class Event(Published):
    """events/<id>.md: a dated happening for the timeline."""

    title: Label
    """What happened."""
    date: AnyDate
    """When (YYYY-MM-DD, YYYY-MM or YYYY)."""
    approximate: Bool = False
    """True when the date is an estimate."""
    actors: list[Id] = []
    """Actors involved."""
    issues: list[Id] = []
    """Issues it bears on."""
    sources: Citations
    """Where it is reported."""
    tags: list[Label] = []
    """Free-form tags."""


class Response(Note):
    """One actor's answer to a claim."""

    actor: Id
    """Who responds."""
    position: Literal[RESPONSE_POSITIONS]  # type: ignore[valid-type]
    """denies, confirms, questions or supports."""
    summary: Markdown
    """The response in a sentence."""
    quote: Text | None = None
    """Verbatim words from the cited blocks; checked by the generator."""
    sources: Citations
    """Where the response is reported."""


class Claim(Published):
    """claims/<id>.md: an assertion and its verification status."""

    statement: Markdown
    """The assertion, as its claimant makes it."""
    title: Label | None = None
    """Short title for listings; defaults to the start of the statement."""
    claimant: Id
    """Who makes the claim."""
    status: Literal[CLAIM_STATUSES]  # type: ignore[valid-type]
    """Verification status; the briefing attributes, it never rules."""
    date: AnyDate | None = None
    """When it was made."""
    responses: list[Response] = []
    """Who denies, confirms, questions or supports it."""
    issues: list[Id] = []
    """Issues the claim bears on."""
    sources: Citations
    """Where it is reported."""
    tags: list[Label] = []
    """Free-form tags."""


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
    url: Annotated[str, AfterValidator(_check_url)] | None = None
    """Where the original lives."""
    sha256: Annotated[str, AfterValidator(_check_sha)] | None = None
    """Checksum of the file's text; a change fails the check until an editor updates it."""
    display: Literal[DISPLAY_MODES] = "full"  # type: ignore[valid-type]
    """full: every block; cited: only cited blocks; none: metadata only."""
    licence: Text | None = None
    """The terms under which the text is shown."""


class Page(Published):
    """pages/<id>.md: a free-form page."""

    title: Label
    """The page's title."""
    tags: list[Label] = []
    """Free-form tags."""


NoteModel = Union[Issue, Actor, Event, Claim, Source, Page]

KINDS: dict[str, type[Note]] = {
    "issues": Issue,
    "actors": Actor,
    "events": Event,
    "claims": Claim,
    "sources": Source,
    "pages": Page,
}
"""Folder under content/ → model; every kind but sources is a Markdown note."""

KIND_NAMES = {"issues": "issue", "actors": "actor", "events": "event", "claims": "claim",
              "sources": "source", "pages": "page"}

MARKDOWN_FIELDS = frozenset({"summary", "stance", "questions", "statement", "change"})
"""Field names whose values are Markdown (with links and citations); the rest are plain text."""
