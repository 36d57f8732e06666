"""Check every internal link and anchor of a built site with LinkChecker.

Usage: python -m generator.tools.linkcheck SITE_DIR [--prefix briefing/]

The site is served on 127.0.0.1 from this process and LinkChecker (an established checker,
from PyPI) crawls it from index.html and 404.html, internal links only, with its AnchorCheck
plugin on. LinkChecker reports a missing anchor as a warning; here it counts as a broken
link, like a missing page. Exit 1 when anything is broken.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

CONFIG = "[filtering]\ncheckextern=0\ninternlinks=^{host}\n\n[AnchorCheck]\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler that hangs up early is not our problem to report


def _linkchecker() -> list[str]:
    script = Path(sys.executable).with_name("linkchecker")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-P", "-c", "from linkcheck.command.linkchecker import linkchecker; linkchecker()"]


def broken(site: Path, prefix: str = "") -> tuple[list[str], int]:
    """(problems, number of links checked) for the site in `site`, served under `prefix`
    (e.g. "briefing/" to check it the way a host serves it under a sub-path)."""
    root = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    served = root
    if prefix:
        (root / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / prefix.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
    else:
        root.rmdir()
        served = site
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{prefix.strip('/') + '/' if prefix else ''}"
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".rc", delete=False) as cfg:
            # Everything on this host is internal, so a link that climbs out of a sub-path is checked too.
            cfg.write(CONFIG.format(host=re.escape(f"http://127.0.0.1:{server.server_address[1]}/")))
        proc = subprocess.run(_linkchecker() + ["--config", cfg.name, "--no-status", "--verbose", "-o", "csv",
                                                base + "index.html", base + "404.html"],
                              capture_output=True, text=True, timeout=1800)
    finally:
        server.shutdown()
        server.server_close()
        Path(cfg.name).unlink(missing_ok=True)
        if prefix:
            (root / prefix.strip("/")).unlink()
    rows = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    problems = []
    checked = 0
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        checked += 1
        parent = (row.get("parentname") or "").replace(base, "")
        url = (row.get("urlname") or "")
        warning = row.get("warningstring") or ""
        if row.get("valid") == "False":
            problems.append(f"{parent}: {url}: {row.get('result')}")
        elif "Anchor" in warning and "not found" in warning:
            problems.append(f"{parent}: {url}: anchor not found")
    if proc.returncode not in (0, 1) and not problems:
        problems.append(f"linkchecker failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return problems, checked


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    prefix = ""
    if "--prefix" in args:
        i = args.index("--prefix")
        prefix = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    if len(args) != 1:
        print("usage: python -m generator.tools.linkcheck SITE_DIR [--prefix SUB/PATH/]", file=sys.stderr)
        return 2
    site = Path(args[0])
    problems, checked = broken(site, prefix)
    for p in problems:
        print(p)
    print(f"linkcheck: {checked} links checked, {len(problems)} broken", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
