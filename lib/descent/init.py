"""Weight initialization, and a probe of what it does to a deep stack.

For a layer ``y = W x`` with ``n_in`` inputs, ``Var(y) = n_in Var(W) Var(x)``: to keep the
variance of activations the same from layer to layer, ``Var(W)`` must be about ``1 / n_in``.

- Glorot / Xavier: ``Var(W) = 2 / (n_in + n_out)``, a compromise between keeping
  activations (forward) and gradients (backward) steady; made for tanh and sigmoid.
- He / Kaiming: ``Var(W) = 2 / n_in``; the 2 makes up for ReLU zeroing half its inputs.

Uniform versions draw from ``[-a, a]`` with ``a = sqrt(3 Var)``. Each function fills a
weight of shape (n_out, n_in) in place, with the same random draws as its
``torch.nn.init`` twin for the same generator.
"""

from __future__ import annotations

import math

import pandas as pd
import torch
from torch import nn


def _fans(weight: torch.Tensor) -> tuple[int, int]:
    if weight.dim() != 2:
        raise ValueError(f"expected a 2-D weight (n_out, n_in), got shape {tuple(weight.shape)}")
    n_out, n_in = weight.shape
    return n_in, n_out


@torch.no_grad()
def xavier_uniform_(weight, gain: float = 1.0, generator=None) -> torch.Tensor:
    """Glorot, uniform: fill ``weight`` (n_out, n_in) in place from ``[-a, a]`` with
    ``a = gain sqrt(6 / (n_in + n_out))``, so ``Var(W) = gain^2 2 / (n_in + n_out)``.
    """
    n_in, n_out = _fans(weight)
    a = gain * math.sqrt(6.0 / (n_in + n_out))
    return weight.uniform_(-a, a, generator=generator)


@torch.no_grad()
def xavier_normal_(weight, gain: float = 1.0, generator=None) -> torch.Tensor:
    """Glorot, normal: fill ``weight`` (n_out, n_in) in place with draws of standard
    deviation ``gain sqrt(2 / (n_in + n_out))``.
    """
    n_in, n_out = _fans(weight)
    return weight.normal_(0, gain * math.sqrt(2.0 / (n_in + n_out)), generator=generator)


@torch.no_grad()
def kaiming_uniform_(weight, generator=None) -> torch.Tensor:
    """He initialization for ReLU, uniform: ``a = sqrt(6 / n_in)``."""
    n_in, _ = _fans(weight)
    a = math.sqrt(3.0) * math.sqrt(2.0) / math.sqrt(n_in)
    return weight.uniform_(-a, a, generator=generator)


@torch.no_grad()
def kaiming_normal_(weight, generator=None) -> torch.Tensor:
    """He initialization for ReLU, normal: ``std = sqrt(2 / n_in)``."""
    n_in, _ = _fans(weight)
    return weight.normal_(0, math.sqrt(2.0) / math.sqrt(n_in), generator=generator)


def deep_stack(depth: int, width: int, activation: type[nn.Module], init, *,
               seed: int = 0) -> nn.Sequential:
    """``depth`` blocks of Linear(width, width) then ``activation``; ``init(weight, generator)``
    fills each weight, biases start at 0."""
    generator = torch.Generator().manual_seed(seed)
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        with torch.no_grad():
            init(linear.weight, generator)
            linear.bias.zero_()
        layers += [linear, activation()]
    return nn.Sequential(*layers)


def layer_stats(stack: nn.Sequential, x: torch.Tensor, seed: int = 0) -> pd.DataFrame:
    """Forward ``x`` through ``stack``, then backward from a random unit-variance gradient
    at the output (a stand-in for the loss's). One row per layer: the standard deviation
    of its output (``activation_std``) and of the gradient arriving there (``grad_std``)."""
    outputs = []
    h = x
    for module in stack:
        h = module(h)
        if not isinstance(module, nn.Linear):  # after each activation
            h.retain_grad()
            outputs.append(h)
    upstream = torch.randn(h.shape, generator=torch.Generator().manual_seed(seed))
    h.backward(upstream)
    rows = [(i + 1, out.std().item(), out.grad.std().item()) for i, out in enumerate(outputs)]
    stack.zero_grad()
    return pd.DataFrame(rows, columns=["layer", "activation_std", "grad_std"])
