"""The hostile-input suite, as data: a repository, a note or an option that tries to delete,
execute, inject or hang, and what the tool must do instead.

Each case: the mini briefing plus `files`, then `setup(root)` (links, FIFOs, planted files),
then `briefing ARGS`. The runner (test_hostile.py) checks the exit code and the problem
lines, and for every case that content/, seeds/ and a folder beside the project are
unchanged, that nothing ran (no PWNED file appears), that nothing raw reached the terminal,
and that no output line could pass for a GitHub workflow command.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from error_cases import issue

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    name: str
    kind: str
    """The class of attack: repository, text, terminal, markdown, browser, options."""
    args: tuple[str, ...] = ("check",)
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    code: int = 0
    lines: list[str] | None = None
    """The exact problem lines (standard error, without the summary and coverage lines)."""
    contains: tuple[str, ...] = ()
    check: Callable[[Path, str], None] | None = None
    """More checks: called with the project root and everything printed."""
    env: dict[str, str] = field(default_factory=dict)
    edits: bool = False
    """True when the command may change content/ (briefing new)."""


def _link(rel: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return setup


def _fifo(rel: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
    return setup


def _folder(rel: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / rel).mkdir(parents=True, exist_ok=True)
    return setup


def _file(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return setup


def _all(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)
    return setup


def _pwned(root: Path) -> str:
    return str(root.parent / "PWNED")


def _planted_template_cache(root: Path) -> None:
    """Compiled code in the cache folder an older version read, under the names Jinja gives
    every one of our templates: loading any of them would create PWNED."""
    cache = root / "build" / ".jinja-cache"
    cache.mkdir(parents=True)
    code = marshal.dumps(compile(f"open({_pwned(root)!r}, 'w').close()", "<planted>", "exec"))
    import pickle

    from jinja2.bccache import bc_magic

    for template in (REPO / "site_templates").glob("*.j2"):
        key = hashlib.sha1(template.name.encode("utf-8"))
        key.update(("|" + str(template)).encode("utf-8"))
        data = bc_magic + pickle.dumps(hashlib.sha1(template.read_bytes()).hexdigest(), 2) + code
        (cache / f"__jinja2_{key.hexdigest()}.cache").write_bytes(data)


def _planted_theme(root: Path, name: str = "partials/footer.html") -> None:
    """A theme template that would run a command if MkDocs rendered it."""
    payload = ("{{ cycler.__init__.__globals__.os.system('touch " + _pwned(root) + "') }}"
               '{% extends "base.html" %}')
    (root / "build" / "theme" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "build" / "theme" / name).write_text(payload)


def _no_page(name: str) -> Callable[[Path, str], None]:
    def check(root: Path, out: str) -> None:
        assert not list((root / "site").rglob(name)) if (root / "site").exists() else True
    return check


def _gone(rel: str) -> Callable[[Path, str], None]:
    def check(root: Path, out: str) -> None:
        assert not (root / rel).exists()
    return check


def _all_checks(*checks: Callable[[Path, str], None]) -> Callable[[Path, str], None]:
    def check(root: Path, out: str) -> None:
        for c in checks:
            c(root, out)
    return check


_SAID = 'She said “<script>alert(1)</script> {: onclick="alert(1)" } *x* [y](javascript:z)” and more.\n'


def _said(url: str) -> dict[str, str]:
    """A source that prints markup inside quotation marks, quoted directly and as reported words."""
    return {"seeds/said.txt": _SAID, "content/sources/said.yml": f"title: Said\nfile: seeds/said.txt\nurl: {url}\n",
            "content/issues/two.md": "---\ntitle: T\nsummary: S.\nstatus: unclear\nupdated: 2024-05-20\n"
            "positions:\n  - actor: alpha\n    stance: X.\n    quote: '<script>alert(1)</script> {: "
            'onclick="alert(1)" } *x* [y](javascript:z)\'\n    wording: direct\n    sources: [said#p1]\n'
            "  - actor: beta\n    stance: Y.\n    quote: '<script>alert(1)</script> {: onclick'\n"
            "    sources: [said#p1]\n---\n"}


def _inert(*pages: str) -> Callable[[Path, str], None]:
    """The pages hold the hostile words as text only: no script that runs them, no event
    attribute, no link of another scheme."""
    import html
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.script = False
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.script = tag == "script"
            for name, value in attrs:
                if name.startswith("on") or (name == "href" and (value or "").lower().startswith("javascript")):
                    self.found.append(f"{tag} {name}={value}")

        def handle_data(self, data):
            if self.script and "alert(" in data:
                self.found.append("script: " + data[:60])

    def check(root: Path, out: str) -> None:
        for page in pages:
            text = (root / "site" / page).read_text(encoding="utf-8")
            finder = Finder()
            finder.feed(text)
            assert not finder.found, (page, finder.found)
            assert "<script>alert(1)</script>" in html.unescape(text), page  # shown, as text
    return check


def _csp_first(*pages: str) -> Callable[[Path, str], None]:
    def check(root: Path, out: str) -> None:
        for page in pages:
            html = (root / "site" / page).read_text(encoding="utf-8")
            head = html[html.index("<head"):]
            first_meta = head[head.index("<meta", head.index(">")):]
            first_meta = first_meta[first_meta.index(">") + 1:].lstrip()
            assert first_meta.startswith('<meta http-equiv="Content-Security-Policy"'), page
            assert html.count('http-equiv="Content-Security-Policy" content=') >= 1, page
    return check


BODY = "---\ntitle: G\n---\n"
SHADOW = ("import os\nopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'PWNED'), 'w').close()\n"
          "raise SystemExit('the real module was shadowed')\n")
"""A module committed at the briefing's root that would replace a real one if the engine imported it."""


