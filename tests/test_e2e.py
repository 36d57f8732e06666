"""End to end: real MkDocs builds of small briefings; assertions on the HTML."""

from __future__ import annotations

import json
import re

import pytest
from conftest import build_in, copy_fixture, make_project, search_text, theme_index
from sitecheck import broken_links, external_refs, parse


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):

    root = make_project(tmp_path_factory.mktemp("mini") / "p")
    return build_in(root)


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):

    root = copy_fixture("other", tmp_path_factory.mktemp("other") / "p")
    return build_in(root)


def test_every_note_has_a_page(mini_site):
    for page in ["index.html", "issues.html", "actors.html", "claims.html", "timeline.html", "sources.html",
                 "issues/one.html", "actors/alpha.html", "actors/beta.html", "sources/src.html"]:
        assert (mini_site / page).is_file(), page


def test_no_broken_links_or_anchors(mini_site, other_site):
    assert broken_links(mini_site) == []
    assert broken_links(other_site) == []


def test_no_outside_assets(mini_site, other_site):
    assert external_refs(mini_site) == []
    assert external_refs(other_site) == []


def test_source_page_has_numbered_block_anchors(mini_site):
    page = parse(mini_site / "sources" / "src.html")
    assert {"p1", "p2", "p3"} <= page.ids
    assert "p4" not in page.ids
    html = (mini_site / "sources" / "src.html").read_text()
    # The block cited by the issue lists it under the block.
    block2 = html[html.index('id="p2"'):html.index('id="p3"')]
    assert "../issues/one.html#position-alpha" in block2


def test_issue_page_links_citations_to_block_anchors(mini_site):
    page = parse(mini_site / "issues" / "one.html")
    assert "../sources/src.html#p2" in page.links
    assert "../sources/src.html#p3" in page.links
    assert "../actors/alpha.html" in page.links
    assert {"position-alpha", "position-beta"} <= page.ids


def test_search_index_holds_notes_and_quotes(mini_site):
    index = theme_index(mini_site)
    locations = {d["location"] for d in index["docs"]}
    assert "issues/one.html" in locations
    text = " ".join(d["text"] for d in index["docs"])
    assert "the plan is fair" in text
    assert "the plan is fair" in search_text(mini_site).lower()  # and in Pagefind's


def test_other_briefing_partial_dates_ranges_and_diacritics(other_site):
    html = (other_site / "issues" / "sequencing.html").read_text()
    assert 'datetime="2015-02"' in html
    assert "¶3–4" in html
    assert "../sources/minsk-summary.html#p3" in html
    assert "the sequencing dispute" in (other_site / "pages" / "method.html").read_text()
    actor = (other_site / "actors" / "hollande.html").read_text()
    assert "François Hollande" in actor
    src = (other_site / "sources" / "minsk-summary.html").read_text()
    # The fenced block is one block: five blocks after the heading, six in all.
    assert re.findall(r'id="p(\d+)"', src) == ["1", "2", "3", "4", "5", "6"]
    assert "“package of measures”" in src


def test_site_name_and_language_come_from_the_briefing(other_site):
    html = (other_site / "index.html").read_text()
    assert "<title>The Minsk package: sequencing and verification</title>" in html
    assert '<html lang="en"' in html


def test_ids_that_look_like_generated_pages_still_build(tmp_path, cli):
    names = ["search", "assets", "404", "sitemap", "issues", "timeline"]
    extra = {f"content/actors/{n}.md": f"---\nname: Actor {n}\nkind: organisation\n---\n" for n in names}
    extra["content/pages/index.md"] = "---\ntitle: A page called index\n---\nLinks to [[search]].\n"
    root = make_project(tmp_path / "p", extra=extra)
    res = cli(root, "build")
    assert res.code == 0, res.err
    site = root / "site"
    for n in names:
        assert f"Actor {n}" in (site / "actors" / f"{n}.html").read_text()
    assert "A page called index" in (site / "pages" / "index.html").read_text()
    assert "Mini briefing" in (site / "index.html").read_text()
    assert (site / "search" / "search_index.json").is_file()
    assert broken_links(site) == []


@pytest.mark.parametrize("display", ["cited", "none"])
def test_display_modes(tmp_path, cli, display):
    root = make_project(tmp_path / "p", extra={
        "content/sources/src.yml": f"title: The source\nfile: seeds/src.txt\ndisplay: {display}\n"
                                   "licence: All rights reserved\nurl: https://example.org/original\n"})
    res = cli(root, "build")
    assert res.code == 0, res.err
    site = root / "site"
    page = parse(site / "sources" / "src.html")
    html = (site / "sources" / "src.html").read_text()
    assert "All rights reserved" in html and "https://example.org/original" in page.links
    if display == "cited":
        assert {"p2", "p3"} <= page.ids and "p1" not in page.ids
        assert "Heading line" not in html
    else:
        assert not {"p1", "p2", "p3"} & page.ids
        assert "Alpha said the plan is fair" not in html
        assert "../sources/src.html" in parse(site / "issues" / "one.html").links
    assert broken_links(site) == []


@pytest.mark.parametrize("language,theme,search", [("de", "de", ["de"]), ("uk", "uk", ["en"]),
                                                   ("pt-BR", "pt-BR", ["pt"]), ("en", "en", ["en"])])
def test_search_follows_the_briefing_language(tmp_path, cli, language, theme, search):
    root = make_project(tmp_path / "p")
    cfg = root / "content" / "briefing.yml"
    cfg.write_text(cfg.read_text() + f"language: {language}\n")
    assert cli(root, "build").code == 0
    index = json.loads((root / "site" / "search" / "search_index.json").read_text())
    assert index["config"]["lang"] == search
    generated = json.loads((root / "build" / "mkdocs.generated.yml").read_text().split("\n", 1)[1])
    assert generated["theme"]["language"] == theme


def test_many_free_pages_get_a_listing_instead_of_sidebar_entries(tmp_path, cli):
    extra = {f"content/pages/p{i}.md": f"---\ntitle: Free page {i}\n---\nText {i}.\n" for i in range(8)}
    root = make_project(tmp_path / "p", extra=extra)
    assert cli(root, "build").code == 0
    listing = parse(root / "site" / "pages.html")
    assert all(f"pages/p{i}.html" in listing.links for i in range(8))
    event_nav = (root / "site" / "issues" / "one.html").read_text()
    assert "Free page 3" not in event_nav and "More pages" in event_nav
