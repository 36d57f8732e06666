"""A publication's pages: the briefing's identity (content/briefing.yml: publisher,
short_title, accent, footer, contact) in the header, footer and stylesheet, and what a page
tells the places it is shared to (OpenGraph, Twitter cards, schema.org JSON-LD)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import copy_ours

SITE_URL = "https://example.org/briefing/"
HOSTILE = "</script><script>alert(1)</script> & <!--"


def _identity(root: Path) -> None:
    path = root / "content" / "briefing.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^(short_title|accent|footer|publisher|contact):.*\n", "", text, flags=re.M)
    path.write_text(text + 'publisher: The Example Desk\nshort_title: "Guarantees <b>"\naccent: "#f5c400"\n'
                    "footer: © 2026 The Example Desk <i>\ncontact: desk@example.org\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Our briefing with an identity, a claim whose statement tries to close a script
    element, built with a site address."""
    import os

    from generator.cli import main

    root = copy_ours(tmp_path_factory.mktemp("pub") / "p")
    _identity(root)
    claim = root / "content" / "claims" / "closer-than-ever.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(re.sub(r"^statement: .*$", f"statement: 'Closer than ever {HOSTILE}'", text, count=1,
                            flags=re.M), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "-q", "--site-url", SITE_URL]) == 0
    finally:
        os.chdir(cwd)
    return root / "site"


def _meta(page: str, attr: str, name: str) -> str | None:
    m = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', page)
    return html.unescape(m.group(1)) if m else None


def _jsonld(page: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_the_footer_carries_the_briefings_line_publisher_and_contact_not_the_themes_credit(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    footer = page[page.index('<div class="md-copyright">'):]
    footer = footer[:footer.index("</footer>")]
    assert "© 2026 The Example Desk &lt;i&gt;" in footer and "<i>" not in footer
    assert "The Example Desk" in footer and 'href="mailto:desk@example.org"' in footer
    assert "Material for MkDocs" not in page


def test_the_accent_and_short_title_are_in_the_stylesheet_never_inline(site):
    css = (site / "assets" / "briefing.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #f5c400;" in css
    assert "--md-primary-bg-color: #1a1a1a;" in css  # a light accent gets dark header text
    link = re.search(r"--md-typeset-a-color: (#[0-9a-f]{6})", css).group(1)
    from generator.rendering.identity import contrast

    assert contrast(link, "#ffffff") >= 4.5  # links stay readable on the page
    assert r'content: "Guarantees \00003c b\00003e ";' in css  # CSS-escaped: no markup, no breaking out
    for page in site.rglob("*.html"):
        assert "f5c400" not in page.read_text(encoding="utf-8")


def test_every_page_has_opengraph_and_twitter_tags_with_an_absolute_address(site):
    pages = sorted(site.rglob("*.html"))
    issue = (site / "issues" / "guarantee-duration.html").read_text(encoding="utf-8")
    assert _meta(issue, "property", "og:url") == SITE_URL + "issues/guarantee-duration.html"
    assert _meta(issue, "property", "og:title") == "How long the proposed guarantees would last"
    assert _meta(issue, "property", "og:description").startswith("The United States has proposed long-term")
    assert "[¶" not in _meta(issue, "property", "og:description")  # citation marks are left out
    assert _meta(issue, "name", "description") == _meta(issue, "property", "og:description")
    for path in pages:
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page:
            continue  # a note's former address, which only sends the reader on
        for attr, name in (("property", "og:title"), ("property", "og:description"), ("property", "og:type"),
                           ("name", "twitter:card")):
            assert _meta(page, attr, name), (path, name)


def test_pages_carry_schema_org_data_a_claim_naming_its_claimant(site):
    home = _jsonld((site / "index.html").read_text(encoding="utf-8"))
    graph = {item["@type"]: item for item in home[0]["@graph"]}
    assert graph["Report"]["publisher"]["name"] == "The Example Desk"
    assert graph["Dataset"]["distribution"]["contentUrl"] == SITE_URL + "briefing.json"
    [claim] = _jsonld((site / "claims" / "closer-than-ever.html").read_text(encoding="utf-8"))
    assert claim["@type"] == "Claim" and claim["author"] == {"@type": "Person", "name": "Donald Trump"}
    [issue] = _jsonld((site / "issues" / "guarantee-duration.html").read_text(encoding="utf-8"))
    assert issue["@type"] == "Article" and issue["dateModified"] == "2025-12-31"
    assert issue["url"] == SITE_URL + "issues/guarantee-duration.html"


def test_note_text_in_the_structured_data_cannot_close_its_script_element(site):
    page = (site / "claims" / "closer-than-ever.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["description"] == f"Closer than ever {HOSTILE}"  # the same text, read back
    assert "<script>alert(1)" not in page  # the CSP pass knows the data block by name and found no other
