"""Builds beyond one machine: `briefing build --shard I/N --out DIR` builds one share,
`briefing merge DIR…` joins them into the site a one-machine build makes; shard folders are
untrusted input (they come back as CI artifacts) and a wrong set of them is refused."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_ours, nest

from generator.output import write

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


def _altered(base: Path, name: str, change, source: str = "shard2") -> Path:
    target = base / name
    write.remove_tree(target)
    shutil.copytree(base / source, target, symlinks=True)
    change(target)
    return target


def _relabel(target: Path, **fields) -> None:
    record = json.loads((target / "share.json").read_text())
    record.update(fields)
    (target / "share.json").write_text(json.dumps(record))


def _page(target: Path, nested: bool = False) -> Path:
    """One of the shard's own pages (in a subfolder, if `nested`)."""
    record = json.loads((target / "share.json").read_text())
    pages = sorted(Path(src).with_suffix(".html") for src in record["pages"])
    return target / next(p for p in pages if (len(p.parts) > 1) == nested)


def _edit_page(target: Path, change) -> None:
    page = _page(target)
    page.write_text(change(page.read_text()))


def _swap_for(target: Path, make) -> None:
    page = _page(target)
    page.unlink()
    make(page)


def _search_entry(target: Path, **fields) -> None:
    record = json.loads((target / "share.json").read_text())
    record["search"]["docs"][0].update(fields)
    text = json.dumps(record)
    for raw in ("NaN", "1e400"):  # numbers JSON text can hold that json.dumps would not write
        text = text.replace(f'"boost": "{raw}"', f'"boost": {raw}')
    (target / "share.json").write_text(text)


@pytest.mark.parametrize("change,code,message", [
    (lambda t: _relabel(t, inputs={"key": "0" * 64, "docs": "1" * 64}), 2, "built from other notes"),
    (lambda t: _relabel(t, share=[1, 4]), 2, "is not one of 3 shards"),
    (lambda t: (t / "share.json").write_text("[1, 2"), 1, "not a record of a share"),
    (lambda t: _relabel(t, pages="all"), 1, "not a record of a share"),
    (lambda t: _relabel(t, unknown_script=5), 1, "not a record of a share"),
    (lambda t: _search_entry(t, boost="NaN"), 1, "not a record of a share"),
    (lambda t: _search_entry(t, boost="high"), 1, "not a record of a share"),
    (lambda t: _search_entry(t, boost=10 ** 400), 1, "not a record of a share"),
    (lambda t: _search_entry(t, boost="1e400"), 1, "not a record of a share"),  # infinity, once read
    # A page read as a script in another encoding (a UTF-16 polyglot), and the NUL bytes it needs.
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<script src="about.html" charset="utf-16be">'
                                                 "</script></article>")), 1, "a file that is not one"),
    (lambda t: _edit_page(t, lambda h: h.replace("<html ", '<html ab="\0/\0*" ', 1)), 1, "a control character"),
    (lambda t: _relabel(t, pages={"index.md": "index.html"}), 1, "its pages are not those of share 2/3"),
    (lambda t: _swap_for(t, lambda p: p.symlink_to("/etc/passwd")), 1, "missing, or a link"),
    (lambda t: _swap_for(t, os.mkfifo), 1, "not a regular file"),
    (lambda t: _swap_for(t, lambda p: os.link(t.parent / "secret.txt", p)), 1, "a hard link to a file elsewhere"),
    (lambda t: (lambda d: (shutil.rmtree(d), d.symlink_to(t.parent)))(_page(t, nested=True).parent), 1,
     "is missing, or a link, not a folder"),
    (lambda t: _page(t).write_bytes(_page(t).read_bytes() + b"\xff"), 1, "is not UTF-8 text"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", "<script>fetch('//evil')</script></article>")), 1,
     "an inline script that neither the theme nor briefing wrote"),
    (lambda t: _edit_page(t, lambda h: h.replace("<!doctype html>", "<!doctype html><script src=x.js></script>")),
     1, "does not begin as the engine's pages do"),
    (lambda t: _edit_page(t, lambda h: "<!-- <head> -->" + h), 1, "does not begin as the engine's pages do"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<script src="/\\evil.example/x.js"></script>'
                                                 "</article>")), 1, "a script loaded from another host"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<script src="x.js" src="//evil.example/x.js"></script>'
                                                 '<script src="https&#x3a;//evil.example/x.js"></script></article>')),
     1, "a script loaded from another host: https://evil.example"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<a title="x"onclick="y">z</a></article>')), 1,
     "an event-handler attribute"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<img src=x/ b=""onerror=y></article>')), 1,
     "an event-handler attribute"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<meta http-equiv="refresh" '
                                                 'content="0; url=https://evil.example"></article>')), 1,
     "a <meta http-equiv> tag"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<meta name="x>" http-equiv="refresh" '
                                                 'content="0; url=https://evil.example/r"></article>')), 1,
     "a <meta http-equiv> tag"),
    # The theme's redirect page's script, with another host where it names the address.
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<script>window.location.replace(["https://evil.'
                                                 'example/phish",window.location.search,window.location.hash]'
                                                 '.join(""))</script></article>')), 1,
     "an inline script that neither the theme nor briefing wrote"),
    (lambda t: _search_entry(t, title='x <meta http-equiv="refresh" content="0; url=https://evil.example">'), 1,
     "not a record of a share"),
    (lambda t: _edit_page(t, lambda h: re.sub(r'(<script id="__config" type="application/json">).*?(</script>)',
                                              lambda m: m.group(1) + "[" * 100000 + "]" * 100000 + m.group(2),
                                              h, count=1, flags=re.S)), 1,
     "neither the theme nor briefing wrote"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<a title="' + "<script src=x " * 8000
                                                 + '"></a></article>')), 1, "more than 1000 <script tags"),
    (lambda t: _edit_page(t, lambda h: h.replace("</article>", '<a title="<script src=x ' + "y" * 20000
                                                 + '"></a></article>')), 1, "a tag longer than 16 KB"),
])
def test_a_hostile_shard_folder_is_refused(shards, change, code, message):
    base, _ = shards
    (base / "secret.txt").write_text("private")
    root = _merger(base, "hostile")
    bad = _altered(base, "bad", change)
    res = _run(root, "merge", str(base / "shard1"), str(bad), str(base / "shard3"))
    assert res.returncode == code and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr
    assert not (root / "site").exists()
    assert not list((root / "build").glob(".site-*"))


