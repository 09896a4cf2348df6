"""Exercise checks of notebook 07 Initialization, BatchNorm and Dropout."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from descent.course.checks import check_close


def normalized_batch(answer) -> None:
    """The batch (1, 2, 3, 4) normalized as BatchNorm does in training (no eps, no affine)."""
    x = torch.tensor([[1.0], [2.0], [3.0], [4.0]], dtype=torch.float64)
    # torch insists on a positive eps; 1e-12 moves nothing in the first ten digits
    expected = F.batch_norm(x, None, None, training=True, eps=1e-12)[:, 0]
    unbiased = (x[:, 0] - x.mean()) / x[:, 0].std()
    check_close("normalized batch", answer, expected, mistakes=[
        (unbiased, "That divides by the unbiased std (n - 1); BatchNorm normalizes with the "
                   "biased variance, divided by n."),
        (x[:, 0] - x.mean(), "Centred, but not yet divided by the standard deviation.")])


def dropout_and_eval(dropout_scale, eval_output) -> None:
    """Inverted dropout's scale at p = 0.2, and BatchNorm's eval output for 5 with running
    mean 1 and running variance 4."""
    torch.manual_seed(0)
    kept = nn.Dropout(0.2).train()(torch.ones(1000, dtype=torch.float64))
    check_close("dropout scale", dropout_scale, kept.max(), mistakes=[
        (0.8, "0.8 is the chance to keep a unit; the survivors are divided by it."),
        (0.2, "0.2 is p, the chance to be dropped.")])
    bn = nn.BatchNorm1d(1, eps=0.0, dtype=torch.float64).eval()
    bn.running_mean.fill_(1.0)
    bn.running_var.fill_(4.0)
    with torch.no_grad():
        expected = bn(torch.tensor([[5.0]], dtype=torch.float64)).item()
    check_close("BatchNorm eval output", eval_output, expected, mistakes=[
        ((5 - 1) / 4, "That divides by the variance; divide by its square root, the std."),
        (5 - 1, "Centred, but not divided by the running standard deviation.")])
