"""One tree, three engines: MkDocs, ProperDocs and Zensical build the same briefing.

Each engine builds our briefing and the other fixture briefing through `briefing build
--engine`; the sites are compared with MkDocs' page by page (same pages, same titles and
headings), and each is checked on its own (every link and #pN anchor resolves, a search
index lists every note page, nothing is loaded from another host, search works from disk
under the site's content security policy).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import pytest
from browser import CSP_WATCH
from conftest import copy_fixture, copy_ours, search_text, theme_index
from sitecheck import broken_links, external_refs, parse

from generator import build
from generator.output import engine

ENGINES = engine.ENGINES
BRIEFINGS = {"ours": copy_ours, "other": lambda root: copy_fixture("other", root)}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(briefing, engine) → built site folder; each briefing generated once, built three times."""
    out = {}
    for name, make in BRIEFINGS.items():
        root = make(tmp_path_factory.mktemp(name) / "p")
        for eng in ENGINES:
            run = build.build(root, build.Options(engine=eng))
            assert run.ok(), [p.format() for p in run.problems.sorted()]
            keep = root.parent / f"site-{eng}"
            shutil.copytree(root / "site", keep)
            out[(name, eng)] = keep
    return out


def _pages(site: Path) -> dict[str, tuple[str, str]]:
    """Every HTML page → (its <title>, its first <h1>), as text."""
    out = {}
    for f in sorted(site.rglob("*.html")):
        html = f.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        strip = lambda s: " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", s or "")).replace("¶", "").split())  # noqa: E731
        out[f.relative_to(site).as_posix()] = (strip(title.group(1) if title else ""),
                                               strip(h1.group(1) if h1 else ""))
    return out


def _index_locations(site: Path) -> set[str]:
    """Pages the engine's search index points at (MkDocs/ProperDocs and Zensical formats)."""
    if (site / "search" / "search_index.js").is_file():
        docs = theme_index(site)["docs"]
    else:
        docs = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    return {d["location"].split("#")[0].removeprefix("./") for d in docs}


@pytest.mark.parametrize("briefing", list(BRIEFINGS))
@pytest.mark.parametrize("eng", ENGINES[1:])
def test_same_pages_and_titles_as_mkdocs(sites, briefing, eng):
    reference = _pages(sites[(briefing, "mkdocs")])
    pages = _pages(sites[(briefing, eng)])
    assert sorted(pages) == sorted(reference)
    assert {p: v for p, v in pages.items() if v != reference[p]} == {}


@pytest.mark.parametrize("briefing", list(BRIEFINGS))
@pytest.mark.parametrize("eng", ENGINES)
def test_links_anchors_index_and_no_outside_host(sites, briefing, eng):
    site = sites[(briefing, eng)]
    assert broken_links(site) == []
    assert external_refs(site) == []
    notes = {p for p in _pages(site) if "/" in p and not p.startswith(("matrix/", "print/", "dependencies/"))
             and 'http-equiv="refresh"' not in (site / p).read_text(encoding="utf-8")}  # redirects: not pages
    assert notes and notes <= _index_locations(site)
    # the printable briefing repeats every issue: it stays out of search
    assert not {p for p in _index_locations(site) if p == "print.html" or p.startswith("print/")}
    if briefing == "ours":  # titles reach the index as written (an apostrophe is not an entity)
        text = search_text(site) if eng != "zensical" else (site / "search.json").read_text(encoding="utf-8")
        assert "Ukraine's allies" in text
        assert "Briefing as of" not in text  # the page head is not indexed
    # a renamed note's old address leads to it (a plain page the engine copies as it is)
    if briefing == "other":
        assert 'url=osce-smm.html"' in (site / "actors" / "smm.html").read_text(encoding="utf-8")
    # every citation anchor of a source page is there
    for f in (site / "sources").glob("*.html"):
        ids = parse(f).ids
        assert any(re.fullmatch(r"p\d+", i) for i in ids), f


def test_unknown_or_missing_engine_is_a_usage_error(tmp_path, cli, monkeypatch):
    root = copy_fixture("other", tmp_path / "p")
    with pytest.raises(SystemExit) as exc:  # argparse refuses a name it does not know
        cli(root, "build", "--engine", "hugo")
    assert exc.value.code == 2
    real = engine.importlib.util.find_spec
    monkeypatch.setattr(engine.importlib.util, "find_spec",
                        lambda mod, *a: None if mod == "properdocs" else real(mod, *a))
    res = cli(root, "build", "--engine", "properdocs")
    assert res.code == 2
    assert "the properdocs engine is not installed: pip install -e '.[properdocs]'" in res.err
    assert not (root / "site").exists()


@pytest.mark.parametrize("eng", ENGINES)
def test_search_from_disk_under_the_policy(sites, chromium, eng):
    site = sites[("ours", eng)]
    page = chromium.new_page()
    outside: list[str] = []
    page.route(re.compile(r"^https?://"), lambda route: (outside.append(route.request.url), route.abort()))
    page.add_init_script(CSP_WATCH)
    page.goto((site / "index.html").as_uri())
    if eng == "zensical":  # a modal dialog opened from a button
        page.locator("button.md-search__button").click()
        page.locator("dialog input[role=combobox]").press_sequentially("Zaporizhzhia", delay=30)
        results = page.locator("dialog a[href]")
    else:
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Zaporizhzhia", delay=30)
        results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("issues/zaporizhzhia-npp.html" in h for h in hrefs)
    assert page.evaluate("window.__csp") == []
    assert outside == []
    page.close()
