"""The generated Markdown of the small fixture briefing, file by file, against a snapshot
(tests/golden/other/). The output is deterministic, so any difference is a change to the
pages: `make golden` writes the snapshot again, to be reviewed in the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import copy_fixture

from generator import build

GOLDEN = Path(__file__).resolve().parent / "golden" / "other"
SKIP = ("assets/",)
"""Copied files, not generated ones."""


def generated(tmp_path: Path) -> dict[str, bytes]:
    root = copy_fixture("other", tmp_path / "other")
    run = build.generate(root)
    assert run.ok(), [p.format() for p in run.problems.sorted()]
    docs = root / "build" / "docs"
    return {f.relative_to(docs).as_posix(): f.read_bytes() for f in sorted(docs.rglob("*"))
            if f.is_file() and not f.relative_to(docs).as_posix().startswith(SKIP)}


def test_generated_markdown_matches_the_snapshot(tmp_path, request):
    files = generated(tmp_path)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    golden = {f.relative_to(GOLDEN).as_posix(): f.read_bytes() for f in sorted(GOLDEN.rglob("*")) if f.is_file()}
    assert sorted(files) == sorted(golden), "pages added or removed: run `make golden` and review the diff"
    changed = [rel for rel in files if files[rel] != golden[rel]]
    assert changed == [], f"pages changed: {changed}; run `make golden` and review the diff"
