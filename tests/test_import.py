"""`briefing import`: real documents of each format (a news page saved with its boilerplate,
a PDF printed by Chromium, a Word file written by python-docx) become the blocks a careful
editor would make, with a source note that checks; a bad or hostile file writes nothing."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, make_project

from generator.importing import document, worker
from generator.text.blocks import split_blocks

DOCS = Path(__file__).resolve().parent / "fixtures" / "import"
_spec = importlib.util.spec_from_file_location("make_documents", DOCS / "make_documents.py")
assert _spec is not None and _spec.loader is not None
made = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(made)


def _blocks(root: Path, seed: str) -> list[str]:
    text = (root / seed).read_text(encoding="utf-8")
    return split_blocks(text, seed.endswith(".md"))


def _import(cli, root: Path, name: str, *args: str):
    shutil.copy(DOCS / name, root / name)
    return cli(root, "import", name, *args)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p")


def test_a_saved_news_page_becomes_its_article_and_nothing_else(project, cli):
    res = _import(cli, project, "news-page.html", "--id", "times", "--url",
                  "https://news.example.org/world/europe/2025/12/30/security-guarantees-ukraine")
    assert res.code == 0, res.err
    blocks = _blocks(project, "seeds/times.txt")
    # The headline, then the article exactly as our hand-made seed of the same text has it.
    seed = (REPO / "seeds" / "000_c5f11daeeed803d4.txt").read_text(encoding="utf-8").splitlines()
    assert blocks == ["Security guarantees at the centre of negotiations", *seed]
    text = "\n".join(blocks)
    for boilerplate in ("cookies", "Subscribe", "Share on", "Read more", "Advertisement", "More on this story",
                        "Comments", "reader123", "Most read", "All rights reserved", "Topics:", "By Example"):
        assert boilerplate not in text
    note = (project / "content/sources/times.yml").read_text(encoding="utf-8")
    assert 'title: "Security guarantees at the centre of negotiations"' in note  # og:title, not <title>
    assert 'publisher: "The Example Times"' in note and 'published: "2025-12-30"' in note
    assert 'language: "en-GB"' in note and 'kind: "web-page"' in note and "accessed: " in note
    assert "# The document names its author: \"Example Times staff\"" in note
    assert "title from the document" in res.err and "accessed from today" in res.err
    assert cli(project, "check").code == 0


def test_a_pdf_printed_by_chromium_loses_its_running_heads_and_keeps_its_paragraphs_whole(project, cli):
    res = _import(cli, project, "statement.pdf", "--id", "statement", "--published", "2026-01-05")
    assert res.code == 0, res.err
    blocks = _blocks(project, "seeds/statement.md")  # Markdown: it holds a list
    p = made.PARAGRAPHS
    filler = " ".join(p[1] for _ in range(3))
    assert blocks == ["# Statement on security guarantees", p[0], "## Deterrence", filler, p[1], filler,
                      "\n".join(f"{k}. {i}" for k, i in enumerate(made.ITEMS, 1)),  # numbered, as printed
                      "| Country | Commitment |\n|---|---|\n| France | Training, air defence |\n"
                      "| United Kingdom | Monitoring |",
                      "## Presence", f"{p[2]} {p[0]} {filler}", "### Annex",
                      f"{made.ANNEX}\\[1\\] It is short.", f"1 {made.NOTE}"]  # [1], escaped in Markdown
    text = "\n".join(blocks)
    assert "Page " not in text and "\u2010" not in text and "\u00ad" not in text
    note = (project / "content/sources/statement.yml").read_text(encoding="utf-8")
    assert 'published: "2026-01-05"' in note  # the option wins over the PDF's creation date
    assert 'title: "Statement on security guarantees"' in note  # the PDF's Title
    assert "language:" not in note  # Chromium writes no /Lang: unknown, so not written
    assert note.startswith('# Imported by `briefing import` from "statement.pdf"')
    assert cli(project, "check").code == 0


def test_a_word_document_keeps_its_headings_list_and_table_as_markdown_blocks(project, cli):
    res = _import(cli, project, "minutes.docx", "--id", "minutes", "--kind", "minutes")
    assert res.code == 0, res.err
    assert not (project / "seeds/minutes.txt").exists()
    blocks = _blocks(project, "seeds/minutes.md")
    assert blocks == [
        "# Minutes of the coordination meeting",
        "Paris, 6 January 2026. Present: the delegations of the participating countries.",
        "## Contributions",
        made.PARAGRAPHS[0],
        "- Air defence and its financing\n- Training missions away from the front line\n- Monitoring of a ceasefire",
        "## Commitments by country",
        "| Country | Commitment |\n|---|---|\n| France | Training, air defence |\n| United Kingdom | Monitoring |",
        made.PARAGRAPHS[1],
    ]
    note = (project / "content/sources/minutes.yml").read_text(encoding="utf-8")
    assert 'published: "2026-01-06"' in note and 'language: "en-GB"' in note and 'kind: "minutes"' in note
    assert cli(project, "check").code == 0


def test_keep_original_keeps_the_file_where_the_block_rules_do_not_look(project, cli):
    res = _import(cli, project, "minutes.docx", "--id", "minutes", "--keep-original")
    assert res.code == 0, res.err
    assert (project / "seeds/originals/minutes.docx").read_bytes() == (DOCS / "minutes.docx").read_bytes()
    (project / "seeds/originals/notes.txt").write_text("not a source\n")
    assert cli(project, "check").code == 0


def test_markdown_and_text_files_import_as_blocks(project, cli):
    (project / "wrapped.txt").write_text("First paragraph,\nwrapped over\ntwo lines.\n\nSecond one.\n")
    assert cli(project, "import", "wrapped.txt", "--id", "wrapped", "--title", "Wrapped").code == 0
    assert _blocks(project, "seeds/wrapped.txt") == ["First paragraph, wrapped over two lines.", "Second one."]
    (project / "doc.md").write_text("---\ntitle: A note\n---\n# A note\n\nText with *emphasis*.\n\n- a\n- b\n")
    assert cli(project, "import", "doc.md", "--id", "doc").code == 0
    assert _blocks(project, "seeds/doc.md") == ["# A note", "Text with *emphasis*.", "- a\n- b"]
    assert 'title: "A note"' in (project / "content/sources/doc.yml").read_text()
    assert cli(project, "check").code == 0


def test_text_is_cleaned_as_the_contract_wants_it():
    doc = document.Document([document.Block("paragraph", "Nego\u00adtiations\u200b re\u202esumed\x07 "
                                            "\u00a0 today\r\nin Paris.")]).cleaned()
    assert doc.blocks[0].text == "Negotiations resumed today in Paris."
    suffix, text = document.seed(document.Document([document.Block("paragraph", "*not* [a](link) <b>"),
                                                    document.Block("list", items=["# not a heading", "1. x"])]))
    assert suffix == ".md"
    assert split_blocks(text, True) == ["\\*not\\* \\[a\\](link) \\<b\\>", "- \\# not a heading\n- 1\\. x"]


def _zip_bomb(megabytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (megabytes * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


@pytest.mark.parametrize("name,data,args,code,message", [
    ("notes.odt", b"PK\x03\x04", (), 1, "cannot import .odt"),
    ("empty.pdf", b"", (), 1, "the file is empty"),
    ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 1000, (), 1, "damaged"),
    ("bomb.docx", 300, (), 1, "the archive unpacks to 314,572,"),
    ("bomb.docx", 20, (), 1, "compressed 1,0"),
    ("fake.docx", b"not a zip at all", (), 1, "not a .docx"),
    ("latin1.txt", "caf\xe9\n".encode("latin-1"), (), 1, "not UTF-8"),
    ("ok.txt", b"Text.\n", ("--id", "src"), 2, 'id "src" is taken'),
    ("ok.txt", b"Text.\n", ("--id", "Bad_Id"), 2, "not a valid id"),
    ("ok.txt", b"Text.\n", ("--published", "31/12/2025"), 2, "--published 31/12/2025"),
    ("ok.txt", b"Text.\n", ("--url", "javascript:alert(1)"), 2, "starting with https://"),
])
def test_a_file_that_cannot_be_imported_writes_nothing(project, cli, name, data, args, code, message):
    (project / name).write_bytes(_zip_bomb(data) if isinstance(data, int) else data)
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    res = cli(project, "import", name, *(args if "--id" in args else ("--id", "new-source", *args)))
    assert res.code == code and message in res.err, res.err
    assert "nothing was written" in res.err and "Traceback" not in res.err
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_a_file_larger_than_a_document_is_refused_before_it_is_read(project, cli):
    with open(project / "huge.html", "wb") as f:
        f.truncate(worker.MAX_BYTES + 1)  # sparse
    res = cli(project, "import", "huge.html", "--id", "huge")
    assert res.code == 1 and "larger than a document is" in res.err


def test_a_reader_that_runs_away_is_stopped(project, cli, monkeypatch):
    """A PDF whose page tree is its own child: whatever pdfminer does with it, the import ends."""
    monkeypatch.setattr(worker, "WALL_SECONDS", 20)
    loop = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[2 0 R 2 0 R]/Count 2>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    (project / "loop.pdf").write_bytes(loop)
    res = cli(project, "import", "loop.pdf", "--id", "loop")
    assert res.code == 1 and "nothing was written" in res.err, res.err
    assert not (project / "seeds" / "loop.txt").exists()


def test_an_existing_seed_file_is_never_written_over(project, cli):
    (project / "seeds" / "fresh.txt").write_text("mine\n")
    (project / "a.txt").write_text("Text.\n")
    res = cli(project, "import", "a.txt", "--id", "fresh")
    assert res.code == 2 and "seeds/fresh.txt exists already" in res.err
    assert (project / "seeds" / "fresh.txt").read_text() == "mine\n"
    assert not (project / "content" / "sources" / "fresh.yml").exists()


def test_block_texts_have_no_control_characters_or_soft_hyphens(project, cli):
    page = ("<html><head><title>T</title></head><body><article><h1>Title</h1><p>" +
            "Long para\u00adgraph with a bell\x07 and a bidi \u202eoverride, and more words to make it an article. "
            * 5 + "</p></article></body></html>")
    (project / "page.html").write_text(page, encoding="utf-8")
    res = cli(project, "import", "page.html", "--id", "page")
    assert res.code == 0, res.err
    text = (project / "seeds" / "page.txt").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u202a-\u202e]", text)
    assert cli(project, "check").code == 0


def _page(body: str, head: str = "<meta charset='utf-8'>") -> str:
    return (f"<!doctype html><html lang='en'><head>{head}<title>T</title></head><body><article><h1>The headline"
            f"</h1>{body}</article><footer>© Site</footer></body></html>")


LONG = "This sentence is here to make the article long enough to be one. " * 4


@pytest.mark.parametrize("body,blocks", [
    # A line break is a space between words, never nothing.
    (f"<p>{LONG}infrastructure.<br>These attacks.</p>", ["The headline", f"{LONG}infrastructure. These attacks."]),
    # Two in a row end a paragraph (older editors write paragraphs so).
    (f"<p>{LONG}First.<br><br>Second paragraph.<br><br>Third.</p>",
     ["The headline", f"{LONG}First.", "Second paragraph.", "Third."]),
    # A quotation of two paragraphs is two blocks.
    (f"<p>{LONG}</p><blockquote><p>One said.</p><p>Two said.</p></blockquote>",
     ["The headline", LONG.strip(), "One said.", "Two said."]),
])
def test_web_page_paragraphs_and_line_breaks(project, cli, body, blocks):
    (project / "p.html").write_text(_page(body), encoding="utf-8")
    res = cli(project, "import", "p.html", "--id", "page")
    assert res.code == 0, res.err
    assert _blocks(project, "seeds/page.txt") == blocks


def test_numbered_lists_keep_their_numbers_and_read_more_lines_go(project, cli):
    body = (f"<p>{LONG}</p><p>Read more: Another story entirely</p><ol><li>First.</li><li>Second.</li></ol>"
            "<ul><li>A point.</li></ul>")
    (project / "p.html").write_text(_page(body), encoding="utf-8")
    assert cli(project, "import", "p.html", "--id", "page").code == 0
    assert _blocks(project, "seeds/page.md") == ["# The headline", LONG.strip(), "1. First.\n2. Second.", "- A point."]


def test_a_text_file_takes_its_title_from_a_short_first_line_and_markdown_loses_its_comments(project, cli):
    (project / "r.txt").write_text("Press release on the talks\n\nThe talks went on.\n")
    assert cli(project, "import", "r.txt", "--id", "r").code == 0
    assert 'title: "Press release on the talks"' in (project / "content/sources/r.yml").read_text()
    (project / "m.md").write_text("# M\n\n<!-- internal draft, do not circulate -->\nText.\n")
    assert cli(project, "import", "m.md", "--id", "m").code == 0
    assert _blocks(project, "seeds/m.md") == ["# M", "Text."]
    assert cli(project, "check").code == 0


def test_a_page_in_another_encoding_is_read_in_it_or_refused(project, cli):
    text = "Совещание с членами Правительства. " * 8
    page = _page(f"<p>{text}</p>", head="<title>x</title>" + " " * 5000 + "<meta charset='windows-1251'>")
    (project / "late.html").write_bytes(page.encode("cp1251"))  # its charset said late in the head
    assert cli(project, "import", "late.html", "--id", "late").code == 0
    assert text.strip() in _blocks(project, "seeds/late.txt")
    (project / "none.html").write_bytes(_page(f"<p>{text}</p>", head="").encode("cp1251"))  # said nowhere
    assert cli(project, "import", "none.html", "--id", "none").code == 0
    assert "\ufffd" not in (project / "seeds/none.txt").read_text(encoding="utf-8")


def test_a_word_document_keeps_the_text_of_content_controls_and_tracked_insertions(project, cli):
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("Before.")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d.element.body.append(parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t>'
                                    "</w:r></w:p></w:sdtContent></w:sdt>"))
    d.element.body.append(parse_xml(f"<w:p {w}><w:r><w:t xml:space='preserve'>Kept </w:t></w:r><w:ins w:id='1' "
                                    "w:author='a'><w:r><w:t>inserted</w:t></w:r></w:ins><w:del w:id='2' w:author='a'>"
                                    "<w:r><w:delText>deleted</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>"))
    d.element.body.append(parse_xml(f"<w:p {w}><w:r><w:t>After.</w:t></w:r></w:p>"))
    d.save(str(project / "w.docx"))
    assert cli(project, "import", "w.docx", "--id", "w", "--title", "W").code == 0
    assert _blocks(project, "seeds/w.txt") == ["Before.", "Inside a content control.", "Kept inserted.", "After."]


def test_a_pdf_creation_date_is_not_taken_for_its_publication(project, cli):
    res = _import(cli, project, "statement.pdf", "--id", "statement")
    assert res.code == 0, res.err
    note = (project / "content/sources/statement.yml").read_text(encoding="utf-8")
    assert "published:" not in note and "# The PDF was made on " in note
