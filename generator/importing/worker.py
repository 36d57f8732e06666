"""Reading a document in a process of its own, with limits: `read(data, fmt)`.

A document to import comes from anywhere: a PDF whose object graph loops, a .docx that is a
zip bomb, a page of hundreds of megabytes. So the file's bytes are checked for size here, and
the format's reader runs in a child process (`python -P -m generator.importing.worker FMT`,
the bytes on its standard input, the document as JSON on its standard output) that may use
at most MEMORY bytes and CPU_SECONDS of processor time, and is killed after WALL_SECONDS.
Whatever happens in it, the importer gets a document or a one-line reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict

from generator.importing.document import Block, Document

MAX_BYTES = 50 * 1024 * 1024
"""The largest file imported (a long report as PDF is a few megabytes)."""
MEMORY = 2 * 1024 * 1024 * 1024
CPU_SECONDS = 90
WALL_SECONDS = 120
MAX_OUTPUT = 64 * 1024 * 1024

FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx", ".txt": "txt",
           ".md": "md", ".markdown": "md"}


class ReadError(Exception):
    """The document cannot be read: the message says why, in an editor's words."""


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def read(data: bytes, fmt: str) -> Document:
    if len(data) > MAX_BYTES:
        raise ReadError(f"{len(data):,} bytes: larger than a document is ({MAX_BYTES // (1024 * 1024)} MB at most)")
    if not data.strip():
        raise ReadError("the file is empty")
    try:
        # -P and a neutral folder: nothing in the briefing's folder is imported in its place.
        done = subprocess.run([sys.executable, "-P", "-m", "generator.importing.worker", fmt], input=data,
                              capture_output=True, timeout=WALL_SECONDS, preexec_fn=_limits, cwd=os.sep)
    except subprocess.TimeoutExpired:
        raise ReadError(f"reading it took longer than {WALL_SECONDS} s: the file is damaged or hostile") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if done.returncode < 0 or not message[0].startswith("cannot read: "):
            raise ReadError("reading it failed (out of memory or time, or a damaged file)")
        raise ReadError(message[0].removeprefix("cannot read: ")[:300])
    if len(done.stdout) > MAX_OUTPUT:
        raise ReadError("its text is larger than a source may be")
    raw = json.loads(done.stdout)
    return Document([Block(**b) for b in raw.pop("blocks")], **raw)


def main(fmt: str) -> int:  # pragma: no cover - runs in the child
    data = sys.stdin.buffer.read()
    try:
        if fmt == "html":
            from generator.importing import html as reader
            doc = reader.read(data)
        elif fmt == "pdf":
            from generator.importing import pdf as reader_pdf
            doc = reader_pdf.read(data)
        elif fmt == "docx":
            from generator.importing import docx as reader_docx
            doc = reader_docx.read(data)
        else:
            from generator.importing import plain
            doc = plain.read(data, markdown=fmt == "md")
    except (ValueError, KeyError, OSError) as exc:
        print(f"cannot read: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a damaged file makes a reader fail in its own ways
        print(f"cannot read: the file is damaged or not a {fmt.upper()} file ({type(exc).__name__})", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(asdict(doc)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1]))
