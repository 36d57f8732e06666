"""Plain text made safe for where it goes: Markdown inline text, HTML attributes, the engine's settings.

Every value a page shows that is not rendered note Markdown passes through one of these.
"""

from __future__ import annotations

import html
import re

_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")


_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()!|~<>&\"']")
_MD_LEADING = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")


def md_text(text: str) -> str:
    """Plain text made safe for Markdown inline context: every special character as an entity.

    The entity form renders as the character itself, never as Markdown or HTML syntax,
    so a title of `*x* <b>` shows as typed, in headings, table cells and link text alike.
    """
    text = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))
    # Only at the start of a line do #, +, -, = and "1." make headings and lists.
    m = _MD_LEADING.match(text)
    if m:
        lead = m.group(1)
        if lead[0].isdigit():
            return lead + f"&#{ord(text[len(lead)])};" + text[len(lead) + 1:]
        return f"&#{ord(lead)};" + text[1:]
    return text


_MD_INLINE_RE = re.compile(r"[\\`*_{}\[\]()!|~]")


def protect_html(fragment: str) -> str:
    """Entity-encode Markdown syntax in the text between tags of a sanitised fragment."""
    parts = _TAG_SPLIT_RE.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = _MD_INLINE_RE.sub(lambda m: f"&#{ord(m.group())};", parts[i])
    return "".join(parts)


def attr(text: str) -> str:
    """Plain text for an HTML attribute value or text node."""
    return html.escape(text, quote=True)


def engine_text(text: str) -> str:
    """Plain text for the engine's settings and front matter (titles, site name, nav).
    Material and Zensical print these into HTML without escaping, so <, >, & and " are
    escaped; the apostrophe is left alone, since both themes quote attributes with " and
    Zensical's search shows an escaped apostrophe literally."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def strip_tags(fragment: str) -> str:
    """The text of an HTML fragment we made (its `<` in text are escaped, so every `<` opens a tag)."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))
