"""Debugging a training run (notebook 08): fail loudly where a bug starts, and measure what a
silent bug leaves behind.

- :func:`assert_shape` and :func:`assert_finite` stop the run at the line that went wrong,
  instead of twenty lines (or a thousand steps) later;
- :func:`graph_size` counts the nodes an autograd graph keeps alive (the
  ``running_loss += loss`` leak);
- :func:`dead_fraction` finds ReLU units that never fire;
- :func:`grad_norm` is the size of the whole gradient, the number to log beside the loss.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import torch


def assert_shape(t: torch.Tensor, shape: Sequence[int | None], name: str = "tensor") -> None:
    """Raise ``ValueError`` unless ``t`` has ``shape``; ``None`` matches any size.

    ``assert_shape(predictions, (None,))`` accepts (16,) and refuses (16, 1), the shape that
    silently broadcasts a loss into a 16 x 16 matrix.
    """
    ok = t.ndim == len(shape) and all(s is None or s == d for s, d in zip(shape, t.shape,
                                                                           strict=True))
    if not ok:
        sizes = ["*" if s is None else str(s) for s in shape]
        wanted = f"({sizes[0]},)" if len(sizes) == 1 else "(" + ", ".join(sizes) + ")"
        raise ValueError(f"{name} should have shape {wanted}, got {tuple(t.shape)}")


def assert_finite(t: torch.Tensor, name: str = "tensor") -> None:
    """Raise ``ValueError`` naming how many entries of ``t`` (any shape) are NaN or infinite."""
    bad = ~torch.isfinite(t)
    if bad.any():
        raise ValueError(f"{name} has {int(torch.isnan(t).sum())} NaN and "
                         f"{int(torch.isinf(t).sum())} infinite entries out of {t.numel()}")


def graph_size(t: torch.Tensor) -> int:
    """How many backward nodes the graph behind ``t`` holds (0 for a plain tensor).

    Every node keeps the tensors it saved for the backward pass alive, so a graph that
    grows step after step is memory that never comes back.
    """
    seen, stack = set(), [t.grad_fn] if t.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(n for n, _ in node.next_functions if n is not None)
    return len(seen)


def dead_fraction(activations: torch.Tensor) -> float:
    """The fraction of units (columns of ``activations`` (n, units), taken after a ReLU)
    that are zero for every one of the ``n`` examples: units that no longer learn."""
    assert_shape(activations, (None, None), "activations")
    return (activations <= 0).all(dim=0).float().mean().item()


def grad_norm(parameters: Iterable[torch.Tensor]) -> float:
    """The L2 norm of all gradients together, ``sqrt(sum of every grad entry squared)``
    (what ``torch.nn.utils.clip_grad_norm_`` measures). Parameters without a gradient are
    skipped."""
    squares = [p.grad.detach().pow(2).sum() for p in parameters if p.grad is not None]
    return torch.stack(squares).sum().sqrt().item() if squares else 0.0
