"""In a real browser: the dependency map's nodes open their issues; the matrix scrolls inside itself."""

from __future__ import annotations

import pytest
from browser import serve


@pytest.fixture(scope="module")
def built(ours_built):
    return ours_built


def test_clicking_each_map_node_opens_its_issue(built, chromium):
    site, corpus = built
    ids = [n.id for n in corpus.by_kind["issues"]]
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        for issue_id in ids:
            page.goto(base + "dependencies.html")
            node = page.locator(f'svg.depmap a[data-issue="{issue_id}"]')
            node.scroll_into_view_if_needed()
            with page.expect_navigation():
                node.click()
            assert page.url == base + f"issues/{issue_id}.html"
            assert page.locator("h1").first.inner_text().rstrip("¶").strip() == corpus.titles[issue_id]
        page.close()


def test_matrix_scrolls_inside_itself_on_a_phone(built, chromium):
    site, _ = built
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "matrix.html")
        sizes = page.evaluate("""() => {
            const w = document.querySelector('.matrix-wrap');
            return {doc: document.documentElement.scrollWidth, view: window.innerWidth,
                    inner: w.scrollWidth, outer: w.clientWidth};
        }""")
        assert sizes["doc"] <= sizes["view"], sizes
        assert sizes["inner"] > sizes["outer"], sizes
        page.close()
