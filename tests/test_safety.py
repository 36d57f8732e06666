"""Hostile note text never reaches readers as markup or script."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import build_in, make_project

HOSTILE_TITLE = "<script>alert('t')</script> *Plan* & [x](javascript:alert(0)) {onclick=alert(9)}"

HOSTILE = {
    "content/issues/evil.md": (
        "---\n"
        f"title: \"{HOSTILE_TITLE}\"\n"
        "summary: |\n"
        "  <img src=x onerror=alert(1)> <a href=\"javascript:alert(3)\">b</a> [ok](https://example.org)\n"
        "  <b onmouseover=alert(4)>bold</b> <style>body{display:none}</style>\n"
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
        "![img](https://tracker.example/x.png) <http://fine.example/>\n\n"
        "# Heading <script>alert(12)</script>\n"
    ),
    "content/actors/gamma.md": f"---\nname: \"{HOSTILE_TITLE}\"\nkind: person\nrole: \"<i>role</i>\"\n---\n",
    "content/briefing.yml": (
        "title: \"Mini </title><script>alert('b')</script>\"\n"
        "subtitle: \"Sub <script>alert('s')</script>\"\n"
        "description: \"Desc\\\"><script>alert('d')</script>\"\n"
        "as_of: 2024-05-31\nsummary: A small briefing.\n"
    ),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile") / "p", extra=HOSTILE)
    return build_in(root)


class _Audit(HTMLParser):
    """Collects what could run: script elements, event-handler attributes, unsafe URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self._data_block = False
        self._script: list[str] = []

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
            self._data_block = dict(attrs).get("type") == "application/ld+json"
            self._script = []
            src = dict(attrs).get("src")
            if src and not src.split("/")[-1].startswith(("bundle.", "workers")) and "assets/" not in src:
                self.bad.append(f"<script src={src!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
            if self._data_block:  # structured data: never run, and whole JSON (nothing closed it early)
                try:
                    json.loads("".join(self._script))
                except ValueError:
                    self.bad.append("a structured-data block cut short")

    def handle_data(self, data):
        if self._in_script and self._data_block:
            self._script.append(data)
        elif self._in_script and "alert" in data:
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


UNSAFE_LINKS = [
    ("[a](javascript:alert(1))", "javascript:alert(1)"),
    ("[a](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
    ("[a](&#106;avascript:alert(1))", "javascript:alert(1)"),
    ("[a](java&#x09;script:alert(1))", "javascript:alert(1)"),
    ("[a]( vbscript:msgbox(1))", "vbscript:msgbox(1)"),
    ("[a](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html;base64,PHNjcmlwdD4="),
    ("<javascript:alert(1)>", "javascript:alert(1)"),
    ("[a][r]\n\n[r]: javascript:alert(1)", "javascript:alert(1)"),
    ("[a](file:///etc/passwd)", "file:///etc/passwd"),
]


@pytest.mark.parametrize("text,dest", UNSAFE_LINKS, ids=[u[1][:20] + str(i) for i, u in enumerate(UNSAFE_LINKS)])
def test_unsafe_link_schemes_are_refused_with_their_line(tmp_path, cli, text, dest):
    note = "---\ntitle: G\n---\nFirst line.\n\n" + text + "\n"
    root = make_project(tmp_path / "p", extra={"content/pages/g.md": note})
    res = cli(root, "check")
    assert res.code == 1
    line = 8 if "[r]:" in text else 6
    assert f'content/pages/g.md:{line}: body: link to "{dest}" is not allowed: links go to http, https or ' \
           "mailto addresses, or to notes with [[id]]" in res.lines


def test_links_in_code_are_not_links(tmp_path, cli):
    note = "---\ntitle: G\n---\nWrite `[a](javascript:x)` never.\n\n```\n[b](javascript:y)\n```\n"
    root = make_project(tmp_path / "p", extra={"content/pages/g.md": note})
    assert cli(root, "check").code == 0
