"""The note renderer: one parser (cmark-gfm) decides links, code and references, for check and pages alike."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.text import allowlist, markup, resolve


def resolver(kind, target):
    if kind == "link":
        return None if target == "nope" else resolve.Target(f"../x/{target}.html", f"Title of {target} & <co>")
    return resolve.Target("../sources/s.html#p3", 'Source "one", ¶3')


pieces = st.sampled_from(["word", " ", "\n", ":", "]:", "[x]: y", "\n\n", "(x)", "2025.", "1. ", "- ", "* ", "> ", "# ",
                          "    ", "[[alpha]]", "[[beta|Beta text]]", "[@s#p3]", "[@s#p3-p4]", "'", '"', "é", "—", ".",
                          ",", ";", "?", "*", "_", "`", "<b>", "&", "[", "]", "=", "  \n", "\t", "{", "}", "\u00a0",
                          "+", "3)", "-", "\ue003", "\U000f0001", "!", "|", "[[beta|wrapped\nlabel]]"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(pieces, max_size=14).map("".join))
def test_fast_path_matches_cmark(text):
    fast = markup._plain(text)
    if fast is not None:
        assert fast == markup._parse(text)


def test_fast_path_takes_plain_text_and_declines_markup():
    assert markup._plain("Wants (at least) fifteen years; see [[alpha]].") is not None
    # A reference is read before anything else: "[@s#p3]: word" is a citation, never a link definition.
    assert markup._plain("[@s#p3]: word") == markup._parse("[@s#p3]: word")
    for text in ["*x*", "a\n\nb", "- item", "<b>x</b>", "[a](http://x)", "a  \nb", "`code`", "# h",
                 " lead", "x\n> q", "1. one", "a\n===", "\ue000", "\U000f0000"]:
        assert markup._plain(text) is None, text


CASES = [
    # (text, the HTML a page gets, the live references)
    ("See [[alpha]] and [[beta|B]] [@s#p3].",
     '<p>See <a class="xref" href="../x/alpha.html">Title of alpha &amp; &lt;co&gt;</a> and '
     '<a class="xref" href="../x/beta.html">B</a> <a class="cite" href="../sources/s.html#p3" '
     'title="Source &quot;one&quot;, ¶3">[¶3]</a>.</p>', ["alpha", "beta", "s#p3"]),
    ("`[[alpha]]` and\n\n```\n[[beta]]\n```", "<p><code>[[alpha]]</code> and</p>\n<pre><code>[[beta]]\n</code></pre>",
     []),
    # An unclosed fence runs to the end: what is in it is code, for the checker too.
    ("text\n\n```\n[[alpha]] [x](javascript:y)",
     "<p>text</p>\n<pre><code>[[alpha]] [x](javascript:y)\n</code></pre>", []),
    # A fence closed by a shorter one is not closed.
    ("````\n[[alpha]]\n```\nstill code", "<pre><code>[[alpha]]\n```\nstill code\n</code></pre>", []),
    (r"Escaped \[[alpha]] stays text", "<p>Escaped [[alpha]] stays text</p>", []),
    ("<b>bold</b> <script>x</script> <!-- c -->",
     "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x&lt;/script&gt; &lt;!-- c --&gt;</p>",
     []),
    ("![alt](https://tracker.example/x.png)", '<p>!<a href="https://tracker.example/x.png">alt</a></p>', []),
    ("[see [[alpha]]](https://example.org)",
     '<p><a href="https://example.org">see Title of alpha &amp; &lt;co&gt;</a></p>',
     ["alpha"]),
    ("Unknown [[nope]] stays as typed", "<p>Unknown [[nope]] stays as typed</p>", ["nope"]),
    ("| a | b |\n|---|---|\n| [[alpha|A]] | x |",
     '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><a class="xref" '
     'href="../x/alpha.html">A</a></td>\n<td>x</td>\n</tr>\n</tbody>\n</table>', ["alpha"]),
    ("Private \ue000\ue003\U000f0000 use", "<p>Private \ue000\ue003\U000f0000 use</p>", []),
    ("<https://auto.example/>", '<p><a href="https://auto.example/">https://auto.example/</a></p>', []),
    # A label wrapped over a line break is one label; over a blank line it is no link.
    ("need [[beta|the approval of\n  the parliaments]], which",
     '<p>need <a class="xref" href="../x/beta.html">the approval of the parliaments</a>, which</p>', ["beta"]),
    ("[[beta|two\n\nparagraphs]]", "<p>[[beta|two</p>\n<p>paragraphs]]</p>", []),
]


@pytest.mark.parametrize("text,expected,refs", CASES, ids=[c[0][:30] for c in CASES])
def test_rendering_and_references(text, expected, refs):
    assert resolve.block(text, resolver) == expected
    assert [r.target for r in markup.scan(text)] == refs


LINKS = [
    ("[a](javascript:alert(1))", [(0, "javascript:alert(1)")]),
    ("x\n\n[a][r]\n\n[r]:\n  javascript:alert(1)", [(5, "javascript:alert(1)")]),
    ("[a](java&#x09;script:alert(1))", [(0, "javascript:alert(1)")]),
    ("[a](<javascript:alert(1)>)", [(0, "javascript:alert(1)")]),
    ("`[a](javascript:x)`", []),
    ("[a](https://example.org) [b](mailto:x@example.org) [c](other.html)", []),
]


@pytest.mark.parametrize("text,expected", LINKS, ids=[c[0][:25] for c in LINKS])
def test_unsafe_links_are_the_links_a_reader_gets(text, expected):
    assert markup.unsafe_links(text) == expected
    assert "javascript" not in resolve.block(text, resolver).split("<code>")[0].replace("javascript:", "", 0) or \
        'href="javascript' not in resolve.block(text, resolver)


def test_body_sections_split_at_top_level_headings_only():
    _, parts = resolve.sections("# One [[alpha]]\n\ntext\n\n> # quoted\n\n## Two")
    assert [level for level, _ in parts] == [1, 0, 2]
    assert "quoted" in parts[1][1]


def test_flatten_gives_the_words():
    assert resolve.flatten("See [[alpha]], [[beta|B]] *now* [@s#p3].", {"alpha": "Alpha"}) == "See Alpha, B now ."


hostile = st.sampled_from(["<b>", "</b>", "<script>", "<a href='javascript:x'>", "[a](javascript:alert(1))",
                           "[a](https://ok.example \"t\")", "![i](http://x)", "`c`", "```py\n", "\n\n", "> ", "- ",
                           "1. ", "# ", "| a | b |\n|---|---|\n", "*", "_", "&amp;", "&#106;", "<!--", "-->", "<?x",
                           "<http://a>", "<x@y.z>", "[r]: javascript:y\n", "[r]", "\\", "[[alpha]]", "[@s#p1]", "word",
                           " ", "\n", '"', "'", "<", ">", "[", "](", ")", "~~~\n", "    code\n",
                           "<img src=x onerror=y>"])


class _Elements:
    """The elements, attributes and text of an HTML fragment, as a browser's parser sees them."""

    def __init__(self, fragment):
        from html.parser import HTMLParser

        self.items = []
        outer = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.items.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

            def handle_endtag(self, tag):
                if tag not in ("br", "hr"):  # void elements: <br /> and <br> are one element
                    outer.items.append((">", tag))

            def handle_data(self, data):
                if outer.items and outer.items[-1][0] == "t":
                    outer.items[-1] = ("t", outer.items[-1][1] + data)
                else:
                    outer.items.append(("t", data))

        p = P(convert_charrefs=True)
        p.feed(fragment)
        p.close()


