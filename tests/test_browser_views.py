"""In a real browser: the dependency map's nodes open their issues; the matrix is cards on a
phone; the home page filters issues by status; the phone header shows the short title."""

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


def test_the_matrix_on_a_phone_is_one_card_per_issue_with_every_position_one_tap_away(built, chromium):
    site, _ = built
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "matrix.html")
        state = page.evaluate("""() => ({
            doc: document.documentElement.scrollWidth, view: window.innerWidth,
            table: getComputedStyle(document.querySelector('.matrix-wrap')).display,
            cards: document.querySelectorAll('.matrix-card').length,
            issues: document.querySelectorAll('table.matrix tbody tr').length,
            cells: [...document.querySelectorAll('table.matrix td:not(.empty) > a:first-child')].map(a => a.href),
            links: [...document.querySelectorAll('.matrix-card li > a:first-of-type')]
                     .filter(a => a.offsetParent !== null).map(a => a.href)})""")
        assert state["doc"] <= state["view"], state  # no sideways scrolling
        assert state["table"] == "none" and state["cards"] == state["issues"] > 0
        assert set(state["cells"]) <= set(state["links"]) and state["cells"]
        page.close()
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + "matrix.html")
        assert page.locator(".matrix-wrap").is_visible() and not page.locator(".matrix-cards").is_visible()
        page.close()


def test_home_lists_issues_newest_change_first_and_filters_them_by_status(built, chromium):
    site, corpus = built
    issues = corpus.by_kind["issues"]
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + "index.html")
        rows = page.locator(".issue-table tbody tr")
        dates = [rows.nth(i).locator("time").get_attribute("datetime") for i in range(rows.count())]
        assert dates == sorted(dates, reverse=True) and len(dates) == len(issues)
        statuses = sorted({n.data.status for n in issues})
        for status in statuses:
            page.locator(f'.status-filter input[value="{status}"]').check()
            shown = page.locator(".issue-table tbody tr:visible")
            assert shown.count() == sum(1 for n in issues if n.data.status == status)
            assert {shown.nth(i).get_attribute("data-status") for i in range(shown.count())} == {status}
        page.locator('.status-filter input[value="all"]').check()
        assert page.locator(".issue-table tbody tr:visible").count() == len(issues)
        page.close()


def test_the_phone_header_shows_the_short_title(built, chromium):
    site, corpus = built
    short = corpus.briefing.data.short_title
    assert short
    with serve(site) as base:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "index.html")
        shown = page.evaluate("""() => getComputedStyle(
            document.querySelector('.md-header__title .md-header__topic'), '::before').content""")
        assert shown == f'"{short}"'
        page.close()


def test_positions_stand_side_by_side_on_a_wide_screen_and_stack_on_a_phone(built, chromium):
    site, corpus = built
    issue = next(n for n in corpus.by_kind["issues"] if len(n.data.positions) >= 2)
    with serve(site) as base:
        for width, side_by_side in ((1400, True), (390, False)):
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.goto(base + f"issues/{issue.id}.html")
            boxes = page.evaluate("""() => [...document.querySelectorAll('.positions .position')]
                .slice(0, 2).map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top]; })""")
            (x1, y1), (x2, y2) = boxes
            assert (y1 == y2 and x2 > x1) if side_by_side else (x1 == x2 and y2 > y1), (width, boxes)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.close()
