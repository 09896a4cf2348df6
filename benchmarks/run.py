"""Benchmarks: the course's from-scratch pieces against PyTorch, and the course's own speed.

Run with ``make bench``. Every figure is the median of several runs, with the spread
(min to max); speeds are compared as ratios measured in the same process, since absolute
times on shared machines are noisy. Writes ``bench-results/results.md`` and ``.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from descent import optim
from descent.autograd import Value
from descent.course import timing
from descent.tensor import Tensor
from descent.tensor_nn import Linear, cross_entropy, sgd_step

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-results"


def timed(fn, repeats: int) -> dict:
    """:func:`descent.course.timing.timed`, as a dict for the JSON results."""
    t = timing.timed(fn, repeats)
    return {"median": t.median, "min": t.best, "max": t.worst}


def mlp_epoch(repeats: int = 3) -> dict:
    """One epoch of a 784-100-10 MLP on 50,000 x 784 random inputs, batch 64, SGD."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50_000, 784)).astype(np.float32)
    y = rng.integers(0, 10, 50_000)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def ours():
        r = np.random.default_rng(1)
        first, second = Linear(784, 100, r, np.float32), Linear(100, 10, r, np.float32)
        params = first.parameters() + second.parameters()
        for i in range(0, len(x), 64):
            loss = cross_entropy(second(first(Tensor(x[i:i + 64])).relu()), y[i:i + 64])
            loss.backward()
            sgd_step(params, 0.01)

    def theirs():
        model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(),
                                    torch.nn.Linear(100, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for i in range(0, len(x), 64):
            loss = torch.nn.functional.cross_entropy(model(xt[i:i + 64]), yt[i:i + 64])
            opt.zero_grad()
            loss.backward()
            opt.step()

    return {"descent.tensor": timed(ours, repeats), "torch": timed(theirs, repeats)}


def scalar_graph(nodes: int = 100_000, repeats: int = 3) -> dict:
    """Forward and backward through a chain of ``nodes`` operations of descent.autograd."""
    def run():
        a, b = Value(1.0001), Value(0.001)
        y = Value(0.5)
        for _ in range(nodes // 2):
            y = y * a + b
        y.backward()

    result = timed(run, repeats)
    result["nodes_per_second"] = nodes / result["median"]
    return result


def optimizer_steps(sizes=(1_000_000, 10_000_000), steps: int = 10) -> dict:
    """Time per step of each optimizer on one parameter tensor of each size."""
    pairs = {
        "SGD momentum": (lambda p: optim.SGD(p, lr=0.01, momentum=0.9),
                         lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, foreach=True)),
        "RMSprop": (lambda p: optim.RMSprop(p), lambda p: torch.optim.RMSprop(p, foreach=True)),
        "Adam": (lambda p: optim.Adam(p), lambda p: torch.optim.Adam(p, foreach=True)),
        "AdamW": (lambda p: optim.AdamW(p), lambda p: torch.optim.AdamW(p, foreach=True)),
    }
    results = {}
    for size in sizes:
        for name, (ours, theirs) in pairs.items():
            row = {}
            for label, make in (("descent.optim", ours), ("torch (foreach)", theirs)):
                p = torch.zeros(size, requires_grad=True)
                p.grad = torch.randn(size)
                opt = make([p])
                opt.step()  # create the state outside the timing
                row[label] = timed(opt.step, steps)
            results[f"{name}, {size:,} parameters"] = row
    return results


def embedding_lookup(n: int = 10_000, dim: int = 64, batch: int = 1024,
                     repeats: int = 20) -> dict:
    """Notebook 04's comparison: a one-hot (batch, n) matrix times an (n, dim) table, against
    looking up the same rows. The notebook shows one timing; here it is measured properly."""
    table = torch.randn(n, dim)
    index = torch.randint(0, n, (batch,), generator=torch.Generator().manual_seed(0))
    product = timed(lambda: torch.nn.functional.one_hot(index, n).float() @ table, repeats)
    lookup = timed(lambda: torch.nn.functional.embedding(index, table), repeats)
    return {"one-hot product": product, "lookup": lookup}


def notebook_times(repeats: int = 1) -> dict:
    """Each notebook under nbval, one at a time, as `make test` runs it (kernel start included).
    The test settings (bundled data, no downloads) come from conftest.py."""
    results = {}
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                   str(notebook.relative_to(ROOT))]

        def run(command=command):
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)

        results[notebook.name] = timed(run, repeats)
    return results


