"""Writing and swapping: unchanged files untouched, failed builds lose nothing, same input same bytes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import make_project
from generator import write


def tree_digest(top: Path) -> dict[str, str]:
    return {f.relative_to(top).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(top.rglob("*")) if f.is_file()}


def test_write_tree_leaves_unchanged_files_alone(tmp_path):
    out = tmp_path / "out"
    write.write_tree(out, {"a.md": b"one", "d/b.md": b"two"})
    os.utime(out / "a.md", (1_000_000, 1_000_000))
    written, removed = write.write_tree(out, {"a.md": b"one", "d/c.md": b"three"})
    assert (written, removed) == (1, 1)
    assert (out / "a.md").stat().st_mtime == 1_000_000
    assert not (out / "d" / "b.md").exists()
    assert (out / "d" / "c.md").read_bytes() == b"three"


@pytest.mark.parametrize("bad", [".", "content", "content/x", "seeds", "..", "../elsewhere"])
def test_output_folder_must_be_ours(tmp_path, bad):
    root = make_project(tmp_path / "p")
    with pytest.raises(write.OutputError):
        write.check_output_dir(root, root / bad)


def test_output_folder_holding_content_refused(tmp_path):
    root = make_project(tmp_path / "p")
    with pytest.raises(write.OutputError):
        write.check_output_dir(root, root)


def test_build_is_deterministic(tmp_path, cli):
    a = make_project(tmp_path / "a")
    b = make_project(tmp_path / "b")
    assert cli(a, "build").code == 0
    assert cli(b, "build").code == 0
    assert tree_digest(a / "site") == tree_digest(b / "site")
    assert tree_digest(a / "build" / "docs") == tree_digest(b / "build" / "docs")


def test_content_error_leaves_previous_site_identical(tmp_path, cli):
    root = make_project(tmp_path / "p")
    assert cli(root, "build").code == 0
    before = tree_digest(root / "site")
    (root / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha\nkind: sate\n---\n")
    res = cli(root, "build")
    assert res.code == 1
    assert tree_digest(root / "site") == before


def test_engine_failure_leaves_previous_site_identical(tmp_path, cli):
    root = make_project(tmp_path / "p")
    assert cli(root, "build").code == 0
    before = tree_digest(root / "site")
    (root / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha 2\nkind: state\n---\n")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("  - search\n", "  - search\n  - no-such-plugin\n"))
    res = cli(root, "build")
    assert res.code == 1
    assert "MkDocs build failed" in res.err
    assert tree_digest(root / "site") == before
    assert not list((root / "build").glob(".site-*"))


def test_rebuild_replaces_site(tmp_path, cli):
    root = make_project(tmp_path / "p")
    assert cli(root, "build").code == 0
    (root / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha Renamed\nkind: state\n---\n")
    assert cli(root, "build").code == 0
    assert "Alpha Renamed" in (root / "site" / "actors" / "alpha.html").read_text()
