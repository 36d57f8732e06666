"""Writing and swapping: unchanged files untouched, failed builds lose nothing, same input same bytes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_ours, make_project

from generator import build
from generator.output import write


def tree_digest(top: Path) -> dict[str, str]:
    return {f.relative_to(top).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(top.rglob("*")) if f.is_file()}


def test_write_tree_leaves_unchanged_files_alone(tmp_path):
    out = tmp_path / "out"
    write.write_tree(tmp_path, "out", {"a.md": b"one", "d/b.md": b"two"})
    os.utime(out / "a.md", (1_000_000, 1_000_000))
    written, removed = write.write_tree(tmp_path, "out", {"a.md": b"one", "d/c.md": b"three"})
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
    cfg.write_text(cfg.read_text().replace("  name: material\n", "  name: no-such-theme\n"))
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


def _build_proc(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "-q"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_killed_build_leaves_old_or_new_site_never_a_mix(tmp_path, cli):
    """Kill the whole build (generator and MkDocs) at many moments: site/ is always one whole build."""
    new_root = make_project(tmp_path / "reference")
    (new_root / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha Two\nkind: state\n---\n")
    assert cli(new_root, "build").code == 0
    new = tree_digest(new_root / "site")
    root = make_project(tmp_path / "p")
    assert cli(root, "build").code == 0
    old = tree_digest(root / "site")
    (root / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha Two\nkind: state\n---\n")
    seen = set()
    for delay in [0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05, 1.2, 1.4, 1.7, 2.2]:
        proc = _build_proc(root)
        time.sleep(delay)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        now = tree_digest(root / "site")
        assert now in (old, new), f"mixed site after a kill at {delay}s"
        seen.add("new" if now == new else "old")
        if now == new:  # put the old site back, to kill the next build later on
            break
    assert "old" in seen
    assert cli(root, "build").code == 0
    assert tree_digest(root / "site") == new
    assert not list((root / "build").glob(".site-*"))


def test_second_build_waits_for_nobody(tmp_path, cli):
    root = make_project(tmp_path / "p")
    from generator.output import engine

    with engine.build_lock(root):
        res = cli(root, "build")
    assert res.code == 2
    assert res.lines == ["briefing: another briefing build is running in this folder"]


def test_source_date_epoch_is_honoured(tmp_path, cli, monkeypatch):
    root = make_project(tmp_path / "p")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    monkeypatch.setenv("BRIEFING_SITE_URL", "https://example.org/briefing")
    assert cli(root, "build").code == 0
    assert "<lastmod>1970-01-02</lastmod>" in (root / "site" / "sitemap.xml").read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert cli(root, "build").code == 0
    assert "<lastmod>2024-05-31</lastmod>" in (root / "site" / "sitemap.xml").read_text()


def test_site_url_from_flag(tmp_path, cli):
    root = make_project(tmp_path / "p")
    assert cli(root, "build", "--site-url", "https://example.org/sub").code == 0
    assert "<loc>https://example.org/sub/issues/one.html</loc>" in (root / "site" / "sitemap.xml").read_text()


@pytest.mark.parametrize("src,dst,expected", [
    ("index.md", "issues/a.md", "issues/a.md"), ("issues/a.md", "issues/b.md", "b.md"),
    ("issues/a.md", "actors/b.md", "../actors/b.md"), ("issues/a.md", "index.md", "../index.md"),
    ("index.md", "tags.md", "tags.md"), ("a/b/c.md", "x/y.md", "../../x/y.md"),
])
def test_relative_links(src, dst, expected):
    import posixpath

    from generator import urls

    assert urls.md_link(src, dst) == expected
    assert expected == posixpath.relpath(dst, posixpath.dirname(src) or ".")


def test_two_process_rendering_makes_the_same_pages(tmp_path, monkeypatch):
    """Past PARALLEL_FROM notes, note pages are rendered by this process and a forked copy;
    the pages must be exactly those one process makes, in the same order."""
    import os
    import threading

    from generator.rendering import pages as render
    from generator.rendering import parallel

    root = copy_ours(tmp_path / "p")
    corpus = build.check(root).corpus
    monkeypatch.setattr(parallel, "FROM", 10**9)
    serial = render.render(corpus)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # browser tests may have left threads
    monkeypatch.setattr(parallel, "FROM", 1)
    monkeypatch.setattr(parallel.Copy, "CHUNK", 1)  # both processes take notes from the list
    parallel = render.render(corpus)
    assert forks == [1]
    assert list(parallel.pages) == list(serial.pages)
    assert parallel.pages == serial.pages

    # If the copy fails, this process renders the notes the copy had taken.
    parent = os.getpid()
    real_note_pages = render.note_pages_of

    def failing_in_copy(ctx, ids):
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        return real_note_pages(ctx, ids)

    monkeypatch.setattr(render, "note_pages_of", failing_in_copy)
    rescued = render.render(corpus)
    assert forks == [1, 1]
    assert rescued.pages == serial.pages


def test_preview_writes_the_edited_page_before_rendering_the_rest(tmp_path, monkeypatch):
    """In `briefing serve`, the page of a note just edited is on disk before the whole site
    is rendered, with the bytes the full render makes; a plain generate does not do this.
    (At 1,000 notes this took the preview from about 2.8 s to about 1.5 s per edit.)"""
    from generator.loading import load
    from generator.rendering import pages as render

    root = copy_ours(tmp_path / "p")
    note = root / "content" / "issues" / "buffer-zones.md"
    page = root / "build" / "docs" / "issues" / "buffer-zones.md"
    cache = load.Cache()
    assert build.generate(root, cache=cache).ok()
    seen, word = [], ["Edited early"]
    real_render = render.render

    shares = []

    def spy(*args, **kwargs):
        seen.append(word[0] in page.read_text(encoding="utf-8"))
        shares.append(kwargs.get("share", True))
        return real_render(*args, **kwargs)

    monkeypatch.setattr(render, "render", spy)
    note.write_text(note.read_text(encoding="utf-8").replace("summary: ", "summary: Edited early. ", 1),
                    encoding="utf-8")
    assert build.generate(root, cache=cache).ok()
    assert seen == [True]
    early = page.read_bytes()
    assert build.generate(root).ok()  # a fresh run, no cache: the same bytes
    assert seen == [True, True] and page.read_bytes() == early

    word[0] = "Edited late"
    note.write_text(note.read_text(encoding="utf-8").replace("Edited early.", "Edited late.", 1), encoding="utf-8")
    assert build.generate(root).ok()  # without the preview's cache, nothing is written first
    assert seen == [True, True, False]
    # while the preview server rebuilds the edited page, the rest is rendered on one core
    assert shares == [False, True, True]


def test_rendering_stays_in_one_process_without_shared_semaphores(tmp_path, monkeypatch):
    """Where the system offers no shared semaphores, pages are rendered here, not lost."""
    import multiprocessing
    import os

    from generator.rendering import pages as render
    from generator.rendering import parallel

    corpus = build.check(copy_ours(tmp_path / "p")).corpus
    serial = render.render(corpus)

    def no_semaphores(*args, **kwargs):
        raise OSError("no /dev/shm")

    import threading

    forks = []
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # browser tests may have left threads
    monkeypatch.setattr(multiprocessing, "get_context", no_semaphores)
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or 0)
    monkeypatch.setattr(parallel, "FROM", 1)
    assert render.render(corpus).pages == serial.pages
    assert forks == []
