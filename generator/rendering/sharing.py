"""What a page tells the places it is shared to: a description (for link previews, OpenGraph
and Twitter cards, and search engines) and structured data (JSON-LD, schema.org).

Both go into the page's front matter (`description`, `jsonld`), where the theme override
(site_templates/theme/main.html) prints them. The theme prints front matter without
escaping, so the description is escaped for HTML here, and the JSON-LD is written so that
no note text can end the `<script>` element that holds it: `<`, `>` and `&` are written as
JSON escapes (`\\u003c`…), which a JSON reader decodes back to the same text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator import urls
from generator.text.escape import engine_text, strip_tags

Context = Any
"""The render's context (rendering/context.py, which calls this module)."""

DESCRIPTION_MAX = 200
"""Characters of a description (link previews show about this many)."""

_CITE_RE = re.compile(r'<a class="cite"[^>]*>.*?</a>', re.S)


def plain(ctx: Context, markdown: str, limit: int = DESCRIPTION_MAX) -> str:
    """A Markdown field as one line of plain text, without its citation marks, cut at a word."""
    text = " ".join(strip_tags(_CITE_RE.sub("", ctx.render_inline(markdown, 0))).split())
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _summary(ctx: Context, note: Any) -> str:
    d = note.data
    for field in ("summary", "statement", "stance"):
        value = getattr(d, field, None)
        if isinstance(value, str) and value.strip():
            return plain(ctx, value)
    role = getattr(d, "role", None)
    return str(role) if role else ""


def description(ctx: Context, note: Any | None) -> str:
    """The page's description: its note's summary, else the briefing's description."""
    b = ctx.corpus.briefing.data
    found = _summary(ctx, note) if note is not None else ""
    return found or b.description or b.subtitle or plain(ctx, b.summary)


def _url(ctx: Context, path: str) -> dict[str, str]:
    """The page's absolute address, where the site's address is known (structured data
    takes no address relative to the page)."""
    rel = urls.html_of(path)
    return {"url": ctx.site_url.rstrip("/") + "/" + ("" if rel == "index.html" else rel)} if ctx.site_url else {}


def _party(ctx: Context, actor_id: str) -> dict[str, str]:
    actor = ctx.corpus.notes.get(actor_id)
    kind = "Person" if actor is not None and getattr(actor.data, "kind", "") == "person" else "Organization"
    return {"@type": kind, "name": ctx.corpus.titles.get(actor_id, actor_id)}


def structured(ctx: Context, path: str, title: str, note: Any | None) -> dict[str, Any]:
    """schema.org data for the page: a Claim for a claim (its claimant as author), the Report
    itself and its data (a Dataset, briefing.json) for the home page, an Article otherwise."""
    b = ctx.corpus.briefing.data
    report: dict[str, Any] = {"@type": "Report", "name": b.title, **_url(ctx, urls.HOME),
                              "inLanguage": b.language, "dateModified": str(b.as_of)}
    if b.publisher:
        report["publisher"] = {"@type": "Organization", "name": b.publisher}
    about = description(ctx, note)
    if path == urls.HOME:
        data = {"@type": "Dataset", "name": f"{b.title}: the notes as data", "description": about,
                "isPartOf": {"@type": "Report", "name": b.title},
                "distribution": {"@type": "DataDownload", "encodingFormat": "application/json",
                                 "contentUrl": (ctx.site_url.rstrip("/") + "/" if ctx.site_url else "")
                                 + "briefing.json"}}
        return {"@context": "https://schema.org", "@graph": [{**report, "description": about}, data]}
    page: dict[str, Any] = {"@context": "https://schema.org", "@type": "Article", "headline": title,
                            "description": about, **_url(ctx, path), "inLanguage": b.language,
                            "isPartOf": report}
    if note is not None and note.kind == "claims":
        page["@type"] = "Claim"
        page["author"] = _party(ctx, note.data.claimant)
        if note.data.date is not None:
            page["datePublished"] = str(note.data.date)
    else:
        updated = getattr(note.data, "updated", None) if note is not None else None
        page["dateModified"] = str(updated or b.as_of)
    return page


def script_json(data: Any) -> str:
    """JSON that can stand inside a <script> element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def front(ctx: Context, path: str, title: str, note: Any | None) -> dict[str, str]:
    """The front-matter fields for a page (see the module's docstring)."""
    return {"description": engine_text(description(ctx, note)),
            "jsonld": script_json(structured(ctx, path, title, note))}
