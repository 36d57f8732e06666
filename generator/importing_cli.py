"""`briefing import`: the command line of importing/ (a document in, or a changed one refreshed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.problems import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, shown


def _say(message: str) -> None:
    print(shown(message), file=sys.stderr)


def run(root: Path, args: argparse.Namespace) -> int:
    from generator.importing import command

    options = command.Options(args.id, url=args.url, title=args.title, publisher=args.publisher,
                              published=args.published, accessed=args.accessed, kind=args.kind,
                              keep_original=args.keep_original)
    if args.dry_run and not args.refresh:
        _say("briefing import: --dry-run goes with --refresh")
        return EXIT_USAGE
    if args.refresh:
        return _refresh(root, args, options)
    try:
        done = command.run(root, args.path, options)
    except command.ImportProblem as exc:
        _say(f"briefing import: {exc}; nothing was written")
        return EXIT_USAGE if exc.usage else EXIT_CONTENT
    taken = ", ".join(f"{k} from {v}" for k, v in done.taken.items())
    _say(f"briefing import: wrote {done.seed} ({done.blocks} blocks) and {done.note} ({taken}); "
         "check the note's fields against the document, then run briefing check")
    return EXIT_OK


def _refresh(root: Path, args: argparse.Namespace, options: Any) -> int:
    from generator.importing import command, refresh

    try:
        done = refresh.refresh(root, args.path, options, args.dry_run)
    except command.ImportProblem as exc:
        _say(f"briefing import: {exc}; nothing was written")
        return EXIT_USAGE if exc.usage else EXIT_CONTENT
    would = "would " if args.dry_run else ""
    # The block map, old numbers → new.
    for n, (what, to) in sorted(done.map.items()):
        if what != "same":
            print(f"p{n} → p{to}: {what}" if to is not None else f"p{n}: {what}")
    for n in done.added:
        print(f"new p{n}: added")
    same = sum(1 for what, _ in done.map.values() if what == "same")
    print(f"{same} block{'s' if same != 1 else ''} unchanged in place")
    for rel, count in sorted(done.moved.items()):
        print(shown(f"{rel}: {would}renumber {count} citation{'s' if count != 1 else ''}"))
    for rel, c in done.review:
        print(shown(f"{rel}: {c}: left for review (its text changed or was removed)"))
    if not args.dry_run:
        _say(f"briefing import: {done.seed} refreshed; briefing check names every citation left for review; "
             f"review each, then run briefing sources --update {options.id}")
    return EXIT_OK
