"""A Content-Security-Policy (and one accessibility fix) for every built page, before the site is swapped in.

The policy allows, besides scripts from the site itself, exactly the inline scripts on the
known list: the theme's own (read from the installed theme's templates, one entry per
script, named after its template) and ours (`OURS`, by name). Each is matched against the
page's inline scripts, and only those that match are allowed, by their SHA-256 hashes.
Any other inline script in a built page, any script loaded from another host and any
event-handler attribute fails the build, naming the page: it can only be an injection
(or a theme update that added a script, which should be reviewed and listed here). The
policy is always written as the first element of the page head, so no text in a page can
turn it off.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html as html_lib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.output import write

SHIM = paths.TEMPLATES / "assets/vendor/iframe-worker/shim.js"
"""The vendored iframe-worker 1.0.4 shim, which lets search run from file://. It writes an
inline script into its frame that names the search worker's URL, so the script's hash
differs from page to page (the URL is relative) and is computed per page."""
_CONFIG_RE = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def theme_config(html: str) -> tuple[re.Match[str], dict] | None:
    """The page's theme configuration (its one __config block, read as JSON, so a title or a
    setting holding the same words elsewhere in the page is never taken for it), or None."""
    m = _CONFIG_RE.search(html)
    try:
        config = json.loads(m.group(1)) if m else None
    except ValueError:
        return None
    return (m, config) if m is not None and isinstance(config, dict) else None


def worker_url(html: str) -> str | None:
    """The search worker the theme's configuration names."""
    found = theme_config(html)
    value = found[1].get("search") if found else None
    return value if isinstance(value, str) else None

ENGINE_STYLES = {
    # Zensical 0.0.73's search dialog inserts one inline <style> element.
    "zensical": ("'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='",),
}
"""Inline styles an engine's own JavaScript adds at run time, allowed by hash."""

THEMES = {"mkdocs": "material", "properdocs": "material", "zensical": "zensical"}
"""The package whose templates each engine's pages come from."""

POLICY = (
    "default-src 'none'",
    # Pagefind's search runs WebAssembly, which needs exactly this one relaxation (it
    # allows compiling WebAssembly, not eval of JavaScript).
    "script-src 'self' 'wasm-unsafe-eval' {hashes}",
    "style-src 'self' {styles}",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
)

_URL_PATH = r"[A-Za-z0-9._~%!$+,;=:@/\-]*"
"""What a theme prints where its inline script names the site's address (a relative or
absolute path: the site URL is checked to hold nothing else, see paths.site_url)."""


@dataclass(frozen=True)
class Known:
    """One inline script a page may carry."""

    name: str
    pattern: re.Pattern[str]
    """Its whole text; the places a template fills in match only a URL path."""
    data: dict[str, str] | None = None
    """For a data block (never run): the attributes it carries. Its text must be JSON."""


OURS: tuple[Known, ...] = (
    # Structured data (schema.org) of every page: a data block, never run; its text must be
    # JSON, written by rendering/sharing.py so that it cannot close its element.
    Known("briefing:theme/main.html#json-ld", re.compile(r"\{.*\}", re.S), {"type": "application/ld+json"}),
)
"""Inline scripts briefing itself puts into pages, by name. The search shim's frame script is
allowed by the hash computed per page (see shim_hash)."""


class UnknownScript(Exception):
    """A built page holds a script that neither the theme nor briefing wrote."""

    def __init__(self, page: str, what: str) -> None:
        super().__init__(f"{page}: {what}")
        self.page, self.what = page, what


