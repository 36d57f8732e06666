"""Pathological inputs, as data: Markdown bodies and whole notes that once took time growing
faster than their size. Each family makes a text of about `size` characters.

Used by tests/test_hostile.py (doubling an input at most about doubles the time) and by
bench/hostile.py (every family at the note size limit, timed).
"""

from __future__ import annotations

from collections.abc import Callable


def _rep(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _nested(open_: str, close: str, size: int, inner: str = "a") -> str:
    n = max(1, size // (len(open_) + len(close)))
    return open_ * n + inner + close * n


BODIES: dict[str, Callable[[int], str]] = {
    # After CommonMark's own list of pathological inputs, and more of the same kinds.
    "open brackets": lambda n: _rep("[", n),
    "nested brackets": lambda n: _nested("[", "]", n),
    "link openers": lambda n: _rep("[a", n),
    "link closers": lambda n: _rep("a]", n),
    "image openers": lambda n: _rep("![", n),
    "bracket bang": lambda n: _rep("[!", n),
    "wikilink openers": lambda n: _rep("[[", n),
    "citation openers": lambda n: _rep("[@", n),
    "unclosed links": lambda n: _rep("[a](b", n),
    "unclosed pointy links": lambda n: _rep("[a](<b", n),
    "bracket paren": lambda n: _rep("[ (](", n),
    "links and emphasis": lambda n: _rep("[ a_", n),
    "nested strong emphasis": lambda n: _nested("*a **a ", " a** a*", n, "b"),
    "emphasis closers": lambda n: _rep("a_ ", n),
    "emphasis openers": lambda n: _rep("_a ", n),
    "mismatched emphasis": lambda n: _rep("*a_ ", n),
    "alternating markers": lambda n: _rep("*_", n),
    "stars": lambda n: _rep("*", n),
    "underscores": lambda n: _rep("_", n),
    "underscore words": lambda n: _rep("a_b_", n),
    "backtick runs": lambda n: "".join("e" + "`" * i for i in range(1, 600))[:n],
    "unmatched code spans": lambda n: _rep("``a`", n),
    "single backticks": lambda n: _rep("`", n),
    "nested quotes": lambda n: _rep("> ", n, tail="a"),
    "quote lines": lambda n: _rep(">a\n", n),
    "quoted lists": lambda n: _rep("> - ", n, tail="a"),
    "list markers": lambda n: _rep("- ", n, tail="a"),
    "lazy list": lambda n: _rep("- a\n", n),
    "ordered list": lambda n: _rep("1) a\n", n),
    "unclosed fences": lambda n: _rep("```\n", n),
    "mismatched fences": lambda n: _rep("````\n```\n", n),
    "tildes": lambda n: _rep("~", n),
    "raw html openers": lambda n: _rep("<a ", n),
    "angle brackets": lambda n: _rep("<", n),
    "declarations": lambda n: _rep("<!", n),
    "processing instructions": lambda n: _rep("<?", n),
    "unclosed comments": lambda n: _rep("<!--", n, head="</"),
    "autolink openers": lambda n: _rep("<http://a", n),
    "ampersands": lambda n: _rep("&", n),
    "entity openers": lambda n: _rep("&#", n),
    "backslashes": lambda n: _rep("\\", n),
    "hashes": lambda n: _rep("#", n),
    "setext lines": lambda n: _rep("a\n=\n", n),
    "indented code": lambda n: _rep("    a\n", n),
    "thematic breaks": lambda n: _rep("***\n", n),
    "reference definitions": lambda n: _rep("[a]:\n", n),
    "open reference titles": lambda n: _rep('[a]: b "', n),
    "defined references": lambda n: _rep("[a]", n, head="[a]: /u\n\n"),
    "long table": lambda n: _rep("| x | y |\n", n, head="| a | b |\n|---|---|\n"),
    "wide table": lambda n: "|" + "a|" * (n // 6) + "\n|" + "-|" * (n // 6) + "\n|" + "b|" * (n // 6) + "\n",
    "table pipes": lambda n: _rep("|\n", n, head="a|b\n-|-\n"),
    "many links": lambda n: _rep("[a](https://example.org/) ", n),
    "many headings": lambda n: _rep("# a [[x]]\n", n),
    "heading with trailing hashes": lambda n: "# a" + " #" * (n // 2) + "b",
}

INLINE: dict[str, Callable[[int], str]] = {
    # For Markdown fields written in the front matter (one line of YAML, quoted).
    "summary of open brackets": lambda n: _rep("[", n),
    "summary of ampersands": lambda n: _rep("&", n),
}


def issue(summary: str = "S.", body: str = "", extra: str = "") -> str:
    return ("---\ntitle: T\nsummary: " + summary + "\nstatus: open\nupdated: 2024-05-20\n" + extra
            + "positions:\n  - actor: alpha\n    stance: X.\n    sources: [src#p2]\n---\n" + body)


def claim(responses: str) -> str:
    return ("---\nstatement: S.\nclaimant: alpha\nstatus: alleged\nsources: [src#p2]\nresponses:\n" + responses
            + "---\n")


def folder_of(note: str) -> str:
    """The folder a note of NOTES belongs in (a claim, or else an issue)."""
    return "claims" if note.startswith("---\nstatement:") else "issues"


NOTES: dict[str, Callable[[int], str]] = {
    # Whole notes whose structure (not their Markdown) is large.
    "unknown links": lambda n: issue(body=_rep("[[nope]] ", n)),
    "known links": lambda n: issue(body=_rep("[[alpha]] ", n)),
    "citations": lambda n: issue(body=_rep("[@src#p2] ", n)),
    "overlapping ranges": lambda n: issue(extra="sources: [" + ", ".join(
        f"src#p1-p{1 + i % 3}" for i in range(n // 12)) + "]\n"),
    "tags of one slug": lambda n: issue(extra="tags: [" + ", ".join(
        f'"a{"!" * (i % 50)}{"?" * (i // 50)}"' for i in range(n // 40)) + "]\n"),
    "questions": lambda n: issue(extra="questions:\n" + _rep("  - Why [[alpha]]?\n", n)),
    "long title": lambda n: issue().replace("title: T", "title: " + _rep("Title ", n)),
    "flow list of ids": lambda n: issue(extra="related: [" + _rep("nope, ", n) + "nope]\n"),
    "unknown fields": lambda n: issue(extra="".join(f"field{i}: x\n" for i in range(n // 12))),
    # Quotes checked as the actor's own words, and quotes not found (each gets the closest passage).
    "direct quotes": lambda n: claim(_rep("  - actor: beta\n    position: denies\n    summary: No.\n"
                                          "    quote: not fair\n    wording: direct\n    sources: [src#p3]\n", n)),
    "quotes not found": lambda n: claim(_rep("  - actor: beta\n    position: denies\n    summary: No.\n"
                                             "    quote: the plan is unfair to all\n    sources: [src#p2-p3]\n", n)),
}
