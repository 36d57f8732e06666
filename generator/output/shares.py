"""The engine in several processes: each builds a share of the pages (merge.py joins them).

MkDocs renders every page on one core. Here each of N processes (`python -m
generator.output.shares CONFIG OUT I N [options]`) loads the same configuration, reads the
source of every page in the navigation (titles and front matter: the navigation is the same in
every share; a page outside it is read only by the share that builds it), but
renders, indexes and writes only its own pages: every N-th page, starting at I, of all pages
or of those an incremental build names (`--only FILE`, one source path per line). Share 0 also copies
the theme's files and writes the theme's templates (404 page, sitemap). Nothing of ours runs
inside MkDocs: the share calls MkDocs' own build steps, in MkDocs' own order.

What a share cannot know alone, it writes down for the merge (`share.json`): the search
entries of its pages, and for anchor validation, the anchors its pages hold and the links
they make to anchors; and the navigation's signature, which an incremental build compares
with the one its pages were built with (`--nav SIG`: when it differs, every page is built,
since every page shows the navigation). With `--harden`, the share also gives its own pages
the site's Content-Security-Policy and marks them for search (csp.py, search.py), so that
pass runs on every core too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from generator.output import write

RECORD = "share.json"
"""What a share leaves for the merge, beside its pages."""

CANNOT_SHARE = 4
"""A share's exit code when the configuration runs plugins or hooks besides the theme's
search and offline plugins: their events would run once per share, so the build runs in
one plain engine process instead (parallel.py)."""

SHAREABLE = {"search", "material/search", "offline", "material/offline"}

SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"


def jobs_default() -> int:
    """The cores this process may use (not the host's: a CI runner may be given fewer)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def nav_signature(nav: Any) -> str:
    """What every page shows of the navigation: each entry's kind, title and address."""
    def item(x: Any) -> list:
        return [type(x).__name__, x.title, getattr(x, "url", None), [item(c) for c in (x.children or [])]]

    home = nav.homepage.url if nav.homepage is not None else None
    text = json.dumps([home, [item(i) for i in nav.items]], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CannotShare(Exception):
    pass


def build_share(config_file: str, out: Path, index: int, count: int, only: set[str] | None = None,
                nav_was: str | None = None, static: bool = False) -> tuple[int, dict]:
    """Build share `index` of `count` (or the pages `only` names; with `static`, no page but
    the theme's files and templates) into `out`; returns the number of warnings and the
    record for the merge."""
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
    if not set(config.plugins) <= SHAREABLE:
        raise CannotShare(sorted(set(config.plugins) - SHAREABLE))
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
    in_nav = {id(page.file) for page in nav.pages}
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None
        if id(file) in in_nav:  # its title and front matter, which every page's navigation shows
            config._current_page = file.page
            file.page.read_source(config)
            config._current_page = None
    signature = nav_signature(nav)
    everything = only is not None and signature != nav_was
    wanted = doc_files if only is None or everything else [f for f in doc_files if f.src_uri in only]
    mine = [] if static else wanted[index::count]
    for file in mine:
        assert file.page is not None
        mk._populate_page(file.page, config, files, dirty=False)
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
    record: dict[str, Any] = {
        "share": [index, count],
        "pages": {f.src_uri: f.url for f in mine},
        "order": [f.url for f in doc_files],
        "anchors": {f.src_uri: sorted(f.page.present_anchor_ids or ()) for f in mine if f.page is not None},
        "links": [[f.src_uri, to.src_uri, anchor, original]
                  for f in mine if f.page is not None and f.page.links_to_anchors
                  for to, links in f.page.links_to_anchors.items() for anchor, original in links.items()],
        "anchor_level": config.validation.links.anchors,
        "strict": bool(config.strict),
        "nav": signature,
        "everything": everything,
    }
    if static:  # for `briefing merge`, which takes only these pages from shards it did not build
        record["files"] = {f.src_uri: [f.url, f.dest_uri] for f in doc_files}
    index_file = out / SEARCH_INDEX
    if index_file.is_file():
        record["search"] = json.loads(index_file.read_text(encoding="utf-8"))
        index_file.unlink()
        script = out / SEARCH_SCRIPT
        if script.is_file():
            script.unlink()
    return sum(n for _, n in counter.get_counts()), record


def harden(out: Path, record: dict) -> None:
    """The policy and the search marks on the share's own pages (as engine.finish does on a
    site built in one process); an unknown script is written into the record for the merge."""
    from generator.output import csp, search

    found = search.plan_of(record["search"].get("docs", [])) if "search" in record else None
    try:
        csp.harden_site(out, "mkdocs", lambda html, page: search.mark(html, page, found))
    except csp.UnknownScript as exc:
        record["unknown_script"] = [exc.page, exc.what]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.output.shares")
    ap.add_argument("config")
    ap.add_argument("out", type=Path)
    ap.add_argument("index", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--only", type=Path, help="a file naming the pages to build, one source path per line")
    ap.add_argument("--nav", help="the navigation signature those pages were built with")
    ap.add_argument("--harden", action="store_true", help="apply the CSP and search marks to the share's pages")
    ap.add_argument("--static", action="store_true", help="build no page: only the theme's files and templates")
    args = ap.parse_args(argv)
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO, stream=sys.stderr)
    write.remove_tree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    only = set(args.only.read_text(encoding="utf-8").splitlines()) if args.only else None
    try:
        warnings, record = build_share(args.config, args.out, args.index, args.count, only, args.nav, args.static)
    except CannotShare as exc:
        print(f"cannot share the build: plugins {', '.join(map(str, exc.args[0]))}", file=sys.stderr)
        return CANNOT_SHARE
    if args.harden and not warnings:
        harden(args.out, record)
    (args.out / RECORD).write_text(json.dumps(record), encoding="utf-8")
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
