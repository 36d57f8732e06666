"""mkdocs.yml as untrusted input: settings that would run code, read files from elsewhere or
put unchecked text into every page are refused before the engine reads the file.

MkDocs reads its configuration with PyYAML's full loader, so a `!!python/object/apply:` tag
in it runs a command; `hooks:` runs Python files from the repository; the theme's templates
(`custom_dir`) are code too; a Markdown extension such as pymdownx.snippets pastes any file
into every page. A briefing's mkdocs.yml needs none of these, and a pull request must not
be able to bring them in. The file is read here with a composer that builds no objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator import paths
from generator.problems import Problems

PATH = "mkdocs.yml"
FIXED = {"INHERIT": paths.GENERATED_CONFIG, "docs_dir": paths.DOCS_DIR, "site_dir": paths.SITE_DIR}
"""Settings whose value briefing decides (the engine reads what briefing wrote, and writes where it swaps from)."""
EXTENSIONS = frozenset({
    "toc", "tables", "attr_list", "admonition", "footnotes", "def_list", "abbr", "md_in_html", "sane_lists",
    "pymdownx.highlight", "pymdownx.superfences", "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist",
    "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.keys", "pymdownx.smartsymbols",
    "pymdownx.betterem", "pymdownx.inlinehilite",
})
"""Markdown extensions that only format text (no file reading, no code)."""
PLUGINS = frozenset({"search", "offline", "tags"})
"""Plugins a briefing may name: they index or list pages and read nothing else. Others may
run code from the repository (the theme's `projects` builds nested projects, each with its
own mkdocs.yml and hooks; `group` switches other plugins on), read files outside the pages
(`info` zips the project) or fetch from the network (`privacy`, `social`)."""
REFUSED_KEYS = {"hooks": "runs Python files from the repository"}
GENERATED_KEYS = {"nav": "the navigation", "not_in_nav": "the folders kept out of the sidebar"}
"""Settings briefing writes into the inherited file; one set here replaces briefing's."""


def check(root: Path, problems: Problems) -> None:
    """Report every setting of mkdocs.yml that briefing refuses, with its line."""
    path = root / PATH
    if not path.exists():
        return  # nothing to refuse (and nothing to build with: the engine says so)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(PATH, 1, f"cannot be read: {exc}")
        return
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.error(PATH, (mark.line + 1) if mark else 1, f"YAML syntax error: {getattr(exc, 'problem', exc)}")
        return
    if node is None:
        return
    _tags(node, problems)
    if not isinstance(node, yaml.MappingNode):
        problems.error(PATH, 1, "must be a mapping of settings")
        return
    for key, value in node.value:
        _setting(str(key.value), key, value, problems)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _tags(node: yaml.Node, problems: Problems) -> None:
    """No tag that makes PyYAML build an object: python/object, python/name and the rest."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag.startswith("tag:yaml.org,2002:python/"):
            problems.error(PATH, _line(n), f"the YAML tag !!{n.tag[len('tag:yaml.org,2002:'):]} makes MkDocs run "
                           "code when it reads this file: briefing refuses it")
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            stack.extend(v for pair in n.value for v in pair)


def _setting(key: str, key_node: yaml.Node, value: yaml.Node, problems: Problems) -> None:
    if key in REFUSED_KEYS:
        problems.error(PATH, _line(key_node), f"{key}: {REFUSED_KEYS[key]}; briefing refuses it")
    elif key in GENERATED_KEYS:
        problems.warn(PATH, _line(key_node), f"{key}: briefing writes {GENERATED_KEYS[key]} from the notes "
                      f"(into {paths.GENERATED_CONFIG}); this one replaces it, and new pages may be left out")
    elif key in FIXED and _scalar(value) != FIXED[key]:
        problems.error(PATH, _line(value), f"{key}: must be {FIXED[key]} (briefing writes and reads there)")
    elif key == "theme" and isinstance(value, yaml.MappingNode):
        for k, v in value.value:
            if k.value == "custom_dir" and _scalar(v) != paths.THEME_DIR:
                problems.error(PATH, _line(v), f"theme.custom_dir: must be {paths.THEME_DIR} (theme templates are "
                               "code: they come from briefing itself)")
    elif key == "markdown_extensions" and isinstance(value, yaml.SequenceNode):
        for item in value.value:
            name = _scalar(item.value[0][0]) if isinstance(item, yaml.MappingNode) and item.value else _scalar(item)
            if name not in EXTENSIONS:
                problems.error(PATH, _line(item), f"markdown_extensions: {name} is not one briefing allows (they may "
                               "read files or run code): " + ", ".join(sorted(EXTENSIONS)))
    elif key == "plugins" and isinstance(value, (yaml.SequenceNode, yaml.MappingNode)):
        items = value.value if isinstance(value, yaml.SequenceNode) else [k for k, _ in value.value]
        for item in items:
            name = _scalar(item.value[0][0]) if isinstance(item, yaml.MappingNode) and item.value else _scalar(item)
            if name not in PLUGINS:
                problems.error(PATH, _line(item), f"plugins: {name or 'this entry'} is not one briefing allows "
                               "(a plugin may run code from the repository, read other files or fetch from the "
                               "network): " + ", ".join(sorted(PLUGINS)))
    elif key == "plugins" and _scalar(value):
        problems.error(PATH, _line(value), "plugins: must be a list of names")
    elif key in ("extra_javascript", "extra_css") and isinstance(value, yaml.SequenceNode):
        for item in value.value:
            src = _scalar(item) if isinstance(item, yaml.ScalarNode) else ""
            if not src or ":" in src or src.startswith(("/", "\\")) or ".." in src.split("/"):
                problems.error(PATH, _line(item), f"{key}: only files of the site itself, by a relative path")
    elif key == "copyright" and any(c in _scalar(value) for c in "<>"):
        problems.error(PATH, _line(value), "copyright: plain text only (the theme prints it into every page "
                       "unescaped)")
    elif key == "site_url" and _scalar(value):
        try:
            paths.site_url(_scalar(value), "site_url")
        except paths.AddressError as exc:
            problems.error(PATH, _line(value), str(exc))


def _scalar(node: Any) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""
