"""Note pages rendered by two processes: a forked copy takes them from the front of the list
while this process renders the views, then takes them from the back until the two meet."""

from __future__ import annotations

from collections.abc import Callable

from generator import urls
from generator.rendering.context import Context

FROM = 400
"""From this many notes on, a forked copy renders the note pages while this process renders
the views (where fork exists)."""


class Copy:
    """Note pages rendered by a forked copy of this process while this one renders the
    views; when this one is done with the views, it takes note pages from the other end of
    the list until the two meet, so both cores stay busy to the end. Rendering is a pure
    function of the corpus, so the copy's pages are the ones this process would make.
    Without fork (or with threads running, where forking is unsafe), or if the copy
    fails, `pages()` renders its share here."""

    CHUNK = 16
    """Notes taken at a time from the shared list."""

    def __init__(self, ctx: Context, ids: list[str], render: Callable[[Context, list[str]], dict[str, str]]) -> None:
        import os
        import threading

        self.ctx, self.ids, self.pid, self.fd, self.render = ctx, ids, 0, -1, render
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
            return
        import mmap
        import multiprocessing

        # Two counters in memory both processes share: the copy takes from the front,
        # this process from the back.
        try:
            self.lock = multiprocessing.get_context("fork").Lock()
        except OSError:  # no shared semaphores here (a container without /dev/shm)
            return
        self.bounds = mmap.mmap(-1, 16)
        self._store(0, len(ids))
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: render, send, and leave without running any cleanup
            code = 1
            try:
                import pickle

                os.close(read_fd)
                out: dict[str, str] = {}
                while (batch := self._take(front=True)):
                    out.update(render(ctx, batch))
                with os.fdopen(write_fd, "wb") as pipe:
                    pickle.dump(out, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def _load(self) -> tuple[int, int]:
        return int.from_bytes(self.bounds[0:8], "little"), int.from_bytes(self.bounds[8:16], "little")

    def _store(self, front: int, back: int) -> None:
        self.bounds[0:16] = front.to_bytes(8, "little") + back.to_bytes(8, "little")

    def _take(self, front: bool) -> list[str]:
        with self.lock:
            lo, hi = self._load()
            n = min(self.CHUNK, hi - lo)
            if n <= 0:
                return []
            self._store(lo + n, hi) if front else self._store(lo, hi - n)
        return self.ids[lo:lo + n] if front else self.ids[hi - n:hi]

    def pages(self) -> dict[str, str]:
        import os
        import pickle

        if not self.pid:
            return self.render(self.ctx, self.ids)
        mine: dict[str, str] = {}
        while (batch := self._take(front=False)):
            mine.update(self.render(self.ctx, batch))
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            if status != 0:
                raise ValueError("the rendering copy failed")
            theirs = pickle.loads(data)
        except (ValueError, EOFError, pickle.UnpicklingError):
            theirs = self.render(self.ctx, self.ids[:self._load()[0]])
        pages = {**theirs, **mine}
        return {page: pages[page] for page in (urls.note_page(self.ctx.corpus.notes[i].kind, i) for i in self.ids)}
