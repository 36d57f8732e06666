"""Shares of a site joined into one: their files, the theme's search index, anchor checks.

A share is a folder of built pages with a record (`share.json`, see shares.py): made by a
process of this build (`--jobs`), by another machine (`--shard I/N`, joined by `briefing
merge`), or by an incremental build from the pages it reuses (reuse.py). `merge()` copies
(or, for its own build's folders, moves) every share's files into one folder, writes the
theme's search index as one process would (same order, same bytes), and validates every link
to an anchor once, against every page, with MkDocs' rule and message; in strict mode a
problem fails the build as MkDocs' would.

A shard folder comes from elsewhere (a CI artifact), so it is read as untrusted input: its
record must have the expected shape, and only regular files are taken from it (a link, a
FIFO or a device is refused, and nothing is followed out of the folder).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

from generator.output import write
from generator.output.shares import RECORD, SEARCH_INDEX, SEARCH_SCRIPT
from generator.output.write import read_inside, read_regular

RECORD_MAX = 512 * 1024 * 1024
"""The largest record read (the search entries of 5,000 pages take about 15 MB)."""


class EngineError(Exception):
    """The engine's build failed; `output` holds its log (engine.py raises it too)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class MergeError(Exception):
    """The shares do not join into a site: the message says why."""


_SHAPE: dict[str, type | tuple[type, ...]] = {
    "share": list, "pages": dict, "order": list, "anchors": dict, "links": list, "anchor_level": int,
    "strict": bool, "nav": str,
}


def read_record(share: Path) -> dict[str, Any]:
    """A share's record, checked for shape (a record from another machine is untrusted input)."""
    path = share / RECORD
    if not os.path.lexists(path) or os.path.islink(path):
        raise MergeError(f"{share}: no {RECORD} (a link is none): not a folder `briefing build --shard` wrote")
    data = read_regular(path, RECORD_MAX)
    if data is None or len(data) > RECORD_MAX:
        raise MergeError(f"{path}: not a record of a share")
    try:
        record = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MergeError(f"{path}: not a record of a share (not JSON)") from None
    if not isinstance(record, dict) or any(not isinstance(record.get(k), t) for k, t in _SHAPE.items()):
        raise MergeError(f"{path}: not a record of a share (fields missing or of the wrong kind)")
    if not all(isinstance(v, str) for v in [*record["pages"], *record["pages"].values(), *record["order"]]) \
            or not all(isinstance(x, list) and len(x) == 4 and all(isinstance(y, str) for y in x)
                       for x in record["links"]) \
            or not all(isinstance(v, list) and all(isinstance(a, str) for a in v) for v in record["anchors"].values()):
        raise MergeError(f"{path}: not a record of a share (fields of the wrong kind)")
    unknown = record.get("unknown_script")
    if unknown is not None and not (isinstance(unknown, list) and len(unknown) == 2
                                    and all(isinstance(x, str) for x in unknown)):
        raise MergeError(f"{path}: not a record of a share (its unknown_script)")
    search = record.get("search")
    if search is not None and not (isinstance(search, dict) and isinstance(search.get("docs"), list)
                                   and all(_entry(d) for d in search["docs"])):
        raise MergeError(f"{path}: not a record of a share (its search entries)")
    return record


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


_ENTRY: dict[str, type | tuple[type, ...]] = {
    "location": str, "title": str, "text": str, "tags": list, "boost": (int, float)}


_KEPT_TAGS_RE = re.compile(r"</?(?:p|code|pre|li|ol|ul|sub|sup)>")
"""The only markup in the theme's search entries: its search plugin keeps these tags, bare,
and escapes all other text. The theme shows titles and texts as HTML, so an entry holding
any other `<` or `>` (a tag of a shard's own) is refused."""


def _boost(v: Any) -> bool:
    try:
        return "boost" not in v or 0 <= float(v["boost"]) <= BOOST_MAX
    except (TypeError, ValueError, OverflowError):
        return False


BOOST_MAX = 1e9
"""The largest search boost taken from a shard (the theme's are up to a million)."""


