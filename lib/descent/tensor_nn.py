"""What training a network with the tensor engine takes: the engine's counterparts of
``F.cross_entropy``, ``nn.Linear`` and a plain ``torch.optim.SGD`` step.

Two layers of :class:`Linear` with a ReLU between them, :func:`cross_entropy` and
:func:`sgd_step` train notebook 02's spiral classifier; ``tests/test_tensor.py`` checks
them against torch.
"""

from __future__ import annotations

import numpy as np

from descent.tensor import Tensor, as_tensor


def cross_entropy(logits: Tensor, targets) -> Tensor:
    """Mean negative log-probability of the right class: ``-mean(log_softmax(z)[i, y_i])``.

    ``logits`` (n, classes), ``targets`` (n,) integer labels. Fused into one node: its
    gradient is simply ``(softmax(z) - onehot(y)) / n``.
    """
    targets = np.asarray(targets)
    if logits.data.ndim != 2 or targets.shape != (logits.shape[0],):
        raise ValueError(f"need logits (n, classes) and targets (n,), got {logits.shape} and "
                         f"{targets.shape}")
    if targets.dtype.kind not in "iu":
        raise TypeError(f"targets must be integer class labels, got {targets.dtype} "
                        "(a float label such as 2.0 is not an index)")
    classes = logits.shape[1]
    if targets.size and not (0 <= targets.min() and targets.max() < classes):
        bad = targets[(targets < 0) | (targets >= classes)]
        raise ValueError(f"targets must be class labels in 0..{classes - 1}, got {bad[:5]} "
                         "(a negative label would silently pick a class from the end)")
    n = len(targets)
    log_probs = logits.log_softmax().data
    out = Tensor(-log_probs[np.arange(n), targets].mean(), parents=(logits,), op="cross_entropy")

    def _backward():
        grad = np.exp(log_probs)
        grad[np.arange(n), targets] -= 1
        logits._add_grad(grad * (out.grad / n))

    out._backward = _backward
    return out


class Linear:
    """``y = x @ W.T + b``, with ``W`` (out, in) and ``b`` (out,) stored as ``nn.Linear`` stores
    them, and initialized like it: uniform in ``[-1/sqrt(in), 1/sqrt(in)]``.

    Input (n, in), output (n, out). ``rng`` (a ``numpy.random.Generator``) draws the start.
    """

    def __init__(self, n_in: int, n_out: int, rng: np.random.Generator,
                 dtype=np.float64):
        if n_in < 1 or n_out < 1:
            raise ValueError(f"n_in and n_out must be positive, got {n_in} and {n_out}")
        bound = 1 / np.sqrt(n_in)
        # drawn one input row at a time, (in, out), and stored transposed: (out, in)
        drawn = rng.uniform(-bound, bound, (n_in, n_out)).astype(dtype)
        self.weight = Tensor(np.ascontiguousarray(drawn.T), requires_grad=True)
        self.bias = Tensor(rng.uniform(-bound, bound, n_out).astype(dtype), requires_grad=True)

    def __call__(self, x: Tensor) -> Tensor:
        return as_tensor(x) @ self.weight.T + self.bias

    def parameters(self) -> list[Tensor]:
        """The weight and the bias, the order ``nn.Linear.parameters()`` gives them in."""
        return [self.weight, self.bias]


def sgd_step(parameters: list[Tensor], lr: float) -> None:
    """One plain SGD step, ``p -= lr * p.grad``, then clear the gradients for the next one."""
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
    for p in parameters:
        if p.grad is not None:
            p.data -= lr * p.grad
        p.grad = None
