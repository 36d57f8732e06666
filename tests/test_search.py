"""Search that scales: Pagefind over http(s), the theme's own index from disk.

What the build writes (the pages marked for Pagefind, the theme pointed at our worker, the
theme's fetched index emptied, the same index bytes twice), and what a reader's browser
fetches for a first search, on our briefing and on a synthetic one of 1,000 notes."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from browser import CSP_WATCH, serve
from conftest import REPO

from generator.output import search

sys.path.insert(0, str(REPO / "bench"))
from synth import synth  # noqa: E402

ARTICLE = '<article class="md-content__inner md-typeset">\n<h1 id="t">Title</h1>'
CONFIG = ('<script id="__config" type="application/json">'
          '{"base": "..", "search": "../assets/javascripts/workers/search.1.min.js"}</script>')


@pytest.mark.parametrize("page,boost,body,weights", [
    ("actors/a.html", 4.0, True, ('data-pagefind-weight="4"', '<h1 data-pagefind-weight="10"')),
    ("issues/b.html", 3.0, True, ('data-pagefind-weight="3"', '<h1 data-pagefind-weight="9"')),
    ("issues.html", 0.5, True, ('data-pagefind-weight="0.5"', '<h1 data-pagefind-weight="6.5"')),
    ("events/c.html", 1.0, True, ()),
    ("print.html", None, False, ()),  # a page the theme's search leaves out
])
def test_a_page_is_marked_as_the_theme_would_rank_it(page, boost, body, weights):
    plan = search.Plan({page: boost} if boost is not None else {})
    html = search.mark(f"<html><body>{ARTICLE}<p>x</p></article>{CONFIG}</body></html>", page, plan)
    assert ("data-pagefind-body" in html) == body
    for w in weights:
        assert w in html
    if not weights:
        assert "data-pagefind-weight" not in html
    config = json.loads(html[html.index('json">') + 6:html.index("</script>")])
    assert config["search"] == "../assets/javascripts/workers/briefing-search.js"
    assert config["search_theme"] == "../assets/javascripts/workers/search.1.min.js"


def test_only_the_configuration_block_names_the_worker():
    """A title or a setting holding the same words elsewhere in the page changes nothing,
    and an absolute worker address (a 404 page with a site URL) stays absolute."""
    decoy = '<p title="x &quot;search&quot;: &quot;evil.js&quot;">"search": "assets/evil.js"</p>'
    config = ('<script id="__config" type="application/json">{"annotate": {"search": "x"}, "base": "/b", '
              '"search": "/b/assets/javascripts/workers/search.1.min.js"}</script>')
    html = search.mark(f"<html><body>{decoy}{config}</body></html>", "404.html", search.Plan({}))
    assert decoy in html
    got = json.loads(html[html.index('json">') + 6:html.rindex("</script>")])
    assert got == {"annotate": {"search": "x"}, "base": "/b",
                   "search": "/b/assets/javascripts/workers/briefing-search.js",
                   "search_theme": "/b/assets/javascripts/workers/search.1.min.js"}


def test_other_engines_keep_their_own_search(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text('{"docs": [{"location": "index.html"}]}')
    assert search.plan(tmp_path, "zensical") is None
    assert search.plan(tmp_path, "mkdocs") == search.Plan({"index.html": 1.0})
    assert search.mark("<html>x</html>", "index.html", None) == "<html>x</html>"


def test_the_build_writes_a_pagefind_index_and_empties_the_fetched_one(ours_built):
    site = ours_built[0]
    assert (site / "pagefind/pagefind.js").is_file() and (site / "pagefind/pagefind-entry.json").is_file()
    assert not (site / "pagefind/pagefind-ui.js").exists()  # Pagefind's own interface is not used
    assert json.loads((site / "search/search_index.json").read_text())["docs"] == []
    assert '"location":"actors/zelenskyy.html"' in (site / "search/search_index.js").read_text()
    policy = (site / "index.html").read_text()
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    assert 'data-pagefind-body' not in (site / "print.html").read_text()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pagefind_writes_the_same_index_twice(tmp_path, ours_built):
    site = ours_built[0]
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.rmtree(copy / "pagefind")
    search.index(copy, search.Plan({"index.html": 1.0}))
    assert _tree(copy / "pagefind") == _tree(site / "pagefind")


def test_pagefind_over_the_stripped_pages_writes_the_index_of_the_whole_pages(tmp_path, ours_built):
    """The build runs Pagefind on each marked page cut down to its <html> tag and article
    (search.strip); run on the whole site, Pagefind writes the same files, byte for byte."""
    site = ours_built[0]
    whole = tmp_path / "whole"
    search.run_pagefind(site, whole)
    for name in search.UNUSED:
        (whole / name).unlink(missing_ok=True)
    assert _tree(whole) == _tree(site / "pagefind")
    stripped = tmp_path / "stripped"
    written = search.strip(site, stripped)
    assert written == sum(1 for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text())
    assert not (stripped / "print.html").exists()  # not indexed: not written
    page = (stripped / "actors" / "zelenskyy.html").read_text()
    assert page.startswith('<!doctype html><html lang="en"') and page.endswith("</article></body></html>")
    assert "md-header" not in page and "md-sidebar" not in page and "<script" not in page


@pytest.mark.parametrize("html,kept", [
    ('<html lang="uk"><body><article class="md-content__inner md-typeset" data-pagefind-body>'
     "<article>inner</article> after</article><footer>f</footer>",
     '<html lang="uk"><head><meta charset="utf-8"></head><body><article class="md-content__inner md-typeset" '
     "data-pagefind-body><article>inner</article> after</article></body></html>"),
    ('<html><article class="md-content__inner md-typeset">not marked</article>', None),
    ('<html><article class="md-content__inner md-typeset" data-pagefind-body>never closed', None),
])
def test_the_indexed_part_of_a_page(html, kept):
    assert search._indexed_part(html) == (None if kept is None else "<!doctype html>" + kept)


def _first_search(chromium, url: str, query: str) -> tuple[list[str], list[str], int]:
    page = chromium.new_page()
    page.add_init_script(CSP_WATCH)
    finished: list = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.goto(url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.wait_for_load_state("networkidle")
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]
    urls = [r.url for r in finished]
    total = sum(max(r.sizes()["responseBodySize"], 0) for r in finished)
    assert page.evaluate("window.__csp") == []
    page.close()
    return hrefs, urls, total


def test_hosted_search_fetches_pagefind_chunks_not_the_whole_index(chromium, ours_built):
    with serve(ours_built[0]) as base:
        hrefs, urls, _ = _first_search(chromium, base + "issues/buffer-zones.html", "Zelenskyy")
    assert hrefs[0].startswith(base + "actors/zelenskyy.html?h=zelenskyy")  # highlighting kept
    assert any("/pagefind/" in u and u.endswith(".pf_fragment") for u in urls)
    assert not any(u.endswith("search_index.js") for u in urls)
    assert all(u.startswith(base) for u in urls)


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    from generator import build

    root = tmp_path_factory.mktemp("thousand") / "p"
    synth(1000, root)
    run = build.build(root)
    assert run.ok(), [p.format() for p in run.problems.sorted()][:5]
    return root / "site"


def test_at_a_thousand_notes_a_first_search_fetches_well_under_a_megabyte(chromium, thousand):
    with serve(thousand) as base:
        hrefs, urls, total = _first_search(chromium, base + "index.html", "ceasefire")
    assert hrefs
    assert total < 1024 * 1024, total
    # and the theme's index, which a page loaded in full before, stays on the server
    assert (thousand / "search/search_index.js").stat().st_size > 1024 * 1024


def test_at_a_thousand_notes_search_still_answers_from_disk(chromium, thousand):
    hrefs, urls, _ = _first_search(chromium, (thousand / "index.html").as_uri(), "ceasefire")
    assert hrefs and hrefs[0].startswith("file://")
    assert not any("/pagefind/" in u for u in urls)
