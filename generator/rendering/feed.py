"""The Atom feed of the briefing's `history` entries, newest first.

Timestamps come from the entries' own dates (a partial date is the first day of its
period) and the feed's from `as_of`, never from the clock, so the same notes give the
same bytes. Links are absolute when a site URL is configured, else relative to the feed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator import urls
from generator.values import PartialDate

FEED_PATH = urls.FEED


@dataclass(frozen=True)
class Change:
    date: PartialDate
    note: str
    title: str
    """Title of the note that changed."""
    page: str
    """Its page, relative to the site root (e.g. issues/x.html)."""
    text: str
    """The change, as plain text."""
    html: str
    """The change, as sanitised HTML with links relative to the site root."""


def _stamp(d: PartialDate) -> str:
    return f"{d.year:04d}-{d.month or 1:02d}-{d.day or 1:02d}T00:00:00Z"


def _abs(site_url: str | None, page: str) -> str:
    return (site_url.rstrip("/") + "/" + page) if site_url else page


def atom(feed_title: str, title: str, subtitle: str, as_of: PartialDate, changes: list[Change], site_url: str | None,
         language: str) -> str:
    """The feed: `feed_title` is its heading ("Title: what changed"), `title` the briefing's."""
    base = site_url.rstrip("/") + "/" if site_url else None
    changes_page = urls.html_of(urls.view_page("changes"))
    feed_id = _abs(site_url, FEED_PATH) if site_url else "urn:briefing:" + hashlib.sha256(
        title.encode("utf-8")).hexdigest()[:16]
    updated = max([_stamp(as_of)] + [_stamp(c.date) for c in changes])
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}'
           + (f" xml:base={quoteattr(base)}" if base else "") + ">",
           f"  <title>{escape(feed_title)}</title>"]
    if subtitle:
        out.append(f"  <subtitle>{escape(subtitle)}</subtitle>")
    out += [f"  <id>{escape(feed_id)}</id>",
            f"  <updated>{updated}</updated>",
            f'  <link rel="alternate" type="text/html" href={quoteattr(_abs(site_url, changes_page))}/>',
            f'  <link rel="self" type="application/atom+xml" href={quoteattr(_abs(site_url, FEED_PATH))}/>',
            f"  <author><name>{escape(title)}</name></author>"]
    for c in changes:
        digest = hashlib.sha256(f"{c.note}\n{c.date.iso()}\n{c.text}".encode()).hexdigest()[:16]
        entry_id = f"urn:briefing:{c.note}:{c.date.iso()}:{digest}"
        out += ["  <entry>",
                f"    <title>{escape(c.title)}: {escape(_short(c.text))}</title>",
                f"    <id>{escape(entry_id)}</id>",
                f"    <updated>{_stamp(c.date)}</updated>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(_abs(site_url, c.page))}/>',
                f'    <content type="html">{escape(c.html)}</content>',
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
