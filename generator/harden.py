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

IFRAME_WORKER_INLINE = "'sha256-H5Y6UlQ+zh9IO8YUI9VEKRJxWTZzGbfmipLMFv3CoR4='"
"""The script that the vendored iframe-worker 1.0.4 shim writes into its frame so that
search runs from file:// (see site_templates/assets/vendor/README.md)."""

POLICY = (
    "default-src 'none'",
    "script-src 'self' {hashes}",
    "style-src 'self'",
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
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(set(hashes))


def policy_for(html: str) -> str:
    found = _inline_hashes(html)
    if "iframe-worker" in html:
        found = sorted(set(found) | {IFRAME_WORKER_INLINE})
    hashes = " ".join(found)
    return "; ".join(part.format(hashes=hashes).replace("  ", " ").strip() for part in POLICY)


_SEARCH_DIALOG_RE = re.compile(r'(<div class="md-search"[^>]*role="dialog")(?![^>]*aria-label)')


def fix_accessibility(html: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    return _SEARCH_DIALOG_RE.sub(r'\1 aria-label="Search"', html, count=1)


def add_policy(html: str) -> str:
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    m = _CHARSET_RE.search(html) or _HEAD_RE.search(html)
    if m is None:
        return html
    return html[: m.end()] + "\n    " + meta + html[m.end():]


def harden_site(site: Path) -> int:
    """Add the policy to every HTML page under `site`; returns the number of pages."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for f in sorted(filenames):
            if not f.endswith(".html"):
                continue
            path = Path(dirpath) / f
            html = path.read_text(encoding="utf-8")
            path.write_text(add_policy(fix_accessibility(html)), encoding="utf-8")
            count += 1
    return count
