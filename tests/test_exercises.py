"""Every exercise check: the right answer passes, a typical wrong one fails and says why.

The right answers are computed here the way a learner would (by hand, in plain Python or
numpy), not by the checker's own oracle, so a test fails if either side is wrong.
"""

import math

import numpy as np
import pytest
import torch

from descent.autograd import Value
from descent.course import exercises
from descent.course.checks import CheckFailed
from descent.data import linear_data, load_mnist, synthetic_ratings
from descent.models import DotProductRatings


@pytest.fixture(scope="module")
def mnist():
    return load_mnist("subset")


def wrong(check, *args, says: str):
    with pytest.raises(CheckFailed, match=says):
        check(*args)


def test_unanswered_exercises_only_get_a_reminder(capsys, mnist):
    x, y = linear_data(30, first=(14, 58))
    exercises.sevens_in_train(None, mnist)
    exercises.largest_stable_lr(None, x, y)
    exercises.sin_operation(None)
    exercises.examples_needed(None)
    exercises.decay_factor(None, None)
    out = capsys.readouterr().out
    assert out.count("no answer yet") == 6 and "✓" not in out


# -- 00 ------------------------------------------------------------------------------------

def test_sevens_in_train(mnist, capsys):
    exercises.sevens_in_train(sum(int(label) == 7 for label in mnist.train.y), mnist)
    assert capsys.readouterr().out.startswith("✓ sevens in train")
    wrong(exercises.sevens_in_train, 500, mnist, says="counts every split")
    wrong(exercises.sevens_in_train, 340, mnist, says="is too low")


def test_mean_intensity(mnist):
    exercises.mean_intensity(float(np.mean(mnist.train.x.numpy(), dtype=np.float64)), mnist)
    everything = np.concatenate([part.x.numpy() for _, part in mnist.parts()])
    wrong(exercises.mean_intensity, everything.mean(dtype=np.float64), mnist,
          says="mean over every split")
    wrong(exercises.mean_intensity, 0.5, mnist, says="middle of")


# -- 01 ------------------------------------------------------------------------------------

def test_second_row():
    x, y = linear_data(30, first=(14, 58))
    a, b = 1 - 1e-4 * 2 * (15 - 58) * 14, 1 - 1e-4 * 2 * (15 - 58)  # row 1's update
    prediction = a * x[1] + b
    exercises.second_row(prediction, 2 * (prediction - y[1]), 2 * (prediction - y[1]) * x[1],
                         x, y)
    wrong(exercises.second_row, x[1] + 1, None, None, x, y, says="a = b = 1")
    wrong(exercises.second_row, prediction, prediction - y[1], None, x, y, says="Missing the 2")


def test_largest_stable_lr():
    x, y = linear_data(30, first=(14, 58))
    exercises.largest_stable_lr(0.00024, x, y)
    wrong(exercises.largest_stable_lr, 0.0003, x, y, says="it diverges")
    wrong(exercises.largest_stable_lr, 0.0001, x, y, says="a larger one still works")


# -- 02 ------------------------------------------------------------------------------------

def make_sin(scale_by_out_grad=True):
    def value_sin(a):
        out = Value(math.sin(a.data), (a,), "sin")

        def _backward():
            a.grad += math.cos(a.data) * (out.grad if scale_by_out_grad else 1.0)

        out._backward = _backward
        return out

    return value_sin


def test_sin_operation():
    exercises.sin_operation(make_sin())
    wrong(exercises.sin_operation, make_sin(scale_by_out_grad=False), says="multiply by out.grad")


def test_chain_rule():
    u = 2 * -3 + 10
    exercises.chain_rule(2 * u * -3, 2 * u * 2, 2 * u)
    wrong(exercises.chain_rule, -3, 2, 1, says="multiply by df/du")


# -- 03 ------------------------------------------------------------------------------------

def test_softmax_and_cross_entropy():
    e = [math.exp(v) for v in (2.0, 1.0, 0.1)]
    probs = [v / sum(e) for v in e]
    exercises.softmax_and_cross_entropy(probs, -math.log(probs[0]))
    wrong(exercises.softmax_and_cross_entropy, e, None, says="divide each by their sum")
    wrong(exercises.softmax_and_cross_entropy, probs, math.log(probs[0]), says="MINUS log p")


def test_examples_needed():
    exercises.examples_needed(math.ceil(1.959964**2 * 0.9 * 0.1 / 0.01**2))
    wrong(exercises.examples_needed, math.ceil(0.9 * 0.1 / 0.01**2), says="did you square z")
    wrong(exercises.examples_needed, 5000, says="fewer would do")


# -- 04 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ratings_model():
    ratings = synthetic_ratings(n_users=30, n_items=20, seed=1)
    torch.manual_seed(0)
    model = DotProductRatings(ratings.n_users, ratings.n_items, n_factors=3)
    with torch.no_grad():  # spread the tables so every mistake gives a different number
        for table in (model.user_factors, model.item_factors, model.user_bias, model.item_bias):
            table.weight.normal_(0, 0.5)
    return model, ratings


def test_parameter_count():
    exercises.parameter_count((943 + 1682) * (40 + 1))
    wrong(exercises.parameter_count, (943 + 1682) * 40, says="each user and each item also")


