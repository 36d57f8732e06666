"""A MkDocs build shared out between processes, and incremental when it can be.

`run()` is what engine.build_site calls for the MkDocs engine: N share processes
(shares.py), each building its share of the pages and hardening them (CSP, search marks),
then one merge (merge.py). When the cache holds a manifest of the last build for the same
key (reuse.py), only the pages whose generated Markdown changed are built, the rest are taken
from site/ after their bytes are checked, and the result is the same site a clean build makes.

A briefing whose mkdocs.yml adds a plugin or a hook cannot be shared out (its events would run
once per share); the share processes say so (exit code CANNOT_SHARE) and the build runs as one
plain engine process instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import paths
from generator.output import csp, merge, reuse, write
from generator.output.merge import EngineError
from generator.output.shares import CANNOT_SHARE, RECORD


class CannotShare(Exception):
    """The project's configuration runs plugins or hooks of its own: build it in one process."""


@dataclass
class Result:
    log: str
    files: dict[str, bytes]
    """The generated pages built from (see reuse.docs_files)."""
    records: list[dict] = field(default_factory=list)
    reused: int = 0
    """Pages taken from the last build."""


def _command(root: Path, part: Path, i: int, n: int, extra: list[str]) -> list[str]:
    """The share's arguments, after the Python that `start` runs them with."""
    return ["-m", "generator.output.shares", str(root / "mkdocs.yml"), str(part), str(i), str(n), *extra]


