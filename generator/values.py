"""The values notes are made of, shared by every stage: ids, dates that may be partial, and
citations of numbered blocks. Plain Python; the note models (kinds/) type their fields with them."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 64
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)

def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None when it can."""
    if not ID_RE.fullmatch(value):  # fullmatch: a $ would let a final newline through
        return "ids use lowercase letters, digits and single hyphens"
    if len(value) > ID_MAX:
        return f"ids are at most {ID_MAX} characters"
    if value in WINDOWS_RESERVED:
        return "this name is reserved for a device on Windows"
    return None



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
