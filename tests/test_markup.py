"""The note renderer: the fast path for plain paragraphs gives exactly what Python-Markdown gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import markup


def resolver(kind, target):
    if kind == "link":
        return None if target == "nope" else markup.Target(f"../x/{target}.html", f"Title of {target} & <co>")
    return markup.Target("../sources/s.html#p3", 'Source "one", ¶3')


def slow(text):
    r = markup.Renderer()
    r.resolver = resolver
    try:
        return markup.sanitise(r.md.reset().convert(text))
    finally:
        r.resolver = None


pieces = st.sampled_from(["word", " ", "\n", ":", "]:", "[x]: y", "\n\n", "(x)", "2025.", "1. ", "- ", "* ", "> ", "# ", "    ",
                          "[[alpha]]", "[[beta|Beta text]]", "[@s#p3]", "[@s#p3-p4]", "'", '"', "é", "—", ".",
                          ",", ":", ";", "?", "*", "_", "`", "<b>", "&", "[", "]", "=", "  \n", "\t", "{", "}"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(pieces, max_size=14).map("".join))
def test_fast_path_matches_python_markdown(text):
    fast = markup._plain_paragraph(text, resolver)
    if fast is not None:
        assert fast == slow(text)


def test_fast_path_takes_plain_text_and_declines_markup():
    assert markup._plain_paragraph("Wants (at least) fifteen years; see [[alpha]].", resolver) is not None
    for text in ["[@s#p3]: word", "*x*", "a\n\nb", "- item", "<b>x</b>", "[a](http://x)", "a  \nb", "`code`", "# h"]:
        assert markup._plain_paragraph(text, resolver) is None, text
