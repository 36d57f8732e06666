"""The cross-linked views, checked against the built HTML of our briefing and of another one."""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import copy_fixture, copy_ours, make_project
from sitecheck import broken_links, parse

from generator import build

ATOM = "{http://www.w3.org/2005/Atom}"


def _build(root, **env):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        run = build.build(root)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert run.ok(), [p.format() for p in run.problems.sorted()]
    return run


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    root = tmp_path_factory.mktemp("views") / "p"
    copy_ours(root)
    run = _build(root, BRIEFING_SITE_URL="https://example.org/briefing/")
    return root / "site", run.corpus


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    root = copy_fixture("other", tmp_path_factory.mktemp("views-other") / "p")
    run = _build(root)
    return root / "site", run.corpus


@pytest.fixture(params=["ours", "other"])
def built(request):
    return request.getfixturevalue(request.param)


def test_views_exist_and_are_in_the_navigation(built):
    site, _ = built
    home = parse(site / "index.html")
    for page in ["issues.html", "matrix.html", "dependencies.html", "actors.html", "claims.html",
                 "timeline.html", "sources.html", "changes.html", "tags.html"]:
        assert (site / page).is_file(), page
        assert page in home.links, page
    assert broken_links(site) == []


def test_every_position_has_one_matrix_cell_linking_to_its_anchor(built):
    site, corpus = built
    html = (site / "matrix.html").read_text()
    table = html[html.index('<table class="matrix"'):html.index("</table>")]
    cards = html[html.index('<div class="matrix-cards"'):]  # the same positions, for phones
    for issue in corpus.by_kind["issues"]:
        for p in issue.data.positions:
            target = f"issues/{issue.id}.html#position-{p.actor}"
            assert table.count(f'href="{target}"') == 1 and cards.count(f'href="{target}"') == 1, target
            assert f"position-{p.actor}" in parse(site / "issues" / f"{issue.id}.html").ids


def test_timeline_is_in_date_order_with_partial_dates_marked(other):
    site, corpus = other
    html = (site / "timeline.html").read_text()
    order = re.findall(r'href="events/([a-z0-9-]+)\.html"', html)
    assert order == ["minsk-ii", "ceasefire-start"]  # 2015-02 sorts before 2015-02-15
    assert 'class="date partial" datetime="2015-02"' in html
    issue_page = (site / "issues" / "sequencing.html").read_text()
    assert "../events/minsk-ii.html" in issue_page
    assert "../events/minsk-ii.html" in (site / "actors" / "hollande.html").read_text()


def test_claims_ledger(ours):
    site, corpus = ours
    html = (site / "claims.html").read_text()
    row = html[html.index("claims/drone-strike-on-residence.html"):]
    row = row[: row.index("</tr>")]
    assert "actors/russian-officials.html" in row and "status-denied" in row
    assert "actors/zelenskyy.html" in row and "denies" in row
    row = html[html.index("claims/russian-forces-advancing.html"):]
    row = row[: row.index("</tr>")]
    assert "actors/putin.html" in row and "status-alleged" in row
    assert "issues/buffer-zones.html" in row


def test_every_reference_shows_as_a_backlink(built):
    site, corpus = built
    for target, sources in corpus.backlinks.items():
        kind = corpus.notes[target].kind
        page = parse(site / kind / f"{target}.html")
        for src in sources:
            href = posixpath.relpath(f"{corpus.notes[src].kind}/{src}.html", kind)
            assert href in page.links, (target, src)


def test_actor_page_gathers_positions_claims_responses_events_members(ours):
    site, corpus = ours
    z = parse(site / "actors" / "zelenskyy.html")
    assert "../issues/guarantee-duration.html#position-zelenskyy" in z.links
    assert "../claims/russia-violates-agreements.html" in z.links
    assert "../claims/drone-strike-on-residence.html" in z.links
    assert "../events/trump-hosts-zelenskyy.html" in z.links
    assert "ukraine.html" in z.links
    u = parse(site / "actors" / "ukraine.html")
    assert "zelenskyy.html" in u.links and "ukrainian-public.html" in u.links


