"""descent.autograd against torch (float64) and against finite differences."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from descent.autograd import Value, backward_steps
from descent.finite_differences import numerical_gradient

finite = st.floats(-3, 3, allow_nan=False)
positive = st.floats(0.1, 3)
nonzero = finite.filter(lambda v: abs(v) > 0.1)

UNARY = {  # name -> (ours, torch's, valid inputs)
    "exp": (lambda a: a.exp(), torch.exp, finite),
    "log": (lambda a: a.log(), torch.log, positive),
    "tanh": (lambda a: a.tanh(), torch.tanh, finite),
    "sigmoid": (lambda a: a.sigmoid(), torch.sigmoid, finite),
    "relu": (lambda a: a.relu(), torch.relu, nonzero),  # the kink at 0 has no derivative
    "neg": (lambda a: -a, torch.neg, finite),
    "square": (lambda a: a**2, lambda t: t**2, finite),
    "power -1.5": (lambda a: a**-1.5, lambda t: t**-1.5, positive),
}
BINARY = {
    "+": (lambda a, b: a + b, nonzero),
    "-": (lambda a, b: a - b, nonzero),
    "*": (lambda a, b: a * b, nonzero),
    "/": (lambda a, b: a / b, nonzero),
}


def torch_grads(fn, *values):
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    out = fn(*leaves)
    out.backward()
    return out.item(), [leaf.grad.item() for leaf in leaves]


def our_grads(fn, *values):
    leaves = [Value(v) for v in values]
    out = fn(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("name", UNARY)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_unary_matches_torch(name, data):
    ours_fn, torch_fn, inputs = UNARY[name]
    a = data.draw(inputs)
    value, (grad,) = our_grads(ours_fn, a)
    expected_value, (expected_grad,) = torch_grads(torch_fn, a)
    assert value == pytest.approx(expected_value, rel=1e-12, abs=1e-12)
    assert grad == pytest.approx(expected_grad, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", BINARY)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_binary_matches_torch_with_numbers_on_either_side(name, data):
    fn, inputs = BINARY[name]
    a, b = data.draw(inputs), data.draw(inputs)
    value, grads = our_grads(fn, a, b)
    expected_value, expected_grads = torch_grads(fn, a, b)
    assert value == pytest.approx(expected_value, rel=1e-12)
    assert grads == pytest.approx(expected_grads, rel=1e-12)
    # a plain number on the left or right works and gives the same value
    assert fn(a, Value(b)).data == pytest.approx(expected_value, rel=1e-12)
    assert fn(Value(a), b).data == pytest.approx(expected_value, rel=1e-12)


def expression(w0, w1, x0, x1, c):
    """A composite with forks (w0 and x0 used twice) and every kind of node."""
    h = (w0 * x0 + w1 * x1 + c).tanh()
    return (h * w0 + (x0 * x0).exp() / (1 + (w1 - x1).sigmoid())).relu() + (h + 2).log()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1.5, 1.5), min_size=5, max_size=5))
def test_composite_matches_torch_and_finite_differences(inputs):
    value, grads = our_grads(expression, *inputs)
    expected_value, expected_grads = torch_grads(expression, *inputs)
    assert value == pytest.approx(expected_value, rel=1e-10)
    if value > 1e-6:  # away from the relu's kink, where the derivative jumps
        assert grads == pytest.approx(expected_grads, rel=1e-9, abs=1e-12)
        numeric = numerical_gradient(lambda v: expression(*map(Value, v)).data, inputs)
        assert grads == pytest.approx(list(numeric), rel=1e-6, abs=1e-8)


def test_worked_example():
    w = [Value(2.0), Value(-3.0), Value(-3.0)]
    x = [Value(-1.0), Value(-2.0)]
    f = 1 / (1 + (-(w[0] * x[0] + w[1] * x[1] + w[2])).exp())
    f.backward()
    assert f.data == pytest.approx(1 / (1 + math.exp(-1)))
    assert [round(v.grad, 2) for v in w] == [-0.20, -0.39, 0.20]
    assert [round(v.grad, 2) for v in x] == [0.39, -0.59]


def test_fork_accumulates():
    a = Value(3.0)
    (a * a + a).backward()
    assert a.grad == 7.0  # d(a^2 + a)/da = 2a + 1


def test_zero_grad_resets_the_whole_graph():
    a, b = Value(2.0), Value(5.0)
    out = a * b
    out.backward()
    out.zero_grad()
    assert (a.grad, b.grad, out.grad) == (0.0, 0.0, 0.0)
    out.backward()
    assert a.grad == 5.0  # not 10: no stale gradient


def test_backward_steps_visit_every_node_after_its_users():
    a = Value(1.0, label="a")
    b = a * 2
    c = a + b
    order = list(backward_steps(c))
    assert order[0] is c and len(order) == 4  # c, b, a and the constant 2
    assert order.index(b) < order.index(a)


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_bad_inputs():
    with pytest.raises(ValueError, match="positive"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="constant exponent"):
        Value(2.0) ** Value(3.0)


@pytest.mark.parametrize("data", ["3", None, [1.0], complex(1, 2)])
def test_value_holds_only_real_numbers(data):
    with pytest.raises(TypeError, match=r"data must be a real number \(int or float\), got"):
        Value(data)


def test_value_accepts_every_kind_of_real_number():
    import numpy as np

    assert [Value(v).data for v in (3, 2.5, True, np.float32(0.5), np.int64(4))] == [
        3.0, 2.5, 1.0, 0.5, 4.0]


def test_powers_and_division_outside_their_domain_say_so():
    with pytest.raises(ValueError, match=r"negative base needs a whole-number exponent: \(-8\)"):
        Value(-8.0) ** (1 / 3)
    assert (Value(-2.0) ** 3).data == -8.0  # a whole exponent is fine
    with pytest.raises(ZeroDivisionError, match="division by zero: 1 / 0"):
        1 / Value(0.0)
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Value(2.0) / 0
    with pytest.raises(ZeroDivisionError, match=r"0 \*\* -1 divides by zero"):
        Value(0.0) ** -1


def test_square_root_at_zero_has_an_infinite_slope():
    a = Value(0.0)
    root = a**0.5
    assert root.data == 0.0
    with pytest.raises(ValueError, match=r"derivative of a \*\* 0.5 is infinite at a = 0"):
        root.backward()
    b = Value(0.0)
    (b**0 + b**2).backward()  # slopes 0 and 0: no division by zero
    assert b.grad == 0.0


# -- a second backward pass: as torch with retain_graph=True -------------------------------

def shared_square(a, b):  # the issue's example: h used twice
    h = a * 3
    return h * h


def diamond(a, b):  # h feeds two branches that meet again, and b is used twice
    h = a * b
    return h.tanh() * h.exp() + h * b


def fork_and_chain(a, b):
    h = a + b
    g = h * a
    return (g * h).sigmoid() + g


@pytest.mark.parametrize("graph", [shared_square, diamond, fork_and_chain])
@pytest.mark.parametrize("passes", [1, 2, 3])
def test_repeated_backward_accumulates_like_torch(graph, passes):
    a, b = Value(0.7), Value(-0.4)
    out = graph(a, b)
    for _ in range(passes):
        out.backward()
    ta = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(-0.4, dtype=torch.float64, requires_grad=True)
    t_out = graph(ta, tb)
    for _ in range(passes):
        t_out.backward(retain_graph=True)
    torch_grads_ = [0.0 if t.grad is None else t.grad.item() for t in (ta, tb)]  # unused: None
    assert [a.grad, b.grad] == pytest.approx(torch_grads_, rel=1e-12)
    assert out.grad == 1.0  # a computed node holds this pass's gradient, not a sum


def test_the_issue_example_gives_torchs_72():
    a = Value(2.0)
    h = a * 3
    loss = h * h
    loss.backward()
    loss.backward()
    assert a.grad == 72.0 and h.grad == 12.0  # 2 x 36 at the leaf; dL/dh = 2h = 12
    loss.zero_grad()
    loss.backward()
    assert a.grad == 36.0  # zero_grad, then one pass: one pass's worth


def test_two_losses_sharing_a_node_add_up_at_the_leaves_like_torch():
    a, b = Value(1.5), Value(0.5)
    h = a * b
    first, second = h.exp(), h * h
    first.backward()
    second.backward()
    ta = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    th = ta * tb
    th.exp().backward(retain_graph=True)
    (th * th).backward()
    assert (a.grad, b.grad) == pytest.approx((ta.grad.item(), tb.grad.item()), rel=1e-12)
    assert h.grad == pytest.approx(2 * h.data)  # the latest pass only: d(h^2)/dh