def fmt(t: dict) -> str:
    if t["median"] < 1e-3:
        return f"{1e6 * t['median']:.1f} us ({1e6 * t['min']:.1f}-{1e6 * t['max']:.1f})"
    if t["median"] < 1:
        return f"{1e3 * t['median']:.1f} ms ({1e3 * t['min']:.1f}-{1e3 * t['max']:.1f})"
    return f"{t['median']:.2f} s ({t['min']:.2f}-{t['max']:.2f})"


def main() -> None:
    results = {"mlp_epoch": mlp_epoch(), "scalar_graph": scalar_graph(),
               "optimizers": optimizer_steps(), "embedding": embedding_lookup(),
               "notebooks": notebook_times()}
    lines = ["# Descent benchmarks", "", f"torch {torch.__version__}, numpy {np.__version__}, "
             f"{torch.get_num_threads()} threads. Median of runs (min-max).", ""]
    mlp = results["mlp_epoch"]
    ratio = mlp["descent.tensor"]["median"] / mlp["torch"]["median"]
    lines += ["## descent.tensor vs torch: one MLP epoch (784-100-10, 50,000 examples, batch 64)",
              "", "| engine | time | ratio to torch | goal |", "|---|---|---|---|",
              f"| descent.tensor | {fmt(mlp['descent.tensor'])} | {ratio:.2f} | <= 1.5 |",
              f"| torch | {fmt(mlp['torch'])} | 1.00 | |", ""]
    graph = results["scalar_graph"]
    lines += ["## descent.autograd: 100,000-node chain, forward + backward", "",
              f"{fmt(graph)}: {graph['nodes_per_second']:,.0f} nodes per second. Each node is a "
              "Python object with a closure, created, sorted and called once: about 10 us of "
              "interpreter work, the cost of any micrograd-style engine in CPython.", ""]
    lines += ["## descent.optim vs torch.optim (foreach): time per step", "",
              "| optimizer | descent.optim | torch (foreach) | ratio | goal |",
              "|---|---|---|---|---|"]
    for name, row in results["optimizers"].items():
        r = row["descent.optim"]["median"] / row["torch (foreach)"]["median"]
        lines.append(f"| {name} | {fmt(row['descent.optim'])} | {fmt(row['torch (foreach)'])} "
                     f"| {r:.2f} | <= 2 |")
    emb = results["embedding"]
    speedup = emb["one-hot product"]["median"] / emb["lookup"]["median"]
    lines += ["", "## Embedding lookup vs one-hot product (notebook 04)", "",
              f"A batch of 1,024 indices into a 10,000 x 64 table: one-hot product "
              f"{fmt(emb['one-hot product'])}, lookup {fmt(emb['lookup'])}: the lookup is "
              f"{speedup:,.0f} times faster (notebook 04 says 'by a wide margin'; "
              "at least 5).", ""]
    total = sum(t["median"] for t in results["notebooks"].values())
    lines += ["", "## Notebooks under nbval (one process each, kernel start included)", "",
              "| notebook | time | budget |", "|---|---|---|"]
    lines += [f"| {name} | {fmt(t)} | 20 s |" for name, t in results["notebooks"].items()]
    lines += ["", f"All notebooks one after another: {total:.0f} s. `make test` runs them two "
              "at a time, after ruff and the unit tests."]
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
