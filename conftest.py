"""Settings for every pytest run from the course folder, whatever the command line.

``pytest --nbval notebooks/`` (or ``--nbval-lax``), typed from the course folder with no
variables set, checks the notebooks exactly as ``make test`` does, because this file:

- sets the environment the stored outputs were made in (bundled data, no downloads, no
  progress bars: ``descent.course.notebook.TEST_ENVIRONMENT``); notebook kernels inherit it;
- points nbval at the sanitize file and at this Python (``--nbval-current-env``), unless the
  command line chose others;
- gives each test process its share of the cores. Under ``pytest -n N`` every worker (and the
  notebook kernel it starts) would otherwise start one torch and BLAS thread per core, and N
  workers would fight over them; here each gets ``cores // N`` threads. Thread variables the
  caller set (``OMP_NUM_THREADS=1 pytest ...``) are left as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

from descent.course.notebook import TEST_ENVIRONMENT, THREAD_VARIABLES

ROOT = Path(__file__).resolve().parent
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows
        return os.cpu_count() or 1


def pytest_configure(config):
    os.environ.update(TEST_ENVIRONMENT)
    if getattr(config.option, "nbval_sanitize_with", "unset") is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
    if hasattr(config.option, "nbval_current_env") and not config.option.nbval_kernel_name:
        config.option.nbval_current_env = True
    # The controller sets the share before it starts the workers, which inherit it.
    if "PYTEST_XDIST_WORKER" not in os.environ:
        workers = getattr(config.option, "numprocesses", None) or 1
        share = str(max(1, cores() // workers))
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, share)
