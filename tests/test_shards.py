"""Builds beyond one machine: `briefing build --shard I/N --out DIR` builds one share,
`briefing merge DIR…` joins them into the site a one-machine build makes; shard folders are
untrusted input (they come back as CI artifacts) and a wrong set of them is refused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_ours

BRIEFING = [sys.executable, "-P", "-m", "generator"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent), **extra}


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = env or _env()
    return subprocess.run([*BRIEFING, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """Three shards, each built by its own process in its own copy of the briefing (as on
    three CI runners), and the site one machine builds from the same notes."""
    base = tmp_path_factory.mktemp("shards")
    env = _env(XDG_CACHE_HOME=str(base / "cache"))
    one = copy_ours(base / "one")
    assert _run(one, "build", "--clean", env=env).returncode == 0
    procs = []
    for i in range(1, 4):
        runner = copy_ours(base / f"runner{i}")
        procs.append(subprocess.Popen([*BRIEFING, "build", "--shard", f"{i}/3", "--out", str(base / f"shard{i}")],
                                      cwd=runner, stderr=subprocess.PIPE, text=True, env=env))
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read() if p.stderr else ""
    return base, _tree(one / "site")


def _merger(base: Path, name: str) -> Path:
    root = base / name
    if not root.exists():
        copy_ours(root)
    return root


def test_shards_built_apart_merge_into_the_one_machine_site(shards):
    base, one = shards
    root = _merger(base, "merger")
    res = _run(root, "merge", str(base / "shard3"), str(base / "shard1"), str(base / "shard2"))
    assert res.returncode == 0, res.stderr
    assert "3 shards joined into site/" in res.stderr
    assert _tree(root / "site") == one
    assert (base / "shard1" / "share.json").is_file()  # the shard folders are kept


def test_each_shard_holds_only_its_share_and_a_record_of_its_inputs(shards):
    base, one = shards
    pages = [set(p for p in _tree(base / f"shard{i}") if p.endswith(".html")) for i in range(1, 4)]
    assert not (pages[0] & pages[1]) and not (pages[1] & pages[2])
    assert set().union(*pages) == {p for p in one if p.endswith(".html")}
    record = json.loads((base / "shard2" / "share.json").read_text())
    assert record["share"] == [1, 3] and set(record["inputs"]) == {"key", "docs"}


@pytest.mark.parametrize("given,message", [
    (["shard1", "shard2"], "missing 3/3"),
    (["shard1", "shard2", "shard2", "shard3"], "given twice 2/3"),
    (["shard1", "shard2", "nothing"], "no share.json"),
])
def test_a_wrong_set_of_shards_is_refused_and_site_is_left_alone(shards, given, message):
    base, _ = shards
    root = _merger(base, "refused")
    (base / "nothing").mkdir(exist_ok=True)
    (root / "site").mkdir(exist_ok=True)
    (root / "site" / "index.html").write_text("the previous site")
    res = _run(root, "merge", *(str(base / g) for g in given))
    assert res.returncode in (1, 2) and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert (root / "site" / "index.html").read_text() == "the previous site"


def _altered(base: Path, name: str, change) -> Path:
    target = base / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base / "shard2", target, symlinks=True)
    change(target)
    return target


def _relabel(target: Path, **fields) -> None:
    record = json.loads((target / "share.json").read_text())
    record.update(fields)
    (target / "share.json").write_text(json.dumps(record))


@pytest.mark.parametrize("change,code,message", [
    (lambda t: _relabel(t, inputs={"key": "0" * 64, "docs": "1" * 64}), 2, "built from other notes"),
    (lambda t: _relabel(t, share=[1, 4]), 2, "is not one of 3 shards"),
    (lambda t: (t / "share.json").write_text("[1, 2"), 1, "not a record of a share"),
    (lambda t: _relabel(t, pages="all"), 1, "not a record of a share"),
    (lambda t: (t / "passwd.html").symlink_to("/etc/passwd"), 1, "passwd.html is not a regular file"),
    (lambda t: (t / "up").symlink_to(t.parent), 1, "up is a link"),
    (lambda t: os.mkfifo(t / "fifo.html"), 1, "fifo.html is not a regular file"),
    (lambda t: (t / "index.html").write_text("overlap"), 1, "two shares wrote index.html"),
    (lambda t: os.link(t.parent / "secret.txt", t / "secret.txt"), 1, "secret.txt is a hard link to a file elsewhere"),
    (lambda t: _inject(t), 1, "an inline script that neither the theme nor briefing wrote"),
])
def test_a_hostile_shard_folder_is_refused(shards, change, code, message):
    base, _ = shards
    (base / "secret.txt").write_text("private")
    root = _merger(base, "hostile")
    bad = _altered(base, "bad", change)
    res = _run(root, "merge", str(base / "shard1"), str(bad), str(base / "shard3"))
    assert res.returncode == code and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert not (root / "site").exists()
    assert not list((root / "build").glob(".site-*"))


@pytest.mark.parametrize("share", [[1, 10 ** 12], [-1, 3], [5, 3]])
def test_a_shard_claiming_an_impossible_place_is_refused_at_once(shards, share):
    """Alone, so its count is the build's: a trillion shares is refused, not counted."""
    base, _ = shards
    root = _merger(base, "impossible")
    bad = _altered(base, "impossible-shard", lambda t: _relabel(t, share=share))
    res = _run(root, "merge", str(bad))
    assert res.returncode == 2 and "not a folder `briefing build --shard` wrote" in res.stderr, res.stderr


def _inject(target: Path) -> None:
    page = next(p for p in sorted(target.rglob("*.html")))
    page.write_text(page.read_text().replace("</article>", "<script>fetch('//evil')</script></article>"))


@pytest.mark.parametrize("args,message", [
    (["--shard", "1/2"], "--shard I/N and --out DIR go together"),
    (["--out", "x"], "--shard I/N and --out DIR go together"),
    (["--shard", "1/2", "--out", "content/x"], "it is inside content/"),
    (["--shard", "1/2", "--out", "site"], "it is inside site/"),
    (["--shard", "1/2", "--out", "."], "it holds the project"),
    (["--shard", "1/2", "--out", "x", "--engine", "zensical"], "it takes neither --engine nor --jobs"),
    (["--shard", "0/2", "--out", "x"], "1 ≤ I ≤ N"),
    (["--shard", "3/2", "--out", "x"], "1 ≤ I ≤ N"),
    (["--shard", "a/b", "--out", "x"], "1 ≤ I ≤ N"),
])
def test_shard_options_are_checked_before_any_work(tmp_path, args, message):
    root = copy_ours(tmp_path / "p")
    res = _run(root, "build", *args)
    assert res.returncode == 2 and message in res.stderr, res.stderr
    assert not (root / "build" / "docs").exists()


def test_a_shard_folder_that_holds_files_is_not_written_over(tmp_path):
    root = copy_ours(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    res = _run(root, "build", "--shard", "1/2", "--out", str(out))
    assert res.returncode == 2 and "does not exist yet, or an empty one" in res.stderr, res.stderr
    assert not (root / "build" / "docs").exists()
    assert (out / "keep.txt").read_text() == "mine" and len(list(out.iterdir())) == 1
