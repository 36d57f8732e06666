"""A briefing kept aside (tests/fixtures/aside): direct and reported speech in two sources,
dates given by a source and dates of a report, full provenance. It builds, and every page
says whose words are shown, what a date rests on, and where the original is; its broken
variants fail with path:line."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

from generator.cli import main

ASIDE = FIXTURES / "aside"


def _copy(root: Path) -> Path:
    shutil.copytree(ASIDE, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import os

    root = _copy(tmp_path_factory.mktemp("aside") / "p")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "--strict", "-q"]) == 0
    finally:
        os.chdir(cwd)
    return root / "site"


def _page(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _section(text: str, anchor: str) -> str:
    """The HTML from the heading with id `anchor` to the next heading of its level or above."""
    start = text.index(f'id="{anchor}"')
    end = re.compile(r"<h[1-3][ >]").search(text, start + 1)
    return text[start:end.start() if end else len(text)]


def test_direct_words_are_quoted_and_credited_to_the_speaker_and_the_source(site):
    text = _page(site, "issues/river-flow.html")
    rask = _section(text, "position-rask")
    quote = re.search(r"<blockquote>\s*<p>(.*?)</p>\s*<p class=\"credit\">(.*?)</p>\s*</blockquote>", rask, re.S)
    assert quote, rask
    assert html.unescape(quote.group(1)) == "“We will not accept a dam that halves the river’s flow.”"
    credit = quote.group(2)
    assert 'href="../actors/rask.html">Tove Rask</a>' in credit
    assert 'href="../sources/river-report.html#p3"' in credit
    # The ministry's own statement: its words are direct because it is the author.
    ministry = _section(text, "position-northland-ministry")
    assert "“keep the river's flow above the minimum set by the 1994 treaty”" in html.unescape(ministry)
    # Straight quotation marks pair too ("a matter of national energy security").
    assert "“a matter of national energy security”" in html.unescape(_section(text, "position-arlen"))


def test_reported_words_are_the_sources_and_never_in_quotation_marks(site):
    text = _section(_page(site, "issues/monitoring.html"), "position-southland")
    m = re.search(r'<p class="reported">As <a href="../sources/river-report.html#p6">Talks on the Vessa dam resume, '
                  r"¶6</a>.*? puts it: <span class=\"reported-words\">(.*?)</span></p>", text, re.S)
    assert m, text
    assert m.group(1) == "both now accept a joint board to measure the flow"
    assert "<blockquote>" not in text and "“both" not in text


def test_a_report_date_reads_reported_and_by(site):
    event = html.unescape(re.sub(r"<[^>]+>", "", _page(site, "events/walkout.html")))
    assert "reported 2026-03" in event
    timeline = _page(site, "timeline.html")
    items = re.findall(r"<li>(.*?)</li>", timeline, re.S)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", i)).split(" — ")[0].strip() for i in items]
    links = [re.search(r'href="events/([a-z-]+)\.html"', i).group(1) for i in items]
    assert texts[links.index("walkout")] == "by 2026-03"
    assert texts[links.index("talks-resume")] == "2026-03-02"
    # "By March" is placed before the events known to fall in March.
    assert links.index("walkout") < links.index("talks-resume") < links.index("statement-issued")
    claim = html.unescape(re.sub(r"<[^>]+>", "", _page(site, "claims/flow-halved.html")))
    assert "reported 2026-03" in claim


def test_a_source_page_shows_its_provenance(site):
    text = _page(site, "sources/ministry-statement.html")
    meta = html.unescape(re.search(r'<dl class="source-meta">(.*?)</dl>', text, re.S).group(1))
    fields = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", meta, re.S))
    assert 'href="../actors/northland-ministry.html"' in fields["Author"]
    assert fields["Publisher"] == "Ministry of Water of Northland"
    assert "2026-03-14" in fields["Published"] and "2026-03-20" in fields["Accessed"]
    assert fields["Language"] == "en"
    assert 'href="https://gov.northland.example/statements/vessa-dam"' in fields["Original"]
    assert ('href="https://web.archive.org/web/20260315000000/https://gov.northland.example/statements/vessa-dam"'
            in fields["Archived copy"])


def _originals(text: str, source: str) -> list[tuple[str, str]]:
    """(our link, the original's link) for each citation of `source` on a page."""
    return re.findall(rf'href="((?:\.\./)?sources/{source}\.html#p\d+)"[^>]*>[^<]*</a>\u00a0<a class="orig" '
                      r'href="([^"]+)"', text)


def test_every_citation_also_links_the_passage_in_the_original(site):
    text = _page(site, "issues/river-flow.html")
    report = set(_originals(text, "river-report"))
    assert ("../sources/river-report.html#p3", "https://courier.example/2026/03/vessa-talks#top:~:text="
            "Southland%27s%20water%20minister%2C%20Tove,the%20plan%20went%20ahead.") in report
    # A Markdown source: the words a reader sees, without the emphasis markup.
    monitoring = _page(site, "issues/monitoring.html")
    assert ("../sources/ministry-statement.html#p4", "https://gov.northland.example/statements/vessa-dam#:~:text="
            "Northland%20invites%20Southland%20to%20name%20its%20own%20experts,to%20the%20joint%20monitoring%20board."
            ) not in set(_originals(monitoring, "ministry-statement"))
    assert ("../sources/ministry-statement.html#p4", "https://gov.northland.example/statements/vessa-dam#:~:text="
            "Northland%20invites%20Southland%20to,the%20joint%20monitoring%20board.") in set(
                _originals(monitoring, "ministry-statement"))
    # A source shown only where cited still links its original; a PDF gets none.
    review = _page(site, "issues/commission-review.html")
    assert _originals(review, "commission-note")[0][1].startswith("https://commission.example/mitteilung#:~:text=")
    assert 'href="../sources/treaty-1994.html#p2"' in text
    assert not _originals(text, "treaty-1994")
    # Every plain citation link of a source with an original has one.
    for page in ("issues/river-flow.html", "issues/monitoring.html", "claims/flow-halved.html", "index.html"):
        body = _page(site, page)
        cites = re.findall(r'href="(?:\.\./)?sources/(river-report|ministry-statement)\.html#p\d+"', body)
        assert len(_originals(body, "river-report")) + len(_originals(body, "ministry-statement")) == len(cites), page


def test_the_export_carries_wording_date_basis_and_originals(site):
    data = json.loads((site / "briefing.json").read_text())
    notes = data["notes"] if "notes" in data else data
    flow = next(n for n in (notes.values() if isinstance(notes, dict) else notes)
                if n.get("url") == "issues/river-flow.html")
    assert flow["fields"]["positions"][0]["wording"] == "direct"
    assert any(c.get("original", "").startswith("https://courier.example/") for c in flow["citations"])
    walkout = next(n for n in (notes.values() if isinstance(notes, dict) else notes)
                   if n.get("url") == "events/walkout.html")
    assert walkout["fields"]["date_basis"] == "report"


# ---------------------------------------------------------------- broken variants, as data

BROKEN = [
    ("words outside quotation marks given as direct", "content/issues/river-flow.md",
     "quote: a matter of national energy security", "quote: ready to discuss how the water would be shared",
     ["content/issues/river-flow.md:27: positions[3].wording: direct, but in river-report#p4 the quote is not "
      "inside quotation marks, and no cited source has arlen (or part of it) as its author: the words are the "
      "source's, so write wording: reported (or quote only words the source prints in quotation marks)"]),
    ("a statement quoted directly for an actor that is not its author", "content/claims/flow-halved.md",
     "  - actor: northland-ministry\n", "  - actor: southland\n",
     ["content/claims/flow-halved.md:16: responses[0].wording: direct, but in ministry-statement#p3 the quote is not "
      "inside quotation marks, and no cited source has southland (or part of it) as its author: the words are the "
      "source's, so write wording: reported (or quote only words the source prints in quotation marks)"]),
    ("a report date that is not the report's", "content/events/walkout.md", "date: 2026-03\n", "date: 2026-03-05\n",
     ["content/events/walkout.md:3: date: 2026-03-05 is not when a cited source was published (river-report "
      "2026-03); with date_basis: report the date is a cited source's published date, at its precision"]),
    ("a report date that is also an estimate", "content/events/walkout.md", "date_basis: report\n",
     "date_basis: report\napproximate: true\n",
     ["content/events/walkout.md:5: approximate: true, but date_basis: report says the date is when a source "
      "reported it, not an estimate: keep one of the two"]),
    ("a movement recorded without its source", "content/issues/monitoring.md", "    sources: [river-report#p6]\n---",
     "---", ["content/issues/monitoring.md:4: status: narrowing says the positions moved, but no history entry "
             "records the movement with its source: add one whose change cites it ([@source#pN]) or that has "
             "sources:, or give the status the sources support"]),
    ("open with one side", "content/issues/commission-review.md", "status: unclear", "status: open",
     ["content/issues/commission-review.md:4: status: open, but every position is from one side (commission): "
      "open means the positions of two sides or more are reported and differ; write status: unclear until the "
      "sources report another side"]),
    ("an author that is no actor", "content/sources/ministry-statement.yml", "author: northland-ministry",
     "author: nothland-ministry",
     ['content/sources/ministry-statement.yml:5: author: unknown id "nothland-ministry" (did you mean '
      '"northland-ministry"?)']),
    ("an archived copy that is no address", "content/sources/river-report.yml",
     "archived: https://archive.example/courier-vessa-talks", "archived: archive.example/courier-vessa-talks",
     ['content/sources/river-report.yml:8: archived: "archive.example/courier-vessa-talks" is not an http or '
      "https address"]),
    ("a quote mistyped", "content/issues/river-flow.md",
     "quote: We will not accept a dam that halves the river’s flow.",
     "quote: We will never accept a dam that halves the river’s flow.",
     ["content/issues/river-flow.md:11: positions[0].quote: not found word for word in river-report#p3; the closest "
      'passage, in river-report#p3, reads "We will not accept a dam that halves the river\'s flow.": one word '
      'differs: the quote has "never" where the source has "not"']),
]


@pytest.mark.parametrize("name,path,old,new,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_variant_fails_with_path_and_line(tmp_path, cli, name, path, old, new, expected):
    root = _copy(tmp_path / "p")
    text = (root / path).read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    (root / path).write_text(text.replace(old, new), encoding="utf-8")
    res = cli(root, "check", "--strict")
    assert res.code == 1
    assert [line for line in res.lines if not line.startswith(("briefing check:", "coverage:"))] == expected
