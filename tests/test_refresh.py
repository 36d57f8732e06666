"""A source that changed: checked block by block (fingerprints recorded with its checksum),
and refreshed from a new version (`briefing import --refresh`): citations of blocks that moved
are renumbered in place, those of changed blocks are left for review, named with file:line."""

from __future__ import annotations

import pytest
from conftest import make_project

NEW = "A new first line\nHeading line\nAlpha said the plan is fair.\nBeta said the plan is unfair.\n"


@pytest.fixture
def project(tmp_path, cli):
    root = make_project(tmp_path / "p")
    assert cli(root, "sources", "--update", "src").code == 0  # checksum and fingerprints recorded
    assert "fingerprints: " in (root / "content/sources/src.yml").read_text()
    assert cli(root, "check").code == 0
    return root


def _line(root, rel: str, text: str) -> int:
    return next(i for i, line in enumerate((root / rel).read_text().splitlines(), 1) if text in line)


def test_a_seed_edited_by_hand_names_the_blocks_that_changed_and_the_citations_into_them(project, cli):
    (project / "seeds/src.txt").write_text(NEW)  # as a fresh clone with the edit committed sees it
    res = cli(project, "check")
    assert res.code == 1
    issue = "content/issues/one.md"
    changed = 'the text of "src" changed since its citations were reviewed'
    p2, p3 = _line(project, issue, "src#p2"), _line(project, issue, "src#p3")
    assert f"{issue}:{p2}: positions[0].sources[0]: src#p2: {changed}: p2 moved to p3; check this" in res.err
    assert f"{issue}:{p3}: positions[1].sources[0]: src#p3: {changed}: p3 changed;" in res.err
    assert "content/briefing.yml:3: summary: src#p2: the text" in res.err
    assert "sha256: seeds/src.txt has changed since its citations were reviewed" in res.err
    assert "p1 moved to p2, p2 moved to p3, p3 changed (each citation into them is named)" in res.err


def test_a_refresh_renumbers_what_moved_and_leaves_what_changed_for_review(project, cli):
    (project / "v2.txt").write_text(NEW)
    issue = project / "content/issues/one.md"
    before = issue.read_text()
    res = cli(project, "import", "v2.txt", "--id", "src", "--refresh", "--dry-run")
    assert res.code == 0, res.err
    assert res.out.splitlines()[:4] == ["p1 → p2: moved", "p2 → p3: moved", "p3 → p4: changed", "new p1: added"]
    assert "content/issues/one.md: would renumber 2 citations" in res.out
    assert "content/issues/one.md: src#p4: left for review" in res.out
    assert issue.read_text() == before and (project / "seeds/src.txt").read_text().startswith("Heading line")

    res = cli(project, "import", "v2.txt", "--id", "src", "--refresh")
    assert res.code == 0, res.err
    assert (project / "seeds/src.txt").read_text() == NEW
    # Every other character of the note is kept; only the citation numbers moved.
    assert issue.read_text() == before.replace("src#p3", "src#p4").replace("src#p2", "src#p3")
    assert "[@src#p3]" in (project / "content/briefing.yml").read_text()
    res = cli(project, "check")
    assert res.code == 1
    lines = [line for line in res.err.splitlines() if "changed since its citations were reviewed" in line]
    assert lines == [f"content/issues/one.md:{_line(project, 'content/issues/one.md', 'src#p4')}: "
                     "positions[1].sources[0]: src#p4: the text "
                     "of \"src\" changed since its citations were reviewed: p4 changed; check this citation (and its "
                     "quote) against the text now, correct it, then run `briefing sources --update src`"]
    assert cli(project, "sources", "--update", "src").code == 0  # reviewed
    assert cli(project, "check").code == 0


def test_a_refresh_of_an_unknown_source_or_a_dry_run_alone_is_refused(project, cli):
    (project / "v2.txt").write_text(NEW)
    res = cli(project, "import", "v2.txt", "--id", "nope", "--refresh")
    assert res.code == 2 and 'no source "nope" to refresh' in res.err
    assert cli(project, "import", "v2.txt", "--id", "src", "--dry-run").code == 2
