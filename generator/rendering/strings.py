"""Every word of the interface the pages print, in one table, so a translation is one more table.

Templates print `t("key")`, or `t("key", n=…)` with fields to fill in; helpers in Python use
the same table. The texts are ours, so they are written into the Markdown as they stand
(they may hold Markdown and the few HTML elements the templates use); the values filled
into them are escaped like any other value, unless they are already safe markup (a link).
A kind's own words (its label, its listing's title) are in its record (kinds/).
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from markupsafe import Markup

EN: dict[str, str] = {
    # The trail above every page, and its date.
    "crumbs.home": "Home",
    "crumbs.label": "Breadcrumb",
    "head.as_of": "Briefing as of {date}",
    "head.draft": ('<div class="draft-banner" role="note"><strong>Draft</strong>: not published. '
                   "This page is shown only in a preview built with <code>--drafts</code>.</div>"),
    # Words shown beside values.
    "date.approximate": "approximate date",
    "date.partial": "month or day not known",
    "date.circa": "c. ",
    "stale": "stale",
    "stale.help": "not reviewed in the {days} days before the as-of date",
    "tags": "Tags:",
    "sources": "Sources:",
    "cited_by": "Cited by:",
    "cited_by.many": "Cited by {n} notes",
    "cited_by.text": "in its text",
    "cited_by.sources": "its sources",
    "block": "Paragraph {n}",
    "kind.actor.state": "States",
    "kind.actor.person": "People",
    "kind.actor.organisation": "Organisations",
    "kind.actor.legislature": "Legislatures",
    "kind.actor.public": "Publics",
    "kind.actor.group": "Groups",
    # What each status means (chips' titles and the legends).
    "status.open": "no agreement; the positions of two sides or more, reported, differ",
    "status.narrowing": "positions moving closer",
    "status.agreed": "the parties report agreement",
    "status.stalled": "no movement reported",
    "status.collapsed": "talks on it broke down",
    "date.reported": "reported {date}",
    "date.by": "by {date}",
    "date.report_help": "The sources give no date: this is when a cited source reported it; it happened on or before.",
    "quote.direct": "— {speaker}, in {source}",
    "quote.reported": "As {source} puts it:",
    "cite.original": "{label} in the original: {source}",
    "status.unclear": "raised in the sources, but they do not report the other side",
    "status.alleged": "asserted by its claimant, not yet answered",
    "status.disputed": "contested by another party",
    "status.denied": "denied by the party it concerns",
    "status.confirmed": "confirmed by a party able to know",
    "status.refuted": "shown false by the cited sources",
    "status.unverified": "no independent confirmation either way",
    # Views: their titles (the navigation uses the same words).
    "view.home": "Home",
    "view.matrix": "Positions matrix",
    "view.dependencies": "Dependency map",
    "view.changes": "What changed",
    "view.tags": "Tags",
    "view.print": "Print the whole briefing",
    "view.print.title": "The whole briefing",
    "view.since": "Since the last briefing",
    "view.data": "Data",
    "view.schema": "schema",
    "part.of": "{title}, part {n} of {total}",
    "part.view": "{title}: {part}",
    "part.numbered": "Part {n} of {total}",
    "part.span": "Part {n} of {total}: {span}",
    "part.tag": "Tag: {tag}",
    "part.untagged": "Issues without a tag",
    "part.chunk": "{label} ({n} of {total})",
    "part.previous": "← previous part",
    "part.all": "all parts",
    "part.next": "next part →",
    "listing.index": "The {total} {noun} of this briefing, {order}, in {parts} parts:",
    "listing.more": "More pages",
    # The home page.
    "home.as_of": "As of {date}",
    "home.issues": "Disputed issues",
    "home.recent": "The {shown} most recently reviewed of {total} issues; every issue is on the {link} page.",
    "home.contents": "In this briefing",
    "home.filter": "Show issues",
    "anchor.link": "Permanent link",
    "home.filter.all": "all",
    "home.entry.since": "what moved since {old}, note by note",
    "home.entry.issues": "{n} disputed issues and who wants what",
    "home.entry.matrix": "every actor's position on every issue, side by side",
    "home.entry.dependencies": "which issues hang on which",
    "home.entry.actors": "{n} parties, people, institutions and publics",
    "home.entry.claims": "{n} assertions and who answered them",
    "home.entry.events": "{n} events in date order",
    "home.entry.sources": "{documents}, every paragraph numbered",
    "home.entry.changes": "the briefing's changes, newest first (also as a feed)",
    "home.entry.data": "every published note as JSON, with links and cited text ({schema})",
    # Table headings.
    "col.issue": "Issue",
    "col.status": "Status",
    "col.summary": "Summary",
    "col.updated": "Updated",
    "col.positions": "Positions",
    "col.claim": "Claim",
    "col.claimant": "Claimant",
    "col.responses": "Responses",
    "col.bears_on": "Bears on",
    "col.source": "Source",
    "col.publisher": "Publisher",
    "col.published": "Published",
    "col.cited": "Blocks cited",
    "col.others": "Other actors",
    # Listings.
    "issues.intro": "Every disputed issue, with its status and the actors who hold a position on it.",
    "claims.intro": ("Assertions made in the talks, who made them and how others answered. The briefing\n"
                     "attributes claims; it does not rule on them."),
    "timeline.intro": ('Events in date order. A date shown as a month or a year is all the sources give;\n'
                       '"c." marks an estimate; "by" marks an event the sources do not date, placed at\n'
                       "the date a source reported it (it happened on or before)."),
    "timeline.actors": "Actors:",
    "timeline.issues": "Issues:",
    "sources.intro": ("Every source the briefing cites. Each source page shows its text block by block,\n"
                      "numbered, with the notes that cite each block."),
    # A note's page.
    "note.positions": "Positions",
    "note.questions": "Open questions",
    "note.connections": "Connections",
    "note.depends_on": "Depends on:",
    "note.needed_by": "Needed by:",
    "note.related": "Related:",
    "note.claims": "Claims",
    "note.events": "Events",
    "note.history": "History",
    "note.updated": "updated",
    "note.referenced_by": "Referenced by",
    "actor.part_of": "Part of {link}.",
    "actor.members": "Members: {links}.",
    "actor.claims": "Claims made",
    "actor.responses": "Responses to claims",
    "actor.events": "Events",
    "note.no_positions": "The sources report no one's position on this issue.",
    "claim.by": "Claimed by {link}",
    "claim.statement": "The claim, in the briefing's words",
    "claim.bears_on": " · bears on {links}",
    "claim.responses": "Responses",
    "event.actors": "Actors:",
    "event.issues": "Issues:",
    "source.author": "Author",
    "source.author_help": "(the document is in this actor's own words)",
    "source.publisher": "Publisher",
    "source.published": "Published",
    "source.kind": "Kind",
    "source.accessed": "Accessed",
    "source.language": "Language",
    "source.original": "Original",
    "source.archived": "Archived copy",
    "source.licence": "Licence",
    "source.cited": "Blocks cited",
    "source.none": "The text of this source is not reproduced here",
    "source.text": "Text",
    "source.cited_only": "Only the blocks that the briefing cites are shown.",
    # Views.
    "matrix.parts": ("The briefing has more issues than one table can show, so the matrix is split by tag: each\n"
                     "page shows the issues with one tag (an issue with two tags is on both pages), at most 50\n"
                     "issues and 30 actors a page; further actors share a last column."),
    "matrix.intro": ("Who wants what, issue by issue. Each cell is the actor's position in short: it opens the\n"
                     "full position on the issue page, and ¶ opens the source paragraph. An empty cell means the\n"
                     "sources report no position. On a phone each issue is a card listing its positions."),
    "matrix.all": "All parts of the matrix",
    "matrix.label": "Positions matrix",
    "map.parts": ("The briefing has more issues than one map can show, so the map is split by tag: each page\n"
                  "shows the issues with one tag and the links among them. The issue pages list every link."),
    "map.intro": ("How the issues hang together. An arrow runs from an issue to one it cannot be settled\n"
                  "without; a dashed line joins related issues. Select an issue to open it."),
    "map.all": "All parts of the map",
    "map.label": "Dependency map of the issues",
    "map.depends": "depends on",
    "map.related": "related",
    "map.in_words": "In words",
    "map.depends_on": " — depends on {links}",
    "map.needed_by": " — needed by {links}",
    "map.related_to": " — related to {links}",
    "map.none": "No issue depends on or relates to another yet.",
    "changes.intro": ("Changes recorded in the briefing, newest first, by month. Follow them in a feed reader "
                      "with the\n"
                      "{feed}."),
    "changes.feed": "Atom feed",
    "changes.none": "Nothing recorded yet.",
    "changes.feed_title": "{title}: what changed",
    "tags.intro": "Every tag used in the briefing, with the notes that carry it.",
    "tags.none": "No note carries a tag yet.",
    "since.intro": ("What moved between {old} (as of {old_date}) and this briefing\n"
                    "(as of {new_date}), note by note. Notes that were removed are named but no\n"
                    "longer have a page. The full record of changes is on {changes}."),
    "since.none": "Nothing has changed.",
    "since.history": "Recorded in the issues' history",
    "print.hint": "The summary, the positions matrix and every issue, in order, for printing or saving as PDF.",
    "print.hint.nomatrix": "The summary and every issue, in order, for printing or saving as PDF.",
    "print.parts": "The briefing is printed in parts of up to 60 issues:",
    "redirect.moved": "This page has moved to",
    # Nouns counted ("1 issue", "2 issues").
    "noun.issue": "issue|issues",
    "noun.page": "page|pages",
    "noun.document": "document|documents",
}

TABLES = {"en": EN}
"""Language → its table; a language without a word falls back to English."""


class Strings:
    """The interface's words in one language."""

    def __init__(self, language: str = "en") -> None:
        self.table = {**EN, **TABLES.get(language, {})}

    def __call__(self, key: str, default: str | None = None, **values: Any) -> Markup:
        """The text for `key` (or `default` where the table has none), with `values` filled
        in (escaped unless already markup)."""
        text = self.table[key] if default is None else self.table.get(key, default)
        if not values:
            return Markup(text)
        from generator.text.escape import md_text

        safe = {k: v if isinstance(v, Markup) else md_text(str(v)) for k, v in values.items()}
        return Markup(text.format(**safe))

    def plain(self, key: str, **values: Any) -> str:
        """The text for `key` with `values` filled in as they are: for an attribute, which the
        caller escapes (Markdown escapes would show there)."""
        return self.table[key].format(**values)

    def count(self, items: Sized | int, noun: str, plural: str = "") -> str:
        """ "1 issue", "2 issues": the noun from its entry `noun.<noun>` (singular|plural), or
        else `noun` and `plural` as given."""
        n = items if isinstance(items, int) else len(items)
        one, many = self.table.get(f"noun.{noun}", f"{noun}|{plural or noun + 's'}").split("|")
        return f"{n} {one if n == 1 else many}"
