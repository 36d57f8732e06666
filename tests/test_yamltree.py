"""The YAML reader: lines kept, scalars left as typed, unsafe constructs refused early."""

from __future__ import annotations

import time

import pytest

from generator.loading import yamltree


def test_lines_are_file_lines():
    tree = yamltree.parse("a: 1\nb:\n  - x\n  - y\n", first_line=2)
    assert yamltree.locate(tree, ("a",)) == (2, 1)
    assert yamltree.locate(tree, ("b", 1)) == (5, 5)


@pytest.mark.parametrize("text,value", [
    ("t: NO", "NO"), ("t: yes", "yes"), ("t: 1.10", "1.10"), ("t: 012", "012"),
    ("t: 2024-05-01", "2024-05-01"), ("t: '007'", "007"), ("t: ~", None), ("t:", None), ("t: 'null'", "null"),
])
def test_scalars_stay_as_typed(text, value):
    assert yamltree.to_plain(yamltree.parse(text)) == {"t": value}


def test_block_scalar_keeps_newlines():
    tree = yamltree.parse("t: |\n  one\n  two\n")
    node = yamltree.find(tree, ("t",))
    assert isinstance(node, yamltree.Scalar) and node.block and node.value == "one\ntwo\n"


def test_alias_bomb_fails_at_once():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 30):
        lines.append(f"{chr(97 + i % 26)}{i}: &{chr(97 + i % 26)}{i} [*a,*a,*a,*a,*a,*a,*a,*a,*a]")
    started = time.perf_counter()
    with pytest.raises(yamltree.YamlError) as exc:
        yamltree.parse("\n".join(lines))
    assert time.perf_counter() - started < 1.0
    assert exc.value.line == 1 and "anchor" in exc.value.message


def test_merge_key_refused():
    with pytest.raises(yamltree.YamlError, match="merge key"):
        yamltree.parse("<<: {a: 1}\nb: 2\n")


def test_complex_key_refused():
    with pytest.raises(yamltree.YamlError, match="field name must be plain text"):
        yamltree.parse("? [a, b]\n: 1\n")


def test_second_document_refused():
    with pytest.raises(yamltree.YamlError, match="more than one YAML document"):
        yamltree.parse("a: 1\n---\nb: 2\n")


def test_deep_nesting_refused():
    with pytest.raises(yamltree.YamlError, match="nested more than 32 levels deep"):
        yamltree.parse("a: " + "[" * 40 + "]" * 40)
    with pytest.raises(yamltree.YamlError, match="nesting depth"):
        yamltree.parse("a: " + "[" * 5000 + "]" * 5000)
