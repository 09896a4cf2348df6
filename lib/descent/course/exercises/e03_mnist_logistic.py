"""Exercise checks of notebook 03 MNIST logistic regression."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from descent.course.checks import check_close, check_true, not_answered
from descent.stats import interval_half_width


def softmax_and_cross_entropy(softmax, cross_entropy) -> None:
    """Softmax of the logits (2, 1, 0.1) and the cross-entropy when class 0 is right."""
    logits = torch.tensor([[2.0, 1.0, 0.1]], dtype=torch.float64)
    probs = torch.softmax(logits, dim=1)[0]
    check_close("softmax", softmax, probs, mistakes=[
        (logits[0].exp(), "Those are the exponentials; divide each by their sum.")])
    check_close("cross-entropy", cross_entropy, F.cross_entropy(logits, torch.tensor([0])),
                mistakes=[(probs[0].log(), "The sign: cross-entropy is MINUS log p."),
                          (-probs[1].log(), "That is -log p of class 1; the right class is 0.")])


def examples_needed(examples) -> None:
    """The fewest test examples giving a 95% interval of +-1 point at 90% accuracy."""
    if examples is None:
        not_answered("examples needed")
        return
    check_true("±1 point is reached", interval_half_width(0.9, int(examples)) <= 0.01,
               "not yet: more examples (did you square z?)")
    check_true("and not many more than needed",
               interval_half_width(0.9, int(examples * 0.98)) > 0.01, "fewer would do")
