"""descent.train, descent.models and descent.stats."""

import math

import pytest
import torch
import torch.nn.functional as F

from descent.data import Split
from descent.models import MLP, MnistLogistic
from descent.train import History, accuracy, batches, evaluate, fit, plot_history


def separable(n=200, seed=0):
    """Two Gaussian blobs 6.7 standard deviations apart in 5-D: linearly separable in
    practice, but not so far apart that the first step already solves them."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 5, generator=g) + 1.5 * (2 * y[:, None] - 1)
    return Split(x, y)


def train_once(epochs=5, seed=0, log_steps=False):
    torch.manual_seed(seed)
    model = MnistLogistic(5, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
    data = separable()
    history = fit(model, F.cross_entropy, optimizer, batches(data, 32, seed=seed),
                  batches(data, 100, shuffle=False), epochs=epochs, log_steps=log_steps,
                  progress=False)
    return model, history


def test_fit_learns_a_separable_set():
    _, history = train_once()
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.valid_accuracy[-1] >= 0.99


def test_history_lengths():
    _, history = train_once(epochs=3, log_steps=True)
    assert history.epochs == [1, 2, 3]
    assert len(history.valid_loss) == len(history.valid_accuracy) == 3
    assert len(history.step_loss) == 3 * math.ceil(200 / 32)
    assert len(history.step_grad_norm) == len(history.step_loss)
    assert all(n > 0 for n in history.step_grad_norm)


def test_fit_is_deterministic_given_seeds():
    assert train_once(seed=3)[1] == train_once(seed=3)[1]
    assert train_once(seed=3)[1] != train_once(seed=4)[1]


def test_no_gradient_leaks_out_of_fit():
    model, _ = train_once(epochs=1)
    assert all(p.grad is None or not p.grad.any() for p in model.parameters())


@pytest.mark.parametrize("mode", [True, False])
def test_evaluate_restores_the_mode(mode):
    model = torch.nn.Sequential(torch.nn.Linear(5, 2), torch.nn.Dropout(0.5))
    model.train(mode)
    loss, acc = evaluate(model, batches(separable(), 50, shuffle=False), F.cross_entropy)
    assert model.training is mode and 0 <= acc <= 1 and loss > 0


def test_evaluate_uses_eval_mode_and_no_graph():
    seen = []

    class Spy(torch.nn.Module):
        def forward(self, x):
            seen.append((self.training, torch.is_grad_enabled()))
            return torch.zeros(len(x), 2, requires_grad=True)

    evaluate(Spy().train(), batches(separable(), 100, shuffle=False), F.cross_entropy)
    assert seen == [(False, False), (False, False)]


def test_fit_stops_when_the_loss_diverges():
    torch.manual_seed(0)
    model = MnistLogistic(5, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=10.0)

    def unbounded(logits, y):  # no minimum: gradient steps blow the weights up to inf
        return -(logits**2).mean()

    history = fit(model, unbounded, optimizer, batches(separable(), 32), epochs=5,
                  progress=False)
    assert len(history.train_loss) < 5 and not math.isfinite(history.train_loss[-1])


def test_bad_arguments():
    with pytest.raises(ValueError, match="epochs"):
        fit(MnistLogistic(5, 2), F.cross_entropy, None, batches(separable(), 8), epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        batches(separable(), 0)
    with pytest.raises(ValueError, match="hidden"):
        MLP(hidden=0)
    with pytest.raises(ValueError, match="logits"):
        accuracy(torch.zeros(3), torch.zeros(3))


def test_an_empty_split_or_loader_is_refused():
    empty = Split(torch.zeros(0, 5), torch.zeros(0, dtype=torch.long))
    with pytest.raises(ValueError, match="the split is empty"):
        batches(empty, 8)
    model = MnistLogistic(5, 2)
    with pytest.raises(ValueError, match="no batches: nothing to train on"):
        fit(model, F.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), [], epochs=1,
            progress=False)
    with pytest.raises(ValueError, match="no examples: nothing to evaluate"):
        evaluate(model, [], F.cross_entropy)


def test_models_shapes():
    x = torch.rand(7, 784)
    assert MnistLogistic()(x).shape == (7, 10) and MLP(hidden=20)(x).shape == (7, 10)
    assert sum(p.numel() for p in MnistLogistic().parameters()) == 7850


def test_accuracy():
    logits = torch.tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]])
    assert accuracy(logits, torch.tensor([0, 1, 1])) == pytest.approx(2 / 3)


def test_history_default_is_empty():
    assert History().epochs == []


def test_regression_fit_records_loss_and_no_accuracy():
    torch.manual_seed(0)
    x = torch.randn(64, 3)
    split = Split(x, x @ torch.tensor([1.0, -2.0, 0.5]))
    model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    history = fit(model, F.mse_loss, optimizer, batches(split, 16), batches(split, 64),
                  epochs=5, progress=False)
    assert history.valid_accuracy == [] and len(history.valid_loss) == 5
    assert history.valid_loss[-1] < 0.1 * history.valid_loss[0]
    loss, acc = evaluate(model, batches(split, 64), F.mse_loss)
    assert math.isnan(acc) and loss == pytest.approx(history.valid_loss[-1])
    assert len(plot_history(history).axes) == 1
