"""Publishing: the CI workflow is valid and safe, built sites have no broken link (also under a
sub-path), previews are not indexed, the 404 page helps, and an accidental shrink is refused."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_fixture, copy_ours, make_project

from generator import build
from generator.tools import linkcheck, shrink

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_workflows_match_githubs_schema():
    assert WORKFLOWS
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    proc = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "json",
                           str(REPO / ".github" / "workflows")], capture_output=True, text=True)
    findings = json.loads(proc.stdout or "[]")
    assert findings == [], json.dumps(findings, indent=1)[:3000]


def _example_workflow(tmp_path: Path) -> Path:
    """The matrix workflow docs/deploy.md shows, as a file."""
    text = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = text.split("## Builds on several machines", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "shards.yml").write_text(block, encoding="utf-8")
    return folder / "shards.yml"


def test_the_sharded_workflow_of_the_docs_is_valid_and_safe(tmp_path):
    path = _example_workflow(tmp_path)
    wf = yaml.safe_load(path.read_text())
    assert wf["jobs"]["merge"]["needs"] == "shard" and "briefing merge" in path.read_text()
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "json",
                           str(path.parent)], capture_output=True, text=True)
    assert json.loads(proc.stdout or "[]") == [], proc.stdout[:3000]


def test_workflow_shape():
    wf = yaml.safe_load(WORKFLOWS[0].read_text())
    assert wf["permissions"] == {}
    on = wf.get("on") or wf.get(True)
    assert "pull_request" in on and "pull_request_target" not in on
    assert wf["concurrency"]["cancel-in-progress"] is True
    for job in wf["jobs"].values():
        for step in job["steps"]:
            uses = step.get("uses")
            if uses:
                ref = uses.split("@", 1)[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), uses
            if uses and uses.startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pull_request" in deploy["if"]
    assert wf["jobs"]["test"]["permissions"] == {"contents": "read"}


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    root = copy_fixture("other", tmp_path_factory.mktemp("sub") / "p")
    assert build.build(root, build.Options(site_url="https://example.org/briefing/")).ok()
    return root / "site"


def test_link_check_finds_nothing_broken_in_our_built_site(tmp_path):
    root = tmp_path / "p"
    copy_ours(root)
    assert build.build(root).ok()
    problems, checked = linkcheck.broken(root / "site")
    assert problems == []
    assert checked > 100


def test_link_check_reports_a_broken_anchor_and_a_missing_page(subpath_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(subpath_site, site)
    page = site / "issues" / "sequencing.html"
    html = page.read_text().replace("../sources/minsk-summary.html#p3", "../sources/minsk-summary.html#p77", 1)
    page.write_text(html.replace("../actors/kyiv.html", "../actors/nowhere.html", 1))
    problems, _ = linkcheck.broken(site)
    assert "issues/sequencing.html: ../sources/minsk-summary.html#p77: anchor not found" in problems
    assert any("../actors/nowhere.html: 404" in p for p in problems)


def test_a_site_built_for_a_sub_path_works_under_it(subpath_site):
    problems, checked = linkcheck.broken(subpath_site, prefix="briefing/")
    assert problems == [] and checked > 50
    assert '<link rel="canonical" href="https://example.org/briefing/issues/sequencing.html">' in \
        (subpath_site / "issues" / "sequencing.html").read_text()


def test_404_page_helps(subpath_site):
    html = (subpath_site / "404.html").read_text()
    assert "Page not found" in html
    assert 'href="/briefing/index.html"' in html and "search box" in html


def test_previews_are_not_indexed(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p")
    monkeypatch.setenv("BRIEFING_NOINDEX", "1")
    assert build.build(root).ok()
    assert '<meta name="robots" content="noindex, nofollow">' in (root / "site" / "index.html").read_text()
    monkeypatch.delenv("BRIEFING_NOINDEX")
    assert build.build(root).ok()
    assert "noindex" not in (root / "site" / "index.html").read_text()


def _sitemap(n: int) -> str:
    urls = "".join(f"<url><loc>https://example.org/b/p{i}.html</loc></url>" for i in range(n))
    return f'<?xml version="1.0"?><urlset>{urls}<url><loc>https://example.org/b/</loc></url></urlset>'


@pytest.mark.parametrize("live,new,message,ok", [
    (100, 95, "", True),
    (100, 79, "", False),
    (100, 79, "Drop old notes [allow-shrink]", True),
    (100, 81, "", True),
])
def test_shrink_guard(tmp_path, live, new, message, ok):
    (tmp_path / "live").mkdir()
    (tmp_path / "live" / "sitemap.xml").write_text(_sitemap(live))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitemap.xml").write_text(_sitemap(new))
    passed, text = shrink.check(tmp_path / "site", str(tmp_path / "live"), message)
    assert passed is ok, text
    if not ok:
        assert "refusing to deploy" in text and "[allow-shrink]" in text


def test_shrink_guard_lets_a_first_deploy_through(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitemap.xml").write_text(_sitemap(3))
    assert shrink.check(tmp_path / "site", str(tmp_path / "nothing-here"))[0]
    assert shrink.main([str(tmp_path / "site"), ""]) == 0


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
