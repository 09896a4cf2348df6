"""Learners' working copies: edit the notebooks freely, and still `git pull` the course.

``make lab`` opens JupyterLab on ``work/``, a git-ignored copy of ``notebooks/``. The copy
is made on the first run and topped up later with notebooks the course adds, but a
notebook already in ``work/`` is never overwritten: it holds the learner's edits. Since
git never sees ``work/``, pulling a new version of the course cannot conflict with them.

``make reset NB=03`` puts one notebook back to the course's version (the edited one is
kept beside it as a ``.bak`` file, in case).

Command line: ``python -m descent.workspace sync`` or ``reset 03``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def sync(course: Path, work: Path) -> list[Path]:
    """Copy into ``work`` every notebook of ``course`` it does not have yet; return them."""
    if not course.is_dir():
        raise FileNotFoundError(f"no course notebooks in {course}")
    work.mkdir(parents=True, exist_ok=True)
    added = []
    for notebook in sorted(course.glob("*.ipynb")):
        copy = work / notebook.name
        if not copy.exists():
            shutil.copy2(notebook, copy)
            added.append(copy)
    return added


def find(course: Path, number: str) -> Path:
    """The course notebook whose name starts with ``number`` (``"3"`` and ``"03"`` both work)."""
    prefix = number.zfill(2) if number.isdigit() else number
    matches = sorted(course.glob(f"{prefix}*.ipynb"))
    if len(matches) != 1:
        names = ", ".join(p.name for p in sorted(course.glob("*.ipynb")))
        raise ValueError(f"NB={number!r} matches {len(matches)} notebooks; choose one of: {names}")
    return matches[0]


def reset(course: Path, work: Path, number: str) -> Path:
    """Replace ``work``'s copy of notebook ``number`` with the course's; keep the old one as
    ``<name>.bak``. Return the restored path."""
    notebook = find(course, number)
    copy = work / notebook.name
    work.mkdir(parents=True, exist_ok=True)
    if copy.exists():
        shutil.copy2(copy, copy.with_suffix(".ipynb.bak"))
    shutil.copy2(notebook, copy)
    return copy


def main(argv: list[str]) -> int:
    course, work = Path("notebooks"), Path("work")
    if argv[:1] == ["sync"]:
        added = sync(course, work)
        print(f"work/: {len(added)} new notebook(s) copied" + (
            ": " + ", ".join(p.name for p in added) if added else "; your edits are untouched"))
        return 0
    if len(argv) == 2 and argv[0] == "reset":
        restored = reset(course, work, argv[1])
        print(f"restored {restored} from the course (your version: {restored.name}.bak)")
        return 0
    print("usage: python -m descent.workspace sync | reset NN", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
