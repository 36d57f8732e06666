"""The small things a page shows: status chips and their legend, dates, tags, the trail above
the page, listings grouped or sorted for a template."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator import urls
from generator.kinds import actor, claim, issue
from generator.kinds.registry import KINDS
from generator.rendering import views
from generator.rendering.helpers.base import HelperBase
from generator.text.escape import attr, md_text
from generator.values import PartialDate


class WidgetHelpers(HelperBase):
    def badge(self, status: str) -> Markup:
        help_text = self.t.table.get(f"status.{status}", "")
        return Markup(f'<span class="status status-{status}" title="{attr(help_text)}">{attr(status)}</span>')

    def legend(self, which: str) -> Markup:
        statuses = issue.STATUSES if which == "issue" else claim.STATUSES
        rows = "".join(f"<dt>{self.badge(s)}</dt><dd>{attr(self.t.table[f'status.{s}'])}</dd>" for s in statuses)
        return Markup(f'<dl class="legend">{rows}</dl>')

    def date(self, d: PartialDate | None, approximate: bool = False) -> Markup:
        if d is None:
            return Markup("")
        text = d.iso()
        cls = "date"
        if approximate:
            text = self.t.table["date.circa"] + text
            cls += " approximate"
        if d.partial:
            cls += " partial"
        titles = ([self.t.table["date.approximate"]] if approximate else []) + (
            [self.t.table["date.partial"]] if d.partial else [])
        title_attr = f' title="{attr(", ".join(titles))}"' if titles else ""
        return Markup(f'<time class="{cls}" datetime="{d.iso()}"{title_attr}>{attr(text)}</time>')

    def when(self, data: Any, listing: bool = False) -> Markup:
        """When an event happened or a claim was made, as its date_basis says: the date; or,
        where the date is when a source reported it, "reported <date>" ("by <date>" in a
        listing in date order)."""
        if getattr(data, "date_basis", "stated") != "report":
            return self.date(data.date, getattr(data, "approximate", False))
        words = self.t("date.by" if listing else "date.reported", date=self.date(data.date))
        return Markup(f'<span class="reported-date" title="{attr(self.t.table["date.report_help"])}">{words}</span>')

    def stale(self) -> Markup:
        days = self.c.briefing.data.stale_after_days
        return Markup(f'<span class="stale" title="{attr(str(self.t("stale.help", days=days)))}">'
                      f"{self.t('stale')}</span>")

    def tags_html(self, note: Any) -> Markup:
        """The note's tags as links to their place on the tags page (HTML: it sits in a <p>)."""
        links = []
        for t in getattr(note.data, "tags", None) or []:
            href = urls.html_link(self.path, urls.view_page("tags"), self.ctx.tag_anchor[t])
            links.append(f'<a class="tag" href="{attr(href)}">{md_text(t)}</a>')
        return Markup(f"{self.t('tags')} " + " ".join(links))

    def sorted_tags(self) -> list[str]:
        return sorted(self.c.tags, key=lambda t: (t.casefold(), t))

    def page_head(self) -> Markup:
        """Breadcrumbs (note pages sit outside the sidebar) and the briefing's as-of date."""
        crumbs = [f'<a href="{attr(urls.html_link(self.path, urls.HOME))}">{self.t("crumbs.home")}</a>']
        kind = urls.kind_of_page(self.path)  # a note's page, or a part of a kind's listing
        if kind is not None and KINDS[kind].in_navigation:
            crumbs.append(f'<a href="{attr(urls.html_link(self.path, KINDS[kind].listing))}">'
                          f"{md_text(KINDS[kind].section)}</a>")
        as_of = self.date(self.c.briefing.data.as_of)
        head = (f'<div class="page-head" data-search-exclude><nav class="crumbs" aria-label="{self.t("crumbs.label")}">'
                + " › ".join(crumbs) + "</nav>"
                + f'<span class="as-of">{self.t("head.as_of", date=as_of)}</span></div>')
        note_id = self.path.rpartition("/")[2][:-3] if kind and not urls.listed_kind(self.path) else ""
        if note_id in self.c.drafts and self.c.notes[note_id].kind == kind:
            head += "\n\n" + str(self.t("head.draft"))
        return Markup(head)

    def kind_heading(self, kind: str) -> str:
        return self.t.table[f"kind.actor.{kind}"]

    def actor_groups(self, notes: list[Any]) -> list[tuple[str, list[Any]]]:
        """Actors grouped by what sort of actor they are, in the order of actor.KINDS."""
        return [(k, group) for k in actor.KINDS if (group := [n for n in notes if n.data.kind == k])]

    def by_month(self, changes: list[Any]) -> list[tuple[str, list[Any]]]:
        """Changes (newest first) under one heading per month, or per year when that is all
        a date gives: short sections for the reader, and for search engines that cap a section."""
        return views.by_month(changes)

    def by_date(self, notes: list[Any]) -> list[Any]:
        return sorted(notes, key=lambda n: KINDS[n.kind].sort_key(n.id, n.data, ""))
