"""Search that scales: a Pagefind index for hosted sites, the theme's own index from disk.

The theme's search (lunr) makes a reader fetch the whole index, for every page of the
briefing, before the first result: 16 MB at 5,000 notes. Pagefind splits its index into
chunks a query fetches only for its words, and runs from the finished HTML, so it is the
same for every engine that writes the theme's pages.

After the engine has built the site, and while the CSP pass reads each page anyway:
- `mark(html, page, plan)` marks the page's article as what Pagefind indexes (only pages
  the theme's own search indexes, with the same boost, carried as a Pagefind filter), and
  points the theme at our worker (assets/javascripts/workers/briefing-search.js, beside the
  theme's own, whose lunr language files it finds relative to itself), keeping the theme's own worker
  as `search_theme` for pages opened from disk;
- `index(site)` then runs Pagefind over the site, and empties the theme's index
  (search/search_index.json), which the theme fetches on every page load over http(s).
  The full index stays in search/search_index.js, which the theme loads only from file://.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.output import csp, write

ENGINES = ("mkdocs", "properdocs")
"""Engines whose pages carry the theme's search (Material's); Zensical has its own."""

WORKER_NAME = "briefing-search.js"
"""Our search worker, in the folder of the theme's (site_templates/assets/javascripts/workers/)."""

INDEX = "search/search_index.json"
PAGEFIND_DIR = "pagefind"
TIMEOUT = 600
"""Seconds Pagefind may take (it indexed 5,000 pages in about 6 s)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own interfaces, which the site does not use (the theme's is kept)."""

EXCLUDE = ("[data-search-exclude]", ".headerlink", ".md-source-file")
"""What the theme's search leaves out of a page, and so does Pagefind."""


@dataclass
class Plan:
    """What the theme's own index holds: the pages it searches and their boosts."""

    boosts: dict[str, float] = field(default_factory=dict)
    """Page path (relative to the site) → boost, for every page the theme indexes."""


def plan(site: Path, engine: str) -> Plan | None:
    """The plan for `site`, or None where there is nothing to do (another engine, no index)."""
    path = site / INDEX
    if engine not in ENGINES or not path.is_file() or path.is_symlink():
        return None
    return plan_of(json.loads(path.read_text(encoding="utf-8")).get("docs", []))


def plan_of(docs: list) -> Plan:
    """The plan for the theme's index entries `docs` (all of a site's, or a share's)."""
    boosts: dict[str, float] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        if "#" not in location:
            boosts[location or "index.html"] = float(doc.get("boost", 1) or 1)
    return Plan(boosts)


_ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset"')
_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def config_json(config: dict) -> str:
    """The configuration as the theme's template writes it (Jinja's tojson)."""
    text = json.dumps(config, sort_keys=True)
    return "".join(_HTML_SAFE.get(c, c) for c in text)


def _point_at_ours(html: str) -> str:
    """The theme's configuration (the page's one __config block, read as JSON, so a title
    or a setting holding the same words elsewhere changes nothing) naming our worker."""
    found = csp.theme_config(html)
    if found is None:
        return html
    m, config = found
    theme = config.get("search")
    if not isinstance(theme, str) or "/" not in theme:
        return html
    # Beside the theme's worker, addressed the same way (relative, or absolute on a 404 page).
    config["search"], config["search_theme"] = theme.rsplit("/", 1)[0] + "/" + WORKER_NAME, theme
    return html[:m.start(1)] + config_json(config) + html[m.end(1):]


_H1_RE = re.compile(r"<h1(?=[\s>])")

HEADING_WEIGHT = 7
"""Pagefind's weight for a page's h1; the most it allows is 10."""


def _weight(value: float) -> str:
    return f"{min(value, 10.0):g}"


def mark(html: str, page: str, the_plan: Plan | None) -> str:
    """The page with its article marked for Pagefind and our worker in its configuration.

    Pagefind has no per-page boost, and its filters are written in a different order on
    each run (so the index would differ from build to build). A page's boost becomes the
    weight of its words instead: its text weighs its boost, and its title the heading
    weight plus (boost - 1), so a person's or an issue's own page comes before the pages
    that merely name it in their titles."""
    if the_plan is None:
        return html
    boost = the_plan.boosts.get(page)
    if boost is not None:
        attrs = " data-pagefind-body"
        if boost != 1:
            attrs += f' data-pagefind-weight="{_weight(boost)}"'
        article = _ARTICLE_RE.search(html)
        if article is not None:
            html = html[:article.end()] + attrs + html[article.end():]
        if article is not None and boost != 1:
            h1 = _H1_RE.search(html, article.end())
            if h1 is not None:
                title = _weight(max(HEADING_WEIGHT + boost - 1, 1.0))
                html = html[:h1.end()] + f' data-pagefind-weight="{title}"' + html[h1.end():]
    return _point_at_ours(html)