@functools.cache
def known_scripts(engine: str) -> tuple[Known, ...]:
    """The theme's inline scripts, from its installed templates, plus ours."""
    import importlib.util

    spec = importlib.util.find_spec(THEMES.get(engine, "material"))
    found: list[Known] = []
    if spec is not None and spec.origin is not None:
        templates = Path(spec.origin).parent / "templates"
        theme = THEMES.get(engine, "material")
        for path in sorted(templates.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            name = f"{theme}:{path.relative_to(templates).as_posix()}"
            for i, body in enumerate(re.findall(r"<script>(.*?)</script>", text, re.S)):
                if "{%" in body:
                    continue  # a script built by template logic is not one we can check
                parts = re.split(r"\{\{.*?\}\}", body)
                found.append(Known(f"{name}#{i + 1}", re.compile(_URL_PATH.join(re.escape(p) for p in parts))))
        found.append(Known(f"{theme}:base.html#config", re.compile(r".*", re.S),
                           {"id": "__config", "type": "application/json"}))
    return tuple(found) + OURS


_SCRIPT_RE = re.compile(r"<script\b", re.I)
_END_RE = re.compile(r"</script[\s/>]", re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript", "application/ecmascript",
             "text/ecmascript", "application/x-javascript", "text/jscript", "text/x-javascript")
_META_EQUIV_RE = re.compile(r"<meta[\t\n\f\r /][^>]*http-equiv", re.I)
_SAME_SITE_REFRESH_RE = re.compile(r"0; url=[A-Za-z0-9._~\-][A-Za-z0-9._~/\-]*")
_MAYBE_HANDLER_RE = re.compile(r"""[\s/"']on[a-zA-Z]+\s*=""")
_SPACE = " \t\n\f\r"
_TAG_START_RE = re.compile(r"<[A-Za-z]")
HANDLER_REACH = 16384
"""How far before a possible event-handler attribute a tag holding it is looked for."""


def _start_tag(html: str, at: int) -> tuple[str, dict[str, str], int] | None:
    """The start tag at `at` (a `<` and a letter) as the HTML tokenizer reads it: its name,
    its attributes (the first of two with one name wins, character references in values
    decoded) and where it ends; None for a tag the page never closes (a browser drops it)."""
    n, i = len(html), at + 1
    while i < n and html[i] not in _SPACE + "/>":
        i += 1
    name, attrs = html[at + 1:i].lower(), dict[str, str]()
    while i < n:
        while i < n and html[i] in _SPACE + "/":  # a slash between attributes reads as a space
            i += 1
        if i >= n:
            break
        if html[i] == ">":
            return name, attrs, i + 1
        start = i
        i += 1  # an attribute's name may begin with "="
        while i < n and html[i] not in _SPACE + "/>=":
            i += 1
        key = html[start:i].lower()
        while i < n and html[i] in _SPACE:
            i += 1
        value = ""
        if i < n and html[i] == "=":
            i += 1
            while i < n and html[i] in _SPACE:
                i += 1
            if i < n and html[i] in "\"'":
                close = html.find(html[i], i + 1)
                if close < 0:
                    return None
                value, i = html[i + 1:close], close + 1
            else:
                start = i
                while i < n and html[i] not in _SPACE + ">":
                    i += 1
                value = html[start:i]
        attrs.setdefault(key, html_lib.unescape(value))
    return None


def _elsewhere(url: str) -> bool:
    """Whether a browser would load `url` from another host (or as a scheme of its own):
    tabs and newlines inside a URL are dropped, spaces and control characters around it
    trimmed, and a backslash read as a slash."""
    url = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                          "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                          "\x1e\x1f ").replace("\\", "/")
    return re.match(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)", url) is not None


def page_scripts(html: str, page: str, engine: str = "mkdocs") -> list[str]:
    """The hashes of the page's inline scripts, every one of which must be on the known
    list; raises UnknownScript for the first that is not, or for a script from elsewhere."""
    known = known_scripts(engine)
    hashes = []
    for m in _SCRIPT_RE.finditer(html):
        tag = _start_tag(html, m.start())
        if tag is None:
            raise UnknownScript(page, f"a <script> tag that is never closed: {_snippet(html, m.start())}")
        name, attrs, tag_end = tag
        if name != "script":  # <script-x>, another element
            continue
        end = _END_RE.search(html, tag_end)
        if end is None:
            raise UnknownScript(page, "a <script> that is never closed")
        body = html[tag_end:end.start()]
        if "src" in attrs:
            if _elsewhere(attrs["src"]) or body.strip():
                raise UnknownScript(page, f"a script loaded from another host: {attrs['src'][:80]}")
            continue
        kind = attrs.get("type", "").strip().lower()
        if kind in _JS_TYPES:
            hit = next((k for k in known if k.data is None and k.pattern.fullmatch(body)), None)
            if hit is None:
                raise UnknownScript(page, f"an inline script that neither the theme nor briefing wrote: "
                                          f"{_snippet(body, 0)}")
            hashes.append(_sha(body))
        elif not any(k.data is not None and all(attrs.get(a) == v for a, v in k.data.items()) and _json(body)
                     for k in known):
            raise UnknownScript(page, f"a script element (type {kind}) that neither the theme nor briefing wrote")
    for equiv in _META_EQUIV_RE.finditer(html):
        # Only the refresh of a note's former address (pages.redirect_page) to a page of the
        # site: no other refresh and no policy of the page's own.
        meta = _start_tag(html, equiv.start())
        if meta is not None and (meta[0] != "meta" or "http-equiv" not in meta[1]):
            continue  # the words stand in another attribute's value (a description), not as an attribute
        attrs = meta[1] if meta else {}
        if not (attrs.get("http-equiv", "").lower() == "refresh"
                and _SAME_SITE_REFRESH_RE.fullmatch(attrs.get("content", ""))):
            raise UnknownScript(page, f"a <meta http-equiv> tag: {_snippet(html, equiv.start())}")
    for maybe in _MAYBE_HANDLER_RE.finditer(html):  # rare: then read every tag it may be part of
        for opening in _TAG_START_RE.finditer(html, max(0, maybe.start() - HANDLER_REACH), maybe.start()):
            tag = _start_tag(html, opening.start())
            if tag is not None and tag[2] > maybe.start() and any(k.startswith("on") for k in tag[1]):
                raise UnknownScript(page, f"an event-handler attribute: {_snippet(html, opening.start())}")
    return sorted(set(hashes))


def _json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def _snippet(text: str, at: int) -> str:
    part = " ".join(text[at:at + 80].split())
    return part + ("…" if len(text) - at > 80 else "")


def _shim_function(source: str, name: str) -> str:
    """The text of `function NAME(...){...}` in the shim, as Function.toString gives it."""
    start = source.index(f"function {name}(")
    depth = 0
    for i in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        if depth == 0:
            return source[start:i + 1]
    raise ValueError(f"function {name} not closed in {SHIM.name}")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def shim_hash(worker_url: str, source: str | None = None) -> str:
    """Hash of the script the shim writes into its frame for a worker at `worker_url`."""
    src = SHIM.read_text(encoding="utf-8") if source is None else source
    body = (f"postMessage={_shim_function(src, 'c')};importScripts={_shim_function(src, 'd')};"
            'addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",'
            f'{{filename:"{worker_url}",error}}))}})')
    return _sha(body)


def policy_for(html: str, engine: str = "mkdocs", shim: str | None = None, page: str = "page") -> str:
    found = page_scripts(html, page, engine)
    worker = worker_url(html)
    if "iframe-worker" in html and worker and re.fullmatch(_URL_PATH, worker):
        found = sorted(set(found) | {shim_hash(worker, shim)})
    hashes = " ".join(found)
    styles = " ".join(ENGINE_STYLES.get(engine, ()))
    return "; ".join(part.format(hashes=hashes, styles=styles).replace("  ", " ").strip() for part in POLICY)


_SEARCH_DIALOG_RE = re.compile(r'(<div class="md-search"[^>]*role="dialog")(?![^>]*aria-label)')
_WS = "[ \t\n\f\r]"  # what HTML counts as white space (Python's \\s counts more)
_PREFIX_RE = re.compile(
    rf"{_WS}*<!doctype html>{_WS}*<html(?:{_WS}+[a-z][a-z0-9-]*=\"[^\"<>&]*\")*>{_WS}*<head>"
    rf"{_WS}*<meta charset=\"utf-8\">", re.I)
"""How every page the engines write begins, and all that may come before the policy: a page
whose first bytes are anything else (a comment, a script, a second <head> or <html> tag, an
attribute a browser could read otherwise) is refused, so the policy is always the first
element of the head that a browser builds, and applies to everything after it."""


def fix_accessibility(html: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    return _SEARCH_DIALOG_RE.sub(r'\1 aria-label="Search"', html, count=1)


def add_policy(html: str, engine: str = "mkdocs", shim: str | None = None, page: str = "page") -> str:
    """The page with our policy as the first element of its head (after the charset)."""
    m = _PREFIX_RE.match(html)
    if m is None:
        raise UnknownScript(page, "a page that does not begin as the engine's pages do (<!doctype html>, "
                                  "<html>, <head>, <meta charset=\"utf-8\">): no policy can be proved to "
                                  f"cover it: {_snippet(html.lstrip(), 0)}")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, engine, shim, page)}">'
    return html[: m.end()] + "\n    " + meta + html[m.end():]


def harden_site(site: Path, engine: str = "mkdocs", edit: Callable[[str, str], str] | None = None) -> int:
    """Add the policy to every HTML page under `site`; returns the number of pages. `edit`,
    given a page's HTML and its path in the site, changes the page first (see search.mark)."""
    shim = SHIM.read_text(encoding="utf-8")
    count = 0
    for dirpath, dirnames, filenames in write.walk(site):
        dirnames.sort()
        for f in sorted(filenames):
            path = Path(dirpath) / f
            if not f.endswith(".html") or path.is_symlink():
                continue
            html = path.read_text(encoding="utf-8")
            page = path.relative_to(site).as_posix()
            if edit is not None:
                html = edit(html, page)
            path.write_text(add_policy(fix_accessibility(html), engine, shim, page), encoding="utf-8")
            count += 1
    return count
