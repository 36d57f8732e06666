"""The engine in several processes: each builds a share of the pages, then the shares merge.

MkDocs renders every page on one core. Here each of N processes (`python -m
generator.output.shares CONFIG OUT I N`) loads the same configuration, reads every page's
source (titles and front matter: the navigation is the same in every share), but renders,
indexes and writes only its own pages: every N-th page, starting at I. Share 0 also copies
the theme's files and writes the theme's templates (404 page, sitemap). Nothing of ours
runs inside MkDocs: the share calls MkDocs' own build steps, in MkDocs' own order.

What a share cannot know alone, it writes down for the merge (`share.json`): the search
entries of its pages, and for anchor validation, the anchors its pages hold and the links
they make to anchors. `merge()` then moves every share's files into one folder, writes the
theme's search index as one process would (same order, same bytes), and validates every
link to an anchor once, against every page, with MkDocs' rule and message; in strict mode
a problem fails the build as MkDocs' would.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from pathlib import Path

RECORD = "share.json"
"""What a share leaves for the merge, beside its pages."""

SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"


def jobs_default() -> int:
    """The cores this process may use (not the host's: a CI runner may be given fewer)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def build_share(config_file: str, out: Path, index: int, count: int) -> int:
    """Build share `index` of `count` into `out`; returns the number of warnings."""
    from mkdocs import utils
    from mkdocs.commands import build as mk
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    config = load_config(config_file=config_file, site_dir=str(out))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    inclusion = InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    mine = [f for i, f in enumerate(doc_files) if i % count == index]
    own = {id(f) for f in mine}
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None
        if id(file) in own:
            mk._populate_page(file.page, config, files, dirty=False)
        else:
            config._current_page = file.page
            file.page.read_source(config)  # title and front matter, for the navigation
            config._current_page = None
    env = config.plugins.on_env(env, config=config, files=files)
    if index == 0:
        files.copy_static_files(dirty=False, inclusion=inclusion)
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)
    for file in mine:
        assert file.page is not None
        mk._build_page(file.page, config, doc_files, nav, env, dirty=False, excluded=file.inclusion.is_excluded())
    config.plugins.on_post_build(config=config)
    record = {
        "pages": [f.url for f in mine],
        "order": [f.url for f in doc_files],
        "anchors": {f.src_uri: sorted(f.page.present_anchor_ids or ()) for f in mine if f.page is not None},
        "links": [[f.src_uri, to.src_uri, anchor, original]
                  for f in mine if f.page is not None and f.page.links_to_anchors
                  for to, links in f.page.links_to_anchors.items() for anchor, original in links.items()],
        "anchor_level": config.validation.links.anchors,
        "strict": bool(config.strict),
    }
    index_file = out / SEARCH_INDEX
    if index_file.is_file():
        record["search"] = json.loads(index_file.read_text(encoding="utf-8"))
        index_file.unlink()
        script = out / SEARCH_SCRIPT
        if script.is_file():
            script.unlink()
    (out / RECORD).write_text(json.dumps(record), encoding="utf-8")
    return sum(n for _, n in counter.get_counts())


class MergeError(Exception):
    """The shares do not join into a site: the message says why (for the engine's log)."""


def merge(shares: list[Path], out: Path) -> tuple[list[str], bool]:
    """Join the shares into `out`; returns the anchor problems found (MkDocs' messages), and
    whether they fail the build (strict mode, at the level mkdocs.yml gives them)."""
    records = [json.loads((s / RECORD).read_text(encoding="utf-8")) for s in shares]
    for share in shares:
        (share / RECORD).unlink()
        for dirpath, dirnames, filenames in os.walk(share):
            dirnames.sort()
            rel = Path(dirpath).relative_to(share)
            (out / rel).mkdir(parents=True, exist_ok=True)
            for name in sorted(filenames):
                target = out / rel / name
                if target.exists():
                    raise MergeError(f"two shares wrote {(rel / name).as_posix()}")
                os.replace(Path(dirpath) / name, target)
    searched = [r for r in records if "search" in r]
    if searched:
        _merge_search(records, out)
    level = int(records[0]["anchor_level"])
    problems = _anchor_problems(records) if level > logging.DEBUG else []
    return problems, bool(problems) and records[0]["strict"] and level >= logging.WARNING


def _merge_search(records: list[dict], out: Path) -> None:
    order = {url: i for i, url in enumerate(records[0]["order"])}
    groups: dict[str, list[dict]] = {}
    for r in records:
        for entry in r.get("search", {}).get("docs", []):
            groups.setdefault(entry["location"].split("#")[0], []).append(entry)

    def rank(path: str) -> int:
        return order.get(path or "index.html", order.get(path + "index.html", len(order)))

    docs = [e for path in sorted(groups, key=rank) for e in groups[path]]
    data = {"config": records[0]["search"]["config"], "docs": docs}
    # As the theme's search plugin writes it, and its offline plugin after it.
    text = json.dumps(data, separators=(",", ":"), default=str)
    (out / "search").mkdir(exist_ok=True)
    (out / SEARCH_INDEX).write_text(text, encoding="utf-8")
    (out / SEARCH_SCRIPT).write_text(f"var __index = {text}", encoding="utf-8")


def _anchor_problems(records: list[dict]) -> list[str]:
    """MkDocs' validate_anchor_links, over every page of every share."""
    anchors: dict[str, set[str]] = {}
    for r in records:
        for src, ids in r["anchors"].items():
            anchors[src] = set(ids)
    problems = []
    for r in records:
        for src, to, anchor, original in r["links"]:
            present = anchors.get(to)
            if present is None or anchor in present:
                continue
            if to == src:
                problem = "there is no such anchor on this page"
                if anchor.startswith("fnref:"):
                    problem += " This seems to be a footnote that is never referenced"
            else:
                problem = f"the doc '{to}' does not contain an anchor '#{anchor}'"
            problems.append(f"Doc file '{src}' contains a link '{original}', but {problem}.")
    return problems


def main(argv: list[str]) -> int:
    config_file, out, index, count = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO, stream=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    warnings = build_share(config_file, out, index, count)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
