"""Problems found in the content: collected by every stage, sorted, reported once."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# What an editor typed must never act on a terminal or a CI log: control characters
# (escape sequences, bells, carriage returns), line breaks (a second line could start a
# GitHub workflow command such as ::add-mask::), bidirectional controls (which reorder
# what is shown) and the older form of workflow commands, ##[add-mask], which the runner
# finds anywhere in a line, are written as visible escapes.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
"""The command line's exit codes: success, content wrong, usage error, internal error."""


def shown(text: str) -> str:
    """`text` made safe to print on a terminal or in a CI log: one line, nothing that acts."""
    if "##[" in text:
        text = text.replace("##[", "##\\x5b")
    if not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(_escape, text)


def shown_json(text: str) -> str:
    """JSON for a terminal or a CI log: every character outside ASCII as a \\u escape (so no
    bidirectional control acts), and no ##[ that could pass for a workflow command."""
    return text.replace("##[", "##\\u005b")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, located in a file of the project."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int
    """1-based line in the file as the editor sees it (0 when the file as a whole is meant)."""
    message: str
    warning: bool = False
    col: int = 0
    """1-based column where known, else 0."""

    def format(self, *, strict: bool = False) -> str:
        where = self.path if self.line <= 0 else f"{self.path}:{self.line}"
        if self.col > 0 and self.line > 0:
            where += f":{self.col}"
        kind = "warning: " if self.warning and not strict else ""
        return shown(f"{where}: {kind}{self.message}")

    def github(self, *, strict: bool = False) -> str:
        level = "warning" if self.warning and not strict else "error"
        parts = [f"file={_gh_escape_prop(self.path)}"]
        if self.line > 0:
            parts.append(f"line={self.line}")
            if self.col > 0:
                parts.append(f"col={self.col}")
        return f"::{level} {','.join(parts)}::{_gh_escape_data(shown(self.message))}"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(shown(text)).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Problems:
    """An append-only collection of problems, shared by the stages of one run."""

    items: list[Problem] = field(default_factory=list)

    # A problem about a whole file points at its first line, so every message reads
    # path:line: message and editors and CI annotations can jump to it.
    def error(self, path: str, line: int, message: str, col: int = 0) -> None:
        self.items.append(Problem(path, max(line, 1), message, False, col))

    def warn(self, path: str, line: int, message: str, col: int = 0) -> None:
        self.items.append(Problem(path, max(line, 1), message, True, col))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.col, p.warning, p.message))

    def errors(self, *, strict: bool = False) -> list[Problem]:
        return [p for p in self.items if strict or not p.warning]

    def has_errors(self, *, strict: bool = False) -> bool:
        return any(strict or not p.warning for p in self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def relpath(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The project-relative path of a file, with forward slashes."""
    return os.path.relpath(path, root).replace(os.sep, "/")
