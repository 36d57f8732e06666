"""The one routine that rewrites ids and citations in notes, keeping every other character."""

from __future__ import annotations

import pytest
from conftest import make_project

from generator import build
from generator.editing import rewrite
from generator.kinds.registry import KINDS
from generator.values import Citation

ISSUE = KINDS["issues"].model

RENAME = rewrite.Plan(ids={"alpha": "gamma", "src": "doc"})


def moved(c: Citation) -> Citation | None:
    """Blocks 2 and 3 of src became 3 and 4."""
    table = {2: 3, 3: 4}
    if c.source != "src" or c.start not in table or c.end not in table:
        return None
    return Citation(c.source, table[c.start], table[c.end])


CASES = [
    ("an id field, a citation list and body links",
     "---\n# who\ntitle: T\nsummary: S.\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: alpha   # the state\n    stance: 'X.'\n    sources: [src#p2, \"src#p3-p4\"]\n---\n"
     "See [[alpha]] and [[alpha|them]], not `[[alpha]]`, and [@src#p2].\n",
     "---\n# who\ntitle: T\nsummary: S.\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: gamma   # the state\n    stance: 'X.'\n    sources: [doc#p2, \"doc#p3-p4\"]\n---\n"
     "See [[gamma]] and [[gamma|them]], not `[[alpha]]`, and [@doc#p2].\n", RENAME, 6),
    ("Markdown fields, block and quoted",
     "---\ntitle: T\nsummary: |\n  On [[alpha]]\n  and [@src#p3].\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: beta\n    stance: \"Unlike [[alpha]].\"\n    sources: [src#p2]\n---\n",
     "---\ntitle: T\nsummary: |\n  On [[gamma]]\n  and [@doc#p3].\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: beta\n    stance: \"Unlike [[gamma]].\"\n    sources: [doc#p2]\n---\n", RENAME, 4),
    ("citations whose blocks moved",
     "---\ntitle: T\nsummary: As [@src#p2-p3] says.\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: beta\n    stance: X.\n    sources:\n      - src#p2\n      - src#p1\n---\n",
     "---\ntitle: T\nsummary: As [@src#p3-p4] says.\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: beta\n    stance: X.\n    sources:\n      - src#p3\n      - src#p1\n---\n",
     rewrite.Plan(cite=moved), 2),
    ("nothing to do leaves the text alone",
     "---\ntitle: T\nsummary: S.\nstatus: open\nupdated: 2024-05-20\npositions:\n"
     "  - actor: beta\n    stance: X.\n    sources: [other#p2]\n---\nNo links.\n", None, RENAME, 0),
]


@pytest.mark.parametrize("name,before,after,plan,count", CASES, ids=[c[0] for c in CASES])
def test_rewrite(name, before, after, plan, count):
    result = rewrite.rewrite(before, ISSUE, plan)
    assert result.text == (after if after is not None else before)
    assert result.edits == count
    assert result.skipped == []


def test_a_link_whose_label_is_wrapped_over_lines_is_rewritten_in_place():
    text = ("---\ntitle: T\nsummary: On [[alpha|the\n  state]] now.\nstatus: open\nupdated: 2024-05-20\n"
            "positions:\n  - actor: beta\n    stance: X.\n    sources: [src#p2]\n---\n"
            "And [[alpha|the\nstate]] in the body.\n")
    result = rewrite.rewrite(text, ISSUE, RENAME)
    assert result.skipped == []
    assert result.text == text.replace("[[alpha|", "[[gamma|").replace("[src#p2]", "[doc#p2]")


def test_a_token_split_where_the_value_and_the_text_disagree_is_left_for_review():
    """An escaped line break in a double-quoted scalar: the value has no break where the text has one."""
    text = ('---\ntitle: T\nsummary: "On [[alpha|the \\\n  state]] now."\nstatus: open\nupdated: 2024-05-20\n'
            "positions:\n  - actor: beta\n    stance: X.\n    sources: [src#p2]\n---\n")
    result = rewrite.rewrite(text, ISSUE, RENAME)
    assert result.skipped == ["summary"]
    assert "[[alpha|the" in result.text and "[doc#p2]" in result.text


def test_a_file_keeps_its_byte_order_mark_and_line_ends(tmp_path):
    root = make_project(tmp_path / "p")
    note = root / "content" / "issues" / "one.md"
    text = note.read_text(encoding="utf-8")
    note.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    result = rewrite.rewrite_file(root, "content/issues/one.md", rewrite.Plan(ids={"alpha": "gamma"}))
    assert result.edits == 1
    assert note.read_bytes() == ("\ufeff" + text.replace("actor: alpha", "actor: gamma").replace("\n", "\r\n")).encode()


def test_renaming_every_note_of_a_briefing_keeps_it_valid(tmp_path):
    """Rename an actor and the source throughout (and the files), and the briefing checks."""
    root = make_project(tmp_path / "p")
    plan = rewrite.Plan(ids={"alpha": "gamma", "src": "doc"})
    for rel in rewrite.note_files(root):
        rewrite.rewrite_file(root, rel, plan)
    (root / "content/actors/alpha.md").rename(root / "content/actors/gamma.md")
    (root / "content/sources/src.yml").rename(root / "content/sources/doc.yml")
    run = build.check(root)
    assert run.ok(), [p.format() for p in run.problems.sorted()]
    assert "[@doc#p2]" in (root / "content/briefing.yml").read_text(encoding="utf-8")
