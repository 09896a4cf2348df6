"""The training loop the course reuses from notebook 03 on, small enough to read at once.

:func:`fit` runs epochs of: for each batch, forward, loss, ``zero_grad``, ``backward``,
``step``; then it measures the validation loss and accuracy with :func:`evaluate`. Any
optimizer with ``zero_grad()`` and ``step()`` works, ``torch.optim`` or the course's
own. What happened is returned as a :class:`History`, which :func:`plot_history` draws.

Progress bars appear in a live session and stay silent where outputs are stored and
compared (``CI`` set, or ``DESCENT_PROGRESS=0`` as under ``make test``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm.auto import tqdm

from descent.data import Split
from descent.debugging import grad_norm


@dataclass
class History:
    """Per-epoch train loss, validation loss and accuracy; per-step losses and gradient
    norms if asked for (``log_steps``)."""

    train_loss: list[float] = field(default_factory=list)
    valid_loss: list[float] = field(default_factory=list)
    valid_accuracy: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    step_grad_norm: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> list[int]:
        """``[1, 2, ..., number of epochs recorded]``: the x axis of the curves."""
        return list(range(1, len(self.train_loss) + 1))


def batches(split: Split, batch_size: int, *, shuffle: bool = True, seed: int = 0) -> DataLoader:
    """A DataLoader over ``split``, shuffled by its own seeded generator (so reproducible)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if len(split) == 0:
        raise ValueError("the split is empty: there are no examples to make batches of")
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(TensorDataset(split.x, split.y), batch_size=batch_size, shuffle=shuffle,
                      generator=generator)


def count_correct(logits: torch.Tensor, targets: torch.Tensor) -> int:
    """How many rows of ``logits`` (n, classes) have their largest entry at ``targets`` (n,)."""
    if logits.ndim != 2 or targets.shape != logits.shape[:1]:
        raise ValueError(f"need logits (n, classes) and targets (n,), got {tuple(logits.shape)} "
                         f"and {tuple(targets.shape)}")
    return int((logits.argmax(dim=1) == targets).sum())


def accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """The fraction of rows of ``logits`` (n, classes) whose largest entry is at ``targets``
    (n,): :func:`count_correct` divided by n."""
    return count_correct(logits, targets) / len(targets)


def evaluate(model: nn.Module, loader: DataLoader, loss_fn: Callable) -> tuple[float, float]:
    """Mean loss and accuracy over ``loader``, in eval mode, without building a graph.

    Accuracy needs classes: for float targets (a regression, such as ratings) it is NaN.
    The model's train/eval mode is restored afterwards, whatever it was.
    """
    was_training = model.training
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    regression = False
    try:
        with torch.no_grad():
            for x, y in loader:
                output = model(x)
                total_loss += loss_fn(output, y).item() * len(y)
                regression = y.is_floating_point()
                if not regression:
                    correct += count_correct(output, y)
                count += len(y)
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("the loader yields no examples: nothing to evaluate (an empty split?)")
    return total_loss / count, math.nan if regression else correct / count


def progress_enabled(progress: bool | None) -> bool:
    """``None`` means: show bars unless outputs are being stored or compared."""
    if progress is not None:
        return progress
    return not os.environ.get("CI") and os.environ.get("DESCENT_PROGRESS") != "0"


def fit(model: nn.Module, loss_fn: Callable, optimizer, train_loader: DataLoader,
        valid_loader: DataLoader | None = None, *, epochs: int, log_steps: bool = False,
        progress: bool | None = None) -> History:
    """Train ``model`` for ``epochs`` passes over ``train_loader``; return its History.

    ``train_loss`` is the mean of the batch losses of each epoch (measured while the
    weights were still moving); ``valid_loss`` and ``valid_accuracy`` are measured at the
    end of each epoch. Gradients are cleared after the last step, so none leak out.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    if len(train_loader) == 0:
        raise ValueError("train_loader yields no batches: nothing to train on (an empty split?)")
    history = History()
    model.train()
    bar = tqdm(total=epochs * len(train_loader), disable=not progress_enabled(progress),
               leave=False)
    for _ in range(epochs):
        total, count = 0.0, 0
        for x, y in train_loader:
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            if log_steps:  # the size of the step about to be taken, before it is taken
                history.step_grad_norm.append(grad_norm(model.parameters()))
            optimizer.step()
            total += loss.item() * len(y)
            count += len(y)
            if log_steps:
                history.step_loss.append(loss.item())
            bar.update()
        history.train_loss.append(total / count)
        if valid_loader is not None:
            valid_loss, valid_accuracy = evaluate(model, valid_loader, loss_fn)
            history.valid_loss.append(valid_loss)
            if not math.isnan(valid_accuracy):  # a regression has no accuracy
                history.valid_accuracy.append(valid_accuracy)
            bar.set_postfix(valid_loss=f"{valid_loss:.3f}", accuracy=f"{valid_accuracy:.3f}")
        if not math.isfinite(history.train_loss[-1]):
            break  # diverged: more epochs only print NaN
    bar.close()
    optimizer.zero_grad()
    return history


def plot_history(history: History, title: str = "Training curves") -> Figure:
    """Loss curves (train and validation) beside validation accuracy, per epoch.

    A regression's history has no accuracy: then the loss panel is drawn alone.
    """
    if history.valid_accuracy:
        fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(12, 4.5))
        ax_acc.plot(history.epochs, history.valid_accuracy, marker="o", color="C1")
        ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Validation accuracy")
    else:
        fig, ax_loss = plt.subplots(figsize=(7, 4.5))
    ax_loss.plot(history.epochs, history.train_loss, marker="o", label="train")
    if history.valid_loss:
        ax_loss.plot(history.epochs, history.valid_loss, marker="o", label="validation")
    ax_loss.set(xlabel="epoch", ylabel="loss", title="Loss")
    ax_loss.legend()
    fig.suptitle(title)
    return fig
