"""The `briefing` command: parse arguments, run a stage, print problems, choose the exit code.

Exit codes: 0 success, 1 the content is wrong, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import build, engine, write
from .problems import Problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description="Build a briefing site from structured notes.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sp.add_argument("--quiet", "-q", action="store_true", help="print problems only")
        sp.add_argument("--format", choices=["text", "github"], default=None,
                        help="problem format (default: github under GitHub Actions, else text)")

    common(sub.add_parser("check", help="load and validate every note; print every problem"))
    common(sub.add_parser("generate", help="check, then write the Markdown pages into build/docs"))
    common(sub.add_parser("build", help="generate, then build the site into site/ with MkDocs"))
    return p


def _print_problems(problems: list[Problem], strict: bool, fmt: str) -> None:
    for prob in problems:
        print(prob.format(strict=strict), file=sys.stderr)
        if fmt == "github":
            print(prob.github(strict=strict), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except (engine.LockedError, write.OutputError) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"briefing: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    root = Path.cwd()
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    started = time.perf_counter()
    try:
        if args.command == "check":
            run = build.check(root)
        elif args.command == "generate":
            run = build.generate(root, strict=args.strict)
        else:
            run = build.build(root, strict=args.strict)
    except engine.EngineError as exc:
        print(exc.output, file=sys.stderr)
        print(f"mkdocs.yml: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    problems = run.problems.sorted()
    _print_problems(problems, args.strict, fmt)
    errors = sum(1 for p in problems if args.strict or not p.warning)
    warnings = len(problems) - errors
    if errors:
        print(f"briefing {args.command}: {errors} error{'s' if errors != 1 else ''}"
              f"{f', {warnings} warnings' if warnings else ''}; nothing was written"
              if args.command != "check" else
              f"briefing check: {errors} error{'s' if errors != 1 else ''}"
              f"{f', {warnings} warnings' if warnings else ''}", file=sys.stderr)
        return EXIT_CONTENT
    if not args.quiet:
        notes = len(run.corpus.notes) if run.corpus else 0
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in run.timings.items())
        extra = f", {run.pages} pages" if run.pages else ""
        print(f"briefing {args.command}: {notes} notes{extra}, {warnings} warnings "
              f"({stages}; total {time.perf_counter() - started:.2f}s)", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
