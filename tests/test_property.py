"""Property: structurally mutated notes never crash the generator.

Each example takes the valid mini briefing, mutates one note (drops a field, adds an
unknown one, changes a value's type or text, points a reference elsewhere, shifts a
citation) and runs check, then render when check passes. The generator must report
problems, never raise. At least half of the examples must stay valid enough for their
note to reach the linking stage, so the mutations exercise more than the schema.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from conftest import MINI, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build
from generator.rendering import pages as render

NOTES = [p for p in MINI if p.endswith(".md") and p.startswith("content/")]
IDS = ["alpha", "beta", "one", "src", "nope", "Alpha", ""]
CITES = ["src#p1", "src#p2-p3", "src#p9", "src#p3-p1", "alpha#p1", "src", "src#p0"]

odd_values = st.one_of(
    st.text(max_size=20), st.integers(-5, 5), st.booleans(), st.none(),
    st.lists(st.text(max_size=6), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.sampled_from(IDS), st.sampled_from(CITES), st.just("2024-02-30"), st.just("NO"), st.just("[[beta]]"),
)


def split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def paths_in(data, here=()):
    yield here
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths_in(v, here + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths_in(v, here + (i,))


def get(data, path):
    for step in path:
        data = data[step]
    return data


def _is_ref(path) -> bool:
    if not path:
        return False
    return path[-1] in ("actor", "part_of") or (len(path) >= 2 and path[-2] in ("related", "depends_on"))


def _is_cite(path) -> bool:
    return len(path) >= 2 and path[-2] == "sources"


@st.composite
def mutation(draw):
    note = draw(st.sampled_from(NOTES))
    data, body = split(MINI[note])
    data = copy.deepcopy(data)
    all_paths = [p for p in paths_in(data) if p]
    # Weighted towards mutations that keep the schema, so most examples reach the linking stage.
    op = draw(st.sampled_from(["drop", "set", "unknown", "ref", "ref", "cite", "cite", "dup", "body", "body"]))
    candidates = {"ref": [p for p in all_paths if _is_ref(p)], "cite": [p for p in all_paths if _is_cite(p)],
                  "dup": [p for p in all_paths if isinstance(get(data, p[:-1]), list)]}.get(op, all_paths)
    if not candidates:
        op, candidates = "body", all_paths
    path = draw(st.sampled_from(candidates))
    parent = get(data, path[:-1])
    if op == "drop":
        parent.pop(path[-1])
    elif op == "set":
        parent[path[-1]] = draw(odd_values)
    elif op == "unknown" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["colour", "sourcez", "titel", "x"]))] = draw(odd_values)
    elif op == "ref":
        parent[path[-1]] = draw(st.sampled_from(IDS))
    elif op == "cite":
        parent[path[-1]] = draw(st.sampled_from(CITES))
    elif op == "dup":
        parent.append(copy.deepcopy(parent[path[-1]]))
    elif op == "body":
        body += draw(st.sampled_from(["[[nope]]", "[[beta|B]]", "[@src#p2]", "[@src#p7]", "<b>x</b>",
                                      "[x](javascript:1)", "`[[code]]`", "# H\n\ntext", "[[", "[@]"]))
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return note, "---\n" + front + "---\n" + body


def test_mutated_notes_never_crash(tmp_path):
    root = make_project(tmp_path / "p")
    reached = []

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutation())
    def run(case):
        note, text = case
        path = root / note
        try:
            path.write_text(text, encoding="utf-8")
            result = build.check(root)  # must not raise
            note_id = Path(note).stem
            reached.append(result.corpus is not None and note_id in result.corpus.notes)
            if result.ok() and result.corpus is not None:
                render.render(result.corpus)  # a corpus that passed check must render
        finally:
            path.write_text(MINI[note], encoding="utf-8")

    run()
    print(f"reached linking: {sum(reached)} of {len(reached)}")
    assert len(reached) >= 100
    assert sum(reached) / len(reached) >= 0.5, f"{sum(reached)} of {len(reached)} reached linking"
