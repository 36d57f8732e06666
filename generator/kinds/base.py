"""What every note kind is made of: the base models, the record a kind is described by, and
the walk that finds a note's marked fields (Markdown, references, citations, quotes)."""

from __future__ import annotations

import functools
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from generator.kinds.fields import Bool, Id, IsCitation, IsMarkdown, IsQuote, Refers
from generator.values import Citation, PartialDate

PLACEHOLDER = "FILL IN"
"""What `briefing new` writes where an editor must fill something in; `briefing check`
names every value still starting with it."""


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    CITED_AS: ClassVar[str] = ""
    """How a citation made by an item of this model is described on the cited source's page,
    e.g. "position of {actor}" (formatted with the item's fields); a note's own citations are
    described by its kind's label."""
    SPEAKER: ClassVar[str] = "actor"
    """The field naming whose words a `quote:` with `wording: direct` are (an actor id)."""


class Published(Note):
    """What every note kind can carry besides its own fields."""

    draft: Bool = False
    """True keeps the note off the site (every page, listing, search, feed and export) until it is ready."""
    aliases: list[Id] = []
    """Former ids of this note; the site keeps a page at each old address that leads here."""


_LAST = ("draft", "aliases")  # common to every kind: after the kind's own fields


def plain(value: Any) -> Any:
    """A model value as JSON data: dates and citations as the editor writes them."""
    if isinstance(value, BaseModel):
        names = [n for n in type(value).model_fields if n not in _LAST]
        names += [n for n in _LAST if n in type(value).model_fields]
        return {n: plain(getattr(value, n)) for n in names}
    if isinstance(value, (PartialDate, Citation)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# ---------------------------------------------------------------- the walk

Marker = IsMarkdown | Refers | IsCitation | IsQuote
_MARKERS = (IsMarkdown, Refers, IsCitation, IsQuote)


@dataclass(frozen=True)
class _Step:
    name: str
    marker: Marker | None
    many: bool
    model: type[Note] | None


@dataclass(frozen=True)
class Found:
    """A marked value in a note: where it is, what it is, and the model instance holding it."""

    path: tuple[str | int, ...]
    value: Any
    marker: Marker
    owner: Note


def _analyse(annotation: Any, metadata: list[Any]) -> tuple[Marker | None, bool, type[Note] | None]:
    """(marker, is a list, nested model) of a field's type."""
    marker = next((m for m in metadata if isinstance(m, _MARKERS)), None)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        found, many, model = _analyse(base, extra)
        return marker or found, many, model
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        found, many, model = _analyse(args[0], [])
        return marker or found, many, model
    if origin is list:
        found, _, model = _analyse(typing.get_args(annotation)[0], [])
        return marker or found, True, model
    if isinstance(annotation, type) and issubclass(annotation, Note):
        return marker, False, annotation
    return marker, False, None


@functools.cache
def steps(model: type[Note]) -> tuple[_Step, ...]:
    out = []
    for name, info in model.model_fields.items():
        marker, many, sub = _analyse(info.annotation, list(info.metadata))
        if marker is not None or sub is not None:
            out.append(_Step(name, marker, many, sub))
    return tuple(out)


def walk(data: Note, path: tuple[str | int, ...] = ()) -> Iterator[Found]:
    """Every marked value of a note, nested items included, in the order of the fields."""
    for step in steps(type(data)):
        value = getattr(data, step.name)
        if value is None:
            continue
        items = list(enumerate(value)) if step.many else [(None, value)]
        for i, item in items:
            here = path + (step.name,) + (() if i is None else (i,))
            if step.model is not None:
                yield from walk(item, here)
            elif step.marker is not None:
                yield Found(here, item, step.marker, data)


def markdown_fields(model: type[Note]) -> list[str]:
    """Dotted names of the Markdown fields of a model, nested ones as `positions[].stance`."""
    out = []
    for step in steps(model):
        suffix = "[]" if step.many else ""
        if step.model is not None:
            out += [f"{step.name}{suffix}.{n}" for n in markdown_fields(step.model)]
        elif isinstance(step.marker, IsMarkdown):
            out.append(step.name)
    return out


# ---------------------------------------------------------------- the record


@dataclass(frozen=True, kw_only=True)
class Kind:
    """Everything the stages know about one kind of note. A kind is one module of kinds/
    with a KIND record (and its templates); nothing else names a kind's folder."""

    folder: str
    """Its folder under content/, and under the site: issues."""
    label: str
    """One of them, in messages and on pages: issue."""
    plural: str
    """More than one: issues (the heading of its part of a diff, capitalised)."""
    model: type[Published]
    position: int
    """Where it comes among the kinds (in messages that list them)."""
    extension: str = ".md"
    """.md for a note with front matter and a body, .yml for fields only."""
    section: str
    """The title of its listing page, in the navigation and the breadcrumbs: Timeline."""
    listing: str
    """Its listing page: timeline.md (the template is that name plus .j2)."""
    template: str
    """The template of each note's page."""
    search_boost: float = 1
    """How much higher than other pages search ranks a note of this kind."""
    order: str = "by id"
    """How its listing is sorted, in words (for the index of a listing in parts)."""
    scaffold: str
    """The note `briefing new` writes, with {title} and {today} to fill in."""
    title: Callable[[Any], str] = lambda data: str(data.title)
    """A note's title, as plain text."""
    sort_key: Callable[[str, Any, str], tuple[Any, ...]] = lambda note_id, data, title: (note_id,)
    """Where a note comes in the listing: (id, fields, title) → a sort key."""
    span: Callable[[Any, str], str] = lambda data, title: title
    """What names a note at either end of a part of a long listing: its title, or its date."""
    relate: Callable[..., None] | None = None
    """The kind's own pass over the corpus: relate(note, relations, problems) records how
    the note relates to others (positions held, claims made …) and reports what is wrong."""
    conclude: Callable[..., None] | None = None
    """After every note's relate: conclude(relations, problems), for what needs them all
    (loops, cycles)."""
    diff_rank: int = 0
    """Where its changes come in a diff."""
    diff_items: tuple[tuple[str, str, str], ...] = ()
    """Lists of items matched by actor in a diff: (field, noun, the field that says it)."""
    in_navigation: bool = True
    """Its listing is in the site's navigation (free pages are listed on the home page)."""

    @property
    def singular(self) -> str:
        return self.label


@dataclass
class Relations:
    """The relations between notes that the kinds' own passes record (see Kind.relate)."""

    notes: dict[str, Any]
    """Every valid note by id (linking's Valid records)."""
    as_of: Any
    """The briefing's as-of date, or None when briefing.yml could not be read."""
    stale_after_days: int
    positions_of: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    """Actor → (issue, index of the position) for every position it holds."""
    claims_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    responses_of: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    events_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Actor or issue → the events that involve it."""
    claims_on: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    related: dict[str, Any] = field(default_factory=lambda: defaultdict(set))
    """Issue → related issues: sets while notes are related, sorted lists once concluded."""
    dependents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    stale: set[str] = field(default_factory=set)