def _search_index_in_site(root: Path, out: str) -> None:
    entry = json.loads((root / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"], entry
    assert not (root.parent / "outside/pf").exists()


def _committed_site(root: Path) -> None:
    """A site/ in the repository, with a page that runs a script, as if a build had made it."""
    page = root / "site" / "issues" / "one.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><head></head><body><script>fetch('/PWNED')</script></body></html>")


def _site_rebuilt(root: Path, out: str) -> None:
    page = (root / "site" / "issues" / "one.html").read_text(encoding="utf-8")
    assert "PWNED" not in page and "The plan" in page


def _shard_record(text: str | None = None, size: int = 0, fifo: bool = False) -> Callable[[Path], None]:
    """A folder given to `briefing merge` (shard/), with a share.json that is not one."""
    def setup(root: Path) -> None:
        record = root / "shard" / "share.json"
        record.parent.mkdir()
        if fifo:
            os.mkfifo(record)
        elif size:
            with open(record, "wb") as f:
                f.truncate(size)  # sparse: as large as it says, at no cost
        else:
            record.write_text(text or "", encoding="utf-8")
    return setup


def _sparse(rel: str, size: int) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with open(root / rel, "wb") as f:
            f.truncate(size)
    return setup


def _docx_bomb(root: Path) -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b"\0" * (20 << 20) + b"</w:document>")
    (root / "minutes.docx").write_bytes(out.getvalue())


def _nothing_imported(root: Path, out: str) -> None:
    assert not (root / "content/sources/new.yml").exists()
    assert not [p for p in (root / "seeds").glob("new.*") if not p.is_symlink()]  # but a link planted there