@pytest.mark.parametrize("payload", [
    '<a ona="' * 1000,  # a handler scan that re-read the tags before each hit took minutes
    "<title>x</title>" + '<div class="md-search" role="dialog" ' * 5000 + "aria-label>",
])
def test_a_page_made_to_be_slow_to_check_is_read_in_one_pass(shards, payload):
    """Such pages took 7 and 75 minutes (cubic time); read in one pass they take a moment.
    The subprocess's timeout below is the limit: far above the seconds it takes, far below
    the hours it took."""
    base, _ = shards
    root = _merger(base, "slow")
    where = "</title>" if payload.startswith("<title>") else "</body>"
    bad = _altered(base, "slow-shard", lambda t: _edit_page(t, lambda h: h.replace(where, payload[16:] + where
                                                                                   if where == "</title>"
                                                                                   else payload + where, 1)))
    res = subprocess.run([*BRIEFING, "merge", str(base / "shard1"), str(bad), str(base / "shard3")], cwd=root,
                         env=_env(), capture_output=True, text=True, timeout=120)
    assert res.returncode in (0, 1) and "Traceback" not in res.stderr, res.stderr


def _bundle(t: Path) -> None:
    for f in t.glob("assets/javascripts/bundle.*.min.js"):
        f.write_text(f.read_text() + ";document.documentElement.dataset.pwned=1")


@pytest.mark.parametrize("source,change", [
    ("shard1", _bundle),  # the first share holds the theme's files
    ("shard1", lambda t: (t / "sitemap.xml").write_text("<x:script xmlns:x='http://www.w3.org/1999/xhtml'>1</x:script>")),
    ("shard2", lambda t: (t / "evil.js").write_text("alert(1)")),
    ("shard2", lambda t: (t / "pic.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>")),
    ("shard2", lambda t: (t / "page.htm").write_text("<script>alert(1)</script>")),
    ("shard2", lambda t: (t / "PAGE.HTML").write_text("<script>alert(1)</script>")),
    ("shard2", lambda t: (t / "passwd.html").symlink_to("/etc/passwd")),
    ("shard2", lambda t: os.mkfifo(t / "fifo.html")),
    ("shard2", lambda t: (t / "index.html").write_text("another share's page")),
    ("shard2", lambda t: (t / "zz").mkdir()),
    ("shard2", lambda t: nest(t, 1200)),
])
def test_nothing_but_its_own_pages_is_taken_from_a_shard(shards, source, change):
    """Every other file of the site is made by the merge itself, from this checkout and the
    installed theme: what else a shard folder holds never reaches site/."""
    base, one = shards
    root = _merger(base, "extras")
    bad = _altered(base, "extra", change, source)
    given = [bad if f"shard{i}" == source else base / f"shard{i}" for i in (1, 2, 3)]
    try:
        res = _run(root, "merge", *map(str, given))
        assert res.returncode == 0, res.stderr
        assert _tree(root / "site") == one
    finally:  # pytest's own clean-up of old temporary folders recurses
        write.remove_tree(bad)


@pytest.mark.parametrize("share", [[1, 10 ** 12], [-1, 3], [5, 3]])
def test_a_shard_claiming_an_impossible_place_is_refused_at_once(shards, share):
    """Alone, so its count is the build's: a trillion shares is refused, not counted."""
    base, _ = shards
    root = _merger(base, "impossible")
    bad = _altered(base, "impossible-shard", lambda t: _relabel(t, share=share))
    res = _run(root, "merge", str(bad))
    assert res.returncode == 2 and "not a folder `briefing build --shard` wrote" in res.stderr, res.stderr


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
