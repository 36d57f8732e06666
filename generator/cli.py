"""The `briefing` command: parse arguments, run a stage, print problems, choose the exit code.

Exit codes: 0 success, 1 the content is wrong, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from generator import build, paths
from generator.history import revision
from generator.output import csp, engine, merge, parallel, write
from generator.problems import EXIT_CONTENT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Problem, shown, shown_json

MAX_JOBS = 64


def _jobs(text: str) -> int:
    """--jobs: a whole number of processes, 1 to MAX_JOBS."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_JOBS}")
    return int(text)


MAX_SHARDS = parallel.MAX_SHARDS


def _shard(text: str) -> tuple[int, int]:
    """--shard I/N: share I of N, 1 ≤ I ≤ N ≤ MAX_SHARDS."""
    i, _, n = text.partition("/")
    if not (i.isascii() and i.isdigit() and n.isascii() and n.isdigit() and 1 <= int(i) <= int(n) <= MAX_SHARDS):
        raise argparse.ArgumentTypeError(f"give I/N, whole numbers with 1 ≤ I ≤ N ≤ {MAX_SHARDS}, such as 1/4")
    return int(i), int(n)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description="Build a briefing site from structured notes.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sp.add_argument("--quiet", "-q", action="store_true", help="print problems only")
        sp.add_argument("--format", choices=["text", "github"], default=None,
                        help="problem format (default: github under GitHub Actions, else text)")

    def drafts_flag(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--drafts", action="store_true",
                        help="include notes marked draft: true, with a banner (for internal previews only)")

    common(sub.add_parser("check", help="load and validate every note; print every problem"))
    for name, text in (("generate", "check, then write the Markdown pages into build/docs"),
                       ("build", "generate, then build the site into site/ with MkDocs"),
                       ("merge", "generate, then join the pages of `briefing build --shard` folders into site/")):
        sp = sub.add_parser(name, help=text)
        if name == "merge":
            sp.add_argument("dirs", nargs="+", type=Path, metavar="DIR",
                            help="the folders of every shard, in any order (built with the same options)")
        common(sp)
        sp.add_argument("--site-url", help="the site's public address (default: $BRIEFING_SITE_URL); "
                        "makes the sitemap and feed links absolute")
        drafts_flag(sp)
        if name == "build":
            sp.add_argument("--engine", choices=engine.ENGINES, default="mkdocs",
                            help="the site engine (default mkdocs; see docs/engines.md)")
            sp.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                            help="build the site in N processes (default: the cores this process may use)")
            sp.add_argument("--clean", action="store_true",
                            help="build every page anew, not reusing the unchanged pages of the last build")
            sp.add_argument("--shard", type=_shard, metavar="I/N",
                            help="build only share I of N into --out DIR, to be joined by `briefing merge`")
            sp.add_argument("--out", type=Path, metavar="DIR", help="the folder for --shard (new or empty)")
        sp.add_argument("--since", metavar="REV", help="add a \"Since the last briefing\" page comparing with "
                        "this git revision or folder (default: since: in content/briefing.yml)")
    sp = sub.add_parser("serve", help="live preview: regenerate on every change, reload the browser")
    common(sp)
    drafts_flag(sp)
    sp.add_argument("--addr", default="127.0.0.1:8000", help="host:port to listen on (default 127.0.0.1:8000)")
    sp = sub.add_parser("diff", help="what changed between two versions of the briefing, note by note")
    sp.add_argument("old", metavar="OLD", help="git revision (tag, branch, commit) or folder of the older briefing")
    sp.add_argument("new", metavar="NEW", nargs="?", help="the newer one (default: the working tree)")
    sp.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    sp.add_argument("--drafts", action="store_true", help="compare drafts too")
    sp = sub.add_parser("sources", help="show each source's coverage and checksum; --update records checksums")
    sp.add_argument("ids", nargs="*", help="the sources to update")
    sp.add_argument("--update", action="store_true",
                    help="record the current checksum of the sources named, after reviewing the citations into them")
    sp.add_argument("--all", action="store_true", help="with --update: every source")
    sp = sub.add_parser("import", help="import a document (.html, .pdf, .docx, .md, .txt) as a numbered source")
    sp.add_argument("path", type=Path, metavar="PATH", help="the document")
    sp.add_argument("--id", required=True, help="the new source's id (lowercase letters, digits, hyphens)")
    for name, text in (("url", "where the original lives"), ("title", "its title (default: the document's)"),
                       ("publisher", "who published it (default: the document's site name)"),
                       ("published", "when (YYYY-MM-DD, YYYY-MM or YYYY; default: the document's date)"),
                       ("accessed", "when you read it (default: today)"),
                       ("kind", "news-article, statement, transcript… (default: web-page or document)")):
        sp.add_argument(f"--{name}", help=text)
    sp.add_argument("--keep-original", action="store_true", help="keep the file as it came under seeds/originals/")
    sp.add_argument("--refresh", action="store_true",
                    help="read a changed version of source ID: renumber the citations of blocks that moved, "
                    "leave those of changed blocks for review")
    sp.add_argument("--dry-run", action="store_true", help="with --refresh: say what it would do, change nothing")
    sp = sub.add_parser("schema", help="write a JSON Schema per note kind into DIR, for editors")
    sp.add_argument("dir", help="folder to write the schemas into (not content/ or seeds/)")
    sp = sub.add_parser("new", help="write a new note with every required field to fill in")
    sp.add_argument("kind", help="issue, actor, event, claim, source or page")
    sp.add_argument("id", help="the new note's id (lowercase letters, digits, hyphens)")
    sp.add_argument("--title", help="its title (or name, or statement)")
    return p


