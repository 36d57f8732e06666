"""The command line: exit codes and output shapes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import make_project


def test_check_ok(project, cli):
    res = cli(project, "check")
    assert res.code == 0
    assert res.lines[-1].startswith("briefing check: 4 notes, 0 warnings")


def test_usage_error_exits_2(project, cli):
    with pytest.raises(SystemExit) as exc:
        cli(project, "frobnicate")
    assert exc.value.code == 2


def test_no_content_folder_is_a_usage_error(tmp_path, cli):
    res = cli(tmp_path, "check")
    assert res.code == 2
    assert res.lines == ["briefing: no content/ folder here: run briefing in a briefing's root folder"]


def test_internal_error_exits_3_without_traceback(project, cli, monkeypatch):
    from generator.rendering import pages as render

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(render, "render", boom)
    res = cli(project, "generate")
    assert res.code == 3
    assert res.lines == ["briefing: internal error: RuntimeError: kaboom"]


def test_strict_turns_warnings_into_errors(tmp_path, cli):
    stale = "---\nname: X\nkind: state\n---\n"
    root = make_project(tmp_path / "p", extra={"content/actors/x.md": stale})
    one = root / "content" / "issues" / "one.md"
    one.write_text(one.read_text().replace("updated: 2024-05-20", "updated: 2023-01-01"))
    res = cli(root, "check")
    assert res.code == 0 and ": warning: issue is stale" in res.err
    res = cli(root, "check", "--strict")
    assert res.code == 1 and ": warning:" not in res.err
    assert "content/issues/one.md:5: issue is stale" in res.err


def test_github_annotations(project, cli, monkeypatch):
    (project / "content" / "actors" / "alpha.md").write_text("---\nname: Alpha\nkind: sate\n---\n")
    monkeypatch.chdir(project)
    res = cli(project, "check", "--format", "github")
    assert any(line.startswith("::error file=content/actors/alpha.md,line=3::kind: ") for line in res.lines)


def test_console_script_runs(project):
    proc = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_sources_update_records_checksum_after_a_change(project, cli):
    seed = project / "seeds" / "src.txt"
    res = cli(project, "sources", "--update")  # which? never every source by default
    assert res.code == 2 and "name the sources (briefing sources --update ID…), or give --all" in res.err
    assert "sha256" not in (project / "content/sources/src.yml").read_text()
    assert cli(project, "sources", "--all").code == 2  # --all only with --update
    res = cli(project, "sources", "--update", "--all")
    assert res.code == 0 and "content/sources/src.yml: recorded sha256:" in res.out
    assert cli(project, "check").code == 0
    seed.write_text(seed.read_text().replace("Heading line", "Heading line, edited"))
    res = cli(project, "check")
    assert res.code == 1
    assert "content/sources/src.yml:3: sha256: seeds/src.txt has changed since its citations were reviewed" in res.err
    res = cli(project, "sources")
    assert "checksum differs" in res.out
    assert cli(project, "sources", "--update", "src").code == 0
    assert cli(project, "check").code == 0
    assert cli(project, "sources", "--update", "nope").code == 2


def test_progress_names_every_stage_of_a_build(project, monkeypatch):
    """Each stage is named as it starts; while the engine runs, the pages it has written are
    counted, so a long build never looks hung."""
    from generator import build
    from generator.output import engine

    monkeypatch.setattr(engine, "WATCH_EVERY", 0.05)
    seen, counts = [], []

    def progress(stage, detail=""):
        if not detail:
            seen.append(stage)
            return
        assert stage == "engine"
        secs, pages = detail.removesuffix(" pages written").split(" s, ")
        assert float(secs) >= 0
        written, total = pages.split(" of ")
        counts.append((int(written.replace(",", "")), int(total.replace(",", ""))))

    run = build.build(project, progress=progress)
    assert run.ok()
    assert seen == ["load", "validate", "link", "render", "write", "engine"]
    assert counts, "no page count while the engine ran"
    assert [c[0] for c in counts] == sorted(c[0] for c in counts)
    assert {c[1] for c in counts} == {run.pages + 1}
    assert all(0 <= w <= t for w, t in counts)


def test_progress_stays_out_of_logs(project):
    proc = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0
    assert "\r" not in proc.stderr and "\033" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("briefing build: 4 notes")


def test_no_page_counting_without_a_terminal(project, monkeypatch):
    """Without progress (logs, --quiet), no thread counts the engine's pages."""
    from generator import build
    from generator.output import engine

    watched = []
    real = engine.build_site
    monkeypatch.setattr(engine, "build_site", lambda *a, **k: watched.append(k.get("watch")) or real(*a, **k))
    assert build.build(project).ok()
    assert watched == [None]
