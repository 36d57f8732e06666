"""The hostile-input suite: nothing in a repository, a note or an option may delete, execute,
inject or hang (cases in hostile_cases.py, pathological inputs in hostile_inputs.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
import time
from pathlib import Path

import pytest
from conftest import copy_ours, make_project
from hostile_cases import CASES, Case
from hostile_inputs import BODIES, NOTES, folder_of, issue

_ANNOTATION_RE = re.compile(r"^::(error|warning) file=[^\n]*$")


def _digest(top: Path) -> dict[str, str]:
    out = {}
    if not top.exists():
        return out
    for path in sorted(top.rglob("*")):
        if path.is_symlink():
            out[path.relative_to(top).as_posix()] = "link:" + str(path.readlink())
        elif path.is_file():
            out[path.relative_to(top).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


class _Timeout(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Timeout()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(tmp_path, cli, monkeypatch, case: Case):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("keep me")
    root = make_project(tmp_path / "p", extra=case.files)
    if case.setup:
        case.setup(root)
    before = {name: _digest(root / name) for name in ("content", "seeds")}
    before_outside = _digest(outside)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(120)  # nothing may hang
    try:
        res = cli(root, *case.args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    printed = res.out + res.err
    assert res.code == case.code, printed
    problems = [line for line in res.lines if not line.startswith(("briefing ", "coverage:", "::"))]
    if case.lines is not None:
        assert problems == case.lines, printed
    for text in case.contains:
        assert text in printed, printed
    assert "Traceback" not in printed
    # Nothing an editor typed acts on a terminal or a CI log.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", printed), repr(printed)
    for line in printed.splitlines():
        assert not line.lstrip().startswith("::") or _ANNOTATION_RE.match(line), line
    # Nothing was deleted, written through a link or run.
    if not case.edits:
        assert {name: _digest(root / name) for name in ("content", "seeds")} == before
    assert _digest(outside) == before_outside
    assert not (tmp_path / "PWNED").exists()
    if case.check:
        case.check(root, printed)


def test_the_suite_covers_every_class():
    kinds = {c.kind for c in CASES}
    assert {"repository", "text", "terminal", "markdown", "browser", "options"} <= kinds
    assert len(CASES) >= 40


# ---------------------------------------------------------------- the policy: known scripts only

@pytest.fixture(scope="module")
def built_page(tmp_path_factory):
    from generator import build

    root = make_project(tmp_path_factory.mktemp("csp") / "p")
    assert build.build(root).ok()
    return root / "site"


def test_an_injected_inline_script_fails_the_build(built_page):
    from generator.output import csp

    html = (built_page / "issues" / "one.html").read_text(encoding="utf-8")
    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert csp.add_policy(bare)  # the page as built passes
    for injected in ("<script>alert(1)</script>", "<SCRIPT>alert(1)</SCRIPT >", '<script type="module">x()</script>',
                     '<script type="text/ecmascript">x()</script>', "<script src=https://evil.example/x.js></script>",
                     '<img src=x onerror="alert(1)">', '<script type="application/json" id="other">{}</script>',
                     '<svg><script>alert(1)</script></svg>'):
        with pytest.raises(csp.UnknownScript):
            csp.add_policy(bare.replace("</article>", injected + "</article>"), page="issues/one.html")


def test_the_policy_allows_only_the_known_scripts_on_the_page(built_page):
    from generator.output import csp

    known = csp.known_scripts("mkdocs")
    for page in sorted(built_page.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
        allowed = set(re.findall(r"'sha256-[^']+'", policy))
        bodies = [m.group(1) for m in re.finditer(r"<script>(.*?)</script>", html, re.S)]
        hashes = {csp._sha(b) for b in bodies}
        assert hashes <= allowed, page
        for body in bodies:
            assert any(k.data is None and k.pattern.fullmatch(body) for k in known), body[:80]
        assert len(allowed - hashes) <= 1, page  # and at most the search shim's frame script besides


def test_the_known_list_names_every_script():
    from generator.output import csp

    names = [k.name for k in csp.known_scripts("mkdocs")]
    assert "material:partials/javascripts/base.html#1" in names
    assert len(names) == len(set(names))


def test_our_briefing_builds_under_the_known_list(tmp_path):
    from generator import build

    root = copy_ours(tmp_path / "ours")
    assert build.build(root).ok()


# ---------------------------------------------------------------- time: linear in the input

def _generate_seconds(root: Path, rel: str, text: str) -> float:
    from generator import build
    from generator.text import markup

    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    best = float("inf")
    for _ in range(3):
        markup.parse.cache_clear()
        t = time.perf_counter()
        build.generate(root)
        best = min(best, time.perf_counter() - t)
    return best


FAMILIES = [("body", name) for name in BODIES] + [("note", name) for name in NOTES]


@pytest.mark.parametrize("family", FAMILIES, ids=[f"{k}: {n}" for k, n in FAMILIES])
def test_doubling_a_pathological_note_about_doubles_the_time(tmp_path, family):
    """Not a timed test: the ratio of two sizes, measured in one run. A quadratic renderer
    gives 4; noise on a loaded machine is retried."""
    kind, name = family
    root = make_project(tmp_path / "p")

    def text(size: int) -> tuple[str, str]:
        if kind == "body":
            return "content/pages/h.md", "---\ntitle: P\n---\n" + BODIES[name](size) + "\n"
        note = NOTES[name](size)
        return f"content/{folder_of(note)}/h.md", note

    ratios = []
    for _ in range(3):
        small = _generate_seconds(root, *text(40_000))
        large = _generate_seconds(root, *text(80_000))
        ratios.append(large / small)
        if ratios[-1] <= LINEAR_RATIO:
            break
    assert min(ratios) <= LINEAR_RATIO, ratios


LINEAR_RATIO = 2.9
"""Twice the text must take at most this many times as long: linear work takes 2, quadratic
4; the bound sits near their geometric mean (2.83), since under a loaded CI run a linear
step measured 2.63 at best of three (machine noise, see bench/)."""
LINEAR_TRIES = 5


def test_a_huge_seed_of_quotation_marks_is_linear_too(tmp_path):
    """Quotation marks paired over a whole source (for `wording: direct`) and the closest
    passage looked for in a long block (for a quote not found) take time linear in the text."""
    root = make_project(tmp_path / "p")
    positions = ("positions:\n  - actor: alpha\n    stance: X.\n    quote: the end\n    wording: direct\n"
                 "    sources: [marks#p1]\n  - actor: beta\n    stance: Y.\n    quote: the ends of it all\n"
                 "    sources: [marks#p1]\n")
    ratios = []
    for _ in range(LINEAR_TRIES):
        times = []
        for size in (200_000, 400_000):
            unit = "“a ‘b’ «c» „d“ 'e' \"f\" Kyiv’s ‚g‘ "
            (root / "seeds" / "marks.txt").write_text(unit * (size // len(unit)) + "“the end”\n", encoding="utf-8")
            (root / "content" / "sources" / "marks.yml").write_text("title: M\nfile: seeds/marks.txt\n",
                                                                    encoding="utf-8")
            note = "---\ntitle: T\nsummary: S.\nstatus: stalled\nupdated: 2024-05-20\n" + positions + "---\n"
            times.append(_generate_seconds(root, "content/issues/two.md", note))
        ratios.append(times[1] / times[0])
        if ratios[-1] <= LINEAR_RATIO:
            break
    assert min(ratios) <= LINEAR_RATIO, ratios


def test_a_huge_markdown_seed_is_linear_too(tmp_path):
    root = make_project(tmp_path / "p")
    ratios = []
    for _ in range(LINEAR_TRIES):
        times = []
        for size in (200_000, 400_000):
            shutil.rmtree(root / "build", ignore_errors=True)
            (root / "seeds" / "big.md").write_text("[" * size + "\n\n" + "*_" * size + "\n", encoding="utf-8")
            (root / "content" / "sources" / "big.yml").write_text("title: Big\nfile: seeds/big.md\n",
                                                                  encoding="utf-8")
            times.append(_generate_seconds(root, "content/issues/two.md", issue()))
        ratios.append(times[1] / times[0])
        if ratios[-1] <= LINEAR_RATIO:
            break
    assert min(ratios) <= LINEAR_RATIO, ratios
