"""Run every notebook under nbval as other machines would: ``make portable``.

The last bits of a float computation depend on the machine: how many threads split a sum,
and which vector instructions (SSE, AVX2, AVX-512) the CPU offers torch, its BLAS (MKL,
oneDNN) and numpy's (OpenBLAS). A stored output must not depend on them, so this runs the
notebooks with those settings changed, one variant at a time, and fails if any output or
assertion differs from what the notebook stores.

    python tests/portable.py                 # every variant
    python tests/portable.py default-1thread    # one of them (make test runs this one)
    python tests/portable.py --list

Extra arguments after ``--`` go to pytest (``-- notebooks/03_mnist_logistic.ipynb``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from descent.course.notebook import THREAD_VARIABLES

# numpy's own SIMD loops: the dispatch targets above the instruction set being emulated
_NUMPY_ABOVE_AVX2 = "X86_V4 AVX512_ICL AVX512_SPR"
_NUMPY_ABOVE_SSE = "X86_V3 " + _NUMPY_ABOVE_AVX2


def _threads(n: int) -> dict[str, str]:
    return {name: str(n) for name in THREAD_VARIABLES}


# torch's kernels, its BLAS (MKL) and oneDNN, numpy's OpenBLAS and numpy's own loops, each
# held to the instruction set of an older CPU
_AVX2 = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2",
         "ONEDNN_MAX_CPU_ISA": "AVX2", "OPENBLAS_CORETYPE": "Haswell",
         "NPY_DISABLE_CPU_FEATURES": _NUMPY_ABOVE_AVX2}
_SSE = {"ATEN_CPU_CAPABILITY": "default", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
        "ONEDNN_MAX_CPU_ISA": "SSE41", "OPENBLAS_CORETYPE": "Nehalem",
        "NPY_DISABLE_CPU_FEATURES": _NUMPY_ABOVE_SSE}

VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "1thread": ("this CPU's instructions, one thread", _threads(1)),
    "avx2-3threads": ("an AVX2 CPU (no AVX-512), three threads", {**_AVX2, **_threads(3)}),
    "default-1thread": ("a CPU with no AVX at all, one thread", {**_SSE, **_threads(1)}),
    "default-3threads": ("a CPU with no AVX at all, three threads", {**_SSE, **_threads(3)}),
    "8threads": ("this CPU's instructions, eight threads", _threads(8)),
    "avx2-1thread": ("an AVX2 CPU, one thread", {**_AVX2, **_threads(1)}),
}


def run(name: str, pytest_args: list[str], workers: int) -> tuple[bool, float]:
    description, env = VARIANTS[name]
    print(f"\n=== {name}: {description}", flush=True)
    print("    " + " ".join(f"{k}={v}" for k, v in env.items()), flush=True)
    command = [sys.executable, "-m", "pytest", "--nbval", "-q",
               "-n", str(workers), "--dist", "loadfile", *(pytest_args or ["notebooks"])]
    # Idle OpenMP threads sleep instead of spinning: with more threads than cores (eight on a
    # laptop with two) spinning threads steal the cores from the working ones. Same numbers.
    env = {"OMP_WAIT_POLICY": "PASSIVE", **env}
    start = time.perf_counter()
    result = subprocess.run(command, env={**os.environ, **env}, check=False)
    return result.returncode == 0, time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help="names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the variants and exit")
    parser.add_argument("-n", "--workers", type=int, default=2,
                        help="notebooks run side by side (default 2)")
    if "--" in argv:
        argv, pytest_args = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    else:
        pytest_args = []
    options = parser.parse_args(argv)
    if options.list:
        for name, (description, _) in VARIANTS.items():
            print(f"{name:>16}: {description}")
        return 0
    unknown = set(options.variants) - VARIANTS.keys()
    if unknown:
        parser.error(f"unknown variant(s) {sorted(unknown)}; choose from {list(VARIANTS)}")
    results = {name: run(name, pytest_args, options.workers)
               for name in options.variants or VARIANTS}
    print("\nportable notebooks:")
    for name, (passed, seconds) in results.items():
        print(f"  {'pass' if passed else 'FAIL':>4}  {name:<16} {seconds:5.0f} s  "
              f"{VARIANTS[name][0]}")
    return 0 if all(passed for passed, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
