"""descent.tensor against torch (float64), with broadcasting shapes from hypothesis."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from descent.finite_differences import numerical_gradient
from descent.tensor import Tensor, unbroadcast
from descent.tensor_nn import Linear, cross_entropy, sgd_step

values = st.floats(-2, 2, allow_nan=False, width=64)


def arrays(shape):
    return hnp.arrays(np.float64, shape, elements=values)


def run_both(fn, *arrays_):
    """Run fn on our tensors and on torch tensors; seed backward with the same random
    gradient so every entry of the output matters. Return values and gradients."""
    ours = [Tensor(a, requires_grad=True) for a in arrays_]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays_]
    out, expected = fn(*ours), fn(*theirs)
    seed = np.random.default_rng(0).standard_normal(expected.shape)
    out.backward(seed.reshape(out.shape))
    expected.backward(torch.tensor(seed))
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    for mine, ref in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine.grad, ref.grad.numpy(), rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       st.sampled_from(["+", "-", "*"]), st.data())
def test_broadcasting_ops_match_torch(shapes, op, data):
    a = data.draw(arrays(shapes.input_shapes[0]))
    b = data.draw(arrays(shapes.input_shapes[1]))
    fns = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y}
    run_both(fns[op], a, b)


away_from_zero = st.floats(0.5, 3, width=64).flatmap(lambda v: st.sampled_from([v, -v]))


@settings(max_examples=40, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       st.data())
def test_division_matches_torch(shapes, data):
    a = data.draw(arrays(shapes.input_shapes[0]))
    b = data.draw(hnp.arrays(np.float64, shapes.input_shapes[1], elements=away_from_zero))
    run_both(lambda x, y: x / y, a, b)
    run_both(lambda x, y: 2.0 / y + x, a, b)  # a number on the left: __rtruediv__


@settings(max_examples=40, deadline=None)
@given(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
       st.sampled_from([2, 3, -1, -2, 0.5, 1.5, -0.5]), st.data())
def test_power_matches_torch(shape, exponent, data):
    whole = float(exponent).is_integer()
    elements = away_from_zero if whole else st.floats(0.5, 3, width=64)  # no (-2) ** 0.5
    a = data.draw(hnp.arrays(np.float64, shape, elements=elements))
    run_both(lambda x: x**exponent, a)


@pytest.mark.parametrize("name", ["exp", "log"])
@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4), st.data())
def test_exp_and_log_match_torch(name, shape, data):
    low = 0.05 if name == "log" else -3.0
    a = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(low, 3, width=64)))
    run_both(lambda t: getattr(t, name)(), a)


@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=1, max_dims=4, max_side=4), st.data())
def test_mean_and_sum_over_several_axes_match_torch(shape, data):
    a = data.draw(arrays(shape))
    axes = tuple(data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1,
                                    max_size=len(shape), unique_by=lambda k: k % len(shape))))
    keep = data.draw(st.booleans())
    for name in ("mean", "sum"):
        def fn(t, name=name):
            if isinstance(t, torch.Tensor):
                return getattr(t, name)(dim=axes, keepdim=keep)
            return getattr(t, name)(axes, keep)

        run_both(fn, a)


def test_softmax_and_a_normalization_written_by_hand_match_torch():
    rng = np.random.default_rng(2)
    z = rng.standard_normal((4, 5))

    def softmax(t):
        e = (t - 1.0).exp()  # any shift: it cancels
        return e / e.sum(axis=1, keepdims=True)

    def standardize(t):  # per column, over the rows, as BatchNorm does
        centred = t - t.mean(axis=0, keepdims=True)
        return centred / ((centred * centred).mean(axis=0, keepdims=True) + 1e-5) ** 0.5

    run_both(softmax, z)
    run_both(standardize, z)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.data())
def test_matmul_matches_torch(n, k, m, data):
    run_both(lambda x, y: x @ y, data.draw(arrays((n, k))), data.draw(arrays((k, m))))


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "log_softmax"])
@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), st.data())
def test_elementwise_and_log_softmax_match_torch(name, shape, data):
    a = data.draw(arrays(shape).filter(lambda x: np.all(np.abs(x) > 1e-3)))  # relu kink
    fns = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
           "log_softmax": lambda t: torch.log_softmax(t, dim=-1)}

    def fn(t):
        return fns[name](t) if isinstance(t, torch.Tensor) else getattr(t, name)()

    run_both(fn, a)


@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), st.data())
def test_reductions_match_torch(shape, data):
    a = data.draw(arrays(shape))
    axis = data.draw(st.integers(0, len(shape) - 1))
    keep = data.draw(st.booleans())
    run_both(lambda t: t.sum(), a)
    run_both(lambda t: t.mean(), a)
    torch_sum = lambda t: t.sum(dim=axis, keepdim=keep)  # noqa: E731
    run_both(lambda t: torch_sum(t) if isinstance(t, torch.Tensor) else t.sum(axis, keep), a)
    torch_mean = lambda t: t.mean(dim=axis, keepdim=keep)  # noqa: E731
    run_both(lambda t: torch_mean(t) if isinstance(t, torch.Tensor) else t.mean(axis, keep), a)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(2, 5), st.data())
def test_cross_entropy_matches_torch(n, classes, data):
    logits = data.draw(arrays((n, classes)))
    targets = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, classes - 1)))
    ours = Tensor(logits, requires_grad=True)
    loss = cross_entropy(ours, targets)
    loss.backward()
    theirs = torch.tensor(logits, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(theirs, torch.tensor(targets))
    expected.backward()
    assert loss.data == pytest.approx(expected.item(), rel=1e-10)
    np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


# The facts notebook 03 relies on, for the course's own softmax: logits far apart enough that
# exp overflows float64 (e^710) unless the row's maximum is subtracted first.
wide_logits = hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
                         elements=st.floats(-800, 800, width=64))


@settings(max_examples=60, deadline=None)
@given(wide_logits)
def test_softmax_from_log_softmax_is_a_distribution_equal_to_torchs(logits):
    probs = np.exp(Tensor(logits).log_softmax().data)
    assert np.isfinite(probs).all() and (probs >= 0).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    expected = torch.softmax(torch.from_numpy(logits), dim=1).numpy()
    np.testing.assert_allclose(probs, expected, rtol=1e-9, atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(wide_logits, st.data())
def test_cross_entropy_is_minus_log_probability_and_ignores_shifts(logits, data):
    n, classes = logits.shape
    y = np.array(data.draw(st.lists(st.integers(0, classes - 1), min_size=n, max_size=n)))
    ours = cross_entropy(Tensor(logits), y).data.item()
    expected = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)).item()
    assert ours == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # adding the same amount to every logit of a row changes no probability
    shift = data.draw(st.floats(-50, 50, width=64))
    assert cross_entropy(Tensor(logits + shift), y).data.item() == pytest.approx(
        ours, rel=1e-9, abs=1e-9)


def test_mlp_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((5, 3)), np.array([0, 1, 2, 1, 0])
    first, second = Linear(3, 4, rng), Linear(4, 3, rng)

    def loss_of(w):
        first.weight.data[...] = w
        return cross_entropy(second(first(x).tanh()), y).data.item()

    w0 = first.weight.data.copy()
    numeric = numerical_gradient(loss_of, w0)
    first.weight.data[...] = w0
    cross_entropy(second(first(x).tanh()), y).backward()
    np.testing.assert_allclose(first.weight.grad, numeric, rtol=1e-6, atol=1e-9)


def test_fork_accumulates_and_data_gets_no_gradient():
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    x = Tensor(np.array([3.0, 4.0]))
    (w * x + w).sum().backward()
    np.testing.assert_array_equal(w.grad, [4.0, 5.0])
    assert x.grad is None


def shared_square(a, b):  # h used twice
    h = a * 3.0
    return (h * h).sum()


def two_layers(a, b):  # a hidden result that feeds two branches, and b used twice
    h = (a @ b).tanh()
    return (h * h).sum() + (h @ b.T).exp().mean() + (b * b).sum()


def normalized(a, b):
    centred = a - a.mean(axis=0, keepdims=True)
    return (centred / ((b * b).sum(axis=0) + 1.0)).log_softmax(-1).sum()


@pytest.mark.parametrize("graph", [shared_square, two_layers, normalized])
@pytest.mark.parametrize("passes", [1, 2, 3])
def test_repeated_backward_accumulates_like_torch(graph, passes):
    rng = np.random.default_rng(0)
    a_, b_ = rng.standard_normal((3, 2)), rng.standard_normal((2, 2))
    a, b = Tensor(a_, requires_grad=True), Tensor(b_, requires_grad=True)
    out = graph(a, b)
    for _ in range(passes):
        out.backward()
    ta, tb = torch.tensor(a_, requires_grad=True), torch.tensor(b_, requires_grad=True)
    t_out = graph(ta, tb)
    for _ in range(passes):
        t_out.backward(retain_graph=True)
    for mine, ref in ((a, ta), (b, tb)):  # an unused input has no gradient in either
        assert (mine.grad is None) == (ref.grad is None)
        if ref.grad is not None:
            np.testing.assert_allclose(mine.grad, ref.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_the_issue_example_gives_torchs_72():
    a = Tensor(np.array(2.0), requires_grad=True)
    loss = shared_square(a, None)
    loss.backward()
    loss.backward()
    assert a.grad.item() == 72.0


def test_backward_needs_something_to_differentiate():
    with pytest.raises(ValueError, match="requires_grad=True"):
        (Tensor(np.ones(2)) * 3.0).sum().backward()


@pytest.mark.parametrize("data", [["3", "4"], "3", [None]])
def test_tensor_holds_only_numbers(data):
    with pytest.raises(TypeError, match="data must be numbers"):
        Tensor(data)


def test_operations_outside_their_domain_say_so():
    with pytest.raises(ValueError, match="log needs positive entries; 1 of 3"):
        Tensor(np.array([1.0, 0.0, 2.0])).log()
    with pytest.raises(ValueError, match="negative base needs a whole-number exponent"):
        Tensor(np.array([-8.0, 1.0])) ** (1 / 3)
    with pytest.raises(TypeError, match="constant exponent"):
        Tensor(np.ones(2)) ** Tensor(np.ones(2))


def test_cross_entropy_wants_integer_labels_in_range():
    logits = Tensor(np.zeros((3, 4)), requires_grad=True)
    with pytest.raises(ValueError, match=r"class labels in 0..3, got \[-1\]"):
        cross_entropy(logits, np.array([0, -1, 2]))
    with pytest.raises(ValueError, match=r"class labels in 0..3, got \[4\]"):
        cross_entropy(logits, np.array([0, 4, 2]))
    with pytest.raises(TypeError, match="integer class labels, got float64"):
        cross_entropy(logits, np.array([0.0, 1.0, 2.0]))
    cross_entropy(logits, np.array([0, 3, 2], dtype=np.uint8)).backward()  # any integer type


def test_unbroadcast_shapes():
    g = np.ones((2, 3, 4))
    assert unbroadcast(g, (4,)).tolist() == [6.0] * 4
    assert unbroadcast(g, (3, 1)).shape == (3, 1)
    assert unbroadcast(g, ()).item() == 24.0


def test_sgd_step_moves_and_clears():
    p = Tensor(np.array([1.0]), requires_grad=True)
    (p * 3.0).sum().backward()
    sgd_step([p], lr=0.1)
    assert p.data.tolist() == pytest.approx([0.7]) and p.grad is None
    with pytest.raises(ValueError, match="lr must be positive"):
        sgd_step([p], lr=-1)


def test_bad_shapes_and_missing_seed():
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(2, 3\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="seed gradient"):
        (Tensor(np.ones(3), requires_grad=True) * 2.0).backward()
    with pytest.raises(ValueError, match="seed gradient has shape"):
        Tensor(np.ones(3), requires_grad=True).backward(np.ones(2))
    with pytest.raises(ValueError, match="targets"):
        cross_entropy(Tensor(np.ones((2, 3))), np.array([0, 1, 2]))