class SearchError(Exception):
    """Pagefind failed; the message says how."""


def run_pagefind(source: Path, out: Path) -> None:
    """Pagefind over the pages under `source`, its index written into `out`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    source, out = source.resolve(), out.resolve()  # it runs in `source`: no path may be relative to here
    command = [sys.executable, "-P", "-m", "pagefind", "--site", str(source), "--output-path", str(out),
               "--keep-index-url", "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise SearchError(f"Pagefind took longer than {TIMEOUT} s") from exc
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise SearchError(f"Pagefind failed: {last[0]}")


_HTML_TAG_RE = re.compile(r"<html(?=[\s>])[^>]*>")
_ARTICLE_TAG_RE = re.compile(r"<(/?)article(?=[\s>])[^>]*>")


def _indexed_part(html: str) -> str | None:
    """The page as Pagefind reads it (see strip), or None if Pagefind does not index it."""
    start = _ARTICLE_RE.search(html)
    tag = _HTML_TAG_RE.search(html)
    if start is None or tag is None or not html.startswith(" data-pagefind-body", start.end()):
        return None
    depth = 0
    for m in _ARTICLE_TAG_RE.finditer(html, start.start()):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return (f'<!doctype html>{tag.group(0)}<head><meta charset="utf-8"></head><body>'
                    f"{html[start.start():m.end()]}</body></html>")
    return None


def strip(site: Path, into: Path) -> int:
    """Each page Pagefind indexes, reduced to what it reads of it, under `into`: the
    `<html>` tag (its language) and the article marked data-pagefind-body. Pagefind reads
    nothing else of a site where some page is marked, so the index is the same
    (tests/test_search.py), from a fifth of the bytes. Returns the number of pages written
    (none where no page is marked: Pagefind then reads every page whole).

    Pagefind numbers pages in the order the file system lists them, so the copy lists its
    entries in the site's order: each folder's entries are made in reverse, since memory file
    systems list the newest first (and disks by a hash of the name, whatever the order)."""
    count = 0
    into.mkdir(parents=True, exist_ok=True)
    pending = [(site, into)]
    while pending:
        here, there = pending.pop()
        with os.scandir(here) as listing:
            entries = list(listing)
        for entry in reversed(entries):
            if entry.is_dir(follow_symlinks=False):
                (there / entry.name).mkdir()
                pending.append((here / entry.name, there / entry.name))
            elif entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                kept = _indexed_part(Path(entry.path).read_text(encoding="utf-8"))
                if kept is not None:
                    (there / entry.name).write_text(kept, encoding="utf-8")
                    count += 1
    return count


SHM = Path("/dev/shm")


def _scratch(site: Path) -> Path:
    """Where the cut-down pages go: memory (/dev/shm) where it has room, since making
    thousands of small files on disk costs more than Pagefind's own work (at 5,000 pages,
    0.7 s against 5.6 s here); beside the site otherwise."""
    try:
        free = os.statvfs(SHM)
        if SHM.is_dir() and os.access(SHM, os.W_OK) and free.f_bavail * free.f_frsize > 512 * 1024 * 1024:
            return SHM
    except OSError:
        pass
    return site.parent


SCRATCH_PREFIX = ".pagefind-"


def _sweep(scratch: Path) -> None:
    """Remove the cut-down pages a build left behind when it was killed (memory in /dev/shm
    is not given back otherwise): folders of ours named after a process that is gone."""
    try:
        names = [n for n in os.listdir(scratch) if n.startswith(SCRATCH_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(SCRATCH_PREFIX):].partition("-")[0]
        path = scratch / name
        try:
            info = os.lstat(path)
            if not pid.isdigit() or info.st_uid != os.getuid() or not stat.S_ISDIR(info.st_mode):
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            write.remove_tree(path, ignore_errors=True)
        except (OSError, OverflowError):
            continue


def index(site: Path, the_plan: Plan | None) -> None:
    """Run Pagefind over `site` and empty the theme's index; the site is otherwise unchanged."""
    if the_plan is None:
        return
    scratch = _scratch(site)
    _sweep(scratch)
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=scratch) as tmp:
        source = Path(tmp) if strip(site, Path(tmp)) else site
        run_pagefind(source, site / PAGEFIND_DIR)
    out = site / PAGEFIND_DIR
    for name in UNUSED:
        target = out / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
    path = site / INDEX
    theme_index = json.loads(path.read_text(encoding="utf-8"))
    theme_index["docs"] = []
    path.write_text(json.dumps(theme_index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