@settings(max_examples=1500, deadline=None)
@given(st.lists(hostile, max_size=12).map("".join))
# An autolink inside a link's text: cmark nests the links, a browser closes the outer one.
@example('[<http://a>]([a](https://ok.example "t")')
@example("[*x <http://b> y*](https://c)")
@example("[**a** <http://b> `c`](https://c) after")
# A link title that runs over two lines.
@example("[r]: javascript:y\n'[r]: javascript:y\n<a href='javascript:x'>")
def test_allow_list_keeps_what_an_established_sanitiser_keeps(text):
    """Our linear allow-list over cmark's output lets through the same elements and attributes
    as nh3 (ammonia, html5ever) configured the same way, on the same cmark output."""
    import nh3

    source, _ = markup._tokenise(text)
    raw = (markup._cmark(source).replace(markup._LT, "&lt;").replace(markup._BANG, "!")
           .replace("%EE%80%83", "%3C").replace("%EE%80%84", "!"))
    attributes = {k: set(v) for k, v in allowlist._ALLOWED_ATTRS.items()}
    theirs = nh3.clean(raw, tags=set(allowlist._ALLOWED_TAGS), attributes=attributes,
                       url_schemes=set(allowlist.SAFE_SCHEMES), link_rel=None, strip_comments=True)
    ours = markup._parse(text).html if not any(0xF0000 <= ord(c) for c in source) else None
    if ours is None or markup._parse(text).refused:
        return
    assert _Elements(ours).items == _Elements(theirs).items


@settings(max_examples=1500, deadline=None)
@given(st.lists(hostile, max_size=12).map("".join))
def test_allow_list_alone_lets_nothing_else_through(text):
    """Even on raw HTML straight from cmark (which our tokeniser never lets reach it), a
    browser's parser finds nothing in the output but allowed elements with allowed
    attributes, and no link with another scheme than http, https or mailto."""
    from generator.text.allowlist import _ALLOWED_ATTRS, _ALLOWED_TAGS, SAFE_SCHEMES
    from generator.text.allowlist import browser_href as _browser_href
    from generator.text.markup import _cmark

    for item in _Elements(allowlist.allowed_html(_cmark(text))).items:
        if item[0] != "<":
            continue
        _, tag, attrs = item
        assert tag in _ALLOWED_TAGS
        for name, value in attrs:
            assert name in _ALLOWED_ATTRS.get(tag, ())
            scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", _browser_href(value)) if name == "href" else None
            if scheme:  # as a browser reads a URL: anything else before a colon is a relative path
                assert scheme.group(1).lower() in SAFE_SCHEMES
