"""The reader's experience in a real browser (Debian chromium via Playwright), against the built
site served on 127.0.0.1: search, navigation, phones, outside requests, accessibility, print,
page weight. Screenshots of key pages are saved under tests/artifacts/."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from browser import CSP_WATCH, serve
from conftest import REPO

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
KEY_PAGES = ["index.html", "issues/guarantee-content.html", "actors/zelenskyy.html", "matrix.html",
             "sources/seed-article.html", "timeline.html", "claims/drone-strike-on-residence.html",
             "dependencies.html", "print.html"]


@pytest.fixture(scope="module")
def site(ours_built):
    return ours_built[0]


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def _search(page, query):
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_timeout(400)
    return page.locator(".md-search-result__item > a.md-search-result__link")


def _open(chromium, url, width=1280, height=900):
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    return page


@pytest.mark.parametrize("query,first,expect", [
    ("Zelenskyy", "actors/zelenskyy.html", []),                        # a person
    ("Paris", None, ["issues/allied-contributions.html"]),              # a place
    ("undermine", None, ["claims/drone-strike-on-residence.html"]),     # a word found only in a quote
])
def test_search_finds_the_right_pages(chromium, base, query, first, expect):
    page = _open(chromium, base + "index.html")
    results = _search(page, query)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    hrefs = [h.replace(base, "").split("#")[0].split("?")[0] for h in hrefs]
    if first:
        assert hrefs[0] == first, hrefs
    for e in expect:
        assert e in hrefs, hrefs
    target = first or expect[0]
    results.nth(hrefs.index(target)).click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].split("?")[0] == base + target
    page.close()


@pytest.mark.parametrize("start", ["issues/buffer-zones.html", "index.html"])
def test_search_works_from_disk(chromium, site, start):
    # The search worker's URL differs with the page's depth, and so does the hash the
    # policy must allow for the frame it runs in: try a page at each depth.
    page = chromium.new_page()
    page.add_init_script(CSP_WATCH)
    page.goto((site / start).as_uri())
    results = _search(page, "Zaporizhzhia")
    assert results.count() > 0
    assert "issues/zaporizhzhia-npp.html" in results.first.get_attribute("href")
    assert page.evaluate("window.__csp") == []
    page.close()


def test_cross_links_citations_and_backlinks_navigate(chromium, base):
    page = _open(chromium, base + "issues/guarantee-content.html")
    page.locator("#position-russia a").first.click()
    page.wait_for_load_state()
    assert page.url == base + "actors/russia.html"
    page.goto(base + "issues/guarantee-content.html")
    page.locator('a[href="../sources/seed-article.html#p4"]').first.click()
    page.wait_for_load_state()
    assert page.url == base + "sources/seed-article.html#p4"
    target = page.evaluate("document.querySelector(':target').id")
    assert target == "p4"
    colour = page.evaluate("getComputedStyle(document.querySelector(':target')).borderLeftColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#p4").is_visible()
    page.goto(base + "actors/nato.html")
    page.get_by_role("link", name="What the proposed guarantees would contain").last.click()
    page.wait_for_load_state()
    assert page.url == base + "issues/guarantee-content.html"
    page.close()


@pytest.mark.parametrize("name", KEY_PAGES)
def test_no_console_errors_and_no_outside_requests(chromium, base, name):
    page = chromium.new_page()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + name, wait_until="networkidle")
    _search(page, "ceasefire")
    page.wait_for_timeout(300)
    assert problems == []
    outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []
    page.close()


@pytest.mark.parametrize("name", KEY_PAGES)
def test_phone_has_no_sideways_scroll(chromium, base, name):
    page = _open(chromium, base + name, 390, 844)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    # Wide tables scroll inside their own box instead of the page.
    for box in page.locator(".md-typeset__scrollwrap, .matrix-wrap, .depmap-wrap").all():
        assert box.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_has_no_serious_violations(chromium, base, scheme):
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is not installed; make test runs npm ci")
        pytest.skip("axe-core not installed (npm ci)")
    source = AXE.read_text()
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme)
    found = {}
    for name in ["index.html", "issues/guarantee-content.html", "actors/zelenskyy.html", "matrix.html",
                 "sources/seed-article.html", "dependencies.html", "timeline.html", "claims.html"]:
        page = context.new_page()
        page.goto(base + name)
        page.evaluate(source)
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""")
        if violations:
            found[name] = violations
        page.close()
    context.close()
    assert found == {}


def test_screenshots_of_key_pages(chromium, base):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, label in ((1280, "desktop"), (390, "phone")):
        page = chromium.new_page(viewport={"width": width, "height": 900})
        for name in KEY_PAGES[:6]:
            page.goto(base + name)
            out = ARTIFACTS / f"{label}-{name.replace('/', '_').replace('.html', '')}.png"
            page.screenshot(path=str(out), full_page=True)
            assert out.stat().st_size > 10_000
        page.close()


def test_printable_briefing_prints_every_issue(chromium, base, site):
    from pypdf import PdfReader

    page = chromium.new_page()
    page.goto(base + "print.html")
    pdf = page.pdf(format="A4", print_background=False)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "briefing.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    from generator import build as b

    corpus = b.check(site.parent).corpus
    for issue in corpus.by_kind["issues"]:
        assert corpus.titles[issue.id].split(",")[0] in text, issue.id
    assert "Positions matrix" in text
    assert len(reader.pages) >= len(corpus.by_kind["issues"])  # each issue starts a page


def test_print_stylesheet_hides_the_chrome(chromium, base):
    page = chromium.new_page()
    page.goto(base + "issues/guarantee-content.html")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".page-head"):
        assert not page.locator(selector).first.is_visible(), selector
    page.close()


def test_page_weight_budget(chromium, base):
    page = chromium.new_page()
    sizes = {}

    def record(response):
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            sizes[response.url] = 0

    page.on("response", record)
    page.goto(base + "issues/guarantee-content.html", wait_until="networkidle")
    page.wait_for_timeout(500)
    page.close()
    html = sizes[base + "issues/guarantee-content.html"]
    total = sum(v for k, v in sizes.items() if "search_index" not in k)
    assert html < 80_000, html
    assert total < 500_000, total
