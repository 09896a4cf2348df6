"""Models the notebooks build in the open and then reuse: MNIST classifiers (03), and
embedding models for ratings and tables (04)."""

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
        """Images ``x`` (n, 784) to logits (n, 10): ``x W^T + b``."""
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
        """Images ``x`` (n, n_in) to logits (n, n_classes): linear, ReLU, linear."""
        return self.layers(x)


def _check_indices(x: torch.Tensor, columns: int) -> None:
    if x.ndim != 2 or x.shape[1] != columns or x.dtype != torch.int64:
        raise ValueError(f"expected int64 indices of shape (n, {columns}), got "
                         f"{x.dtype} {tuple(x.shape)}")


class DotProductRatings(nn.Module):
    """Collaborative filtering: a rating is a user-item dot product plus two biases, squashed.

    .. math:: \\hat r_{ui} = lo + (hi - lo)\\,\\sigma(p_u \\cdot q_i + b_u + c_i)

    ``p`` (n_users, n_factors) and ``q`` (n_items, n_factors) are embeddings: a user's
    tastes and an item's traits. ``b`` and ``c`` are one number per user (generous or
    harsh) and per item (liked whatever one's taste). The sigmoid keeps every prediction
    inside ``y_range``; its top, 5.5, sits above the best rating, 5, so a 5 is reachable
    without infinite weights.

    ``forward`` takes int64 (n, 2) (user, item) pairs and returns (n,) ratings.
    """

    def __init__(self, n_users: int, n_items: int, n_factors: int = 40,
                 y_range: tuple[float, float] = (0.0, 5.5)):
        super().__init__()
        if min(n_users, n_items, n_factors) < 1:
            raise ValueError(f"sizes must be positive, got {n_users}, {n_items}, {n_factors}")
        if y_range[0] >= y_range[1]:
            raise ValueError(f"y_range must be (low, high) with low < high, got {y_range}")
        self.y_range = y_range
        self.user_factors = nn.Embedding(n_users, n_factors)
        self.item_factors = nn.Embedding(n_items, n_factors)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        # small factors and zero biases: every prediction starts at the middle of the range
        for table in (self.user_factors, self.item_factors):
            nn.init.normal_(table.weight, std=0.01)
        for table in (self.user_bias, self.item_bias):
            nn.init.zeros_(table.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(user, item) pairs ``x``, int64 (n, 2), to predicted ratings (n,)."""
        _check_indices(x, 2)
        users, items = x[:, 0], x[:, 1]
        score = (self.user_factors(users) * self.item_factors(items)).sum(dim=1)
        score = score + self.user_bias(users).squeeze(1) + self.item_bias(items).squeeze(1)
        low, high = self.y_range
        return low + (high - low) * torch.sigmoid(score)


class EmbeddingTabular(nn.Module):
    """A model for tables of categories: one embedding per column, concatenated, then an MLP.

    ``cardinalities[j]`` is how many values column ``j`` takes and ``embedding_dims[j]``
    the size of its learned vector. A category with 7 values then costs 7 * d numbers
    instead of one-hot's 7 inputs, and values that act alike get nearby vectors.

    ``hidden=0`` leaves out the hidden layer: the outputs are then a linear map of the
    embeddings, so each embedding is the effect of its category, in the model's own axes.

    ``forward`` takes int64 (n, columns) and returns (n, n_out).
    """

    def __init__(self, cardinalities: list[int], embedding_dims: list[int], n_out: int = 1,
                 hidden: int = 32):
        super().__init__()
        if len(cardinalities) != len(embedding_dims) or not cardinalities:
            raise ValueError("give one embedding size per categorical column")
        if min(cardinalities) < 1 or min(embedding_dims) < 1 or n_out < 1 or hidden < 0:
            raise ValueError("cardinalities, embedding sizes and n_out must be positive, and "
                             f"hidden >= 0; got {cardinalities}, {embedding_dims}, {n_out}, "
                             f"{hidden}")
        self.embeddings = nn.ModuleList(
            nn.Embedding(n, d) for n, d in zip(cardinalities, embedding_dims, strict=True)
        )
        width = sum(embedding_dims)
        self.head = (nn.Linear(width, n_out) if hidden == 0 else
                     nn.Sequential(nn.Linear(width, hidden), nn.ReLU(), nn.Linear(hidden, n_out)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Category indices ``x``, int64 (n, columns), to outputs (n, n_out)."""
        _check_indices(x, len(self.embeddings))
        columns = [table(x[:, j]) for j, table in enumerate(self.embeddings)]
        return self.head(torch.cat(columns, dim=1))
