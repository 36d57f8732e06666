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
import bisect
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.output import tags, write

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
    except (ValueError, RecursionError):
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

_URL_PATH = r"(?![/\\]{2})[A-Za-z0-9._~%!$+,;=@/\-]*"
"""What a theme prints where its inline script names the site's address: a path (MkDocs'
base_url and `url` filter print nothing else; the 404 page's is "/"), never a scheme (no
colon) and never two slashes first, so no placeholder can make `//other.host` or
`https://other.host`; after a slash of the template's, no slash at all (see _pattern)."""


def _pattern(parts: list[str]) -> re.Pattern[str]:
    """A template's script, its places filled by paths of this site."""
    out = re.escape(parts[0])
    for before, part in zip(parts, parts[1:], strict=False):
        out += ("(?![/\\])" if before.endswith(("/", "\\")) else "") + _URL_PATH + re.escape(part)
    return re.compile(out)


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
            if path.name == "redirect.html":
                # Sends the reader to whatever address the page names: no page of a briefing
                # is the theme's redirect page (ours redirect without a script).
                continue
            text = path.read_text(encoding="utf-8")
            name = f"{theme}:{path.relative_to(templates).as_posix()}"
            for i, body in enumerate(re.findall(r"<script>(.*?)</script>", text, re.S)):
                if "{%" in body:
                    continue  # a script built by template logic is not one we can check
                parts = re.split(r"\{\{.*?\}\}", body)
                found.append(Known(f"{name}#{i + 1}", _pattern(parts)))
        found.append(Known(f"{theme}:base.html#config", re.compile(r".*", re.S),
                           {"id": "__config", "type": "application/json"}))
    return tuple(found) + OURS


_SCRIPT_RE = re.compile(r"<script\b", re.I)
_END_RE = re.compile(r"</script[\s/>]", re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript", "application/ecmascript",
             "text/ecmascript", "application/x-javascript", "text/jscript", "text/x-javascript")
_META_RE = re.compile(r"<meta(?=[\t\n\f\r />])", re.I)
_SAME_SITE_REFRESH_RE = re.compile(r"0; url=[A-Za-z0-9._~\-][A-Za-z0-9._~/\-]*")
_MAYBE_HANDLER_RE = re.compile(r"""[\s/"']on[a-zA-Z]+\s*=""")
def page_scripts(html: str, page: str, engine: str = "mkdocs") -> list[str]:
    """The hashes of the page's inline scripts, every one of which must be on the known
    list; raises UnknownScript for the first that is not, for a script from elsewhere, for
    a <meta http-equiv> of another's, and for an event-handler attribute. Every place a
    script or a <meta> tag could begin is read (also inside another tag's attribute, as
    a browser could), each at most tags.TAG_MAX long, so a page cannot make the check slow."""
    try:
        hashes = _scripts(html, page, known_scripts(engine))
        _metas(html, page)
    except tags.TooLong:
        raise UnknownScript(page, f"a tag longer than {tags.TAG_MAX // 1024} KB where a script or a "
                                  "<meta> tag begins") from None
    _handlers(html, page)
    return sorted(set(hashes))


def _scripts(html: str, page: str, known: tuple[Known, ...]) -> list[str]:
    starts = [m.start() for m in _SCRIPT_RE.finditer(html)]
    if len(starts) > tags.OCCURRENCES_MAX:
        raise UnknownScript(page, f"more than {tags.OCCURRENCES_MAX} <script tags")
    ends = [m.start() for m in _END_RE.finditer(html)] if starts else []
    hashes = []
    for at in starts:
        tag = tags.start_tag(html, at, tags.TAG_MAX)
        if tag is None:
            raise UnknownScript(page, f"a <script> tag that is never closed: {_snippet(html, at)}")
        name, attrs, tag_end = tag
        if name != "script":  # <script-x>, another element
            continue
        k = bisect.bisect_left(ends, tag_end)
        if k == len(ends):
            raise UnknownScript(page, "a <script> that is never closed")
        body = html[tag_end:ends[k]]
        if "src" in attrs:
            if tags.elsewhere(attrs["src"]) or body.strip():
                raise UnknownScript(page, f"a script loaded from another host: {attrs['src'][:80]}")
            if not re.split(r"[?#]", attrs["src"])[0].lower().endswith(".js") or "charset" in attrs:
                # A page (or any other file) read as a script, perhaps in another encoding.
                raise UnknownScript(page, f"a script loaded from a file that is not one: {attrs['src'][:80]}")
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
    return hashes


