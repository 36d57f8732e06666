"""The editor's workflow: new, schema, serve (with live reload), pre-commit."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, make_project

from generator.kinds.schema import schemas

# --- briefing new -------------------------------------------------------------------------

@pytest.mark.parametrize("kind,path", [
    ("issue", "content/issues/new-one.md"), ("actor", "content/actors/new-one.md"),
    ("event", "content/events/new-one.md"), ("claim", "content/claims/new-one.md"),
    ("source", "content/sources/new-one.yml"), ("page", "content/pages/new-one.md"),
])
def test_new_writes_every_required_field_and_check_names_the_placeholders(project, cli, kind, path):
    res = cli(project, "new", kind, "new-one", "--title", "A new one")
    assert res.code == 0, res.err
    text = (project / path).read_text()
    assert "A new one" in text
    if kind == "issue":  # the review date is never after the briefing's as_of
        assert "updated: 2024-05-31" in text
    res = cli(project, "check")
    assert res.code == 1
    left = [line for line in res.lines if "still to fill" in line]
    assert left and all(line.startswith(path + ":") for line in left)
    # Filling the placeholders in makes the note valid: every required field was there.
    filled = (text.replace('"FILL IN: what is disputed, in a sentence or two"', "Disputed.")
              .replace("FILL IN actor id", "alpha").replace('"FILL IN: what this actor wants"', "Wants it.")
              .replace('"FILL IN: source-id#p1"', "src#p2").replace('"FILL IN: YYYY-MM-DD"', "2024-05-01")
              .replace('"FILL IN: person, state, organisation, legislature or public"', "person")
              .replace('"FILL IN: seeds/file.txt"', "seeds/src.txt")
              .replace("FILL IN: the page's text, in Markdown.", "Text."))
    (project / path).write_text(filled)
    res = cli(project, "check")
    assert res.code == 0, res.err


@pytest.mark.parametrize("args,message", [
    (["new", "issue", "one"], 'id "one" exists already: content/issues/one.md'),
    (["new", "actor", "one"], 'id "one" exists already: content/issues/one.md'),
    (["new", "issue", "Bad_Id"], '"Bad_Id" is not a valid id'),
    (["new", "issue", "aux"], '"aux" is not a valid id: this name is reserved for a device on Windows'),
    (["new", "widget", "x"], 'unknown kind "widget"'),
])
def test_new_refuses_existing_and_invalid_ids(project, cli, args, message):
    res = cli(project, *args)
    assert res.code == 2
    assert message in res.err


# --- briefing schema ----------------------------------------------------------------------

def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1] if path.suffix == ".md" else text) or {}

    def plain(v):
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v
    return plain(data)


def test_schema_command_writes_one_schema_per_kind(project, cli, tmp_path):
    res = cli(project, "schema", "schemas")
    assert res.code == 0
    names = sorted(p.name for p in (project / "schemas").iterdir())
    assert names == ["actor.schema.json", "briefing.schema.json", "claim.schema.json", "event.schema.json",
                     "issue.schema.json", "page.schema.json", "source.schema.json"]
    for name in names:
        jsonschema.Draft202012Validator.check_schema(json.loads((project / "schemas" / name).read_text()))
    assert cli(project, "schema", "content/schemas").code == 2


def test_every_note_of_ours_passes_its_schema():
    all_schemas = schemas()
    kind_of = {"issues": "issue", "actors": "actor", "events": "event", "claims": "claim", "sources": "source",
               "pages": "page"}
    checked = 0
    for folder, kind in kind_of.items():
        validator = jsonschema.Draft202012Validator(all_schemas[f"{kind}.schema.json"])
        for path in sorted((REPO / "content" / folder).glob("*.*")):
            errors = [e.message for e in validator.iter_errors(_front(path))]
            assert errors == [], path
            checked += 1
    briefing = jsonschema.Draft202012Validator(all_schemas["briefing.schema.json"])
    assert list(briefing.iter_errors(_front(REPO / "content" / "briefing.yml"))) == []
    assert checked >= 30


@pytest.mark.parametrize("kind,data,bad", [
    ("issue", {"title": "T", "summary": "S", "status": "opne", "updated": "2024-01-01",
               "positions": [{"actor": "a", "stance": "s", "sources": ["src#p1"]}]}, "status"),
    ("issue", {"title": "T", "summary": "S", "status": "open", "updated": "2024-01-01", "positions": []},
     "positions"),
    ("issue", {"title": "T", "summary": "S", "status": "open", "updated": "2024-01-01",
               "positions": [{"actor": "a", "stance": "s", "wording": "verbatim", "sources": ["src#p1"]}]},
     "wording"),
    ("actor", {"name": "N", "kind": "state", "colour": "red"}, "colour"),
    ("event", {"title": "T", "date": "2024-01", "date_basis": "guess", "sources": ["src#p1"]}, "date_basis"),
    ("event", {"title": "T", "date": "2024-1", "sources": ["src#p1"]}, "date"),
    ("claim", {"statement": "S", "claimant": "a", "status": "alleged", "sources": ["src-p1"]}, "sources"),
])
def test_schemas_refuse_what_the_checker_refuses(kind, data, bad):
    validator = jsonschema.Draft202012Validator(schemas()[f"{kind}.schema.json"])
    errors = list(validator.iter_errors(data))
    assert errors, data
    assert any(bad in (".".join(map(str, e.absolute_path)) + e.message) for e in errors)


def test_an_unclear_issue_may_have_no_positions_in_the_schema_too():
    validator = jsonschema.Draft202012Validator(schemas()["issue.schema.json"])
    data = {"title": "T", "summary": "S", "status": "unclear", "updated": "2024-01-01", "positions": []}
    assert list(validator.iter_errors(data)) == []


# --- briefing serve -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


@pytest.fixture
def server(tmp_path):
    root = make_project(tmp_path / "p")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
                            cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: _get(base + "issues/one.html"), 60), Path(log.name).read_text()
        yield root, base, Path(log.name)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_serve_regenerates_on_edit_and_keeps_the_last_good_preview(server):
    root, base, log = server
    assert "The plan" in _get(base + "issues/one.html")
    note = root / "content" / "issues" / "one.md"
    note.write_text(note.read_text().replace("title: The plan", "title: The revised plan"))
    assert _wait_for(lambda: "The revised plan" in (_get(base + "issues/one.html") or ""), 30)
    # A broken edit: the problem is printed, the last good page stays.
    note.write_text(note.read_text().replace("status: stalled", "status: opne"))
    assert _wait_for(lambda: 'status: "opne" is not one of' in log.read_text(), 30), log.read_text()
    time.sleep(1.5)
    assert "The revised plan" in _get(base + "issues/one.html")
    # Sources and mkdocs.yml are watched too.
    seed = root / "seeds" / "src.txt"
    note.write_text(note.read_text().replace("status: opne", "status: stalled"))
    seed.write_text(seed.read_text().replace("Heading line", "Heading line, revised"))
    assert _wait_for(lambda: "Heading line, revised" in (_get(base + "sources/src.html") or ""), 30)


def test_serve_binds_to_loopback_by_default(tmp_path):
    from generator.cli import _parser

    args = _parser().parse_args(["serve"])
    assert args.addr.startswith("127.0.0.1:")


def test_browser_reloads_by_itself_after_an_edit(server, chromium):
    root, base, _ = server
    page = chromium.new_page()
    page.goto(base + "issues/one.html")
    assert "The plan" in page.locator("h1").inner_text()
    note = root / "content" / "issues" / "one.md"
    note.write_text(note.read_text().replace("title: The plan", "title: Reloaded plan"))
    page.wait_for_function("document.querySelector('h1').innerText.includes('Reloaded plan')", timeout=30_000)
    page.close()


# --- pre-commit ---------------------------------------------------------------------------

def test_pre_commit_hook_definition_runs_briefing_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "briefing-check")
    assert hook["entry"].split()[:2] == ["briefing", "check"]
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/issues/x.md") and re.search(hook["files"], "seeds/a.txt")
    assert not re.search(hook["files"], "generator/cli.py")



def test_serve_survives_build_being_deleted(server):
    root, base, log = server
    shutil.rmtree(root / "build")
    assert _wait_for(lambda: "build/ was removed" in log.read_text(), 30), log.read_text()
    assert _wait_for(lambda: _get(base + "issues/one.html"), 60), log.read_text()
    note = root / "content" / "issues" / "one.md"
    note.write_text(note.read_text().replace("title: The plan", "title: The plan after the purge"))
    assert _wait_for(lambda: "The plan after the purge" in (_get(base + "issues/one.html") or ""), 60), log.read_text()
