"""Incremental builds (output/reuse.py): after an edit only the pages whose Markdown changed
are built, the rest come from the last build when its manifest (in the user's cache, never
the repository) vouches for their bytes, and the site is the one a clean build makes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_ours, nest

from generator.output import engine, reuse


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _reused(res) -> int:
    m = re.search(r"\((\d+) unchanged since the last build, reused\)", res.err)
    return int(m.group(1)) if m else 0


def _build(cli, root: Path, *args: str) -> int:
    res = cli(root, "build", *args)
    assert res.code == 0, res.err
    return _reused(res)


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def ours(tmp_path, cli):
    root = copy_ours(tmp_path / "p")
    assert _build(cli, root) == 0  # nothing to reuse yet
    return root


def _clean(cli, root: Path) -> dict[str, bytes]:
    assert _build(cli, root, "--clean") == 0
    return _tree(root / "site")


def _pages(root: Path) -> int:
    return sum(1 for p in (root / "build" / "docs").rglob("*.md"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_one_note_edit_rebuilds_its_pages_and_matches_a_clean_build(ours, cli, jobs):
    _edit(ours, "content/actors/macron.md", "name: Emmanuel Macron", "name: Emmanuel J. Macron")
    reused = _build(cli, ours, "--jobs", jobs)
    after = _tree(ours / "site")
    assert "Emmanuel J. Macron" in after["actors/macron.html"].decode()
    # The actor's page and the pages that show his name are rebuilt, and only those.
    assert 0 < _pages(ours) - reused < _pages(ours) // 2
    assert _clean(cli, ours) == after


def test_a_clean_shared_and_incremental_build_of_the_same_notes_are_the_same_bytes(ours, cli, monkeypatch):
    assert _build(cli, ours) == _pages(ours)  # nothing changed: every page reused
    incremental = _tree(ours / "site")
    assert _build(cli, ours, "--jobs", "2", "--clean") == 0
    assert _tree(ours / "site") == incremental
    monkeypatch.setattr(engine, "SHARED", ())  # one plain `mkdocs build`
    assert _build(cli, ours) == 0
    assert _tree(ours / "site") == incremental


def test_a_page_changed_in_site_is_rebuilt_not_served(ours, cli):
    page = ours / "site" / "actors" / "macron.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</article>", b"<script>alert(1)</script></article>"))
    (ours / "site" / "issues" / "buffer-zones.html").unlink()
    assert _build(cli, ours) == _pages(ours) - 2
    assert page.read_bytes() == good
    assert (ours / "site" / "issues" / "buffer-zones.html").is_file()


def test_a_page_replaced_by_a_link_is_rebuilt(ours, cli, tmp_path):
    page = ours / "site" / "actors" / "macron.html"
    good = page.read_bytes()
    outside = tmp_path / "outside.html"
    outside.write_bytes(good)  # the right bytes, but not in the site
    page.unlink()
    page.symlink_to(outside)
    assert _build(cli, ours) == _pages(ours) - 1
    assert not page.is_symlink() and page.read_bytes() == good


def _manifest(root: Path) -> Path:
    return reuse.cache_dir(root) / reuse.MANIFEST


def test_the_manifest_lives_in_the_users_cache_not_the_repository(ours, tmp_path):
    manifest = _manifest(ours)
    assert manifest.is_file()
    assert ours.resolve() not in manifest.resolve().parents
    assert manifest.parent.stat().st_mode & 0o077 == 0  # the folder is the user's alone


@pytest.mark.parametrize("change", ["key", "format", "garbage", "nested", "link", "escape"])
def test_a_manifest_of_another_build_or_not_ours_is_not_used(ours, cli, tmp_path, change):
    manifest = _manifest(ours)
    data = json.loads(manifest.read_text())
    if change == "key":  # another engine, version or configuration
        data["key"] = "0" * 64
        manifest.write_text(json.dumps(data))
    elif change == "format":
        data["format"] = 99
        manifest.write_text(json.dumps(data))
    elif change == "garbage":
        manifest.write_bytes(b"\xff{not json")
    elif change == "nested":
        manifest.write_text("[" * 100_000)
    elif change == "link":
        moved = tmp_path / "elsewhere.json"
        manifest.rename(moved)
        manifest.symlink_to(moved)
    else:  # a page said to live outside the site: never read from there
        for entry in data["pages"].values():
            entry["url"] = "../../" + entry["url"]
        manifest.write_text(json.dumps(data))
    before = _tree(ours / "site")
    assert _build(cli, ours) == 0
    assert _tree(ours / "site") == before


def test_a_change_to_the_configuration_builds_every_page_and_a_new_note_its_own(ours, cli):
    _edit(ours, "mkdocs.yml", "primary: indigo", "primary: teal")
    assert _build(cli, ours) == 0  # another key
    assert _build(cli, ours) == _pages(ours)
    # A new note: its page, and the listings and counts that show it, are built.
    (ours / "content" / "actors" / "new-actor.md").write_text("---\nname: A new actor\nkind: person\n---\n")
    assert 0 < _build(cli, ours) < _pages(ours)
    site = _tree(ours / "site")
    assert "actors/new-actor.html" in site
    assert _clean(cli, ours) == site


def test_a_note_removed_builds_clean(ours, cli):
    note = ours / "content" / "actors" / "new-actor.md"
    note.write_text("---\nname: A new actor\nkind: person\n---\n")
    assert _build(cli, ours) > 0
    note.unlink()
    assert _build(cli, ours) == 0  # a page that is kept might have linked to the one removed
    site = _tree(ours / "site")
    assert "actors/new-actor.html" not in site
    assert _clean(cli, ours) == site


def test_a_plugin_of_the_projects_own_builds_in_one_plain_process(ours, cli, monkeypatch):
    _edit(ours, "mkdocs.yml", "plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n")
    assert _build(cli, ours, "--jobs", "2") == 0
    shared_off = _tree(ours / "site")
    assert not _manifest(ours).exists()  # nothing it could vouch for
    assert _build(cli, ours) == 0
    monkeypatch.setattr(engine, "SHARED", ())
    assert _build(cli, ours) == 0
    assert _tree(ours / "site") == shared_off


def test_a_manifest_naming_files_outside_the_site_touches_none_of_them(ours, cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = _manifest(ours)
    data = json.loads(manifest.read_text())
    for i, entry in enumerate(data["pages"].values()):
        entry["url"] = str(victim) if i % 2 else "../" * 12 + str(victim).lstrip("/")
    manifest.write_text(json.dumps(data))
    assert _build(cli, ours) == 0
    assert victim.read_text() == "keep me"


def test_a_site_page_hard_linked_to_a_file_outside_is_copied_not_shared(ours, cli, tmp_path):
    import os

    page = ours / "site" / "actors" / "macron.html"
    outside = tmp_path / "outside.html"
    outside.write_bytes(page.read_bytes())
    outside.chmod(0o600)
    page.unlink()
    os.link(outside, page)
    assert _build(cli, ours) == _pages(ours)
    assert outside.stat().st_mode & 0o777 == 0o600 and outside.stat().st_nlink == 1


@pytest.mark.parametrize("where", ["site", "build", "build/docs"])
def test_folders_nested_too_deep_for_recursion_do_not_stop_a_build(ours, cli, where):
    """A commit can hold a path of 1,200 folders (2.4 KB): os.walk and shutil.rmtree would
    fail on it (RecursionError) on every build from then on."""
    from generator.output import write

    nest(ours / where, 1200)
    try:
        for args in ((), ("--clean",), ()):
            res = cli(ours, "build", *args)
            assert res.code == 0, res.err
        assert (ours / "site" / "index.html").is_file() and not (ours / "site" / "d").exists()
    finally:  # pytest's own clean-up of old temporary folders recurses too
        write.remove_tree(ours / where / "d")


def test_scratch_pages_of_a_killed_build_are_swept(tmp_path):
    """Pagefind's cut-down pages live in /dev/shm (memory): a build killed there leaves them,
    so the next build removes those of processes that are gone, and no others."""
    import os

    from generator.output import search

    gone, alive = tmp_path / ".pagefind-999999999-x", tmp_path / f".pagefind-{os.getpid()}-y"
    other = tmp_path / ".pagefind-notapid"
    for d in (gone, alive, other):
        (d / "page").mkdir(parents=True)
    search._sweep(tmp_path)
    assert not gone.exists() and alive.exists() and other.exists()
