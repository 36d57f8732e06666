"""claims/<id>.md: an assertion, its verification status and the responses to it."""

from __future__ import annotations

from typing import Any, Literal

from generator.kinds.base import Kind, Note, Published, Relations
from generator.kinds.fields import ActorId, AnyDate, Citations, DateBasis, IssueId, Label, Markdown, Quote, Wording
from generator.problems import Problems

STATUSES = ("alleged", "disputed", "denied", "confirmed", "refuted", "unverified")
POSITIONS = ("denies", "confirms", "questions", "supports")
"""How a response stands to the claim."""


class Response(Note):
    """One actor's answer to a claim."""

    CITED_AS = "response of {actor}"

    actor: ActorId
    """Who responds."""
    position: Literal[POSITIONS]  # type: ignore[valid-type]
    """denies, confirms, questions or supports."""
    summary: Markdown
    """The response in a sentence."""
    quote: Quote | None = None
    """Verbatim words from the cited blocks; checked by the generator."""
    wording: Wording = "reported"
    """reported: the quote is the source's words about the actor; direct: the actor's own words."""
    sources: Citations
    """Where the response is reported."""


class Claim(Published):
    """claims/<id>.md: an assertion and its verification status."""

    SPEAKER = "claimant"

    statement: Markdown
    """The assertion, as its claimant makes it."""
    title: Label | None = None
    """Short title for listings; defaults to the start of the statement."""
    claimant: ActorId
    """Who makes the claim."""
    status: Literal[STATUSES]  # type: ignore[valid-type]
    """Verification status; the briefing attributes, it never rules."""
    date: AnyDate | None = None
    """When it was made."""
    date_basis: DateBasis = "stated"
    """stated: a cited block gives the date; report: the date is when a cited source reported it."""
    quote: Quote | None = None
    """The claimant's words, verbatim from the cited blocks; checked by the generator."""
    wording: Wording = "reported"
    """reported: the quote is the source's words about the claimant; direct: the claimant's own words."""
    responses: list[Response] = []
    """Who denies, confirms, questions or supports it."""
    issues: list[IssueId] = []
    """Issues the claim bears on."""
    sources: Citations
    """Where it is reported."""
    tags: list[Label] = []
    """Free-form tags."""


def title(data: Claim) -> str:
    """Its title, or the start of its statement."""
    if data.title:
        return str(data.title)
    from generator.text import resolve

    text = resolve.flatten(data.statement)
    return text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0] + "…"


def relate(note: Any, rel: Relations, problems: Problems) -> None:
    rel.claims_of[note.data.claimant].append(note.id)
    for i, r in enumerate(note.data.responses):
        rel.responses_of[r.actor].append((note.id, i))
    for iss in note.data.issues:
        rel.claims_on[iss].append(note.id)


def conclude(rel: Relations, problems: Problems) -> None:
    rel.claims_of = {k: sorted(v) for k, v in rel.claims_of.items()}
    rel.claims_on = {k: sorted(v) for k, v in rel.claims_on.items()}


SCAFFOLD = """---
# The assertion, as its claimant makes it (Markdown).
statement: {title}
# Who makes it (an actor id).
claimant: FILL IN actor id
# alleged, disputed, denied, confirmed, refuted or unverified
status: alleged
# Where it is reported.
sources: ["FILL IN: source-id#p1"]
# Optional: title, date, date_basis, quote, wording, responses, issues, tags.
---
"""

KIND = Kind(folder="claims", label="claim", plural="claims", model=Claim, position=3, section="Claims",
            listing="claims.md", template="claim.md.j2", search_boost=2, scaffold=SCAFFOLD, title=title,
            relate=relate, conclude=conclude, diff_rank=1, diff_items=(("responses", "response", "summary"),))
