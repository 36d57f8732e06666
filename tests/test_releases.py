"""Releases: `briefing diff` between git revisions, the "since" page, drafts, the export, aliases."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import copy_fixture, copy_ours, make_project, search_text, write_files
from jsonschema import Draft202012Validator

from generator import build

GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_AUTHOR_DATE": "2025-12-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-12-01T00:00:00Z",
           "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env=GIT_ENV, check=True, capture_output=True,
                          text=True).stdout


def commit(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def released(tmp_path):
    """Our briefing in git: v1, then a commit with a status change, a restated position,
    a new claim and a claim status change."""
    root = copy_ours(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    commit(root, "first release", tag="v1")
    c = root / "content"
    edit(c / "issues/settlement-before-ceasefire.md", "status: open", "status: narrowing")
    edit(c / "issues/settlement-before-ceasefire.md",
         "Sees interim security measures as essential to building trust.",
         "Now ties interim measures to where a ceasefire line would run.")
    edit(c / "claims/russia-violates-agreements.md", "status: alleged", "status: disputed")
    write_files(root, {"content/claims/deal-within-reach.md": (
        "---\ntitle: A deal is within reach\nstatement: A deal on [[troop-withdrawal]] is within reach.\n"
        "claimant: trump\nstatus: unverified\nsources: [seed-article#p6]\n---\n")})
    commit(root, "second release")
    return root


EXPECTED = {
    ("issue", "settlement-before-ceasefire", "status", "", "open", "narrowing"),
    ("issue", "settlement-before-ceasefire", "position-restated", "ukraine",
     "Sees interim security measures as essential to building trust.",
     "Now ties interim measures to where a ceasefire line would run."),
    ("claim", "deal-within-reach", "added", "", None, "unverified"),
    ("claim", "russia-violates-agreements", "status", "", "alleged", "disputed"),
}


def _key(ch: dict) -> tuple:
    old, new = ch.get("old"), ch.get("new")
    if isinstance(old, dict):
        old, new = old["stance"], new["stance"]
    return (ch["kind"], ch["id"], ch["change"], ch.get("actor", ""), old, new)


def test_diff_reports_exactly_the_changes_between_two_commits(released, cli):
    res = cli(released, "diff", "v1", "HEAD", "--format", "json")
    assert res.code == 0, res.err
    report = json.loads(res.out)
    assert {_key(c) for c in report["changes"]} == EXPECTED
    assert len(report["changes"]) == len(EXPECTED)
    assert report["old"]["label"].startswith("v1 (")
    # Without NEW, the working tree is compared; it matches HEAD here.
    assert json.loads(cli(released, "diff", "v1", "--format", "json").out)["changes"] == report["changes"]


def test_diff_as_text(released, cli):
    res = cli(released, "diff", "v1")
    assert res.code == 0
    out = res.out
    assert ('settlement-before-ceasefire "A full settlement first, or interim measures first": '
            "status open → narrowing") in out
    assert "position of ukraine restated" in out
    assert "was: Sees interim security measures" in out and "now: Now ties interim measures" in out
    assert '+ deal-within-reach "A deal is within reach": added (status unverified)' in out
    assert "status alleged → disputed" in out
    assert cli(released, "diff", "HEAD", "HEAD").out.rstrip().endswith("no changes")


def test_diff_of_two_folders(tmp_path, cli):
    old = copy_ours(tmp_path / "old")
    new = copy_ours(tmp_path / "new")
    edit(new / "content/issues/guarantee-duration.md", "status: open", "status: agreed")
    res = cli(new, "diff", str(old), ".", "--format", "json")
    assert res.code == 0, res.err
    changes = json.loads(res.out)["changes"]
    assert [(c["id"], c["change"], c["old"], c["new"]) for c in changes] == \
        [("guarantee-duration", "status", "open", "agreed")]


def test_diff_reports_quotes_citations_events_actors_and_responses(tmp_path, cli):
    old = copy_ours(tmp_path / "old")
    new = copy_ours(tmp_path / "new")
    c = new / "content"
    edit(c / "issues/guarantee-duration.md", "quote: Kyiv would prefer guarantees lasting several decades",
         "quote: guarantees lasting several decades")
    edit(c / "issues/guarantee-duration.md", "    sources: [seed-article#p2]\n  - actor: zelenskyy",
         "    sources: [seed-article#p2, seed-article#p3]\n  - actor: zelenskyy")
    write_files(new, {
        "content/actors/kallas.md": "---\nname: Kaja Kallas\nkind: person\n---\n",
        "content/events/new-round.md": ("---\ntitle: A new round of talks\ndate: 2025-12\n"
                                        "actors: [kallas]\nsources: [seed-article#p6]\n---\n")})
    edit(c / "claims/closer-than-ever.md", "sources: [seed-article#p6]\n",
         "sources: [seed-article#p6]\nresponses:\n  - actor: kallas\n    position: questions\n"
         "    summary: Doubts it.\n    sources: [seed-article#p16]\n")
    res = cli(new, "diff", str(old), "--format", "json")
    assert res.code == 0, res.err
    got = {(ch["id"], ch["change"], ch.get("field", ""), ch.get("actor", "")) for ch in json.loads(res.out)["changes"]}
    assert got == {
        ("guarantee-duration", "changed", "positions.quote", "zelenskyy"),
        ("guarantee-duration", "changed", "positions.sources", "united-states"),
        ("kallas", "added", "", ""),
        ("new-round", "added", "", ""),
        ("closer-than-ever", "response-added", "responses", "kallas"),
    }
    text = cli(new, "diff", str(old)).out
    assert "quote of zelenskyy's position changed" in text
    assert "citations of united-states's position changed" in text
    assert '+ new-round "A new round of talks": added' in text


def test_diff_usage_errors(released, cli):
    res = cli(released, "diff", "no-such-tag")
    assert res.code == 2 and "not a commit, branch or tag" in res.err
    res = cli(released, "diff", "--", "--upload-pack=x")  # never passed to git as an option
    assert res.code == 2 and "not a git revision" in res.err
    assert "Traceback" not in res.err


def test_site_has_since_page_from_flag_and_setting(released, cli):
    res = cli(released, "build", "--since", "v1")
    assert res.code == 0, res.err
    site = released / "site"
    since = (site / "since.html").read_text(encoding="utf-8")
    article = since[since.index("<article"):since.index("</article>")]
    assert "status open → narrowing" in article
    assert re.search(r'href="issues/settlement-before-ceasefire.html"', article)
    assert "position of Ukraine restated" in article
    assert "Now ties interim measures to where a ceasefire line would run." in article
    assert 'href="claims/deal-within-reach.html"' in article and "added" in article
    assert "status alleged → disputed" in article
    assert 'href="since.html"' in (site / "index.html").read_text(encoding="utf-8")
    # The same page from `since:` in briefing.yml, with no flag.
    edit(released / "content/briefing.yml", "as_of:", "since: v1\nas_of:")
    assert cli(released, "build").code == 0
    assert "status alleged → disputed" in (site / "since.html").read_text(encoding="utf-8")
    # No since: no page.
    edit(released / "content/briefing.yml", "since: v1\n", "")
    assert cli(released, "build").code == 0
    assert not (site / "since.html").exists()


def test_bad_since(released, cli):
    res = cli(released, "build", "--since", "v9")
    assert res.code == 2 and "--since v9" in res.err
    edit(released / "content/briefing.yml", "as_of:", "since: v9\nas_of:")
    res = cli(released, "generate")
    assert res.code == 1
    assert res.lines[0].startswith('content/briefing.yml:4: since: "v9" is not a commit, branch or tag')


# ---------------------------------------------------------------- drafts

WORD = "Quxolotl"
DRAFTS = {
    "content/issues/secret.md": (
        f"---\ntitle: The {WORD} plan\nsummary: Whether the {WORD} plan holds.\nstatus: open\n"
        f"updated: 2024-05-30\ndraft: true\ntags: [{WORD.lower()}]\nrelated: [one]\n"
        f"positions:\n  - actor: alpha\n    stance: Backs the {WORD} plan.\n    sources: [src#p2]\n"
        f"history:\n  - date: 2024-05-30\n    change: {WORD} raised.\n---\nMore on {WORD}.\n"),
    "content/actors/gamma.md": f"---\nname: {WORD} Gamma\nkind: person\npart_of: alpha\ndraft: true\n---\n",
    "content/events/meeting.md": (
        f"---\ntitle: {WORD} meeting\ndate: 2024-05\nactors: [gamma, alpha]\nissues: [secret]\n"
        "sources: [src#p2]\ndraft: true\n---\n"),
    "content/claims/rumour.md": (
        f"---\nstatement: The {WORD} rumour.\nclaimant: gamma\nstatus: alleged\nsources: [hidden#p1]\n"
        "draft: true\n---\n"),
    "content/sources/hidden.yml": f"title: {WORD} memo\nfile: seeds/hidden.txt\ndraft: true\n",
    "seeds/hidden.txt": f"The {WORD} memo.\n",
    "content/pages/notes.md": f"---\ntitle: {WORD} notes\ndraft: true\n---\n{WORD}.\n",
}


def _files_with(site: Path, word: str) -> list[str]:
    found = []
    for f in sorted(site.rglob("*")):
        if f.is_file():
            data = f.read_bytes()
            if f.suffix == ".gz":
                data = gzip.decompress(data)
            if word.lower().encode() in data.lower():
                found.append(f.relative_to(site).as_posix())
    return found


def test_a_draft_appears_nowhere_in_the_site(tmp_path, cli):
    root = make_project(tmp_path / "p", extra=DRAFTS)
    res = cli(root, "build")
    assert res.code == 0, res.err
    assert "(6 drafts left out)" in res.err
    site = root / "site"
    assert _files_with(site, WORD) == []
    assert _files_with(root / "build" / "docs", WORD) == []
    # the places a leak would show first are there, and hold the published notes
    assert "The plan" in search_text(site)
    assert WORD not in search_text(site)  # Pagefind's chunks are compressed: look inside
    assert set(json.loads((site / "briefing.json").read_text(encoding="utf-8"))["notes"]) == \
        {"alpha", "beta", "one", "src"}
    assert (site / "feed.xml").is_file()
    assert not (site / "issues" / "secret.html").exists()
    assert 'content="noindex' not in (site / "index.html").read_text(encoding="utf-8")


def test_drafts_preview_shows_them_with_a_banner(tmp_path, cli):
    root = make_project(tmp_path / "p", extra=DRAFTS)
    res = cli(root, "build", "--drafts")
    assert res.code == 0, res.err
    site = root / "site"
    page = (site / "issues" / "secret.html").read_text(encoding="utf-8")
    assert 'class="draft-banner"' in page and "not published" in page
    assert 'class="draft-banner"' not in (site / "issues" / "one.html").read_text(encoding="utf-8")
    assert WORD in search_text(site)
    assert '<meta name="robots" content="noindex, nofollow">' in (site / "index.html").read_text(encoding="utf-8")
    # back to a normal build: every trace goes again
    assert cli(root, "build").code == 0
    assert _files_with(site, WORD) == [] and _files_with(root / "build" / "docs", WORD) == []


# ---------------------------------------------------------------- export


def test_export_matches_its_schema_and_the_notes(tmp_path, cli):
    root = copy_ours(tmp_path / "p")
    assert cli(root, "build").code == 0
    run = build.check(root)
    site = root / "site"
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "briefing.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(data)) == []
    assert set(data["notes"]) == set(run.corpus.notes)
    issue = data["notes"]["settlement-before-ceasefire"]
    assert issue["fields"]["status"] == "open" and issue["url"] == "issues/settlement-before-ceasefire.html"
    assert "national-referendum" in issue["links"] and "putin" in issue["links"]
    assert issue["backlinks"] == run.corpus.backlinks["settlement-before-ceasefire"]
    blocks = run.corpus.sources["seed-article"].blocks
    for cite in issue["citations"]:
        n = int(cite["citation"].rsplit("#p", 1)[1].split("-")[0])
        assert cite["text"].startswith(blocks[n - 1])
        assert (site / cite["url"].split("#")[0]).is_file()
    # the schema catches a wrong field
    data["notes"]["settlement-before-ceasefire"]["fields"]["status"] = "won"
    assert list(validator.iter_errors(data))


def test_export_hides_text_the_source_does_not_show(tmp_path, cli):
    root = make_project(tmp_path / "p", extra={
        "content/sources/src.yml": "title: The source\nfile: seeds/src.txt\ndisplay: none\n"})
    assert cli(root, "build").code == 0
    data = json.loads((root / "site" / "briefing.json").read_text(encoding="utf-8"))
    texts = [c["text"] for c in data["notes"]["one"]["citations"]]
    assert texts == [None, None]
    assert b"Alpha said the plan is fair" not in (root / "site" / "briefing.json").read_bytes()


def test_export_of_the_other_briefing_validates(tmp_path, cli):
    root = copy_fixture("other", tmp_path / "other")
    assert cli(root, "build").code == 0
    site = root / "site"
    schema = json.loads((site / "briefing.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["notes"]


# ---------------------------------------------------------------- aliases


def test_renamed_note_keeps_its_old_address(tmp_path, cli):
    root = copy_ours(tmp_path / "p")
    old, new = "buffer-zones", "border-buffer-zones"
    (root / f"content/issues/{old}.md").rename(root / f"content/issues/{new}.md")
    edit(root / f"content/issues/{new}.md", "status:", f"aliases: [{old}]\nstatus:")
    res = cli(root, "check")
    assert res.code == 1 and f'"{old}" was renamed to "{new}"' in res.err
    for f in sorted(f for f in (root / "content").rglob("*") if f.suffix in (".md", ".yml")):
        text = f.read_text(encoding="utf-8")
        f.write_text(re.sub(rf"\b{old}\b", new, text) if f.name != f"{new}.md" else text, encoding="utf-8")
    assert cli(root, "build").code == 0
    site = root / "site"
    page = (site / "issues" / f"{old}.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={new}.html">' in page
    assert f'href="{new}.html"' in page and 'content="noindex"' in page
    assert (site / "issues" / f"{new}.html").is_file()
    assert json.loads((site / "briefing.json").read_text(encoding="utf-8"))["aliases"] == {old: new}


def test_old_address_leads_to_the_note_in_a_browser(tmp_path, cli, chromium):
    root = copy_ours(tmp_path / "p")
    edit(root / "content/actors/putin.md", "name:", "aliases: [vladimir-putin]\nname:")
    assert cli(root, "build").code == 0
    page = chromium.new_page()
    try:
        page.goto((root / "site" / "actors" / "vladimir-putin.html").as_uri())
        page.wait_for_url("**/actors/putin.html", timeout=10_000)
        assert page.locator("h1").first.inner_text().strip().startswith("Vladimir Putin")
    finally:
        page.close()


def _repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    commit(root, "first release", tag="v1")
    return root


def test_diff_in_a_subfolder_of_the_repository(tmp_path, cli):
    mono = tmp_path / "mono"
    sub = copy_ours(mono / "briefings" / "ukraine")
    (mono / "README.md").write_text("Several briefings.\n", encoding="utf-8")
    _repo(mono)
    edit(sub / "content/issues/guarantee-duration.md", "status: open", "status: agreed")
    res = cli(sub, "diff", "v1", "--format", "json")
    assert res.code == 0, res.err
    assert [(c["id"], c["change"]) for c in json.loads(res.out)["changes"]] == [("guarantee-duration", "status")]
    assert cli(sub, "build", "--since", "v1").code == 0
    assert "status open → agreed" in (sub / "site" / "since.html").read_text(encoding="utf-8")


def test_renaming_a_source_is_one_change(tmp_path, cli):
    root = _repo(copy_ours(tmp_path / "p"))
    for f in sorted((root / "content").rglob("*.*")):
        f.write_text(f.read_text(encoding="utf-8").replace("seed-article", "seed-story"), encoding="utf-8")
    (root / "content/sources/seed-article.yml").rename(root / "content/sources/seed-story.yml")
    edit(root / "content/sources/seed-story.yml", "title:", "aliases: [seed-article]\ntitle:")
    res = cli(root, "diff", "v1", "--format", "json")
    assert res.code == 0, res.err
    report = json.loads(res.out)
    changes = [(c["id"], c["change"], c.get("old")) for c in report["changes"]]
    assert changes == [("seed-story", "renamed", "seed-article")]
    assert report["history"] == []


def test_a_note_that_changes_kind_is_removed_and_added(tmp_path, cli):
    root = _repo(copy_ours(tmp_path / "p"))
    (root / "content/pages/about.md").unlink()
    write_files(root, {"content/actors/about-us.md": "---\nname: About Us\nkind: person\naliases: [about]\n---\n"})
    res = cli(root, "diff", "v1", "--format", "json")
    assert res.code == 0, res.err
    assert {(c["kind"], c["id"], c["change"]) for c in json.loads(res.out)["changes"]} == \
        {("page", "about", "removed"), ("actor", "about-us", "added")}


def test_a_revision_with_a_link_out_of_the_tree_is_refused(tmp_path, cli):
    root = copy_ours(tmp_path / "p")
    (root / "seeds" / "link.txt").symlink_to("/etc/hostname")
    _repo(root)
    (root / "seeds" / "link.txt").unlink()
    commit(root, "remove the link")
    res = cli(root, "diff", "v1")
    assert res.code == 2 and "cannot unpack revision" in res.err and "Traceback" not in res.err