def run_shares(root: Path, parts: list[Path], extra: list[str], start: Callable[[list[str]], subprocess.Popen],
               clean_log: Callable[[str], str], first: int = 0, count: int = 0) -> tuple[str, list[dict]]:
    """Start one process per share folder (shares `first`, `first` + 1, … of `count`, by
    default all of them) and wait for all; returns their log and records."""
    n = count or len(parts)
    procs = [start(_command(root, part, first + i, n, extra)) for i, part in enumerate(parts)]
    try:
        logs = [p.communicate()[0] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    if any(p.returncode == CANNOT_SHARE for p in procs):
        raise CannotShare()
    log = "\n".join(clean_log(text) for text in logs if text.strip())
    if any(p.returncode != 0 for p in procs):
        raise EngineError("MkDocs build failed", log)
    try:
        return log, [merge.read_record(part) for part in parts]
    except merge.MergeError as exc:
        raise EngineError(f"MkDocs build failed: {exc}", log) from exc


def join(records: list[dict], parts: list[Path], out: Path, log: str, move: bool = True,
         trusted: dict | None = None) -> str:
    """Merge the shares into `out`; fails as MkDocs would on a broken anchor in strict mode."""
    try:
        problems, fatal = merge.merge(records, parts, out, move=move, trusted=trusted)
    except merge.MergeError as exc:
        if trusted is not None:  # shards from elsewhere: what is wrong is theirs, not the engine's
            raise
        raise EngineError(f"MkDocs build failed: {exc}", log) from exc
    log = "\n".join([log, *(f"WARNING -  {p}" for p in problems)]).strip()
    if fatal:
        raise EngineError("MkDocs build failed", log + "\nAborted with warnings in strict mode!")
    for r in records:
        if "unknown_script" in r:
            page, what = r["unknown_script"]
            raise csp.UnknownScript(str(page), str(what))
    return log


def run(root: Path, out: Path, epoch: int | None, jobs: int, start: Callable[[list[str]], subprocess.Popen],
        clean_log: Callable[[str], str], manifest: dict | None) -> Result:
    """Build the site into `out` in `jobs` processes, reusing what the `manifest` of the last
    build allows (reuse.load). Raises CannotShare, EngineError or csp.UnknownScript."""
    work = Path(tempfile.mkdtemp(prefix=f"{out.name}.", dir=out.parent))
    try:
        files = reuse.docs_files(root)
        reused = work / "reused"
        plan = reuse.plan(root, manifest, files, reused) if manifest is not None else None
        if plan is not None:
            parts = [work / f"share{i}" for i in range(max(1, min(jobs, len(plan.rebuild))))]
            only = work / "only.txt"
            only.write_text("".join(f"{src}\n" for src in plan.rebuild), encoding="utf-8")
            log, records = run_shares(root, parts, ["--harden", "--only", str(only), "--nav", plan.nav],
                                      start, clean_log)
            if not records[0]["everything"]:
                log = join([*records, plan.record], [*parts, reused], out, log)
                return Result(log, files, [*records, plan.record], len(plan.record["pages"]))
            # The navigation changed: every page was built, the reused ones are not needed.
            return Result(join(records, parts, out, log), files, records)
        parts = [work / f"share{i}" for i in range(jobs)]
        log, records = run_shares(root, parts, ["--harden"], start, clean_log)
        return Result(join(records, parts, out, log), files, records)
    finally:
        write.remove_tree(work, ignore_errors=True)


def build_shard(root: Path, out: Path, index: int, count: int, start: Callable[[list[str]], subprocess.Popen],
                clean_log: Callable[[str], str], key: str) -> str:
    """Share `index` (from 0) of `count` into `out`, for `briefing merge` (briefing build
    --shard): its pages as the engine wrote them (the merge hardens them), and a record that
    names the inputs it was built from, so that shards of different builds never join."""
    work = Path(tempfile.mkdtemp(prefix=".shard-", dir=root / paths.BUILD_DIR))
    try:
        part = work / "share"
        log, [record] = run_shares(root, [part], [], start, clean_log, index, count)
        record["inputs"] = {"key": key, "docs": reuse.docs_hash(reuse.docs_files(root))}
        (part / RECORD).write_text(json.dumps(record), encoding="utf-8")
        if out.is_dir() and not out.is_symlink():
            out.rmdir()  # empty (build.shard_dir): fails rather than lose a file put there since
        shutil.move(part, out)  # a rename, or a copy to another file system
        return log
    finally:
        write.remove_tree(work, ignore_errors=True)


MAX_SHARDS = 1000
"""The most shares a build is split into (`--shard I/N`, N at most this)."""


class ShardError(Exception):
    """The shards given to `briefing merge` (or the folder for one) do not fit: the message says why."""


def merge_shards(root: Path, records: list[dict], dirs: list[Path], out: Path,
                 start: Callable[[list[str]], subprocess.Popen], clean_log: Callable[[str], str]) -> str:
    """Shards built elsewhere (checked by check_shards, in order) joined into `out`: every
    file but the pages is built here, by a share that builds no page (the theme's files and
    templates, the search settings, the addresses of all pages), and only the pages, each
    where this build puts it, are taken from the shards (merge.take_pages)."""
    work = Path(tempfile.mkdtemp(prefix=".merge-", dir=root / paths.BUILD_DIR))
    try:
        part = work / "static"
        log, [trusted] = run_shares(root, [part], ["--static"], start, clean_log, 0, 1)
        merge.join_files([part], out, move=True)
        return join(records, dirs, out, log, move=False, trusted=trusted)
    finally:
        write.remove_tree(work, ignore_errors=True)


def check_shards(records: list[dict], dirs: list[Path], own: tuple[str, str]) -> list[int]:
    """The order in which to join the shards (by their index); raises ShardError unless they
    are the N shares of one build, each given once, of the inputs this checkout gives (`own`:
    the build's key and the hash of its generated pages)."""
    if not records:
        raise ShardError("name the folders `briefing build --shard` wrote")
    inputs = []
    for r, d in zip(records, dirs, strict=True):
        share, given = r.get("share"), r.get("inputs")
        if not (isinstance(share, list) and len(share) == 2 and all(type(x) is int for x in share)
                and isinstance(given, dict) and all(isinstance(given.get(k), str) for k in ("key", "docs"))):
            raise ShardError(f"{d}: not a folder `briefing build --shard` wrote")
        inputs.append((given["key"], given["docs"]))
    count = records[0]["share"][1]
    for i, (r, d) in enumerate(zip(records, dirs, strict=True)):
        if not 0 <= r["share"][0] < r["share"][1] <= MAX_SHARDS:
            raise ShardError(f"{d}: not a folder `briefing build --shard` wrote (share {r['share']})")
        if r["share"][1] != count:
            raise ShardError(f"{d}: shard {r['share'][0] + 1}/{r['share'][1]} is not one of {count} shards")
        if inputs[i] != own:
            raise ShardError(f"{d}: built from other notes, settings or versions than this checkout "
                             "(give briefing merge the --site-url, --drafts and --since the shards had)")
    seen = sorted(r["share"][0] for r in records)
    if seen != list(range(count)):
        missing = sorted(set(range(count)) - set(seen))
        twice = sorted({i for i in seen if seen.count(i) > 1})
        what = [f"missing {', '.join(f'{i + 1}/{count}' for i in missing)}"] if missing else []
        what += [f"given twice {', '.join(f'{i + 1}/{count}' for i in twice)}"] if twice else []
        raise ShardError(f"the shards are not the {count} shares of one build: {'; '.join(what)}")
    return sorted(range(len(records)), key=lambda i: records[i]["share"][0])
