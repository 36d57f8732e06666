"""Shared helpers: projects are built in tmp_path from {path: text} dicts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Every test keeps its build manifests (output/reuse.py) in a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MINI: dict[str, str] = {
    "content/briefing.yml": (
        "title: Mini briefing\n"
        "as_of: 2024-05-31\n"
        "summary: A small briefing on [[one]] [@src#p2].\n"
    ),
    "content/sources/src.yml": "title: The source\nfile: seeds/src.txt\n",
    "seeds/src.txt": "Heading line\nAlpha said the plan is fair.\n\nBeta said the plan is “not fair”.\n",
    "content/actors/alpha.md": "---\nname: Alpha\nkind: state\n---\n",
    "content/actors/beta.md": "---\nname: Beta\nkind: person\npart_of: alpha\n---\n",
    "content/issues/one.md": (
        "---\n"
        "title: The plan\n"
        "summary: Whether the plan is fair.\n"
        "status: stalled\n"
        "updated: 2024-05-20\n"
        "positions:\n"
        "  - actor: alpha\n"
        "    stance: Fair.\n"
        "    quote: the plan is fair\n"
        "    sources: [src#p2]\n"
        "  - actor: beta\n"
        "    stance: Not fair.\n"
        "    sources: [src#p3]\n"
        "---\n"
    ),
}


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def make_project(root: Path, files: dict[str, str | bytes] | None = None, *,
                 extra: dict[str, str | bytes] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """A briefing project in `root`: the repo's mkdocs.yml plus the given notes."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    tree = dict(MINI if files is None else files)
    tree.update(extra or {})
    for d in drop:
        tree.pop(d, None)
    write_files(root, tree)
    return root


def copy_ours(root: Path) -> Path:
    """Our own briefing (content/, seeds/, mkdocs.yml) copied into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build_in(root: Path) -> Path:
    """`briefing build` run in `root` through the real command line; returns site/."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(cwd)
    return root / "site"


def copy_fixture(name: str, root: Path) -> Path:
    shutil.copytree(FIXTURES / name, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def theme_index(site: Path) -> dict:
    """The theme's full search index (lunr), as the theme reads it from disk: over http(s)
    the fetched search/search_index.json is empty and Pagefind answers instead."""
    import json

    text = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("var __index = "))


def search_text(site: Path) -> str:
    """Every word either search index holds: the theme's, and Pagefind's chunks unpacked."""
    import gzip

    parts = [(site / "search" / "search_index.js").read_text(encoding="utf-8")]
    for f in sorted((site / "pagefind").rglob("*")):
        if f.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):
            parts.append(gzip.decompress(f.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(parts)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="write the golden snapshots again")


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `briefing ARGS` in a folder, in-process; returns a Result."""

    def run(root: Path, *args: str) -> Result:
        monkeypatch.chdir(root)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def chromium():
    """One Debian chromium for every browser test (skips without it, fails in CI)."""
    from browser import browser

    with browser() as b:
        yield b


@pytest.fixture(scope="session")
def ours_built(tmp_path_factory):
    """Our briefing built once for the browser tests: (site folder, corpus). Read-only."""
    from generator import build

    root = copy_ours(tmp_path_factory.mktemp("ours") / "p")
    run = build.build(root)
    assert run.ok(), [p.format() for p in run.problems.sorted()]
    return root / "site", run.corpus


def nest(top: Path, depth: int) -> None:
    """Folders d/d/d/… `depth` deep under `top`: too deep for anything recursive (Path.mkdir,
    os.walk, shutil.rmtree, all recursive in Python 3.11); made one folder at a time."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        step = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = step
    os.close(fd)
