"""Models the notebooks build in the open and then reuse."""

from __future__ import annotations

import torch
from torch import nn


class MnistLogistic(nn.Module):
    """Multinomial logistic regression: one linear map from 784 pixels to 10 class scores.

    ``forward`` returns logits (n, 10); softmax and cross-entropy live in the loss
    (``F.cross_entropy``), which is both faster and numerically safer.
    """

    def __init__(self, n_in: int = 784, n_classes: int = 10):
        super().__init__()
        self.linear = nn.Linear(n_in, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)


class MLP(nn.Module):
    """Two layers with a ReLU between them: ``784 -> hidden -> 10``."""

    def __init__(self, n_in: int = 784, hidden: int = 100, n_classes: int = 10):
        super().__init__()
        if hidden < 1:
            raise ValueError(f"hidden must be at least 1, got {hidden}")
        self.layers = nn.Sequential(
            nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, n_classes)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)