STAGE_TEXT = {"load": "reading notes and sources", "validate": "checking fields", "link": "linking the corpus",
              "diff": "comparing with the last release", "render": "rendering pages", "write": "writing Markdown",
              "engine": "building the site"}


def _progress(stage: str, detail: str = "") -> None:
    """One status line, rewritten in place, so a long build never looks hung (terminals only)."""
    sys.stderr.write(f"\r\033[Kbriefing: {STAGE_TEXT.get(stage, stage)}…" + (f" {detail}" if detail else ""))
    sys.stderr.flush()


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
    except (engine.LockedError, engine.MissingEngine, write.OutputError, paths.AddressError) as exc:
        _say(f"briefing: {exc}")
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        _say(f"briefing: internal error: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


def _say(message: str) -> None:
    """One line to standard error, with anything an editor typed made harmless (see shown)."""
    print(shown(message), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    root = Path.cwd()
    if not (root / "content").is_dir():
        print("briefing: no content/ folder here: run briefing in a briefing's root folder", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "new":
        return _new(root, args)
    if args.command == "sources":
        return _sources(root, args)
    if args.command == "schema":
        return _schema(root, args)
    if args.command == "import":
        from generator import importing_cli

        return importing_cli.run(root, args)
    if args.command == "diff":
        return _diff(root, args)
    fmt = getattr(args, "format", None) or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    started = time.perf_counter()
    if args.command == "serve":
        from generator.preview import serve

        paths.listen_address(args.addr)
        return serve.serve(root, args.addr, lambda run: _report(run, args, fmt, None), drafts=args.drafts)
    if args.command == "build" and (args.shard is None) != (args.out is None):
        _say("briefing build: --shard I/N and --out DIR go together")
        return EXIT_USAGE
    if args.command == "build" and args.shard is not None and (args.engine != "mkdocs" or args.jobs):
        _say("briefing build: --shard builds one share with MkDocs in one process: "
             "it takes neither --engine nor --jobs")
        return EXIT_USAGE
    progress = _progress if sys.stderr.isatty() and not args.quiet else None
    try:
        if args.command == "check":
            run = build.check(root, progress)
        else:
            options = build.Options(strict=args.strict, site_url=args.site_url, drafts=args.drafts,
                                    since=args.since, engine=getattr(args, "engine", "mkdocs"),
                                    jobs=getattr(args, "jobs", 0), clean=getattr(args, "clean", False),
                                    shard=getattr(args, "shard", None), out=getattr(args, "out", None),
                                    merge=tuple(getattr(args, "dirs", ())))
            step = build.generate if args.command == "generate" else build.build
            run = step(root, options, progress)
        if progress:
            sys.stderr.write("\r\033[K")
    except revision.RevisionError as exc:
        _say(f"briefing {args.command}: --since {args.since}: {exc}")
        return EXIT_USAGE
    except parallel.ShardError as exc:
        _say(f"briefing {args.command}: {exc}")
        return EXIT_USAGE
    except merge.MergeError as exc:
        _say(f"briefing {args.command}: {exc}")
        return EXIT_CONTENT
    except csp.UnknownScript as exc:
        _say(f"briefing {args.command}: the built page {exc.page} holds {exc.what}; "
             "no note may put a script into a page: the previous site is left as it was")
        return EXIT_CONTENT
    except engine.EngineError as exc:
        # Each line of the engine's log is indented and made harmless: pages hold note text,
        # and no line of it may pass for a terminal sequence or a CI workflow command.
        for line in exc.output.splitlines():
            print("  " + shown(line), file=sys.stderr)
        _say(f"mkdocs.yml: {exc}")
        return EXIT_CONTENT
    return _report(run, args, fmt, started)


def _diff(root: Path, args: argparse.Namespace) -> int:
    from generator.history import diff

    try:
        old, old_label = revision.load(root, args.old, drafts=args.drafts, folders=True)
        if args.new:
            new, new_label = revision.load(root, args.new, drafts=args.drafts, folders=True)
        else:
            run = build.check(root, drafts=args.drafts)
            if run.corpus is None or not run.ok():
                _print_problems(run.problems.sorted(), False, "text")
                print("briefing diff: the working tree's briefing does not check", file=sys.stderr)
                return EXIT_CONTENT
            new, new_label = run.corpus, "working tree"
    except revision.RevisionError as exc:
        _say(f"briefing diff: {exc}")
        return EXIT_USAGE
    report = diff.compare(old, new, old_label, new_label)
    if args.format == "json":
        sys.stdout.write(shown_json(diff.as_json(report, ascii=True)))
    else:
        sys.stdout.write("".join(shown(line) + "\n" for line in diff.text(report).splitlines()))
    return EXIT_OK


def _print_coverage(corpus: Any) -> None:
    from generator.linking.corpus import coverage

    for cov in coverage(corpus):
        line = f"coverage: {cov.source}: {cov.cited} of {cov.total} blocks cited"
        if cov.uncited:
            others = [n for n in cov.uncited if n not in cov.headings]
            parts = []
            if others:
                parts.append("uncited: " + ", ".join(f"p{n}" for n in others))
            if cov.headings:
                parts.append("uncited headings: " + ", ".join(f"p{n}" for n in cov.headings))
            line += "; " + "; ".join(parts)
        print(line, file=sys.stderr)


def _total(run: build.Run, started: float | None) -> float:
    return time.perf_counter() - started if started is not None else sum(run.timings.values())


def _schema(root: Path, args: argparse.Namespace) -> int:
    from generator.kinds.schema import write_schemas

    given = Path(args.dir)
    target = (root / given).resolve()
    for protected in ("content", "seeds"):
        p = (root / protected).resolve()
        if target == p or p in target.parents or target == root.resolve():
            _say(f"briefing schema: refusing to write into {args.dir}: choose a folder outside content/ "
                 "and seeds/, such as schemas/")
            return EXIT_USAGE
    if not given.is_absolute():  # inside the project, never through a link a commit put there
        write.real_dir(root, os.path.normpath(args.dir).replace(os.sep, "/"))
    for path in write_schemas(target):
        _say(f"briefing schema: wrote {os.path.relpath(path, root)}")
    return EXIT_OK


def _sources(root: Path, args: argparse.Namespace) -> int:
    from generator.editing import sources

    run = build.check(root)
    if run.corpus is None:
        _print_problems(run.problems.sorted(), False, "text")
        return EXIT_CONTENT
    if args.update and not args.ids and not args.all:
        _say("briefing sources: --update records that you have reviewed the citations into a source: "
             "name the sources (briefing sources --update ID…), or give --all for every one")
        return EXIT_USAGE
    if (args.ids or args.all) and not args.update:
        _say("briefing sources: source ids and --all go with --update")
        return EXIT_USAGE
    if args.update:
        try:
            done = sources.update(root, run.corpus, args.ids)
        except KeyError as exc:
            _say(f"briefing sources: unknown source {exc.args[0]}")
            return EXIT_USAGE
        for line in done or ["briefing sources: every checksum is up to date"]:
            print(shown(line))
        return EXIT_OK
    for line in sources.report(run.corpus):
        print(shown(line))
    return EXIT_OK


def _new(root: Path, args: argparse.Namespace) -> int:
    import datetime

    from generator.editing.scaffold import ScaffoldError, new_note

    # A new note is reviewed today, but never after the date the briefing reflects.
    today = datetime.date.today().isoformat()
    try:
        from generator.loading import yamltree

        raw = yamltree.to_plain(yamltree.parse((root / "content" / "briefing.yml").read_text(encoding="utf-8")))
        as_of = raw.get("as_of") if isinstance(raw, dict) else None
        if isinstance(as_of, str) and len(as_of) == 10 and as_of < today:
            today = as_of
    except (OSError, yamltree.YamlError, UnicodeDecodeError):
        pass
    try:
        path = new_note(root, args.kind, args.id, args.title, today)
    except ScaffoldError as exc:
        _say(f"briefing new: {exc}")
        return EXIT_USAGE
    print(f"briefing new: wrote {path.relative_to(root).as_posix()}; fill in every FILL IN, "
          "then run briefing check", file=sys.stderr)
    return EXIT_OK


def _report(run: build.Run, args: argparse.Namespace, fmt: str, started: float | None) -> int:
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
    if not args.quiet and args.command == "check" and run.corpus is not None:
        _print_coverage(run.corpus)
    if not args.quiet:
        notes = len(run.corpus.notes) if run.corpus else 0
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in run.timings.items())
        extra = f", {run.pages} pages" if run.pages else ""
        if run.reused:
            extra += f" ({run.reused} unchanged since the last build, reused)"
        if args.command == "merge":
            extra += f", {len(args.dirs)} shards joined into {paths.SITE_DIR}/"
        left = run.corpus.left_out if run.corpus else 0
        drafts = f" ({left} draft{'s' if left != 1 else ''} left out)" if left else ""
        print(f"briefing {args.command}: {notes} notes{drafts}{extra}, {warnings} warnings "
              f"({stages}; total {_total(run, started):.2f}s)", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
