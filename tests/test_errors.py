"""Every golden error case: exact messages, exact lines, exit code 1."""

from __future__ import annotations

import pytest
from conftest import make_project
from error_cases import CASES


@pytest.mark.parametrize("name,extra,drop,expected", CASES, ids=[c[0] for c in CASES])
def test_error_case(tmp_path, cli, name, extra, drop, expected):
    root = make_project(tmp_path / "p", extra=extra, drop=drop)
    res = cli(root, "check")
    problems = [line for line in res.lines if not line.startswith(("briefing check:", "coverage:"))]
    if expected is None:
        assert res.code == 1 and problems
        return
    assert problems == expected
    has_error = any(": warning: " not in e for e in expected)
    assert res.code == (1 if has_error else 0)
    assert "Traceback" not in res.err
