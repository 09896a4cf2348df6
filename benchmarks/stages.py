"""How long `make test` takes on a fresh clone, stage by stage: `make bench-stages`.

Clones the current commit into a temporary folder (as CI does), then runs the stages of
`make test` there one after another (install, lint, unit, notebooks, the portability
variant, browser), timing each, and writes ``bench-results/stages.md`` and ``.json``. The
pip cache is used as it is, so the install stage measures a warm cache after the first run
on a machine. Each stage's output is kept in ``bench-results/stages/<stage>.log``.

This is a benchmark, not a test: nothing fails because a stage is slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-results"
STAGES = ["install", "lint", "unit", "notebooks", "portable-one", "browser"]


def main() -> int:
    logs = OUT / "stages"
    logs.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "descent"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {**os.environ, "CI": "true"}
        for stage in STAGES:
            start = time.perf_counter()
            with open(logs / f"{stage}.log", "w") as log:
                done = subprocess.run(["make", stage], cwd=clone, env=env, stdout=log,
                                      stderr=subprocess.STDOUT, check=False)
            results[stage] = {"seconds": time.perf_counter() - start, "ok": done.returncode == 0}
            print(f"{stage:>13}: {results[stage]['seconds']:6.1f} s"
                  f"{'' if results[stage]['ok'] else '  FAILED'}", flush=True)
    total = sum(r["seconds"] for r in results.values())
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = ["# `make test` on a fresh clone, stage by stage", "",
             f"Commit {commit}, {cores} cores, warm pip cache.", "",
             "| stage | seconds | |", "|---|---|---|"]
    lines += [f"| {stage} | {r['seconds']:.0f} | {'' if r['ok'] else 'FAILED'} |"
              for stage, r in results.items()]
    lines += [f"| **all** | **{total:.0f}** | |", ""]
    (OUT / "stages.json").write_text(json.dumps(results, indent=2))
    (OUT / "stages.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
