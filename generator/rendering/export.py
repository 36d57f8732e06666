"""briefing.json: the published briefing as data, for researchers and other tools.

Every published note with its fields as written, the notes it names (resolved), the
notes that name it, and every citation with the text of the cited blocks (unless the
source's licence keeps its text off the site). Drafts are never in it: they are not in
the corpus. Keys follow the models' field order and notes are sorted by id, so the same
notes give the same bytes. `schema()` describes the file, using the editors' schemas
for the fields.
"""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.kinds.base import plain
from generator.kinds.registry import KINDS
from generator.linking.corpus import Corpus
from generator.rendering import citation
from generator.values import Citation

EXPORT_PATH = urls.EXPORT
SCHEMA_PATH = urls.EXPORT_SCHEMA
FORMAT_VERSION = 1


def data(corpus: Corpus) -> dict[str, Any]:
    notes = {}
    for note_id in sorted(corpus.notes):
        note = corpus.notes[note_id]
        record: dict[str, Any] = {
            "kind": KINDS[note.kind].label,
            "title": corpus.titles[note_id],
            "url": urls.html_of(urls.note_page(note.kind, note_id)),
            "fields": plain(note.data),
        }
        if note.kind != "sources":
            record["body"] = note.raw.body.strip("\n")
        else:
            text = corpus.sources.get(note_id)
            record["blocks"] = len(text.blocks) if text else 0
        record["links"] = corpus.links.get(note_id, [])
        record["backlinks"] = corpus.backlinks.get(note_id, [])
        record["citations"] = [_citation(corpus, where, c) for where, c in corpus.citations.get(note_id, [])]
        notes[note_id] = record
    return {
        "$schema": SCHEMA_PATH,
        "format": "briefing",
        "version": FORMAT_VERSION,
        "briefing": plain(corpus.briefing.data),
        "aliases": dict(sorted(corpus.aliases.items())),
        "notes": notes,
    }


def _citation(corpus: Corpus, where: str, c: Citation) -> dict[str, Any]:
    source = corpus.notes[c.source]
    shown = source.data.display != "none"
    blocks = corpus.sources[c.source].blocks[c.start - 1:c.end] if c.source in corpus.sources else ()
    return {
        "field": where,
        "citation": str(c),
        "source": c.source,
        "url": citation.view(corpus, c).url_from_root(),
        **({"original": corpus.originals[c]} if c in corpus.originals else {}),
        "text": "\n\n".join(blocks) if shown else None,
    }


def dumps(value: Any, open_levels: int = 2) -> str:
    """JSON text with the outer `open_levels` levels of objects one member per line and
    everything deeper on that member's line: in briefing.json, one note per line, so a
    line diff of two exports shows the notes that changed. (Written with json's C
    encoder, which an indented dump cannot use: five times faster on a large briefing.)"""
    return _dumps(value, open_levels, "") + "\n"


def _dumps(value: Any, open_levels: int, indent: str) -> str:
    if open_levels == 0 or not isinstance(value, dict) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    inner = indent + " "
    members = (f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, open_levels - 1, inner)}"
               for k, v in value.items())
    return "{\n" + ",\n".join(members) + "\n" + indent + "}"


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=1) + "\n"


def schema() -> dict[str, Any]:
    """JSON Schema of briefing.json; each kind's `fields` is that kind's editor schema,
    embedded with its own $id so its internal references resolve inside it."""
    from generator.kinds.schema import DRAFT, schemas

    editor = schemas()
    defs = {name.removesuffix(".schema.json"): body for name, body in editor.items()}
    kinds = sorted(k for k in defs if k != "briefing")
    note = {
        "type": "object",
        "required": ["kind", "title", "url", "fields", "links", "backlinks", "citations"],
        "additionalProperties": False,
        "properties": {
            "kind": {"enum": kinds},
            "title": {"type": "string", "description": "The title shown on the site (plain text)."},
            "url": {"type": "string", "description": "The note's page, relative to the site root."},
            "fields": {"type": "object", "description": "The note's fields as written; see the `kind` schemas."},
            "body": {"type": "string", "description": "The Markdown after the front matter."},
            "blocks": {"type": "integer", "description": "Sources: how many numbered blocks the text has."},
            "links": {"type": "array", "items": {"type": "string"},
                      "description": "Ids of the notes this note names, in fields or with [[id]]."},
            "backlinks": {"type": "array", "items": {"type": "string"},
                          "description": "Ids of the notes that name or cite this one."},
            "citations": {"type": "array", "items": {"$ref": "#/$defs/citation"}},
        },
        "allOf": [{"if": {"properties": {"kind": {"const": k}}},
                   "then": {"properties": {"fields": {"$ref": f"#/$defs/{k}"}}}} for k in kinds],
    }
    citation = {
        "type": "object",
        "required": ["field", "citation", "source", "url", "text"],
        "additionalProperties": False,
        "properties": {
            "field": {"type": "string",
                      "description": "Where the note makes the citation, e.g. positions[0].sources[1]."},
            "citation": {"type": "string", "description": "As written: source#pN or source#pN-pM."},
            "source": {"type": "string"},
            "url": {"type": "string", "description": "The cited block on the site, relative to the site root."},
            "original": {"type": "string", "format": "uri",
                         "description": "The same passage in the original document: its URL with a text fragment "
                                        "(#:~:text=start,end). Only where the source has a URL and shows its text."},
            "text": {"type": ["string", "null"],
                     "description": "The cited blocks, joined by blank lines; null when the source's text is not "
                                    "shown."},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_PATH,
        "title": "Briefing export",
        "description": "briefing.json: every published note of a briefing, with resolved links and citations.",
        "type": "object",
        "required": ["format", "version", "briefing", "aliases", "notes"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": "briefing"},
            "version": {"const": FORMAT_VERSION},
            "briefing": {"$ref": "#/$defs/briefing"},
            "aliases": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "Former id → the id of the note that carries it now."},
            "notes": {"type": "object", "additionalProperties": {"$ref": "#/$defs/note"}},
        },
        "$defs": {**defs, "note": note, "citation": citation},
    }
