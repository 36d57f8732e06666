"""In a real browser: the Content-Security-Policy holds on every kind of page, and blocks injected script."""

from __future__ import annotations

import shutil

import pytest
from browser import CSP_WATCH, serve

PAGES = ["index.html", "issues.html", "issues/guarantee-content.html", "actors/zelenskyy.html",
         "claims/drone-strike-on-residence.html", "events/drone-allegation.html", "timeline.html",
         "sources/seed-article.html", "pages/about.html", "claims.html", "actors.html", "sources.html"]


@pytest.fixture(scope="module")
def built(ours_built):
    return ours_built[0]


def _visit(chromium, url):
    page = chromium.new_page()
    page.add_init_script(CSP_WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page, console


def test_no_csp_violation_on_any_kind_of_page(built, chromium):
    with serve(built) as base:
        for name in PAGES:
            page, console = _visit(chromium, base + name)
            assert page.evaluate("window.__csp") == [], name
            assert [c for c in console if "Content Security Policy" in c] == [], name
            assert page.evaluate("typeof document$") != "undefined", name  # the theme's script ran
            page.close()


def test_injected_script_is_blocked(built, chromium, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    target = site / "issues" / "guarantee-content.html"
    html = target.read_text()
    injected = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned2=1\">"
    html = html.replace("</article>", injected + "</article>")
    target.write_text(html)
    with serve(site) as base:
        page, console = _visit(chromium, base + "issues/guarantee-content.html")
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("window.__pwned2") is None
        violations = page.evaluate("window.__csp")
        assert any(v.startswith("script-src") for v in violations), violations
        page.close()
