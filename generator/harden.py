"""A Content-Security-Policy (and one accessibility fix) for every built page, before the site is swapped in.

The theme's few inline scripts are allowed by their SHA-256 hashes, computed from the
page as built; every other script must come from the site itself, and nothing may be
loaded from another host. A script that found its way into a page would not run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

_HEAD_RE = re.compile(r"<head[^>]*>", re.I)
_CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_SCRIPT_RE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.I | re.S)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")

SHIM = Path(__file__).resolve().parent.parent / "site_templates/assets/vendor/iframe-worker/shim.js"
"""The vendored iframe-worker 1.0.4 shim, which lets search run from file://. It writes an
inline script into its frame that names the search worker's URL, so the script's hash
differs from page to page (the URL is relative) and is computed per page."""
_WORKER_RE = re.compile(r'"search":\s*"([^"\\]+)"')

ENGINE_STYLES = {
    # Zensical 0.0.73's search dialog inserts one inline <style> element.
    "zensical": ("'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='",),
}
"""Inline styles an engine's own JavaScript adds at run time, allowed by hash."""

POLICY = (
    "default-src 'none'",
    "script-src 'self' {hashes}",
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


def _inline_hashes(html: str) -> list[str]:
    hashes = []
    for m in _SCRIPT_RE.finditer(html):
        attrs = m.group("attrs")
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        t = re.search(r"""\stype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
        if t and t.group(1).lower() not in _JS_TYPES:
            continue  # data blocks such as application/json never run
        hashes.append(_sha(m.group("body")))
    return sorted(set(hashes))


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


def policy_for(html: str, engine: str = "mkdocs", shim: str | None = None) -> str:
    found = _inline_hashes(html)
    worker = _WORKER_RE.search(html)
    if "iframe-worker" in html and worker:
        found = sorted(set(found) | {shim_hash(worker.group(1), shim)})
    hashes = " ".join(found)
    styles = " ".join(ENGINE_STYLES.get(engine, ()))
    return "; ".join(part.format(hashes=hashes, styles=styles).replace("  ", " ").strip() for part in POLICY)


_SEARCH_DIALOG_RE = re.compile(r'(<div class="md-search"[^>]*role="dialog")(?![^>]*aria-label)')


def fix_accessibility(html: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    return _SEARCH_DIALOG_RE.sub(r'\1 aria-label="Search"', html, count=1)


def add_policy(html: str, engine: str = "mkdocs", shim: str | None = None) -> str:
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html, engine, shim)}">'
    m = _CHARSET_RE.search(html) or _HEAD_RE.search(html)
    if m is None:
        return html
    return html[: m.end()] + "\n    " + meta + html[m.end():]


def harden_site(site: Path, engine: str = "mkdocs") -> int:
    """Add the policy to every HTML page under `site`; returns the number of pages."""
    shim = SHIM.read_text(encoding="utf-8")
    count = 0
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for f in sorted(filenames):
            if not f.endswith(".html"):
                continue
            path = Path(dirpath) / f
            html = path.read_text(encoding="utf-8")
            path.write_text(add_policy(fix_accessibility(html), engine, shim), encoding="utf-8")
            count += 1
    return count
