"""A Content-Security-Policy for every page of the built site, before it is swapped in.

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
    hashes = " ".join(_inline_hashes(html))
    return "; ".join(part.format(hashes=hashes).replace("  ", " ").strip() for part in POLICY)


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
            path.write_text(add_policy(html), encoding="utf-8")
            count += 1
    return count
