"""Hostile note text never reaches readers as markup or script."""

from __future__ import annotations

import os
import re

import pytest
from html.parser import HTMLParser

from conftest import make_project
from generator.cli import main

HOSTILE_TITLE = "<script>alert('t')</script> *Plan* & [x](javascript:alert(0)) {onclick=alert(9)}"

HOSTILE = {
    "content/issues/evil.md": (
        "---\n"
        f"title: \"{HOSTILE_TITLE}\"\n"
        "summary: |\n"
        "  <img src=x onerror=alert(1)> [a](javascript:alert(2)) <a href=\"javascript:alert(3)\">b</a>\n"
        "  \\[c\\](javascript:alert(4)) [d](JaVaScRiPt:alert(5)) [e](data:text/html,<script>alert(6)</script>)\n"
        "status: open\n"
        "updated: 2024-05-20\n"
        "tags: [\"<b>tag</b>\"]\n"
        "positions:\n"
        "  - actor: alpha\n"
        "    stance: \"[[one|<svg onload=alert(7)>]] {: onclick=alert(8) }\"\n"
        "    sources: [src#p2]\n"
        "---\n"
        "<script>alert(10)</script>\n\n"
        "<iframe src=\"https://example.org\"></iframe>\n\n"
        "[f](&#106;avascript:alert(11)) ![img](https://tracker.example/x.png)\n\n"
        "# Heading <script>alert(12)</script>\n"
    ),
    "content/actors/gamma.md": f"---\nname: \"{HOSTILE_TITLE}\"\nkind: person\nrole: \"<i>role</i>\"\n---\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile") / "p", extra=HOSTILE)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(cwd)
    return root / "site"


class _Audit(HTMLParser):
    """Collects what could run: script elements, event-handler attributes, unsafe URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.bad.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme and scheme not in ("http", "https", "mailto"):
                    self.bad.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "img"):
            self.bad.append(f"<{tag}>")
        if tag == "script":
            self._in_script = True
            src = dict(attrs).get("src")
            if src and not src.split("/")[-1].startswith(("bundle.", "workers")) and "assets/" not in src:
                self.bad.append(f"<script src={src!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.bad.append("inline script with note text")
        if not self._in_script:
            self.text.append(data)


def audit(path):
    a = _Audit()
    a.feed(path.read_text())
    return a


def test_no_script_or_handler_reaches_the_site(hostile_site):
    for page in sorted(hostile_site.rglob("*.html")):
        assert audit(page).bad == [], page.name


def test_hostile_title_is_shown_as_text(hostile_site):
    html = (hostile_site / "issues" / "evil.html").read_text()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "&lt;script&gt;" in title
    for page in ("issues/evil.html", "index.html", "issues.html"):
        text = " ".join(audit(hostile_site / page).text)
        assert "<script>alert('t')</script> *Plan* & [x](javascript:alert(0)) {onclick=alert(9)}" in text, page


def test_raw_html_in_a_body_is_text(hostile_site):
    text = " ".join(audit(hostile_site / "issues" / "evil.html").text)
    assert "<script>alert(10)</script>" in text
    assert '<iframe src="https://example.org"></iframe>' in text
