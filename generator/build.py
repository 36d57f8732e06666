"""The orchestrator: check (check.py) → render → write → engine.

generate() renders the checked corpus and writes build/docs; build() runs the site engine on
it into a fresh folder and swaps that in as site/.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import paths, urls
from generator.check import Run, check, no_gc, timed
from generator.linking.corpus import Corpus
from generator.loading import load
from generator.output import engine, shares, write

__all__ = ["Options", "Run", "build", "check", "generate"]

TEMPLATES = paths.TEMPLATES


@dataclass(frozen=True)
class Options:
    """How to generate: the switches of `briefing generate` and `briefing build`."""

    strict: bool = False
    site_url: str | None = None
    drafts: bool = False
    """Show draft notes, with a banner (internal previews only)."""
    since: str | None = None
    """Revision (or folder) of the last release; overrides `since:` in briefing.yml."""
    engine: str = "mkdocs"
    """The site engine for `build`: mkdocs, properdocs or zensical (see engine.py)."""
    jobs: int = 0
    """Processes the engine's build is shared out to (0: the cores this process may use)."""
    clean: bool = False
    """Build every page anew (not reusing the last build's; see output/reuse.py)."""
    shard: tuple[int, int] | None = None
    """Build only share I of N (from 1), into `out`, for `briefing merge` (see output/parallel.py)."""
    out: Path | None = None
    merge: tuple[Path, ...] = ()
    """Join these folders of `--shard` builds into site/ instead of building (briefing merge)."""


def generate(root: Path, options: Options = Options(), progress: Callable[..., None] | None = None,
             cache: load.Cache | None = None) -> Run:
    site_url(options)  # a bad address is a usage error before any work
    write.preflight(root)  # before the lock file is made: build/ may be a link
    with engine.build_lock(root):
        return _generate(root, options, progress, cache)


def _since(root: Path, run: Run, options: Options) -> object | None:
    """The diff against the last release, or None when none is asked for.
    A bad --since raises RevisionError (a usage error); a bad `since:` is a content error."""
    from generator.history import diff, revision

    assert run.corpus is not None
    spec = options.since or run.corpus.briefing.data.since
    if not spec:
        return None
    try:
        old, label = revision.load(root, spec, drafts=options.drafts, folders=bool(options.since))
    except revision.RevisionError as exc:
        if options.since:
            raise
        run.problems.error("content/briefing.yml", run.corpus.briefing.line("since"), f"since: {exc}")
        return None
    return diff.compare(old, run.corpus, label, "this briefing")


def site_url(options: Options) -> str | None:
    """The site's public address, from --site-url or $BRIEFING_SITE_URL, checked (see paths.site_url)."""
    if options.site_url:
        return paths.site_url(options.site_url, "--site-url")
    env = os.environ.get("BRIEFING_SITE_URL")
    return paths.site_url(env, "BRIEFING_SITE_URL") if env else None


def _generate(root: Path, options: Options, progress: Callable[..., None] | None = None,
              cache: load.Cache | None = None) -> Run:
    run = check(root, progress, drafts=options.drafts, cache=cache)
    if not run.ok(options.strict) or run.corpus is None:
        return run
    since = None
    if options.since or run.corpus.briefing.data.since:
        run.stage("diff")
        t = time.perf_counter()
        since = _since(root, run, options)
        timed(run, "diff", t)
        if not run.ok(options.strict):
            return run
    from generator.rendering import identity, pages, settings  # Jinja2: not needed to check

    run.stage("render")
    t = time.perf_counter()
    url = site_url(options)
    docs = root / paths.DOCS_DIR
    write.check_output_dir(root, docs)
    with no_gc():
        early = cache is not None and _edited_first(root, run.corpus, cache, url)
        site = pages.render(run.corpus, url, since, share=not early)
    files = {page: text.encode("utf-8") for page, text in {**site.pages, **site.files}.items()}
    files.update(_copy_of(TEMPLATES / "assets", urls.ASSETS_DIR))
    css = f"{urls.ASSETS_DIR}/briefing.css"
    files[css] += identity.stylesheet(run.corpus.briefing.data).encode("utf-8")
    # Pull-request previews ask search engines to stay away (BRIEFING_NOINDEX, set by CI).
    # A --drafts preview, too: it is never meant to be found.
    noindex = os.environ.get("BRIEFING_NOINDEX", "") not in ("", "0", "false") or options.drafts
    config = settings.settings(run.corpus, site, url, noindex).encode("utf-8")
    t = timed(run, "render", t)
    run.stage("write")
    written, _ = write.write_tree(root, paths.DOCS_DIR, files)
    written += write.write_tree(root, paths.THEME_DIR, _copy_of(TEMPLATES / "theme", ""))[0]
    written += write.write_tree_file(root / paths.GENERATED_CONFIG, config)
    timed(run, "write", t)
    run.pages = len(site.pages)
    run.written = written
    return run