def test_dependency_map_nodes_open_their_issues(built):
    site, corpus = built
    html = (site / "dependencies.html").read_text()
    svg = html[html.index('<svg class="depmap"'):]
    svg = svg[: svg.index("</svg>") + 6]
    nodes = re.findall(r'<a href="issues/([a-z0-9-]+)\.html" class="depmap-node[^"]*" data-issue="([a-z0-9-]+)"', svg)
    assert sorted(n for n, _ in nodes) == sorted(n.id for n in corpus.by_kind["issues"])
    assert all(a == b for a, b in nodes)
    ET.fromstring(svg)  # well-formed
    deps = sum(len(n.data.depends_on) for n in corpus.by_kind["issues"])
    assert svg.count('class="depmap-depends"') == deps
    assert "<script" not in svg


def test_issue_pages_say_what_they_depend_on_and_what_depends_on_them(ours):
    site, _ = ours
    ref = (site / "issues" / "national-referendum.html").read_text()
    assert "Depends on" in ref and "settlement-before-ceasefire.html" in ref
    dep = (site / "issues" / "settlement-before-ceasefire.html").read_text()
    assert "Needed by" in dep and "national-referendum.html" in dep


def test_tags_page_links_every_tagged_note(built):
    site, corpus = built
    page = parse(site / "tags.html")
    for ids in corpus.tags.values():
        for note_id in ids:
            assert f"{corpus.notes[note_id].kind}/{note_id}.html" in page.links
    issue = corpus.by_kind["issues"][0]
    if issue.data.tags:
        links = parse(site / "issues" / f"{issue.id}.html").links
        assert any(link.startswith("../tags.html#tag-") for link in links)


def test_changes_page_and_feed(ours, other):
    for site, corpus in (ours, other):
        entries = [(h.date.sort_key, n.id) for n in corpus.by_kind["issues"] for h in n.data.history]
        feed = ET.parse(site / "feed.xml").getroot()
        assert feed.tag == ATOM + "feed"
        got = feed.findall(ATOM + "entry")
        assert len(got) == len(entries)
        stamps = [e.find(ATOM + "updated").text for e in got]
        assert stamps == sorted(stamps, reverse=True)
        assert "feed.xml" in parse(site / "changes.html").links
    site, _ = ours
    feed = ET.parse(site / "feed.xml").getroot()
    for link in feed.iter(ATOM + "link"):
        assert link.get("href").startswith("https://example.org/briefing/")
    head = (site / "index.html").read_text()
    assert 'type="application/atom+xml"' in head


def test_feed_bytes_do_not_depend_on_the_clock(tmp_path):
    a = copy_fixture("other", tmp_path / "a")
    b = copy_fixture("other", tmp_path / "b")
    _build(a, SOURCE_DATE_EPOCH="0")
    _build(b, SOURCE_DATE_EPOCH="2000000000")
    assert (a / "site" / "feed.xml").read_bytes() == (b / "site" / "feed.xml").read_bytes()


def test_stale_issue_is_flagged_on_the_site(tmp_path):
    root = make_project(tmp_path / "p")
    one = root / "content" / "issues" / "one.md"
    one.write_text(one.read_text().replace("updated: 2024-05-20", "updated: 2024-01-01"))
    run = build.build(root)
    assert any(p.warning and "stale" in p.message for p in run.problems.items)
    for page in ("issues/one.html", "index.html", "issues.html"):
        assert 'class="stale"' in (root / "site" / page).read_text(), page


