"""`briefing new`: a new note with every required field, explained, and placeholders to fill.

A placeholder is any value starting with FILL IN; `briefing check` names each one
still left, so a half-written note can never be published by accident.
"""

from __future__ import annotations

from pathlib import Path

from generator.kinds.model import KIND_NAMES, KINDS, id_problem
from generator.output.write import OutputError, real_dir

PLACEHOLDER = "FILL IN"

SINGULAR = {v: k for k, v in KIND_NAMES.items()}

_TEMPLATES = {
    "issues": """---
# The disputed issue's short name.
title: {title}
# One or two sentences: what is disputed. Markdown; link notes with [[id]].
summary: "FILL IN: what is disputed, in a sentence or two"
# open, narrowing, agreed, stalled or collapsed
status: open
# The date of your last substantive review (YYYY-MM-DD), not after the briefing's as_of.
updated: {today}
# Who wants what: one entry per actor, each citing where it is reported.
positions:
  - actor: FILL IN actor id
    stance: "FILL IN: what this actor wants"
    # quote: words copied exactly from the cited block (optional)
    sources: ["FILL IN: source-id#p1"]
# Optional: tags, related, depends_on, questions, sources, history.
---
""",
    "actors": """---
# Display name.
name: {title}
# person, state, organisation, legislature or public
kind: "FILL IN: person, state, organisation, legislature or public"
# Optional: role (one line), part_of (an actor id), tags.
---
""",
    "events": """---
# What happened.
title: {title}
# YYYY-MM-DD, or YYYY-MM / YYYY when that is all the source gives.
date: "FILL IN: YYYY-MM-DD"
# true when the date is an estimate.
approximate: false
# Where it is reported: source-id#pN or source-id#pN-pM.
sources: ["FILL IN: source-id#p1"]
# Optional: actors, issues, tags.
---
""",
    "claims": """---
# The assertion, as its claimant makes it (Markdown).
statement: {title}
# Who makes it (an actor id).
claimant: FILL IN actor id
# alleged, disputed, denied, confirmed, refuted or unverified
status: alleged
# Where it is reported.
sources: ["FILL IN: source-id#p1"]
# Optional: title, date, responses, issues, tags.
---
""",
    "sources": """# The document's title.
title: {title}
# Its text, under seeds/ (.txt: one block per line; .md: one block per paragraph).
file: "FILL IN: seeds/file.txt"
# Optional: kind, publisher, published, url, sha256, display (full, cited, none), licence.
""",
    "pages": """---
title: {title}
---
FILL IN: the page's text, in Markdown.
""",
}


class ScaffoldError(Exception):
    pass


def new_note(root: Path, kind: str, note_id: str, title: str | None, today: str) -> Path:
    folder = kind if kind in KINDS else SINGULAR.get(kind)
    if folder is None:
        raise ScaffoldError(f'unknown kind "{kind}": use one of ' + ", ".join(sorted(SINGULAR)))
    why = id_problem(note_id)
    if why:
        raise ScaffoldError(f'"{note_id}" is not a valid id: {why}')
    content = root / "content"
    if not content.is_dir():
        raise ScaffoldError("no content/ folder here: run briefing in a briefing's root folder")
    for other in KINDS:
        for ext in (".md", ".yml"):
            existing = content / other / f"{note_id}{ext}"
            if existing.exists():
                raise ScaffoldError(f'id "{note_id}" exists already: {existing.relative_to(root).as_posix()}')
    if title is not None:
        _check_title(title)
    ext = ".yml" if folder == "sources" else ".md"
    target = content / folder / f"{note_id}{ext}"
    try:
        real_dir(root, f"content/{folder}")  # never into a folder that is a link
    except OutputError as exc:
        raise ScaffoldError(str(exc)) from None
    shown = title if title else f"{PLACEHOLDER}: title"
    text = _TEMPLATES[folder].format(title=_yaml_string(shown), today=today)
    with open(target, "x", encoding="utf-8") as fh:
        fh.write(text)
    return target


def _check_title(title: str) -> None:
    """A title is one line of visible text: no line break (which could end the front matter
    with a `---` line of its own), no control character, nothing invisible."""
    from generator.kinds.model import invisible

    if any(ch in title for ch in "\n\r\u2028\u2029\x85"):
        raise ScaffoldError("--title must be one line")
    if any(ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f for ch in title):
        raise ScaffoldError("--title holds a control character")
    ch = invisible(title)
    if ch is not None:
        raise ScaffoldError(f"--title holds the invisible character U+{ord(ch):04X}: remove it")
    if not title.strip():
        raise ScaffoldError("--title is empty")


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