def shard_dir(root: Path, out: Path, new: bool = False) -> None:
    """A folder for `--shard --out` (`new`: one that does not exist yet, or is empty) or for
    `briefing merge`: anywhere but the project's own content/, seeds/, .git, build/ or site/,
    or the project folder itself."""
    out_r = out.resolve()
    root_r = root.resolve()
    if out_r == root_r or paths.is_inside(root_r, out_r):
        raise write.OutputError(f"refusing {out} as a shard folder: it holds the project")
    for own in ("content", "seeds", ".git", paths.BUILD_DIR, paths.SITE_DIR):
        if out_r == root_r / own or paths.is_inside(out_r, root_r / own):
            raise write.OutputError(f"refusing {out} as a shard folder: it is inside {own}/")
    if new and (out.is_symlink() or (out.exists() and (not out.is_dir() or any(out.iterdir())))):
        raise write.OutputError(f"--out {out}: give a folder that does not exist yet, or an empty one")


EDITED_FIRST_MAX = 20
"""`briefing serve` writes the pages of up to this many edited notes before the rest."""


def _edited_first(root: Path, corpus: Corpus, cache: load.Cache, url: str | None) -> bool:
    """In a running preview, write the pages of the notes just edited before rendering the
    whole site: the preview server picks them up while the rest (listings, printable
    parts, briefing.json) is still being made. They are the bytes the full render makes,
    so the write after it leaves them alone."""
    from generator.rendering import pages

    if cache.runs < 2 or not (root / paths.DOCS_DIR / urls.HOME).is_file():
        return False
    edited = sorted(n.id for n in corpus.notes.values() if n.raw.path in cache.changed)
    if not 0 < len(edited) <= EDITED_FIRST_MAX:
        return False
    made = pages.note_pages(corpus, edited, url)
    return write.write_files(root, paths.DOCS_DIR, {p: text.encode("utf-8") for p, text in made.items()}) > 0


def _copy_of(folder: Path, prefix: str) -> dict[str, bytes]:
    """The files of one of our template folders, keyed by their path under `prefix`."""
    out = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.name != "README.md":  # notes for maintainers, not site pages
            rel = f.relative_to(folder).as_posix()
            out[f"{prefix}/{rel}" if prefix else rel] = f.read_bytes()
    return out


def build(root: Path, options: Options = Options(), progress: Callable[..., None] | None = None) -> Run:
    engine.check_engine(options.engine)  # before any work: a missing engine is a usage error
    site_url(options)
    write.preflight(root)
    if options.out is not None:
        shard_dir(root, options.out, new=True)
    for folder in options.merge:
        shard_dir(root, folder)
    with engine.build_lock(root):
        run = _generate(root, options, progress)
        if not run.ok(options.strict) or run.corpus is None:
            return run
        run.stage("engine")
        t = time.perf_counter()
        write.check_output_dir(root, root / paths.SITE_DIR)
        as_of = run.corpus.briefing.data.as_of
        epoch = (as_of.ordinal() - 719163) * 86400  # the as-of date, midnight UTC
        pages = run.pages + 1  # and the engine's 404 page

        def watch(n: int) -> None:
            run.tell("engine", f"{time.perf_counter() - t:.0f} s, {min(n, pages):,} of {pages:,} pages written")

        if options.merge:
            run.engine_log = engine.merge_shards(root, list(options.merge), epoch)
            timed(run, "engine", t)
            return run
        if options.shard is not None and options.out is not None:
            run.engine_log = engine.build_shard(root, options.out, epoch, options.shard[0] - 1, options.shard[1])
            timed(run, "engine", t)
            return run
        jobs = options.jobs or shares.jobs_default()
        spent: dict[str, float] = {}
        run.engine_log, run.reused = engine.build_site(root, epoch, options.engine, watch=watch if progress else None,
                                                       jobs=jobs, clean=options.clean, timings=spent)
        timed(run, "engine", t + spent.get("search", 0.0))
        run.timings["search"] = spent.get("search", 0.0)
        return run
