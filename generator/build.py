"""The orchestrator: load → validate → link → render → write → engine."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import engine, link, load, paths, validate, write
from .link import Corpus
from .problems import Problems

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@dataclass
class Run:
    """What one command did: its problems, and what it made."""

    problems: Problems = field(default_factory=Problems)
    corpus: Corpus | None = None
    pages: int = 0
    written: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    engine_log: str = ""
    progress: Callable[[str], None] | None = None
    """Told the name of each stage as it starts (the CLI shows it when attached to a terminal)."""

    def stage(self, name: str) -> None:
        if self.progress is not None:
            self.progress(name)

    def ok(self, strict: bool = False) -> bool:
        return not self.problems.has_errors(strict=strict)


def _timed(run: Run, stage: str, t0: float) -> float:
    now = time.perf_counter()
    run.timings[stage] = run.timings.get(stage, 0.0) + now - t0
    return now


def check(root: Path, progress: Callable[[str], None] | None = None) -> Run:
    run = Run(progress=progress)
    run.stage("load")
    t = time.perf_counter()
    loaded = load.load(root, run.problems)
    t = _timed(run, "load", t)
    run.stage("validate")
    briefing, notes = validate.validate(loaded, run.problems)
    t = _timed(run, "validate", t)
    run.stage("link")
    if briefing is not None:
        run.corpus = link.link(loaded, briefing, notes, run.problems)
    _timed(run, "link", t)
    return run


def generate(root: Path, *, strict: bool = False, site_url: str | None = None,
             progress: Callable[[str], None] | None = None) -> Run:
    with engine.build_lock(root):
        return _generate(root, strict, site_url, progress)


def _generate(root: Path, strict: bool, site_url: str | None = None,
              progress: Callable[[str], None] | None = None) -> Run:
    run = check(root, progress)
    if not run.ok(strict) or run.corpus is None:
        return run
    from . import render  # Jinja2 and Python-Markdown: not needed to check

    run.stage("render")
    t = time.perf_counter()
    url = site_url or os.environ.get("BRIEFING_SITE_URL") or None
    site = render.render(run.corpus, url)
    files = {page: text.encode("utf-8") for page, text in {**site.pages, **site.files}.items()}
    files.update(_copy_of(TEMPLATES / "assets", paths.ASSETS_DIR))
    # Pull-request previews ask search engines to stay away (BRIEFING_NOINDEX, set by CI).
    noindex = os.environ.get("BRIEFING_NOINDEX", "") not in ("", "0", "false")
    config = render.settings(run.corpus, site, url, noindex).encode("utf-8")
    t = _timed(run, "render", t)
    run.stage("write")
    docs = root / paths.DOCS_DIR
    write.check_output_dir(root, docs)
    written, _ = write.write_tree(docs, files)
    written += write.write_tree(root / paths.THEME_DIR, _copy_of(TEMPLATES / "theme", ""))[0]
    written += write.write_tree_file(root / paths.GENERATED_CONFIG, config)
    _timed(run, "write", t)
    run.pages = len(site.pages)
    run.written = written
    return run


def _copy_of(folder: Path, prefix: str) -> dict[str, bytes]:
    """The files of one of our template folders, keyed by their path under `prefix`."""
    out = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.name != "README.md":  # notes for maintainers, not site pages
            rel = f.relative_to(folder).as_posix()
            out[f"{prefix}/{rel}" if prefix else rel] = f.read_bytes()
    return out


def build(root: Path, *, strict: bool = False, site_url: str | None = None,
          progress: Callable[[str], None] | None = None) -> Run:
    with engine.build_lock(root):
        run = _generate(root, strict, site_url, progress)
        if not run.ok(strict) or run.corpus is None:
            return run
        run.stage("engine")
        t = time.perf_counter()
        write.check_output_dir(root, root / paths.SITE_DIR)
        as_of = run.corpus.briefing.data.as_of
        epoch = (as_of.ordinal() - 719163) * 86400  # the as-of date, midnight UTC
        run.engine_log = engine.build_site(root, epoch)
        _timed(run, "engine", t)
        return run
