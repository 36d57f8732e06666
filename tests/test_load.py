"""Reading files: encodings, line endings, symlinks, stray files."""

from __future__ import annotations

import os

from conftest import make_project


def test_bom_and_crlf_are_accepted(tmp_path, cli):
    note = "\ufeff---\r\nname: Gamma\r\nkind: state\r\ntags: [NO]\r\n---\r\nBody with [[alpha]].\r\n"
    root = make_project(tmp_path / "p", extra={"content/actors/gamma.md": note.encode("utf-8")})
    res = cli(root, "check")
    assert res.code == 0, res.err


def test_crlf_keeps_line_numbers(tmp_path, cli):
    note = "---\r\nname: Gamma\r\nkind: stat\r\n---\r\n"
    root = make_project(tmp_path / "p", extra={"content/actors/gamma.md": note.encode("utf-8")})
    res = cli(root, "check")
    assert res.lines[0].startswith("content/actors/gamma.md:3: kind:")


def test_symlinked_note_is_refused(tmp_path, cli):
    root = make_project(tmp_path / "p")
    outside = tmp_path / "outside.md"
    outside.write_text("---\nname: X\nkind: state\n---\n")
    os.symlink(outside, root / "content" / "actors" / "x.md")
    res = cli(root, "check")
    assert res.code == 1
    assert "content/actors/x.md:1: symbolic link refused: a note may not pull in files from elsewhere" in res.lines


def test_symlinked_seed_folder_is_refused(tmp_path, cli):
    root = make_project(tmp_path / "p")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "seeds" / "more")
    res = cli(root, "check")
    assert "seeds/more:1: symbolic link refused: a note may not pull in files from elsewhere" in res.lines


def test_readme_hidden_and_underscore_files_are_skipped(tmp_path, cli):
    root = make_project(tmp_path / "p", extra={
        "content/README.md": "# notes\n", "content/issues/README.md": "x", "content/.draft.md": "x",
        "content/_scratch/anything.txt": "x",
    })
    assert cli(root, "check").code == 0


def test_oversized_note_is_refused(tmp_path, cli):
    big = "---\nname: Big\nkind: state\n---\n" + ("word " * 60000)
    root = make_project(tmp_path / "p", extra={"content/actors/big.md": big})
    res = cli(root, "check")
    assert res.code == 1
    assert res.lines[0].startswith("content/actors/big.md:1: file is 300,0")
    assert "the limit is 131,072 bytes" in res.lines[0]


def test_all_problems_are_reported_in_one_run(tmp_path, cli):
    root = make_project(tmp_path / "p", extra={
        "content/actors/g1.md": "---\nname: G\nkind: stat\n---\n",
        "content/actors/g2.md": "---\nname: G\nkind: state\nrole: [x]\n---\n",
        "content/issues/bad.markdown": "",
    })
    res = cli(root, "check")
    problems = [line for line in res.lines if not line.startswith("briefing")]
    assert [p.split(":")[0] for p in problems] == [
        "content/actors/g1.md", "content/actors/g2.md", "content/issues/bad.markdown"]
    assert res.lines[-1] == "briefing check: 3 errors"


def test_serve_cache_reparses_only_changed_notes_and_never_hides_a_problem(tmp_path):
    """`briefing serve` keeps the notes it read; an unchanged file is not parsed again, a
    changed one is, and a note with a problem is reported on every run, not remembered."""
    from generator.loading import load
    from generator.problems import Problems

    root = make_project(tmp_path / "p", extra={"content/actors/gamma.md": "---\nname: Gamma\nkind: state\n---\n"})
    cache = load.Cache()
    first = {n.path: n for n in load.load(root, Problems(), cache).notes}
    assert "content/actors/gamma.md" in cache.notes
    again = {n.path: n for n in load.load(root, Problems(), cache).notes}
    assert all(again[p] is first[p] for p in first)  # taken from the cache

    gamma = root / "content" / "actors" / "gamma.md"
    gamma.write_text("---\nname: Gamma two\nkind: state\n---\n")
    changed = {n.path: n for n in load.load(root, Problems(), cache).notes}
    assert changed["content/actors/gamma.md"] is not first["content/actors/gamma.md"]
    assert changed["content/actors/gamma.md"].tree.get("name")[1].value == "Gamma two"

    gamma.write_text("---\nname: [unclosed\n---\n")
    for _ in range(2):
        problems = Problems()
        load.load(root, problems, cache)
        assert [p.path for p in problems.items] == ["content/actors/gamma.md"]
        assert "content/actors/gamma.md" not in cache.notes

    gamma.write_text("---\nname: Gamma\nkind: state\n---\n")
    load.load(root, Problems(), cache)
    assert "content/actors/gamma.md" in cache.notes
    gamma.unlink()
    gone = {n.path for n in load.load(root, Problems(), cache).notes}
    assert "content/actors/gamma.md" not in gone
    assert "content/actors/gamma.md" not in cache.notes  # forgotten, not kept for ever