def test_hostile_titles_are_escaped_in_the_feed_and_the_map(tmp_path):
    title = "<script>alert(1)</script> & \"quotes\" ]]> </title>"
    extra = {"content/issues/one.md": (
        "---\n"
        f"title: '{title}'\n"
        "summary: S.\nstatus: open\nupdated: 2024-05-20\nrelated: [two]\n"
        "positions:\n  - actor: alpha\n    stance: X.\n    sources: [src#p2]\n"
        "history:\n  - date: 2024-05\n    change: \"Changed <b>x</b> ]]>\"\n"
        "---\n"),
        "content/issues/two.md": ("---\ntitle: Two\nsummary: S.\nstatus: open\nupdated: 2024-05-20\n"
                                  "positions:\n  - actor: beta\n    stance: Y.\n    sources: [src#p3]\n---\n")}
    root = make_project(tmp_path / "p", extra=extra)
    _build(root)
    feed = ET.parse(root / "site" / "feed.xml").getroot()
    assert feed.find(ATOM + "entry").find(ATOM + "title").text.startswith(title)
    html = (root / "site" / "dependencies.html").read_text()
    svg = html[html.index('<svg class="depmap"'):]
    svg = svg[: svg.index("</svg>") + 6]
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_long_listings_are_split_into_parts(tmp_path, monkeypatch):
    """Past LIST_PER_PAGE notes a listing becomes an index of parts; every note is in exactly
    one part, in the listing's order, and the parts link to each other."""
    from generator.rendering import views

    monkeypatch.setattr(views, "LIST_PER_PAGE", 3)
    monkeypatch.setattr(views, "HOME_ISSUES", 4)
    root = copy_ours(tmp_path / "p")
    run = _build(root)
    site = root / "site"
    assert broken_links(site) == []
    for kind, section in (("issues", "issues"), ("actors", "actors"), ("claims", "claims"),
                          ("events", "timeline"), ("sources", "sources")):
        ids = views.listing_order(run.corpus, kind)
        parts = sorted((site / "lists").glob(f"{section}-*.html"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
        assert len(parts) == (-(-len(ids) // 3) if len(ids) > 3 else 0), kind
        if not parts:
            continue
        index_links = parse(site / f"{section}.html").links
        seen = []
        for n, f in enumerate(parts, start=1):
            assert f"lists/{f.name}" in index_links
            html = f.read_text(encoding="utf-8")
            article = html[html.index("<article"):html.index("</article>")]
            seen += [i for i in re.findall(rf'href="\.\./{kind}/([a-z0-9-]+)\.html"', article)
                     if i in ids and i not in seen]
            assert f"Part {n} of {len(parts)}" in article
            assert ('rel="prev"' in article or "previous part" in article) == (n > 1)
            assert ("next part" in article) == (n < len(parts))
            assert '<a href="../index.html">Home</a>' in article  # breadcrumbs reach the section too
            assert f'href="../{section}.html"' in article
        assert seen == ids, kind
    # the home page shows the most recently reviewed issues, and says so
    home = (site / "index.html").read_text(encoding="utf-8")
    table = home[home.index("<table"):home.index("</table>")]
    assert len(re.findall(r'href="issues/', table)) == 4
    assert "most recently reviewed of 10 issues" in home


def test_long_source_text_gets_a_heading_per_run_of_blocks(tmp_path, monkeypatch):
    from generator.rendering.helpers import sources

    monkeypatch.setattr(sources, "SOURCE_SECTION", 5)
    root = copy_ours(tmp_path / "p")
    _build(root)
    site = root / "site"
    html = (site / "sources" / "seed-article.html").read_text(encoding="utf-8")
    heads = re.findall(r'<h3 id="(blocks-[0-9-]+)"[^>]*>([^<]*)', html)
    assert [(a, t.strip()) for a, t in heads] == [("blocks-1-5", "¶1–5"), ("blocks-6-10", "¶6–10"),
                                                  ("blocks-11-15", "¶11–15"), ("blocks-16-16", "¶16")]
    blocks = re.findall(r'<div class="block[^"]*" id="p(\d+)"', html)
    assert blocks == [str(i) for i in range(1, 17)]
    assert broken_links(site) == []
