"""Synthesise a valid briefing of N notes (all kinds, dense links, citations into long sources).

Usage: python bench/synth.py N OUT_DIR [--seed S]

The mix per 100 notes: 20 issues, 10 actors, 35 events, 30 claims, 4 free pages, and one
source per 500 notes (at least 1) of 400 blocks each. Field sizes follow our first briefing:
one- or two-sentence summaries and stances, three positions per issue, two related issues,
a dependency on every fourth issue, bodies with links and citations, verified quotes.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = ("ceasefire guarantee monitoring withdrawal referendum sanctions border corridor treaty "
         "parliament envoy delegation security reconstruction prisoners exchange energy grain port "
         "mandate observers timetable sequencing verification deployment amnesty elections assets "
         "compensation demining airspace maritime navigation convoy humanitarian water nuclear plant "
         "region frontline talks summit proposal draft clause annex signature ratification").split()
STATUSES = ["open", "narrowing", "agreed", "stalled", "collapsed"]
CLAIM_STATUSES = ["alleged", "disputed", "denied", "confirmed", "refuted", "unverified"]
KINDS = ["person", "state", "organisation", "legislature", "public"]


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def synth(n: int, out: Path, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for d in ("issues", "actors", "events", "claims", "sources", "pages"):
        (out / "content" / d).mkdir(parents=True)
    (out / "seeds").mkdir()
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")

    n_sources = max(1, n // 500)
    n_issues, n_actors = max(2, n * 20 // 100), max(3, n * 10 // 100)
    n_events, n_pages = n * 35 // 100, max(1, n * 4 // 100)
    n_claims = max(0, n - n_sources - n_issues - n_actors - n_events - n_pages)
    blocks_per_source = 400

    sources: dict[str, list[str]] = {}
    for s in range(n_sources):
        sid = f"source-{s:03d}"
        blocks = [sentence(rng, rng.randint(25, 60)) for _ in range(blocks_per_source)]
        sources[sid] = blocks
        (out / "seeds" / f"{sid}.txt").write_text("\n".join(blocks) + "\n", encoding="utf-8")
        (out / "content" / "sources" / f"{sid}.yml").write_text(
            f"title: Source document {s}\nfile: seeds/{sid}.txt\nkind: transcript\npublished: 2025-{1 + s % 12:02d}\n",
            encoding="utf-8")
    source_ids = sorted(sources)

    def cite() -> tuple[str, str]:
        sid = rng.choice(source_ids)
        b = rng.randint(1, blocks_per_source)
        return f"{sid}#p{b}", sources[sid][b - 1]

    actors = [f"actor-{i:04d}" for i in range(n_actors)]
    issues = [f"issue-{i:04d}" for i in range(n_issues)]
    for i, a in enumerate(actors):
        part = f"part_of: {actors[rng.randrange(i)]}\n" if i > 5 and rng.random() < 0.4 else ""
        (out / "content" / "actors" / f"{a}.md").write_text(
            f"---\nname: Actor {i} {rng.choice(WORDS).title()}\nkind: {rng.choice(KINDS)}\n"
            f"role: {sentence(rng, 5)}\n{part}tags: [{rng.choice(WORDS)}]\n---\n", encoding="utf-8")

    for i, iid in enumerate(issues):
        positions = []
        for a in rng.sample(actors, 3):
            ref, block = cite()
            words = block.rstrip(".").split()
            start = rng.randrange(max(1, len(words) - 6))
            quote = " ".join(words[start:start + 5]) if rng.random() < 0.4 else ""
            positions.append(f"  - actor: {a}\n    stance: {sentence(rng, 18)} See [[{rng.choice(issues)}]].\n"
                             + (f"    quote: \"{quote}\"\n" if quote else "") + f"    sources: [{ref}]\n")
        related = sorted({rng.choice(issues) for _ in range(2)} - {iid})
        deps = f"depends_on: [{issues[rng.randrange(i)]}]\n" if i > 0 and i % 4 == 0 else ""
        ref, _ = cite()
        (out / "content" / "issues" / f"{iid}.md").write_text(
            "---\n"
            f"title: \"Issue {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
            f"summary: {sentence(rng, 24)}\n"
            f"status: {rng.choice(STATUSES)}\n"
            f"updated: 2025-12-{1 + i % 28:02d}\n"
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
            f"related: [{', '.join(related)}]\n" + deps
            + "positions:\n" + "".join(positions)
            + f"questions:\n  - {sentence(rng, 12)[:-1]}?\n"
            + f"history:\n  - date: 2025-{1 + i % 12:02d}\n    change: {sentence(rng, 10)}\n"
            + f"---\n{sentence(rng, 30)} Compare [[{rng.choice(issues)}]] [@{ref}].\n",
            encoding="utf-8")

    for i in range(n_events):
        ref, _ = cite()
        approx = "approximate: true\n" if rng.random() < 0.3 else ""
        day = f"-{1 + i % 28:02d}" if rng.random() < 0.7 else ""
        (out / "content" / "events" / f"event-{i:04d}.md").write_text(
            f"---\ntitle: \"Event {i}: {sentence(rng, 6)[:-1]}\"\ndate: 2025-{1 + i % 12:02d}{day}\n{approx}"
            f"actors: [{', '.join(rng.sample(actors, 2))}]\nissues: [{rng.choice(issues)}]\n"
            f"sources: [{ref}]\n---\n", encoding="utf-8")

    for i in range(n_claims):
        ref, _ = cite()
        ref2, _ = cite()
        a, b = rng.sample(actors, 2)
        (out / "content" / "claims" / f"claim-{i:04d}.md").write_text(
            f"---\ntitle: Claim {i}\nstatement: {sentence(rng, 20)}\nclaimant: {a}\n"
            f"status: {rng.choice(CLAIM_STATUSES)}\ndate: 2025-{1 + i % 12:02d}\n"
            f"issues: [{rng.choice(issues)}]\nsources: [{ref}]\n"
            f"responses:\n  - actor: {b}\n    position: {rng.choice(['denies', 'confirms', 'questions', 'supports'])}\n"
            f"    summary: {sentence(rng, 12)}\n    sources: [{ref2}]\n---\n", encoding="utf-8")

    for i in range(n_pages):
        (out / "content" / "pages" / f"page-{i:03d}.md").write_text(
            f"---\ntitle: Page {i}\n---\n{sentence(rng, 40)} See [[{rng.choice(issues)}]].\n\n"
            f"## Part two\n\n{sentence(rng, 40)}\n", encoding="utf-8")

    (out / "content" / "briefing.yml").write_text(
        f"title: Synthetic briefing of {n} notes\nas_of: 2025-12-31\nstale_after_days: 400\n"
        f"summary: A generated briefing for benchmarks; it links [[{issues[0]}]].\n", encoding="utf-8")
    return {"notes": n_sources + n_issues + n_actors + n_events + n_claims + n_pages, "issues": n_issues,
            "actors": n_actors, "events": n_events, "claims": n_claims, "sources": n_sources, "pages": n_pages}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(synth(args.n, args.out, args.seed))


if __name__ == "__main__":
    main()
