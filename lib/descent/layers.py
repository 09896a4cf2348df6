"""BatchNorm and Dropout from scratch, as ``nn.Module``s with torch's signatures.

**BatchNorm1d.** In training, normalize each feature with the mean and the *biased*
variance of the batch, then scale and shift with learned ``weight`` (gamma) and ``bias``
(beta):

    y = (x - mean_batch) / sqrt(var_batch + eps) * weight + bias

and update running estimates for evaluation, using the *unbiased* variance:

    running = (1 - momentum) * running + momentum * batch_statistic

In eval mode the running estimates replace the batch's, so an example's output no longer
depends on the rest of its batch. Input (N, C) or (N, C, L); statistics per channel C.

**Dropout.** In training, zero each entry with probability ``p`` and scale the survivors
by ``1 / (1 - p)`` ("inverted" dropout), so the expected activation is unchanged and
evaluation needs no rescaling; in eval mode, the identity.
"""

from __future__ import annotations

import torch
from torch import nn


class BatchNorm1d(nn.Module):
    """Batch normalization of ``num_features`` channels, with ``nn.BatchNorm1d``'s signature.

    Input (N, C) or (N, C, L), output the same shape; statistics per channel C, over N (and
    L). In training: ``y = (x - mean_batch) / sqrt(var_batch + eps) * weight + bias`` with the
    biased batch variance, and ``running = (1 - momentum) running + momentum batch`` with the
    unbiased one (``momentum=None``: the plain average of every batch so far). In eval mode
    the running statistics replace the batch's. ``affine=False``: no weight and bias;
    ``track_running_stats=False``: batch statistics in both modes.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device=None,
                 dtype=None):
        super().__init__()
        if num_features < 1:
            raise ValueError(f"num_features must be positive, got {num_features}")
        if not eps > 0:  # sqrt(var + eps) must never be 0, even for a constant feature
            raise ValueError(f"eps must be positive, got {eps}")
        if momentum is not None and not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be in [0, 1] (or None: a plain average of every "
                             f"batch), got {momentum}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        like = {"device": device, "dtype": dtype}
        self.weight = nn.Parameter(torch.ones(num_features, **like)) if affine else None
        self.bias = nn.Parameter(torch.zeros(num_features, **like)) if affine else None
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features, **like))
            self.register_buffer("running_var", torch.ones(num_features, **like))
            self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Normalize ``x`` (N, C) or (N, C, L) as the class docstring says; same shape out."""
        if x.dim() not in (2, 3) or x.shape[1] != self.num_features:
            raise ValueError(f"expected input (N, {self.num_features}) or "
                             f"(N, {self.num_features}, L), got {tuple(x.shape)}")
        axes = (0,) if x.dim() == 2 else (0, 2)
        shape = (1, -1) if x.dim() == 2 else (1, -1, 1)  # broadcast per channel
        use_batch = self.training or not self.track_running_stats
        if use_batch:
            count = x.numel() // self.num_features
            if self.training and count < 2:
                raise ValueError(f"Expected more than 1 value per channel when training, "
                                 f"got input size {tuple(x.shape)}")
            mean = x.mean(dim=axes)
            var = x.var(dim=axes, unbiased=False)  # biased: normalize by this batch
            if self.training and self.track_running_stats:
                self._update_running(mean, x.var(dim=axes, unbiased=True))
        else:
            mean, var = self.running_mean, self.running_var
        x_hat = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + self.eps)
        if self.affine:
            x_hat = x_hat * self.weight.view(shape) + self.bias.view(shape)
        return x_hat

    @torch.no_grad()
    def _update_running(self, mean: torch.Tensor, unbiased_var: torch.Tensor) -> None:
        self.num_batches_tracked += 1
        # momentum=None means a plain average over all batches so far
        m = 1 / self.num_batches_tracked.item() if self.momentum is None else self.momentum
        self.running_mean.mul_(1 - m).add_(m * mean)
        self.running_var.mul_(1 - m).add_(m * unbiased_var)


def dropout(x: torch.Tensor, p: float, training: bool = True,
            mask: torch.Tensor | None = None,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Inverted dropout. ``mask`` (True = keep) may be given, e.g. to replay another
    implementation's random choice; otherwise it is drawn with ``generator``."""
    if not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be in [0, 1), got {p}")
    if not training or p == 0:
        return x
    if mask is None:
        mask = torch.rand(x.shape, generator=generator) >= p  # keep with probability 1 - p
    elif mask.shape != x.shape:
        raise ValueError(f"mask shape {tuple(mask.shape)} does not match input {tuple(x.shape)}")
    return x * mask / (1 - p)


class Dropout(nn.Module):
    """Inverted dropout (see :func:`dropout`); the identity in eval mode.

    ``generator`` (a ``torch.Generator``) draws the masks, so a run can be replayed: two
    layers given generators seeded alike drop the same units. Without one, the global
    generator is used, as in ``nn.Dropout``.
    """

    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"dropout probability p must be in [0, 1), got {p}")
        self.p, self.generator = p, generator

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """Inverted dropout of ``x`` (any shape) in training, the identity in eval mode;
        ``mask`` (True = keep, ``x``'s shape) replays a given choice of units."""
        return dropout(x, self.p, self.training, mask, self.generator)

    def extra_repr(self) -> str:
        """``p=0.5``: what ``print(model)`` shows inside ``Dropout(...)``."""
        return f"p={self.p}"
