"""Incremental builds: reuse the pages of the last build whose generated Markdown is unchanged.

After every build with a shared-out engine (shares.py), a manifest is written to the user's
cache folder (`$XDG_CACHE_HOME/briefing/<project>/`, never the repository): for every page,
the hash of its generated Markdown, the hash of its finished HTML, and what the merge needs
of it (its search entries, its anchors and the links it makes to anchors); plus the
navigation's signature and the key of everything else a page depends on: the engine and the
versions of every package that renders a page, this tool's code that makes pages of the
Markdown (generator/output/) and its templates, mkdocs.yml and the generated settings, the
theme overrides, and the build date.

The next build reuses a page only when the key is the same, its Markdown has the same hash,
and the file in site/ still has the bytes the manifest records (site/ is in the project
folder, which may hold anything: a committed site/ is never served as ours). Every other page
is rebuilt; the engine's templates (404 page, sitemap), the static files, the search indexes
and the CSP pass are always redone. When the navigation differs, when a file of the last
build is gone (a page may have linked to it) or when most pages changed, the build is clean.
A manifest that cannot be read, or was written for another key, is not used at all.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import paths
from generator.output import write
from generator.output.write import read_regular

FORMAT = 1
MANIFEST = "manifest.json"
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml", "pygments",
            "babel", "pagefind")
"""Packages whose version changes what a page holds."""
MOST = 0.5
"""Past this share of changed pages, a clean build (on every core) is faster than reuse."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_dir(root: Path, create: bool = False) -> Path:
    """This project's cache folder: $XDG_CACHE_HOME (or ~/.cache)/briefing/<hash of its path>."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "briefing" / _sha(os.fsencode(root.resolve()))[:24]
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _tree_hash(folder: Path, h: Any, pattern: str = "*") -> None:
    for f in sorted(folder.rglob(pattern)):
        if f.is_file() and not f.is_symlink() and "__pycache__" not in f.parts:
            h.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")


def key(root: Path, engine: str, epoch: int | None) -> str:
    """Everything a page depends on besides its own Markdown and the navigation."""
    h = hashlib.sha256()
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    h.update(json.dumps([FORMAT, engine, sys.version, versions, os.environ.get("SOURCE_DATE_EPOCH") or epoch])
             .encode())
    # The code that turns generated Markdown into pages: this folder's (the shares, the merge,
    # the CSP and search passes). The rest of the tool only writes the Markdown, whose every
    # page is hashed on its own.
    _tree_hash(Path(__file__).resolve().parent, h, "*.py")
    _tree_hash(paths.TEMPLATES, h)
    for rel in ("mkdocs.yml", paths.GENERATED_CONFIG):
        f = root / rel
        h.update(rel.encode() + b"\0" + (f.read_bytes() if f.is_file() else b"-") + b"\0")
    _tree_hash(root / paths.THEME_DIR, h)
    return h.hexdigest()


def docs_files(root: Path) -> dict[str, bytes]:
    """The generated pages (Markdown source path → bytes) and the names of the other files."""
    docs = root / paths.DOCS_DIR
    out = {}
    for dirpath, dirnames, filenames in write.walk(docs):
        dirnames.sort()
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(docs).as_posix()
            out[rel] = (Path(dirpath) / name).read_bytes() if name.endswith(".md") else b""
    return out


def docs_hash(files: dict[str, bytes]) -> str:
    """One hash of the generated pages (the shards of one build must agree on it)."""
    return _sha(json.dumps(sorted((k, _sha(v)) for k, v in files.items())).encode())


@dataclass
class Plan:
    """What an incremental build reuses, and what it rebuilds."""

    nav: str
    rebuild: list[str]
    """Source paths of the pages the engine builds."""
    record: dict = field(default_factory=dict)
    """The reused pages' record, as a share writes one (see shares.py)."""


def load(root: Path, the_key: str) -> dict | None:
    """The manifest of the last build, when it was written for this key."""
    raw = read_regular(cache_dir(root) / MANIFEST)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    ok = (isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == the_key
          and isinstance(data.get("pages"), dict) and isinstance(data.get("files"), list)
          and isinstance(data.get("nav"), str))
    return data if ok else None


