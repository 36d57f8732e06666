"""What every page of one render shares: the corpus, the templates, the interface strings,
and the rendered note text (each text rendered once per page depth).

Safety rule: templates never print a raw string. Jinja's `finalize` escapes every plain
value for Markdown (text.escape.md_text); only helpers return `Markup`, and they build it
from escaped parts, from the note renderer, or from the interface strings (our own text).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import paths, urls
from generator.kinds.registry import KINDS
from generator.linking.corpus import Corpus
from generator.rendering import citation, sharing, views
from generator.rendering.strings import Strings
from generator.text import escape, resolve
from generator.values import parse_citation

TEMPLATES = paths.TEMPLATES
VIEW_BOOST = 0.5
"""Search boost of listing and view pages: a person's or an issue's own page (see each
kind's search_boost) should come before the many pages that merely mention it."""


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape.md_text(str(value))


def make_env(template_dir: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment for our templates. Compiled templates are kept in memory only,
    never on disk: compiled code read back from a folder would run, and build/ may arrive in
    a commit. A process renders many times (`briefing serve`) with one environment while the
    templates are unchanged; compiling them all costs about 0.1 s."""
    key = (str(template_dir), _fingerprint(template_dir))
    env = _ENVS.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir)),
            auto_reload=False,  # the fingerprint notices an edit; no stat of every include
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENVS.clear()
        _ENVS[key] = env
    return env


_ENVS: dict[tuple[str, tuple[tuple[str, int, int], ...]], jinja2.Environment] = {}


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every template: changes when one is edited."""
    out = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.endswith(".j2") and entry.is_file(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
                out.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


class Context:
    """One render of one briefing."""

    def __init__(self, corpus: Corpus, helpers: Callable[[Context, str], Any], site_url: str | None = None) -> None:
        self.corpus = corpus
        self.helpers = helpers
        """Makes the `h` of one page (rendering.helpers.Helpers)."""
        self.site_url = site_url
        self.env = make_env()
        self.t = Strings(corpus.briefing.data.language)
        self._cache: dict[tuple[str, int, bool], str] = {}
        self._resolvers: dict[int, resolve.Resolver] = {}
        self.tag_anchor = views.tag_anchors(corpus.tags)

    def resolver(self, depth: int) -> resolve.Resolver:
        """Where [[links]] and [@citations] go from a page `depth` folders below the root."""
        found = self._resolvers.get(depth)
        if found is None:
            found = self._resolvers[depth] = self._make_resolver(depth)
        return found

    def _make_resolver(self, depth: int) -> resolve.Resolver:
        prefix = "../" * depth
        c = self.corpus

        def find(kind: str, target: str) -> resolve.Target | None:
            if kind == "link":
                note = c.notes.get(target)
                if note is None:
                    return None
                return resolve.Target(prefix + urls.html_of(urls.note_page(note.kind, target)), c.titles[target])
            try:
                cit = parse_citation(target)
            except ValueError:
                return None
            if cit.source not in c.notes:
                return None
            v = citation.view(c, cit)
            label = self.t.plain("cite.original", label=v.label, source=v.source_title) if v.original else ""
            return resolve.Target(prefix + v.url_from_root(), v.title, v.original, label)

        return find

    def render_block(self, text: str, depth: int) -> str:
        key = (text, depth, True)
        if key not in self._cache:
            self._cache[key] = escape.protect_html(resolve.block(text, self.resolver(depth)))
        return self._cache[key]

    def render_inline(self, text: str, depth: int) -> str:
        key = (text, depth, False)
        if key not in self._cache:
            self._cache[key] = escape.protect_html(resolve.inline(text, self.resolver(depth))).replace("\n", " ")
        return self._cache[key]

    def page(self, template: str, path: str, title: str, meta: dict[str, Any] | None = None, **values: Any) -> str:
        """One page: its front matter (title, search boost) and the template rendered."""
        helper = self.helpers(self, path)
        body = self.env.get_template(template).render(h=helper, c=self.corpus, b=self.corpus.briefing.data,
                                                      t=self.t, path=path, page_title=title, **values)
        kind = path.split("/")[0] if "/" in path else ""
        if kind in KINDS:
            boost = KINDS[kind].search_boost
        else:
            boost = VIEW_BOOST if path != urls.HOME else 1
        # MkDocs prints the title into HTML without escaping it, so escape it here.
        fields = {"title": escape.engine_text(title), **({"search": {"boost": boost}} if boost != 1 else {}),
                  **sharing.front(self, path, title, values.get("n")), **(meta or {})}
        front = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()) + "---\n\n"
        return front + body.rstrip("\n") + "\n"
