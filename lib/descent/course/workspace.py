"""Learners' working copies: edit the notebooks freely, and still `git pull` the course.

``make lab`` opens JupyterLab on ``work/``, a git-ignored copy of ``notebooks/``. Since git
never sees ``work/``, pulling a new version of the course cannot conflict with your edits.
Each ``make lab`` runs :func:`sync`:

- notebooks the course has added are copied in;
- a copy you never changed is brought up to date when the course's version changes (nothing
  of yours can be lost);
- a copy you did change is left alone, and if the course's version changed since your copy was
  made, you are told, with the command that gets the new version.

``make reset NB=03`` puts one notebook back to the course's version. Your version is kept,
every time, in ``work/backups/`` under its name and the time of the reset, so resetting twice
loses nothing.

Which version of the course each copy was made from is remembered in
``work/.course-versions.json`` (a SHA-256 of the course's notebook file per name).

Command line: ``python -m descent.course.workspace sync`` or ``reset 03``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

VERSIONS = ".course-versions.json"
BACKUPS = "backups"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_versions(work: Path) -> dict[str, str]:
    try:
        return json.loads((work / VERSIONS).read_text())
    except (OSError, ValueError):
        return {}


def _save_versions(work: Path, versions: dict[str, str]) -> None:
    (work / VERSIONS).write_text(json.dumps(versions, indent=1, sort_keys=True) + "\n")


@dataclass
class SyncReport:
    """What :func:`sync` did: copies ``added``, unchanged copies ``updated`` to the course's new
    version, and edited copies that are ``behind`` it (left as they are)."""

    added: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    behind: list[Path] = field(default_factory=list)


def sync(course: Path, work: Path) -> SyncReport:
    """Bring ``work`` in step with ``course`` without touching an edit (see the module doc)."""
    if not course.is_dir():
        raise FileNotFoundError(f"no course notebooks in {course}")
    work.mkdir(parents=True, exist_ok=True)
    versions, report = _load_versions(work), SyncReport()
    for notebook in sorted(course.glob("*.ipynb")):
        copy, current = work / notebook.name, _digest(notebook)
        if not copy.exists():
            shutil.copy2(notebook, copy)
            report.added.append(copy)
        elif notebook.name not in versions:
            pass  # a copy from before versions were kept: from now on, measured from here
        elif versions[notebook.name] == current:
            continue  # the course has not changed this notebook
        elif _digest(copy) == versions[notebook.name]:
            shutil.copy2(notebook, copy)  # never edited: take the new version
            report.updated.append(copy)
        else:
            report.behind.append(copy)
            continue  # keep the old base: the copy is still behind until reset
        versions[notebook.name] = current
    _save_versions(work, versions)
    return report


def find(course: Path, number: str) -> Path:
    """The course notebook whose name starts with ``number`` (``"3"`` and ``"03"`` both work)."""
    prefix = number.zfill(2) if number.isdigit() else number
    matches = sorted(course.glob(f"{prefix}*.ipynb"))
    if len(matches) != 1:
        names = ", ".join(p.name for p in sorted(course.glob("*.ipynb")))
        raise ValueError(f"NB={number!r} matches {len(matches)} notebooks; choose one of: {names}")
    return matches[0]


def backup(copy: Path, now: datetime | None = None) -> Path:
    """Copy ``copy`` into ``backups/`` beside it as ``<name>-<date>-<time>.ipynb``; a second
    backup in the same second gets ``-2``, ``-3``... Never overwrites one. Returns the path."""
    folder = copy.parent / BACKUPS
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target, k = folder / f"{copy.stem}-{stamp}{copy.suffix}", 1
    while target.exists():
        k += 1
        target = folder / f"{copy.stem}-{stamp}-{k}{copy.suffix}"
    shutil.copy2(copy, target)
    return target


def reset(course: Path, work: Path, number: str) -> tuple[Path, Path | None]:
    """Replace ``work``'s copy of notebook ``number`` with the course's. The copy it replaces
    is kept with :func:`backup`. Returns the restored path and the backup (``None`` if there
    was no copy yet)."""
    notebook = find(course, number)
    copy = work / notebook.name
    work.mkdir(parents=True, exist_ok=True)
    kept = backup(copy) if copy.exists() else None
    shutil.copy2(notebook, copy)
    versions = _load_versions(work)
    versions[notebook.name] = _digest(notebook)
    _save_versions(work, versions)
    return copy, kept


def describe(report: SyncReport, work: Path) -> str:
    """What ``make lab`` prints after :func:`sync`."""
    lines = []
    if report.added:
        lines.append(f"{work}/: {len(report.added)} new notebook(s) copied: "
                     + ", ".join(p.name for p in report.added))
    for path in report.updated:
        lines.append(f"{path.name}: updated to the course's new version (you had not changed "
                     "your copy)")
    for path in report.behind:
        lines.append(f"{path.name}: the course has a newer version; your copy, which you "
                     "edited, is untouched. To get the new one: make reset NB="
                     f"{path.name[:2]} (yours is kept in {work}/{BACKUPS}/)")
    return "\n".join(lines) or f"{work}/: up to date with the course; your edits are untouched"


def main(argv: list[str]) -> int:
    """``make lab`` (``sync``) and ``make reset NB=03`` (``reset 03``). Returns the exit
    status.
    """
    course, work = Path("notebooks"), Path("work")
    if argv[:1] == ["sync"]:
        print(describe(sync(course, work), work))
        return 0
    if len(argv) == 2 and argv[0] == "reset":
        restored, kept = reset(course, work, argv[1])
        print(f"restored {restored} from the course"
              + (f"; your version is kept as {kept}" if kept else ""))
        return 0
    print("usage: python -m descent.course.workspace sync | reset NN", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