def _safe_url(url: str) -> bool:
    """A page's address inside the site: relative, no `..`, no NUL, ending in .html."""
    parts = url.split("/")
    return (bool(url) and not url.startswith("/") and "\0" not in url and "\\" not in url and url.endswith(".html")
            and all(p not in ("", ".", "..") for p in parts))


def _take_page(site: Path, url: str, target: Path) -> bytes | None:
    """A page of the last site put at `target` (a hard link: no copy of its bytes, or a copy
    where links cannot be made) and read back from there, if it is a regular file inside the
    site (never through a link); None, and nothing left at `target`, otherwise."""
    if not _safe_url(url):
        return None
    here = site
    for part in url.split("/")[:-1]:
        here = here / part
        if here.is_symlink() or not here.is_dir():
            return None
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if os.lstat(site / url).st_nlink != 1:
            raise OSError("linked elsewhere too")  # never share a file that lives outside the site
        os.link(site / url, target, follow_symlinks=False)
    except OSError:
        data = read_regular(site / url)
        if data is None:
            return None
        target.write_bytes(data)
    data = read_regular(target)
    if data is None:
        target.unlink(missing_ok=True)  # the link of a link, a FIFO or a device: not a page
    return data


def plan(root: Path, manifest: dict, files: dict[str, bytes], part: Path) -> Plan | None:
    """Copy the pages that can be reused into `part` (a share folder); None for a clean build."""
    if set(manifest["files"]) - set(files):
        return None  # a file has gone: a page that is kept may have linked to it
    pages = {src: data for src, data in files.items() if src.endswith(".md")}
    site = root / paths.SITE_DIR
    kept: dict[str, dict] = {}
    for src, text in pages.items():
        entry = manifest["pages"].get(src)
        if not isinstance(entry, dict) or entry.get("md") != _sha(text) or not isinstance(entry.get("url"), str):
            continue
        if not _safe_url(entry["url"]):
            continue  # not a page of the site: never a path to touch
        target = part / entry["url"]
        html = _take_page(site, entry["url"], target)
        if html is None or _sha(html) != entry.get("html"):
            target.unlink(missing_ok=True)  # inside our own work folder (_safe_url)
            continue  # changed or missing since the last build: rebuilt
        kept[src] = entry
    rebuild = sorted(set(pages) - set(kept))
    if len(rebuild) > MOST * len(pages):
        return None
    record = {
        "share": [0, 1], "pages": {s: e["url"] for s, e in kept.items()}, "order": [],
        "anchors": {s: e.get("anchors", []) for s, e in kept.items()},
        "links": [link for e in kept.values() for link in e.get("links", [])],
        "anchor_level": 0, "strict": False, "nav": manifest["nav"],
        "search": {"docs": [d for e in kept.values() for d in e.get("search", [])]},
        "hashes": {s: e["html"] for s, e in kept.items()},  # checked just now: save() need not read them again
    }
    return Plan(manifest["nav"], rebuild, record)


def save(root: Path, the_key: str, files: dict[str, bytes], records: list[dict], site: Path) -> None:
    """The manifest of the site just built (in `site`, before it is swapped in)."""
    entries: dict[str, dict] = {}
    searches: dict[str, list] = {}
    for r in records:
        for d in r.get("search", {}).get("docs", []):
            searches.setdefault(d["location"].split("#")[0] or "index.html", []).append(d)
    for r in records:
        links: dict[str, list] = {}
        for link in r["links"]:
            links.setdefault(link[0], []).append(link)
        hashes = r.get("hashes", {})
        for src, url in r["pages"].items():
            html = hashes.get(src) or _sha((site / url).read_bytes())
            entries[src] = {"url": url, "md": _sha(files.get(src, b"")), "html": html,
                            "anchors": r["anchors"].get(src, []), "links": links.get(src, []),
                            "search": searches.get(url, [])}
    data = {"format": FORMAT, "key": the_key, "nav": records[0]["nav"], "files": sorted(files), "pages": entries}
    folder = cache_dir(root, create=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, separators=(",", ":")))  # the C encoder: json.dump writes piece by piece
    os.replace(tmp, folder / MANIFEST)


def forget(root: Path) -> None:
    """Drop the manifest (a build that did not record its pages leaves none behind)."""
    try:
        (cache_dir(root) / MANIFEST).unlink()
    except FileNotFoundError:
        pass
