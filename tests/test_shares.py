"""The engine's build shared out between processes (--jobs): the same bytes as one process,
links to anchors validated once over every share with MkDocs' rule, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_fixture, copy_ours

from generator.output import engine, merge, shares


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("briefing", ["ours", "other"])
def test_shares_build_the_same_bytes_as_one_plain_engine_process(tmp_path, cli, monkeypatch, briefing):
    root = copy_ours(tmp_path / "p") if briefing == "ours" else copy_fixture("other", tmp_path / "p")
    with monkeypatch.context() as m:
        m.setattr(engine, "SHARED", ())  # one `mkdocs build`, then the CSP and search passes
        res = cli(root, "build")
    assert res.code == 0, res.err
    one = _tree(root / "site")
    for jobs in ("1", "2", "3"):
        res = cli(root, "build", "--jobs", jobs, "--clean")
        assert res.code == 0, res.err
        assert _tree(root / "site") == one, jobs
    assert not list((root / "build").glob(".site-*"))  # no share folder left behind


@pytest.mark.parametrize("value", ["0", "-1", "two", "65", "１"])
def test_jobs_must_be_a_small_whole_number(project, cli, capsys, value):
    with pytest.raises(SystemExit) as exc:  # argparse's usage error: exit 2
        cli(project, "build", "--jobs", value)
    assert exc.value.code == 2
    assert "argument --jobs: must be a whole number from 1 to 64" in capsys.readouterr().err


def _record(src: str, anchors: list[str], links: list[list[str]], level: int = 30, strict: bool = True) -> dict:
    return {"share": [0, 1], "pages": {src: src.replace(".md", ".html")}, "order": [], "anchors": {src: anchors},
            "links": links, "anchor_level": level, "strict": strict, "nav": "x"}


@pytest.mark.parametrize("records,expected", [
    # a link from one share to an anchor another share's page holds: fine
    ([_record("a.md", ["x"], [["a.md", "b.md", "y", "b.md#y"]]), _record("b.md", ["y"], [])], []),
    # ... and one it does not hold: MkDocs' message
    ([_record("a.md", ["x"], [["a.md", "b.md", "z", "b.md#z"]]), _record("b.md", ["y"], [])],
     ["Doc file 'a.md' contains a link 'b.md#z', but the doc 'b.md' does not contain an anchor '#z'."]),
    # a page's link to its own missing anchor
    ([_record("a.md", ["x"], [["a.md", "a.md", "nope", "#nope"]])],
     ["Doc file 'a.md' contains a link '#nope', but there is no such anchor on this page."]),
])
def test_anchors_are_validated_over_every_share(records, expected):
    assert merge._anchor_problems(records) == expected


def test_merge_joins_shares_and_fails_on_a_file_written_twice(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    parts = []
    for i in range(2):
        part = tmp_path / f"s{i}"
        (part / "issues").mkdir(parents=True)
        (part / "issues" / f"p{i}.html").write_text(f"page {i}")
        (part / shares.RECORD).write_text(json.dumps(_record(f"p{i}.md", [], [], strict=True)))
        parts.append(part)
    assert merge.merge([merge.read_record(p) for p in parts], parts, out) == ([], False)
    assert sorted(p.name for p in (out / "issues").iterdir()) == ["p0.html", "p1.html"]
    for i in range(2):
        part = tmp_path / f"t{i}"
        part.mkdir()
        (part / "index.html").write_text("x")
        (part / shares.RECORD).write_text(json.dumps(_record("index.md", [], [])))
        parts[i] = part
    with pytest.raises(merge.MergeError, match="two shares wrote index.html"):
        merge.merge([merge.read_record(p) for p in parts], parts, tmp_path / "out2")
