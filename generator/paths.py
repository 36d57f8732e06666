"""The project's own files and folders: what the tool writes where, where its own templates
are, and the addresses given on the command line. (The site's URLs are in urls.py.)"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
"""The tool's own page templates, theme overrides and assets (found where the tool is installed)."""

BUILD_DIR = "build"
"""Git-ignored folder for everything the generator writes before MkDocs runs."""
DOCS_DIR = "build/docs"
"""The generated Markdown: MkDocs' docs_dir."""
GENERATED_CONFIG = "build/mkdocs.generated.yml"
"""The settings made from content/briefing.yml; mkdocs.yml pulls them in with INHERIT."""
THEME_DIR = "build/theme"
"""Our overrides of Material's templates (copied from site_templates/theme)."""
LOCK_FILE = "build/.lock"
"""Held while a command writes: one build at a time per project."""
ENGINE_CACHE = "build/.cache"
"""What Zensical keeps between builds (emptied before each one: build/ may come in a commit)."""
ZENSICAL_CONFIG = "build/zensical.yml"
"""Zensical's wrapper config: inherits mkdocs.yml, with the paths seen from build/."""
SITE_DIR = "site"
"""The built site."""

def is_inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


class AddressError(ValueError):
    """A site URL or a listening address given on the command line that cannot be used."""


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9A-Fa-f:.]+\])"
_SITE_URL_RE = re.compile(rf"https?://{_HOST}(?::(?P<port>[0-9]{{1,5}}))?(?:/[A-Za-z0-9._~%!$+,;=:@-]+)*/?")
"""http(s), a host, a port, and a path with no empty segment: "//evil/" would be another host."""


def site_url(value: str, given_as: str) -> str:
    """`value` if it is a site address the pages can carry as it is: http or https, a host,
    an optional port and path, and nothing that could end an attribute or start markup
    (no quotes, spaces, angle brackets, backslashes, query or fragment)."""
    m = _SITE_URL_RE.fullmatch(value)
    if not m or (m.group("port") and not 0 < int(m.group("port")) < 65536):
        raise AddressError(f'{given_as} "{value}" is not a site address: give an http or https URL such as '
                           "https://example.org/briefing/ (no quotes, spaces, angle brackets, query or fragment)")
    return value


_ADDR_RE = re.compile(rf"(?P<host>{_HOST}):(?P<port>[0-9]{{1,5}})")


def listen_address(value: str) -> tuple[str, int]:
    """(host, port) of a `--addr HOST:PORT`."""
    m = _ADDR_RE.fullmatch(value)
    if not m or not 0 < int(m.group("port")) < 65536:
        raise AddressError(f'--addr "{value}" is not HOST:PORT, such as 127.0.0.1:8000')
    return m.group("host").strip("[]"), int(m.group("port"))