def test_rating_prediction(ratings_model):
    model, _ = ratings_model
    p = model.user_factors.weight[0].detach().numpy()
    q = model.item_factors.weight[1].detach().numpy()
    score = p @ q + model.user_bias.weight[0, 0].item() + model.item_bias.weight[1, 0].item()
    exercises.rating_prediction(5.5 / (1 + np.exp(-score)), model)
    wrong(exercises.rating_prediction, 1 / (1 + np.exp(-score)), model, says="sigmoid alone")
    wrong(exercises.rating_prediction, 5.5 / (1 + np.exp(-p @ q)), model,
          says="two biases are missing")


def test_cold_start_item(ratings_model):
    model, ratings = ratings_model
    biases = model.item_bias.weight[:, 0].tolist()
    exercises.cold_start_item(biases.index(max(biases)), model, ratings)
    norms = model.item_factors.weight.norm(dim=1).tolist()
    assert norms.index(max(norms)) != biases.index(max(biases))  # the mistake is a mistake here
    wrong(exercises.cold_start_item, norms.index(max(norms)), model, ratings,
          says="largest factors")


# -- 05 ------------------------------------------------------------------------------------

def test_decay_factor(capsys):
    exercises.decay_factor(1 - 2 * 0.1 * 0.01, 2 * 0.01)
    assert capsys.readouterr().out.count("✓") == 2
    wrong(exercises.decay_factor, 1 - 0.1 * 0.01, None, says="2 λ w")
    wrong(exercises.decay_factor, 0.998, 0.01, says="Double λ")


def test_min_norm_weights():
    x = np.array([3.0, 2.0, 1.0])
    exercises.min_norm_weights(10 * x / (x @ x))
    wrong(exercises.min_norm_weights, [10 / 3, 0, 0], says="L1's choice")


# -- 06 ------------------------------------------------------------------------------------

def test_momentum_by_hand():
    p, v = 1.0, 0.0
    for _ in range(3):
        v = 0.9 * v + 2 * p
        p -= 0.1 * v
    exercises.momentum_by_hand(p)
    wrong(exercises.momentum_by_hand, 0.8**3, says="plain gradient descent")


def test_adam_first_steps():
    exercises.adam_first_steps(-0.01, 0.01)
    wrong(exercises.adam_first_steps, -2.5, 0.01, says="SGD's step")
    wrong(exercises.adam_first_steps, 0.01, 0.01, says="The sign")


# -- 07 ------------------------------------------------------------------------------------

def test_normalized_batch():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    exercises.normalized_batch((values - values.mean()) / values.std())  # numpy: biased
    wrong(exercises.normalized_batch, (values - values.mean()) / values.std(ddof=1),
          says="unbiased std")


def test_dropout_and_eval():
    exercises.dropout_and_eval(1 / (1 - 0.2), (5 - 1) / math.sqrt(4))
    wrong(exercises.dropout_and_eval, 0.8, None, says="chance to keep")
    wrong(exercises.dropout_and_eval, 1.25, 1.0, says="divides by the variance")


# -- 08 ------------------------------------------------------------------------------------

def test_half_width():
    exercises.half_width(1.96 * math.sqrt(0.92 * 0.08 / 2500))
    wrong(exercises.half_width, math.sqrt(0.92 * 0.08 / 2500), says="one standard error")


def test_fixed_loss():
    torch.manual_seed(0)
    x = torch.randn(16, 3)
    y = x @ torch.tensor([2.0, -1.0, 0.5]) + 0.1 * torch.randn(16)
    predictions = x @ torch.tensor([[2.0], [-1.0], [0.5]])
    exercises.fixed_loss(((predictions[:, 0] - y) ** 2).mean().item(), predictions, y)
    broadcast = ((predictions - y) ** 2).mean().item()  # (16, 1) - (16,) is (16, 16)
    wrong(exercises.fixed_loss, broadcast, predictions, y, says="Still the broadcast loss")


def test_head_parameters():
    exercises.head_parameters(512 * 5 + 5)
    wrong(exercises.head_parameters, 512 * 5, says="bias per class")


# -- 09 ------------------------------------------------------------------------------------

def test_interpolation_threshold(mnist):
    x, y = mnist.train.x[:60].double(), mnist.train.y[:60]
    exercises.interpolation_threshold(60, x, y)
    wrong(exercises.interpolation_threshold, 600, x, y, says="all 10 outputs")
    wrong(exercises.interpolation_threshold, 59, x, y, says="not exact yet")
    wrong(exercises.interpolation_threshold, 61, x, y, says="already fit exactly")


def test_robbins_monro_exponent():
    exercises.robbins_monro_exponent(0.75)
    wrong(exercises.robbins_monro_exponent, 0.5, says="never averages out")
    wrong(exercises.robbins_monro_exponent, 1.5, says="steps run out")
    wrong(exercises.robbins_monro_exponent, 1, says="find another")


def test_half_pruned_mask():
    weights = np.array([[0.3, -1.2, 0.05], [2.0, -0.4, 0.6]])
    kept = np.abs(weights) > np.median(np.abs(weights))
    exercises.half_pruned_mask(kept.astype(float))
    wrong(exercises.half_pruned_mask, (weights > np.median(weights)).astype(float),
          says="compares magnitudes")
    wrong(exercises.half_pruned_mask, (~kept).astype(float), says="1 marks a weight that stays")


def test_every_checker_is_tested():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(exercises.__all__) <= tested, set(exercises.__all__) - tested
