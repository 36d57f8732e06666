"""A briefing as it was: the notes at a git revision, or in another folder, checked into a corpus.

Only `git archive` reads the repository, and only content/ and seeds/ are unpacked, into a
temporary folder that is removed afterwards; nothing in the working tree is touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

_CACHE: dict[tuple[str, str, bool], Any] = {}


class RevisionError(Exception):
    """The revision cannot be read, or its briefing does not check."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed") from exc


def commit_of(root: Path, rev: str) -> str:
    if rev.startswith("-"):
        raise RevisionError(f'"{rev}" is not a git revision')
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode != 0:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0:
            raise RevisionError(f'cannot read revision "{rev}": {root} is not in a git repository')
        raise RevisionError(f'"{rev}" is not a commit, branch or tag of this repository '
                            "(in CI, fetch the full history and tags)")
    return done.stdout.decode().strip()


def load(root: Path, spec: str, drafts: bool = False, *, folders: bool = False) -> tuple[Any, str]:
    """The checked corpus of the briefing at `spec` (a git revision of `root`, or with
    `folders` also a folder), and a label for it. Raises RevisionError when it cannot be
    read or has content errors. Only the person running the command may name a folder
    (`--since DIR`, `briefing diff OLD NEW`): `since:` in briefing.yml is content, and
    content may name nothing outside the repository."""
    from generator import check

    folder = Path(spec) if Path(spec).is_absolute() else root / spec
    if folders and (folder / "content").is_dir() and (spec.startswith((".", "/")) or "/" in spec
                                                      or not _is_rev(root, spec)):
        return _checked(check.check(folder.resolve(), drafts=drafts, site_config=False), spec), spec
    sha = commit_of(root, spec)
    key = (str(root.resolve()), sha, drafts)
    if key not in _CACHE:
        with tempfile.TemporaryDirectory(prefix="briefing-rev-") as tmp:
            _unpack(root, sha, Path(tmp))
            _CACHE[key] = _checked(check.check(Path(tmp), drafts=drafts, site_config=False), spec)
    return _CACHE[key], f"{spec} ({sha[:12]})" if spec != sha else sha[:12]


def _is_rev(root: Path, spec: str) -> bool:
    try:
        commit_of(root, spec)
        return True
    except RevisionError:
        return False


def _unpack(root: Path, sha: str, dest: Path) -> None:
    # The briefing may sit in a subfolder of the repository: name that folder of the
    # commit's tree, and run git from the top, where archive takes the tree whole.
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    top = Path(_git(root, "rev-parse", "--show-toplevel").stdout.decode().strip() or root)
    done = _git(top, "archive", "--format=tar", f"{sha}:{prefix}")
    if done.returncode != 0:
        raise RevisionError(f"git archive failed: {done.stderr.decode(errors='replace').strip()}")
    try:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
            wanted = [m for m in tar.getmembers() if m.name.split("/")[0] in ("content", "seeds")]
            if not any(m.name.split("/")[0] == "content" for m in wanted):
                raise RevisionError(f"revision {sha[:12]} has no content/ folder")
            tar.extractall(dest, members=wanted, filter="data")
    except (tarfile.TarError, OSError) as exc:  # e.g. a symbolic link out of the tree
        raise RevisionError(f"cannot unpack revision {sha[:12]}: {exc}") from None


def _checked(run: Any, label: str) -> Any:
    if run.corpus is None or not run.ok():
        errors = [p for p in run.problems.sorted() if not p.warning]
        shown = "; ".join(p.format() for p in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise RevisionError(f"the briefing at {label} does not check: {shown}{more}")
    return run.corpus
