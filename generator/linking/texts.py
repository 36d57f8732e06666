"""Pass 5: the links and citations inside every Markdown field and body, read as the renderer reads them."""

from __future__ import annotations

from generator.kinds.fields import IsMarkdown
from generator.linking.linker import Linker, line_in, line_numbers
from generator.text import markup
from generator.validating.validate import Valid, field_path
from generator.values import parse_citation


def run(linker: Linker) -> None:
    for note in linker.documents:
        texts = [(f.path, f.value) for f in note.found if isinstance(f.marker, IsMarkdown)]
        if note.kind != "sources" and note.raw.body.strip():
            texts.append((("body",), note.raw.body))
        for path, text in texts:
            check_text(linker, note, path, text)


def check_text(linker: Linker, note: Valid, path: tuple[object, ...], text: str) -> None:
    problems = linker.problems
    refused = markup.parse(text).refused
    if refused:
        problems.error(note.path, line_in(note, path, 0), f"{field_path(path)}: {refused}")
        return
    for at, dest in markup.unsafe_links(text):
        shown = dest if len(dest) <= 60 else dest[:57] + "..."
        problems.error(note.path, line_in(note, path, at), f'{field_path(path)}: link to "{shown}" is not allowed: '
                       "links go to http, https or mailto addresses, or to notes with [[id]]")
    refs = markup.scan(text)
    for ref, at in zip(refs, line_numbers(text, [r.offset for r in refs]), strict=True):
        line = line_in(note, path, at)
        if ref.kind == "link":
            if not ref.target:
                problems.error(note.path, line, f"{field_path(path)}: empty link {ref.raw}")
            else:
                linker.check_ref(note, path, ref.target, "", line)
            continue
        try:
            c = parse_citation(ref.target)
        except ValueError as exc:
            problems.error(note.path, line, f"{field_path(path)}: {ref.raw}: {exc}")
            continue
        if linker.check_cite(note, path, c, line) and note.id in linker.valid:
            linker.spans[(c.source, note.id, "text")].append(c)
