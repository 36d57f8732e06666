"""The types of note fields, and the markers that say what a field is to the later stages.

Every scalar reaches the models as the text the editor typed (see loading/yamltree), so
these types decide what a value means: a title of `NO` stays "NO", and only `true` or
`false` make a boolean. A field's type also carries what the linker and the renderer need
to know about it, as a marker in its annotation: `IsMarkdown` (the text may hold links and
citations and is rendered), `Refers("actors")` (it names a note of that kind),
`IsCitation` (it cites source blocks) and `IsQuote` (its words must be in what the citations
of the same item cite). kinds/base.py finds them; no stage keeps a list of field names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from generator.values import ID_MAX, ID_RE, Citation, PartialDate, id_problem, parse_citation, parse_date

# ---------------------------------------------------------------- markers


@dataclass(frozen=True)
class IsMarkdown:
    """Markdown that may hold [[id]], [[id|text]] and [@source#pN]."""


@dataclass(frozen=True)
class Refers:
    """The value is the id of a note of this kind (folder), or of any kind when empty."""

    kind: str


@dataclass(frozen=True)
class IsCitation:
    """The value cites numbered blocks of a source."""


@dataclass(frozen=True)
class IsQuote:
    """Verbatim words that must be found in the blocks the same item's citations cite."""


MARKDOWN, CITATION, QUOTE = IsMarkdown(), IsCitation(), IsQuote()

# ---------------------------------------------------------------- text


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


# Characters that show as nothing, or reorder what is around them: Unicode's format
# characters (zero-width spaces and joiners, bidirectional controls, the soft hyphen, the
# byte-order mark), the rest of its default-ignorable code points (variation selectors,
# the combining grapheme joiner, Hangul fillers, Khmer and Mongolian invisible marks, tag
# characters), and the blank Braille pattern. In a title, a name or a tag they make two
# different strings look the same.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]")
"""Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), and U+2800."""


def invisible(value: str) -> str | None:
    """The first character of `value` that shows as nothing or reorders text, or None."""
    m = _INVISIBLE_RE.search(value)
    if m:
        return m.group()
    for ch in value:
        if ord(ch) > 0x7f and unicodedata.category(ch) == "Cf":
            return ch
    return None


def _visible(value: str) -> str:
    ch = invisible(value)
    if ch is not None:
        name = unicodedata.name(ch, "unnamed")
        raise ValueError(f"holds the invisible character U+{ord(ch):04X} ({name}), which can make two names "
                         "look alike: remove it")
    return value


Text = Annotated[str, AfterValidator(_nonblank)]
"""Plain text, always shown literally."""
Label = Annotated[str, AfterValidator(_nonblank), AfterValidator(_visible)]
"""A title, a name or a tag: plain text with nothing invisible in it."""
Markdown = Annotated[str, AfterValidator(_nonblank), MARKDOWN,
                     WithJsonSchema({"type": "string", "contentMediaType": "text/markdown"})]
"""Markdown that may hold [[id]], [[id|text]] and [@source#pN] (see text/markup.py)."""
Quote = Annotated[str, AfterValidator(_nonblank), QUOTE]
"""Verbatim words from the cited blocks; checked by the generator."""

# ---------------------------------------------------------------- ids


def _check_id(value: str) -> str:
    why = id_problem(value)
    if why:
        raise ValueError(f'"{value}" is not a valid id: {why}')
    return value


_ID_SCHEMA = WithJsonSchema({"type": "string", "pattern": ID_RE.pattern, "maxLength": ID_MAX})
Id = Annotated[str, AfterValidator(_check_id), _ID_SCHEMA]
"""A note's id (aliases: former ids, which name no note)."""
ActorId = Annotated[str, AfterValidator(_check_id), Refers("actors"), _ID_SCHEMA]
"""The id of an actor."""
IssueId = Annotated[str, AfterValidator(_check_id), Refers("issues"), _ID_SCHEMA]
"""The id of an issue."""

# ---------------------------------------------------------------- dates

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

# ---------------------------------------------------------------- other scalars


def _strict_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f'expected true or false, found "{value}"')


Bool = Annotated[bool, BeforeValidator(_strict_bool), WithJsonSchema({"type": "boolean"})]

CitationRef = Annotated[
    Citation,
    BeforeValidator(parse_citation),
    CITATION,
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*#p[0-9]+(-p[0-9]+)?$"}),
]
Citations = Annotated[list[CitationRef], Field(min_length=1)]


def _check_sha(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError("expected 64 lowercase hexadecimal characters")
    return value


def _check_fingerprints(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{8}( [0-9a-f]{8})*", value):
        raise ValueError("expected one 8-character fingerprint per block, separated by spaces "
                         "(written by briefing sources --update and briefing import)")
    return value


def _check_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"'\\]+", value):
        raise ValueError(f'"{value}" is not an http or https address')
    return value


def _check_lang(value: str) -> str:
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", value):
        raise ValueError(f'"{value}" is not a BCP 47 language tag such as en or uk')
    return value


WORDINGS = ("reported", "direct")
"""How a quote's words stand to the actor: the source's own words about the actor
(`reported`, the default), or the actor's own words (`direct`), which linking/citations checks."""
Wording = Literal[WORDINGS]  # type: ignore[valid-type]
DATE_BASES = ("stated", "report")
"""What a date rests on: a cited block gives it (`stated`, the default), or it is when a cited
source reported the event (`report`: it happened on or before), checked in linking/evidence."""
DateBasis = Literal[DATE_BASES]  # type: ignore[valid-type]

Sha256 = Annotated[str, AfterValidator(_check_sha)]
Fingerprints = Annotated[str, AfterValidator(_check_fingerprints)]
Url = Annotated[str, AfterValidator(_check_url)]
Language = Annotated[str, AfterValidator(_check_lang)]


def _check_accent(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f'"{value}" is not a colour written #rrggbb, such as "#1f4e79" (in quotes: # starts '
                         "a comment in YAML)")
    return value.lower()


def _check_contact(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", value):
        return value
    return _check_url(value)


def _short(value: str) -> str:
    if len(value) > SHORT_TITLE_MAX:
        raise ValueError(f"{len(value)} characters, at most {SHORT_TITLE_MAX} fit in a phone's header: shorten it")
    return value


SHORT_TITLE_MAX = 32
ShortLabel = Annotated[str, AfterValidator(_nonblank), AfterValidator(_visible), AfterValidator(_short)]
Accent = Annotated[str, AfterValidator(_check_accent)]
Contact = Annotated[str, AfterValidator(_check_contact)]
"""An e-mail address or an http(s) address."""