def _config(extra: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with open(root / "mkdocs.yml", "a", encoding="utf-8") as fh:
            fh.write(extra)
    return setup


def _no_raw_newline_in_names(root: Path, out: str) -> None:
    assert not list((root / "content").rglob("*\n*"))
LOOKALIKE = ("content/actors/gamma.md", "---\nname: Gamma\nkind: state\ntags: [territory]\n---\n")
OUT = "build/ is briefing's own folder"

CASES = [
    # ---------------------------------------------------------------- the repository as input
    Case("build/theme is a link to content", "repository", ("build",), setup=_link("build/theme", "../content"),
         code=2, contains=("build/theme is a symbolic link",)),
    Case("build/docs is a link to content", "repository", ("generate",), setup=_link("build/docs", "../content"),
         code=2, contains=("build/docs is a symbolic link",)),
    Case("build is a link to content", "repository", ("generate",), setup=_link("build", "content"),
         code=2, contains=("build is a symbolic link",)),
    Case("build is a file", "repository", ("generate",), setup=_file("build", "x"),
         code=2, contains=("build is not a folder",)),
    Case("site is a link to content", "repository", ("build",), setup=_link("site", "content"),
         code=2, contains=("site is a symbolic link",)),
    Case("site is a file", "repository", ("build",), setup=_file("site", "x"),
         code=2, contains=("site is not a folder",)),
    Case("lock file is a link to a note", "repository", ("generate",),
         setup=_all(_folder("build"), _link("build/.lock", "../content/briefing.yml")),
         code=2, contains=("build/.lock is a symbolic link",)),
    Case("lock file is a FIFO", "repository", ("generate",), setup=_fifo("build/.lock"),
         code=2, contains=("build/.lock is not a regular file",)),
    Case("a folder inside build/docs is a link", "repository", ("generate",),
         setup=_all(_folder("build/docs"), _link("build/docs/issues", "../../content/issues")),
         code=2, contains=("build/docs/issues is a symbolic link",)),
    Case("generated settings are a link to a note", "repository", ("generate",),
         setup=_all(_folder("build"), _link("build/mkdocs.generated.yml", "../content/briefing.yml")),
         code=2, contains=("build/mkdocs.generated.yml is a symbolic link",)),
    Case("generated settings are a folder", "repository", ("generate",), setup=_folder("build/mkdocs.generated.yml"),
         code=2, contains=("build/mkdocs.generated.yml is not a regular file",)),
    Case("engine cache is a link to content", "repository", ("build", "--engine", "zensical"),
         setup=_all(_folder("build"), _link("build/.cache", "../content")),
         code=2, contains=("build/.cache is a symbolic link",)),
    Case("zensical wrapper is a link to a note", "repository", ("build", "--engine", "zensical"),
         setup=_all(_folder("build"), _link("build/zensical.yml", "../content/briefing.yml")),
         code=2, contains=("build/zensical.yml is a symbolic link",)),
    Case("a page planted in build/docs", "repository", ("build",),
         setup=_file("build/docs/evil.md", "<script>alert(1)</script>"),
         code=2, contains=("build/docs/evil.md: not written by briefing",), check=_no_page("evil.html")),
    Case("a half-written file left in build/docs by a killed build", "repository", ("build",),
         setup=_file("build/docs/issues/.tmp-abc123.md", "<script>alert(1)</script>"),
         check=_all_checks(_no_page(".tmp-abc123.html"), _gone("build/docs/issues/.tmp-abc123.md"))),
    Case("a theme template planted in build/theme", "repository", ("build",), setup=_planted_theme,
         code=2, contains=("build/theme/partials/footer.html: not written by briefing",)),
    Case("a planted theme template under one of our names", "repository", ("build",),
         setup=lambda root: _planted_theme(root, "main.html")),
    Case("a planted record claims a planted page", "repository", ("build",),
         setup=_all(_file("build/docs/evil.md", "<script>alert(1)</script>"),
                    _file("build/.written-docs.json", '{"files": ["evil.md", "../../content/briefing.yml"]}')),
         check=_no_page("evil.html")),
    Case("compiled templates planted in the old cache folder", "repository", ("generate",),
         setup=_planted_template_cache),
    Case("a stale build folder that is a link", "repository", ("build",),
         setup=_all(_folder("build"), _link("build/.site-old", "../content"))),
    Case("briefing.yml is a folder", "repository",
         setup=_all(lambda r: (r / "content/briefing.yml").unlink(), _folder("content/briefing.yml")), code=1,
         lines=["content/briefing.yml:1: content/briefing.yml is a folder: it must be a file holding the briefing's "
                "fields"]),
    Case("briefing.yml is a FIFO", "repository", setup=_all(lambda r: (r / "content/briefing.yml").unlink(),
                                                             _fifo("content/briefing.yml")), code=1,
         lines=["content/briefing.yml:1: not a regular file: a note or source text is an ordinary file"]),
    Case("a note that is a folder", "repository", setup=_folder("content/issues/two.md"), code=1,
         lines=["content/issues/two.md:1: unexpected subfolder: notes sit directly in issues/"]),
    Case("a note that is a FIFO", "repository", setup=_fifo("content/issues/two.md"), code=1,
         lines=["content/issues/two.md:1: not a regular file: a note or source text is an ordinary file"]),
    Case("a kind's folder is a link", "repository", setup=_link("content/claims", "../seeds"), code=1,
         lines=["content/claims:1: symbolic link refused: a note may not pull in files from elsewhere"]),
    Case("a seed that is a link outside", "repository", setup=_link("seeds/passwd.txt", "/etc/passwd"), code=1,
         lines=["seeds/passwd.txt:1: symbolic link refused: a note may not pull in files from elsewhere"]),
    Case("a source file path that climbs out of seeds", "repository",
         files={"content/sources/bad.yml": "title: Bad\nfile: seeds/../content/briefing.yml\n"}, code=1,
         lines=['content/sources/bad.yml:2: file: "seeds/../content/briefing.yml" must be a path under seeds/, such '
                "as seeds/article.txt"]),
    Case("since: names a folder", "repository", ("generate",),
         files={"content/briefing.yml": "title: M\nas_of: 2024-05-31\nsummary: S.\nsince: .\n"}, code=1,
         contains=('content/briefing.yml:4: since: cannot read revision "."',)),
    Case("since: looks like an option", "repository", ("generate",),
         files={"content/briefing.yml": "title: M\nas_of: 2024-05-31\nsummary: S.\nsince: --output=/tmp/x\n"},
         code=1, contains=('content/briefing.yml:4: since: "--output=/tmp/x" is not a git revision',)),
    Case("new into a kind's folder that is a link", "repository", ("new", "claim", "x"),
         setup=_all(lambda r: (r / "content/claims").exists() or None, _link("content/claims", "../seeds")),
         code=2, contains=("content/claims is a symbolic link",)),
    # ---------------------------------------------------------------- text that acts
    Case("an escaped NUL in a title", "text",
         files={"content/actors/gamma.md": '---\nname: "Gam\\u0000ma"\nkind: state\n---\n'},
         code=1, lines=["content/actors/gamma.md:2:7: control character U+0000 is not allowed in text (written as an "
                        "escape in quotes): remove it"]),
    Case("an escaped terminal sequence in a summary", "text",
         files={"content/issues/two.md": issue().replace("summary: S.", 'summary: "red \\x1b[31m text"')}, code=1,
         lines=["content/issues/two.md:3:10: control character U+001B is not allowed in text (written as an escape in "
                "quotes): remove it"]),
    Case("an escaped bell in a tag", "text",
         files={"content/actors/gamma.md": '---\nname: Gamma\nkind: state\ntags: ["a\\u0007"]\n---\n'}, code=1,
         lines=["content/actors/gamma.md:4:8: control character U+0007 is not allowed in text (written as an escape in "
                "quotes): remove it"]),
    Case("a lone surrogate", "text", files={"content/actors/gamma.md": '---\nname: "G\\ud800"\nkind: state\n---\n'},
         code=1, lines=["content/actors/gamma.md:2:11: YAML syntax error: found invalid Unicode character escape "
                        "code"]),
    Case("a raw C1 control in a body", "text", files={"content/pages/g.md": BODY + "text \x9b2J here\n"}, code=1,
         lines=["content/pages/g.md:4: control character U+009B is not allowed in text"]),
    Case("a raw line separator", "text", files={"content/pages/g.md": BODY + "one\u2028two\n"}, code=1,
         lines=["content/pages/g.md:4: line separator U+2028 is not allowed in text: use a plain line break"]),
    Case("a bidi override in a title", "text", files={"content/pages/g.md": "---\ntitle: \"abc\u202edef\"\n---\n"},
         code=1, lines=["content/pages/g.md:2: title: holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), "
                        "which can make two names look alike: remove it"]),
    Case("a zero-width space in a name", "text",
         files={"content/actors/gamma.md": "---\nname: Gam\u200bma\nkind: state\n---\n"}, code=1,
         lines=["content/actors/gamma.md:2: name: holds the invisible character U+200B (ZERO WIDTH SPACE), which can "
                "make two names look alike: remove it"]),
    Case("a zero-width joiner in a tag", "text",
         files={"content/actors/gamma.md": "---\nname: Gamma\nkind: state\ntags: [ter\u200dritory]\n---\n"}, code=1,
         lines=["content/actors/gamma.md:4: tags[0]: holds the invisible character U+200D (ZERO WIDTH JOINER), which "
                "can make two names look alike: remove it"]),
    Case("tags that differ only by a look-alike letter", "text",
         files={LOOKALIKE[0]: LOOKALIKE[1],
                "content/actors/delta.md": "---\nname: Delta\nkind: state\ntags: [t\u0435rritory]\n---\n"},
         lines=['content/actors/delta.md:4: warning: tags[0]: "t\u0435rritory" looks like the tag "territory" but is a '
                "different tag (it has U+0435 (CYRILLIC SMALL LETTER IE)): use one spelling"]),
    Case("look-alike tags fail a strict check", "text", ("check", "--strict"),
         files={LOOKALIKE[0]: LOOKALIKE[1],
                "content/actors/delta.md": "---\nname: Delta\nkind: state\ntags: [t\u0435rritory]\n---\n"},
         code=1, contains=('tags[0]: "t\u0435rritory" looks like the tag "territory"',)),
    Case("a date the site engine cannot stamp", "text",
         files={"content/briefing.yml": "title: M\nas_of: 1969-12-31\nsummary: S.\n"}, code=1,
         lines=['content/briefing.yml:2: as_of: "1969-12-31" is outside the dates a site can be built for '
                "(1970-01-01 to 2106-02-06): give the date the briefing reflects"]),
    Case("a date beyond the engine's clock", "text",
         files={"content/briefing.yml": "title: M\nas_of: 9999-12-31\nsummary: S.\n"}, code=1,
         contains=('as_of: "9999-12-31" is outside the dates a site can be built for',)),
    Case("new --title with a line of ---", "text", ("new", "issue", "fresh", "--title", "a\n---\nstatus: agreed"),
         code=2, contains=("briefing new: --title must be one line",),
         check=lambda root, out: not (root / "content/issues/fresh.md").exists() or (_ for _ in ()).throw(
             AssertionError("a note was written"))),
    Case("new --title with quotes and dashes", "text", ("new", "issue", "fresh", "--title", 'A "quoted" --- title'),
         edits=True, check=lambda root, out: None),
    # ---------------------------------------------------------------- what reaches a terminal or CI log
    Case("a terminal sequence in a file name", "terminal", files={"content/issues/a\x1b[2J.md": issue()}, code=1,
         lines=['content/issues/a\\x1b[2J.md:1: file name "a\\x1b[2J" is not a valid id: ids use lowercase letters, '
                "digits and single hyphens"]),
    Case("a workflow command in a field name", "terminal", ("check", "--format", "github"),
         files={"content/actors/gamma.md": '---\nname: Gamma\nkind: state\n"x\\n::add-mask::y": 1\n---\n'}, code=1,
         contains=("::error file=content/actors/gamma.md,line=4::x\\n::add-mask::y: unknown field",)),
    Case("a workflow command in a file name", "terminal", ("check", "--format", "github"),
         files={"content/issues/x\n::stop-commands::t.md": issue()}, code=1,
         contains=("file=content/issues/x\\n%3A%3Astop-commands%3A%3At.md",)),
    # ---------------------------------------------------------------- Markdown that hides links or hangs
    Case("a reference definition with its destination on the next line", "markdown",
         files={"content/pages/g.md": BODY + "See [a][r].\n\n[r]:\n  javascript:alert(1)\n"}, code=1,
         lines=['content/pages/g.md:7: body: link to "javascript:alert(1)" is not allowed: links go to http, https or '
                "mailto addresses, or to notes with [[id]]"]),
    Case("a link after a fence closed too short", "markdown",
         files={"content/pages/g.md": BODY + "````\ncode\n```\n[[nope]] stays code\n"}),
    Case("a link after an unclosed fence", "markdown",
         files={"content/pages/g.md": BODY + "```\n[[nope]] [a](javascript:x)\n"}),
    Case("a link after a mismatched fence is a link", "markdown",
         files={"content/pages/g.md": BODY + "```\ncode\n~~~\n```\n[[nope]]\n"}, code=1,
         lines=['content/pages/g.md:8: body: unknown id "nope"']),
    Case("200 KB of opening brackets in a summary", "markdown", ("generate",),
         files={"content/issues/two.md": issue(head="---\ntitle: T\nsummary: |\n  " + "[" * 120_000
                                                + "\nstatus: unclear\nupdated: 2024-05-20\n")}),
    Case("quotes nested thousands deep", "markdown", files={"content/pages/g.md": BODY + "> " * 5000 + "a\n"}, code=1,
         lines=["content/pages/g.md:4: body: elements nested 5001 deep (quotes, lists or emphasis inside one another): "
                "at most 48 are allowed"]),
    Case("a citation of a whole long document", "markdown",
         files={"seeds/long.txt": "".join(f"Line {i}.\n" for i in range(300)),
                "content/sources/long.yml": "title: Long\nfile: seeds/long.txt\n",
                "content/pages/g.md": BODY + "All of it [@long#p1-p300].\n"}, code=1,
         lines=["content/pages/g.md:4: body: long#p1-p300 spans 300 blocks; a citation spans at most 100: cite the "
                "passages that say it"]),
    # ---------------------------------------------------------------- what reaches the browser
    Case("a site URL that closes its attribute", "browser", ("build", "--site-url", 'https://x.example/"><script>alert(1)</script>'),
         code=2, contains=('briefing: --site-url "https://x.example/"><script>alert(1)</script>" is not a site '
                           'address',)),
    Case("a site URL in the environment with a space", "browser", ("build",),
         env={"BRIEFING_SITE_URL": "https://x.example/ onload=x"}, code=2,
         contains=('briefing: BRIEFING_SITE_URL "https://x.example/ onload=x" is not a site address',)),
    Case("a javascript: site URL", "browser", ("generate", "--site-url", "javascript:alert(1)"), code=2,
         contains=('--site-url "javascript:alert(1)" is not a site address',)),
    Case("note text that names a Content-Security-Policy", "browser", ("build",),
         files={"content/issues/two.md": issue(head="---\ntitle: T\nsummary: 'Write `<meta http-equiv=\"Content-"
                                                    "Security-Policy\" content=\"x\">` in a page'\nstatus: unclear\n"
                                                    "updated: 2024-05-20\n")
                + 'Also `http-equiv="Content-Security-Policy"` here.\n'},
         check=_csp_first("index.html", "issues/two.html", "issues.html")),
    Case("a source URL that closes its attribute", "browser", ("build",), files=_said('https://x.example/a"b'),
         code=1, contains=('url: "https://x.example/a"b" is not an http or https address',)),
    Case("a source URL that opens a tag", "browser", ("build",), files=_said("https://x.example/a?q=<b>"),
         code=1, contains=('url: "https://x.example/a?q=<b>" is not an http or https address',)),
    Case("quotes that hold markup, shown as speech and as reported words", "browser", ("build",),
         files=_said("https://x.example/a#frag"), check=_inert("issues/two.html", "actors/alpha.html",
                                                               "sources/said.html")),
    # ---------------------------------------------------------------- found by an independent attack
    Case("a yaml.py at the root shadows the real module", "repository", ("build",),
         files={"yaml.py": SHADOW, "markdown.py": SHADOW, "jinja2.py": SHADOW}),
    Case("mkdocs.yml runs hooks from the repository", "repository", ("build",),
         files={"evil.py": "open('PWNED', 'w').close()\n"}, setup=_config("hooks:\n  - evil.py\n"), code=1,
         contains=("hooks: runs Python files from the repository; briefing refuses it",)),
    Case("mkdocs.yml turns on the theme's projects plugin, whose nested project runs a hook", "repository",
         ("build",), files={"projects/evil/mkdocs.yml": "site_name: E\nhooks:\n  - hook.py\n",
                            "projects/evil/hook.py": "open('PWNED', 'w').close()\n",
                            "projects/evil/docs/index.md": "# E\n"},
         setup=_config("plugins:\n  - search\n  - offline\n  - projects\n"), code=1,
         contains=("plugins: projects is not one briefing allows",)),
    Case("mkdocs.yml names a plugin in the mapping form", "repository", ("check",),
         setup=_config("plugins:\n  search: {}\n  info: {enabled: true}\n"), code=1,
         contains=("plugins: info is not one briefing allows",)),
    Case("mkdocs.yml builds a Python object", "repository", ("check",),
         setup=_config('copyright: !!python/object/apply:os.system ["touch PWNED"]\n'), code=1,
         contains=("the YAML tag !!python/object/apply:os.system makes MkDocs run code",)),
    Case("mkdocs.yml pastes a file into every page", "repository", ("check",),
         setup=_config("markdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [/etc/passwd]\n"), code=1,
         contains=("markdown_extensions: pymdownx.snippets is not one briefing allows",)),
    Case("mkdocs.yml points the theme at the repository", "repository", ("check",),
         setup=_config("theme:\n  name: material\n  custom_dir: content\n"), code=1,
         contains=("theme.custom_dir: must be build/theme",)),
    Case("mkdocs.yml replaces the generated navigation", "repository", ("check",),
         setup=_config("not_in_nav: |\n  /issues/\n"),
         contains=(": warning: not_in_nav: briefing writes the folders kept out of the sidebar",)),
    Case("mkdocs.yml replaces the generated navigation, strictly", "repository", ("check", "--strict"),
         setup=_config("nav:\n  - index.md\n"), code=1, contains=(": nav: briefing writes the navigation",)),
    Case("mkdocs.yml points the docs at content", "repository", ("check",), setup=_config("docs_dir: content\n"),
         code=1, contains=("docs_dir: must be build/docs",)),
    Case("a quote looked for in a Markdown seed of brackets", "markdown", ("check",),
         files={"seeds/brackets.md": "[" * 100_000 + "\n", "content/sources/brackets.yml":
                "title: B\nfile: seeds/brackets.md\n",
                "content/issues/two.md": issue(positions="positions:\n  - actor: alpha\n    stance: X.\n"
                                                         "    quote: not in the source\n    sources: [brackets#p1]\n")},
         code=1, lines=["content/issues/two.md:9: positions[0].quote: not found word for word in brackets#p1; "
                        "no passage of the cited blocks comes close: check the citation"]),
    Case("one big block cited thousands of times with a quote", "markdown", ("check",),
         files={"seeds/big.txt": "word " * 20_000 + "\n", "content/sources/big.yml": "title: B\nfile: seeds/big.txt\n",
                "content/issues/two.md": issue(positions="positions:\n  - actor: alpha\n    stance: X.\n"
                                               "    quote: not there\n    sources: [" + ", ".join(["big#p1"] * 8000)
                                               + "]\n")},
         code=1, lines=["content/issues/two.md:9: positions[0].quote: not found word for word in big#p1; "
                        "no passage of the cited blocks comes close: check the citation"]),
    Case("a legacy workflow command in a field name", "terminal", ("check", "--format", "github"),
         files={"content/actors/gamma.md": '---\nname: Gamma\nkind: state\n"##[add-mask]Gamma": 1\n'
                                            'part_of: "##[stop-commands]x"\n---\n'}, code=1,
         contains=("##\\x5badd-mask]Gamma: unknown field",)),
    Case("a schema folder that is a link out of the project", "repository", ("schema", "schemas"),
         setup=_link("schemas", "../outside"), code=2, contains=("schemas is a symbolic link",)),
    Case("a name with a combining grapheme joiner", "text",
         files={"content/actors/gamma.md": "---\nname: Gamma\u034f\nkind: state\n---\n"}, code=1,
         contains=("U+034F (COMBINING GRAPHEME JOINER)",)),
    Case("a tag with a variation selector", "text",
         files={"content/actors/gamma.md": "---\nname: Gamma\nkind: state\ntags: [\"seq\ufe0f\"]\n---\n"}, code=1,
         contains=("U+FE0F (VARIATION SELECTOR-16)",)),
    Case("a name that is a blank Braille pattern", "text",
         files={"content/actors/gamma.md": "---\nname: \"G\u2800\"\nkind: state\n---\n"}, code=1,
         contains=("U+2800 (BRAILLE PATTERN BLANK)",)),
    Case("an id that ends in a line break", "text", ("new", "issue", "abc\n", "--title", "T"), code=2,
         contains=('is not a valid id',), check=_no_raw_newline_in_names),
    Case("a source URL that ends in a line break", "text",
         files={"content/sources/bad.yml": 'title: Bad\nfile: seeds/src.txt\nurl: "https://x.example/\\n"\n'}, code=1,
         contains=("is not an http or https address",)),
    Case("thousands of former ids", "text", ("generate",),
         files={"content/actors/gamma.md": "---\nname: Gamma\nkind: state\naliases: ["
                + ", ".join(f"old-{i}" for i in range(5000)) + "]\n---\n"}, code=1,
         contains=("aliases: 5,000 former ids; a note keeps at most 100",)),
    Case("a noncharacter written as an escape", "text",
         files={"content/briefing.yml": 'title: "M\\uffff"\nas_of: 2024-05-31\nsummary: S.\n'}, code=1,
         contains=("noncharacter U+FFFF is not allowed in text",)),
    Case("seeds folders nested past the limit", "repository", ("check",),
         setup=_folder("seeds/" + "/".join(["d"] * 40)), code=1, contains=("folders nested more than 32 deep",)),
    Case("a written-files record nested to exhaustion", "repository", ("generate",),
         setup=_file("build/.written-docs.json", "[" * 200_000 + "]" * 200_000)),
    Case("new onto a dangling link", "repository", ("new", "claim", "fresh"),
         setup=_link("content/claims/fresh.md", "nowhere"), code=2, contains=('id "fresh" exists already',)),
    Case("new with a title that is not UTF-8", "text", ("new", "claim", "fresh", "--title", "T\udcff"), code=2,
         contains=("--title is not valid UTF-8 text",),
         check=lambda root, out: not (root / "content/claims/fresh.md").exists() or (_ for _ in ()).throw(
             AssertionError("a note was written"))),
    Case("an address with an empty label", "options", ("serve", "--addr", "a..b:80"), code=2,
         contains=('--addr "a..b:80" is not HOST:PORT',)),
    Case("a site URL whose path names another host", "browser", ("build", "--site-url", "https://x.example//evil/"),
         code=2, contains=("is not a site address",)),
    Case("a title that mentions onload= still builds", "browser", ("build",),
         files={"content/sources/src.yml": 'title: "The source x onload=y"\nfile: seeds/src.txt\n'}),
    Case("an address that smuggles an option", "options", ("serve", "--addr", "127.0.0.1:8000 --dev-addr=0.0.0.0:80"),
         code=2, contains=('--addr "127.0.0.1:8000 --dev-addr=0.0.0.0:80" is not HOST:PORT',)),
    # The search indexer reads a configuration file and PAGEFIND_ variables: neither may
    # point it at another folder or change what it writes.
    Case("a Pagefind configuration committed at the root and in content", "repository", ("build",),
         files={"pagefind.yml": "site: ../outside\noutput_path: ../outside/pf\n",
                "pagefind.toml": 'site = "../outside"\n'},
         check=_all_checks(_search_index_in_site)),
    # A committed site/ is never served as ours: without a manifest of our own in the user's
    # cache, every page is built (tests/test_incremental.py: with one, a changed page is).
    Case("a committed site/ whose page runs a script", "repository", ("build",), setup=_committed_site,
         check=_site_rebuilt),
    # Shard folders come back from other machines: `briefing merge` reads them as untrusted.
    Case("a shard record that is a FIFO", "repository", ("merge", "shard"), setup=_shard_record(fifo=True),
         code=1, contains=("not a record of a share",)),
    Case("a shard record of 600 MB", "repository", ("merge", "shard"), setup=_shard_record(size=600 << 20),
         code=1, contains=("not a record of a share",)),
    Case("a shard record nested to exhaustion", "repository", ("merge", "shard"),
         setup=_shard_record("[" * 100_000), code=1, contains=("not a record of a share",)),
    Case("a shard record of the wrong shape", "repository", ("merge", "shard"),
         setup=_shard_record('{"share": [0, 1], "pages": {"a.md": 1}, "order": [], "anchors": {}, "links": [],'
                             ' "anchor_level": 30, "strict": true, "nav": "x"}'),
         code=1, contains=("not a record of a share",)),
    Case("a shard record that is a link", "repository", ("merge", "shard"),
         setup=_link("shard/share.json", "/etc/passwd"), code=1, contains=("no share.json",)),
    Case("merge into content/", "options", ("merge", "content"), code=2, contains=("it is inside content/",)),
    Case("a shard written into seeds/", "options", ("build", "--shard", "1/2", "--out", "seeds/x"), code=2,
         contains=("it is inside seeds/",)),
    Case("a shard written through a dangling link", "repository", ("build", "--shard", "1/2", "--out", "out"),
         setup=_link("out", "../elsewhere"), code=2, contains=("does not exist yet, or an empty one",)),
    # Documents to import come from anywhere (see generator/importing/worker.py).
    Case("an import of a zip bomb posing as a Word file", "repository", ("import", "minutes.docx", "--id", "new"),
         setup=_docx_bomb, code=1, contains=("a zip bomb",), check=_nothing_imported),
    Case("an import of a page of 600 MB", "repository", ("import", "page.html", "--id", "new"),
         setup=_sparse("page.html", 600 << 20), code=1, contains=("larger than a document is",),
         check=_nothing_imported),
    Case("an import of a FIFO", "repository", ("import", "fifo.pdf", "--id", "new"), setup=_fifo("fifo.pdf"),
         code=2, contains=("not a regular file",), check=_nothing_imported),
    Case("an import onto a dangling link in seeds/", "repository", ("import", "seeds/src.txt", "--id", "new"),
         setup=_link("seeds/new.txt", "../outside/planted.txt"), code=2, contains=("seeds/new.txt exists already",),
         check=_nothing_imported),
    Case("an import whose title would end the YAML", "text",
         ("import", "seeds/src.txt", "--id", "new", "--title", 'T"\nsha256: 0'), code=2,
         contains=("--title must be one line of text",), check=_nothing_imported),
    Case("Pagefind variables in the environment", "options", ("build",),
         env={"PAGEFIND_SITE": "../outside", "PAGEFIND_OUTPUT_PATH": "../outside/pf", "PAGEFIND_GLOB": "none"},
         check=_all_checks(_search_index_in_site)),
]
