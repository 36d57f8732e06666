"""Our first briefing: complete, cited, and able to answer a reader's questions from the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, copy_ours
from sitecheck import broken_links, parse

from generator import build
from generator.linking.corpus import coverage


@pytest.fixture(scope="module")
def corpus():
    run = build.check(REPO)
    assert [p.format() for p in run.problems.sorted()] == []
    return run.corpus


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ours") / "p"
    copy_ours(root)
    run = build.build(root)
    assert run.ok(), [p.format() for p in run.problems.sorted()]
    return root / "site"


def test_every_paragraph_of_the_seed_is_cited(corpus):
    for cov in coverage(corpus):
        assert set(cov.uncited) == set(cov.headings), cov
    seed = next(c for c in coverage(corpus) if c.source == "seed-article")
    assert seed.headings == (5, 9, 13)  # p1, the title, is cited by the about page


def test_the_seed_is_copied_and_checksummed(corpus):
    seed = REPO / "seeds" / "000_c5f11daeeed803d4.txt"
    shared = REPO.parent / "shared" / "seeds" / seed.name
    if shared.exists():
        assert seed.read_bytes() == shared.read_bytes()
    assert corpus.notes["seed-article"].data.sha256


def _side(corpus, actor):
    while corpus.notes[actor].data.part_of:
        actor = corpus.notes[actor].data.part_of
    return actor


def test_issues_have_cited_positions_and_a_status_the_sides_support(corpus):
    issues = corpus.by_kind["issues"]
    assert len(issues) >= 9
    two_sided = 0
    for n in issues:
        assert all(p.sources for p in n.data.positions), n.id
        sides = {_side(corpus, p.actor) for p in n.data.positions}
        if len(sides) <= 1:
            assert n.data.status == "unclear", n.id  # one side reported, or none: nothing to call open
        else:
            two_sided += 1
        if n.data.status in ("narrowing", "agreed"):
            assert any(h.sources or "[@" in h.change for h in n.data.history), n.id
    assert two_sided >= 2


def test_no_reported_words_are_shown_as_speech(corpus):
    """The seed article prints no quotation at all: every quote in the briefing is the
    article's own wording, and every event is dated by the article's publication."""
    seed = (REPO / "seeds" / "000_c5f11daeeed803d4.txt").read_text()
    assert not any(mark in seed for mark in '"“”„«»')
    items = [p for n in corpus.by_kind["issues"] for p in n.data.positions]
    items += [c.data for c in corpus.by_kind["claims"]]
    items += [r for c in corpus.by_kind["claims"] for r in c.data.responses]
    quoted = [i for i in items if i.quote]
    assert len(quoted) >= 8 and all(i.wording == "reported" for i in quoted)


def test_required_issues_exist(corpus):
    expected = {"guarantee-duration", "guarantee-content", "troop-withdrawal", "zaporizhzhia-npp",
                "settlement-before-ceasefire", "buffer-zones", "parliamentary-approval",
                "national-referendum", "allied-contributions"}
    assert expected <= set(corpus.notes)


def test_actors_claims_events_quotes(corpus):
    actors = corpus.by_kind["actors"]
    assert len(actors) >= 12
    assert {a.data.kind for a in actors} <= {"person", "state", "organisation", "legislature", "public", "group"}
    assert sum(1 for a in actors if a.data.part_of) >= 6
    events = corpus.by_kind["events"]
    assert len(events) >= 6
    for e in events:
        assert e.data.date.iso() == "2025-12" and e.data.date_basis == "report" and not e.data.approximate, e.id
    for c in corpus.by_kind["claims"]:
        assert c.data.date is None or c.data.date_basis == "report", c.id
    quotes = [p for n in corpus.by_kind["issues"] for p in n.data.positions if p.quote]
    assert len(quotes) >= 6
    claims = {c.id: c.data for c in corpus.by_kind["claims"]}
    drone = claims["drone-strike-on-residence"]
    assert drone.claimant == "russian-officials" and drone.status == "denied"
    assert [(r.actor, r.position) for r in drone.responses] == [("zelenskyy", "denies")]
    assert claims["russian-forces-advancing"].claimant == "putin"
    assert claims["closer-than-ever"].claimant == "trump"
    assert claims["russia-violates-agreements"].claimant == "zelenskyy"
    assert corpus.notes["seed-article"].data.published.iso() == "2025-12"
    assert "settlement-before-ceasefire" in corpus.notes["national-referendum"].data.depends_on
    assert any(n.data.history for n in corpus.by_kind["issues"])


def _text(site: Path, page: str) -> str:
    html = (site / page).read_text()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("page,words,cite", [
    # What guarantee length each side wants.
    ("issues/guarantee-duration.html", ["fifteen years", "several decades"], "p2"),
    # Who rejects NATO troops and why it matters.
    ("issues/guarantee-content.html", ["Russia", "NATO countries", "key obstacle"], "p4"),
    # What Moscow wants before any pause.
    ("issues/settlement-before-ceasefire.html", ["full settlement", "before any pause"], "p8"),
    # Who made and who denied the drone allegation.
    ("claims/drone-strike-on-residence.html", ["Russian officials", "Volodymyr Zelenskyy", "denies", "attempted"],
     "p10"),
    # Who must approve the guarantees.
    ("issues/parliamentary-approval.html", ["US Congress", "parliaments"], "p12"),
    # What a referendum would need, and why that is a dilemma.
    ("issues/national-referendum.html", ["sustained ceasefire", "dilemma", "legitimacy"], "p15"),
    # The bottom line, and the analysts' view.
    ("index.html", ["positive sign", "cautious optimism", "no binding decisions"], "p16"),
    # The United States as guarantor and as broker.
    ("actors/united-states.html", ["proposed the security guarantees", "broker"], "p6"),
    # The officials' warning with the drone allegation.
    ("claims/drone-strike-on-residence.html", ["serious response", "negotiating posture"], "p10"),
])
def test_reader_questions_answered_one_click_from_the_source(site, page, words, cite):
    text = _text(site, page)
    for w in words:
        assert w in text, (page, w)
    up = "../" * page.count("/")
    assert f"{up}sources/seed-article.html#{cite}" in parse(site / page).links


def test_our_site_has_no_broken_links(site):
    assert broken_links(site) == []