def _metas(html: str, page: str) -> None:
    """Only the refresh of a note's former address (pages.redirect_page) to a page of the
    site: no other refresh (the policy does not govern one) and no policy of the page's own."""
    starts = [m.start() for m in _META_RE.finditer(html)]
    if len(starts) > tags.OCCURRENCES_MAX:
        raise UnknownScript(page, f"more than {tags.OCCURRENCES_MAX} <meta tags")
    for at in starts:
        meta = tags.start_tag(html, at, tags.TAG_MAX)
        if meta is None or "http-equiv" not in meta[1]:
            continue  # never closed (a browser drops it), or no http-equiv
        attrs = meta[1]
        if not (attrs["http-equiv"].lower() == "refresh"
                and _SAME_SITE_REFRESH_RE.fullmatch(attrs.get("content", ""))):
            raise UnknownScript(page, f"a <meta http-equiv> tag: {_snippet(html, at)}")


def _handlers(html: str, page: str) -> None:
    """Event-handler attributes, in one pass over the tags as they follow each other (the
    policy, which allows no inline handler, is what stops one; this names the page)."""
    if _MAYBE_HANDLER_RE.search(html) is None:  # rare: then read the tags
        return
    pos = 0
    while (m := tags.TAG_START_RE.search(html, pos)) is not None:
        tag = tags.start_tag(html, m.start())
        if tag is None:
            return
        if any(k.startswith("on") for k in tag[1]):
            raise UnknownScript(page, f"an event-handler attribute: {_snippet(html, m.start())}")
        pos = tag[2]


def _json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except (ValueError, RecursionError):
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


_SEARCH_DIALOG = '<div class="md-search"'
_WS = "[ \t\n\f\r]"  # what HTML counts as white space (Python's \\s counts more)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_PREFIX_RE = re.compile(
    rf"{_WS}*<!doctype html>{_WS}*<html(?:{_WS}+[a-z][a-z0-9-]*=\"[^\"<>&]*\")*>{_WS}*<head>"
    rf"{_WS}*<meta charset=\"utf-8\">", re.I)
"""How every page the engines write begins, and all that may come before the policy: a page
whose first bytes are anything else (a comment, a script, a second <head> or <html> tag, an
attribute a browser could read otherwise) is refused, so the policy is always the first
element of the head that a browser builds, and applies to everything after it."""


def fix_accessibility(html: str) -> str:
    """The theme's search dialog has no accessible name; give it one (in one pass: the
    first search dialog's tag, read up to its end)."""
    at = html.find(_SEARCH_DIALOG)
    while at >= 0:
        end = html.find(">", at)
        if end < 0:
            return html
        role = html.rfind('role="dialog"', at, end)
        if role >= 0:
            if "aria-label" in html[role:end]:
                return html
            cut = role + len('role="dialog"')
            return html[:cut] + ' aria-label="Search"' + html[cut:]
        at = html.find(_SEARCH_DIALOG, end)
    return html


def add_policy(html: str, engine: str = "mkdocs", shim: str | None = None, page: str = "page") -> str:
    """The page with our policy as the first element of its head (after the charset)."""
    control = _CONTROL_RE.search(html)
    if control is not None:  # never in a page the engines write from checked notes
        raise UnknownScript(page, f"a control character (U+{ord(control.group()):04X}) in the page")
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