def _entry(d: Any) -> bool:
    """One search entry as the theme's search plugin writes it."""
    return (isinstance(d, dict) and isinstance(d.get("location"), str) and set(d) <= set(_ENTRY) and _boost(d)
            and all(isinstance(v, _ENTRY[k]) and not isinstance(v, bool) for k, v in d.items())
            and all(isinstance(t, str) for t in d.get("tags", []))
            and all(not re.search(r"[<>]", _KEPT_TAGS_RE.sub("", x))
                    for x in (d.get("title", ""), d.get("text", ""), *d.get("tags", []))))


PAGE_MAX = 64 * 1024 * 1024
"""The largest page taken from a shard (our largest, the print page at 5,000 notes, is about 30 MB)."""


def take_pages(records: list[dict], shares: list[Path], out: Path, trusted: dict) -> list[dict]:
    """From shards built elsewhere, only their pages, into `out` (which already holds every
    other file of the site, made here: `trusted` is the record of that build). Shard i of N
    must give exactly the pages a share i of N builds, at the addresses this build gives
    them; nothing else is read from its folder. Returns each shard's record confined to its
    own pages (search entries, anchors, links)."""
    files: dict[str, list[str]] = trusted["files"]
    order = list(files)
    confined = []
    for record, share in zip(records, shares, strict=True):
        index, count = record["share"]
        mine = order[index::count]
        if set(record["pages"]) != set(mine) or any(record["pages"][src] != files[src][0] for src in mine):
            raise MergeError(f"{share}: its pages are not those of share {index + 1}/{count} of this build")
        for src in mine:
            dest = files[src][1]
            try:
                data = read_inside(share, dest, PAGE_MAX)
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise MergeError(f"{share}: {dest} is not UTF-8 text") from None
            except ValueError as exc:
                raise MergeError(f"{share}: {dest}: {exc}") from None
            target = out / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        urls = {files[src][0] for src in mine}
        own = set(mine)
        entries = [e for e in record.get("search", {}).get("docs", []) if e["location"].split("#")[0] in urls]
        kept = {k: v for k, v in record.items() if k != "unknown_script"}  # its pages are checked here
        confined.append({**kept, "search": {"docs": entries},
                         "anchors": {k: v for k, v in record["anchors"].items() if k in own},
                         "links": [x for x in record["links"] if x[0] in own and x[1] in files]})
    return confined


def join_files(shares: list[Path], out: Path, move: bool) -> None:
    """Every share's files into `out` (moved, or copied from a folder that is kept)."""
    for share in shares:
        for dirpath, dirnames, filenames in write.walk(share):  # never follows a link
            dirnames.sort()
            here = Path(dirpath)
            rel = here.relative_to(share)
            for d in dirnames:
                if (here / d).is_symlink():
                    raise MergeError(f"{share}: {(rel / d).as_posix()} is a link, not a folder of the site")
            (out / rel).mkdir(parents=True, exist_ok=True)
            for name in sorted(filenames):
                if rel == Path(".") and name == RECORD:
                    continue
                source, target = here / name, out / rel / name
                info = os.lstat(source)
                if not stat.S_ISREG(info.st_mode):
                    raise MergeError(f"{share}: {(rel / name).as_posix()} is not a regular file")
                if not move and info.st_nlink != 1:  # a shard from elsewhere: it may point outside
                    raise MergeError(f"{share}: {(rel / name).as_posix()} is a hard link to a file elsewhere")
                if target.exists():
                    raise MergeError(f"two shares wrote {(rel / name).as_posix()}")
                if move:
                    os.replace(source, target)
                else:
                    shutil.copyfile(source, target, follow_symlinks=False)


def merge(records: list[dict], shares: list[Path], out: Path, move: bool = True,
          trusted: dict | None = None) -> tuple[list[str], bool]:
    """Join the shares into `out`; returns the anchor problems found (MkDocs' messages), and
    whether they fail the build (strict mode, at the level mkdocs.yml gives them). Given
    the `trusted` record of a build of the site's other files already in `out`, only the
    pages are taken from the shares (see take_pages)."""
    if trusted is None:
        join_files(shares, out, move)
    else:
        records = [trusted, *take_pages(records, shares, out, trusted)]
    if any("search" in r for r in records):
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

    config = next(r["search"]["config"] for r in records if "config" in r.get("search", {}))
    docs = [e for path in sorted(groups, key=rank) for e in groups[path]]
    # As the theme's search plugin writes it, and its offline plugin after it.
    text = json.dumps({"config": config, "docs": docs}, separators=(",", ":"), default=str)
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
