"""Stages 1-3, the check: load → validate → link, every problem collected in one Run.

`briefing check` is this alone; generate and build (build.py) start with it, and so does
reading an old revision (history/revision.py).
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import linking
from generator.linking.corpus import Corpus
from generator.loading import load
from generator.output import config
from generator.problems import Problems
from generator.validating import validate


@dataclass
class Run:
    """What one command did: its problems, and what it made."""

    problems: Problems = field(default_factory=Problems)
    corpus: Corpus | None = None
    pages: int = 0
    written: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    engine_log: str = ""
    reused: int = 0
    """Pages the engine's build took unchanged from the last one (output/reuse.py)."""
    progress: Callable[..., None] | None = None
    """Told the name of each stage as it starts, `progress(stage)`, and how a long stage is
    getting on, `progress(stage, detail)` (the CLI shows both when attached to a terminal)."""

    def stage(self, name: str) -> None:
        if self.progress is not None:
            self.progress(name)

    def tell(self, name: str, detail: str) -> None:
        if self.progress is not None:
            self.progress(name, detail)

    def ok(self, strict: bool = False) -> bool:
        return not self.problems.has_errors(strict=strict)


def timed(run: Run, stage: str, t0: float) -> float:
    now = time.perf_counter()
    run.timings[stage] = run.timings.get(stage, 0.0) + now - t0
    return now


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """The stages make hundreds of thousands of objects and almost no cycles: Python's cycle
    collector would walk them all again and again (about a tenth of a 5,000-note run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(root: Path, progress: Callable[..., None] | None = None, drafts: bool = False,
          cache: load.Cache | None = None, site_config: bool = True) -> Run:
    """`cache`: notes read by an earlier run in this process, for `briefing serve`;
    `site_config`: whether to check mkdocs.yml too (not for an old revision's notes)."""
    with no_gc():
        return _check(root, progress, drafts, cache, site_config)


def _check(root: Path, progress: Callable[..., None] | None, drafts: bool, cache: load.Cache | None,
           site_config: bool) -> Run:
    run = Run(progress=progress)
    run.stage("load")
    t = time.perf_counter()
    if site_config:
        config.check(root, run.problems)
    loaded = load.load(root, run.problems, cache)
    t = timed(run, "load", t)
    run.stage("validate")
    briefing, notes = validate.validate(loaded, run.problems)
    t = timed(run, "validate", t)
    run.stage("link")
    run.corpus = linking.link(loaded, briefing, notes, run.problems, include_drafts=drafts)
    if run.corpus is None and not run.problems.has_errors():
        # Never a silent skip: without a corpus nothing after this stage can run.
        run.problems.error("content/briefing.yml", 1, "could not be read as the briefing's fields")
    timed(run, "link", t)
    return run
