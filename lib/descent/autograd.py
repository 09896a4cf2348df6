"""A scalar autograd engine: reverse-mode differentiation you can read in one sitting.

Every arithmetic operation on a :class:`Value` makes a new node that remembers its inputs
(``parents``), the operation (``op``) and a small ``_backward`` function. That function
holds the operation's *local derivative*: given the gradient of the final output with
respect to this node (``self.grad``), it adds each input's share to the input's ``grad``
(the chain rule). Each operation below states its forward rule and, right beside it, that
derivative.

``loss.backward()`` sets ``loss.grad = 1`` and calls ``_backward`` on every node in
reverse topological order: a node is visited only after every node that uses it, so its
gradient is complete before it is passed on. Gradients *add up* (``+=``) because a value
used twice (a fork) receives gradient along both paths.

Calling ``backward()`` again works as in PyTorch (``retain_graph=True``): the inputs (the
leaves, nodes with no parents) *accumulate*, so their ``grad`` becomes the sum over the
passes, which is why training zeroes them between steps; every computed node starts each
pass from 0, so it holds the gradient of the latest pass only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

from descent.graph import topological_order


class Value:
    """A number in a computation graph, with the gradient of the output with respect to it."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), op: str = "",
                 label: str = ""):
        if not isinstance(data, numbers.Real):  # "3" would silently become 3.0
            raise TypeError(f"data must be a real number (int or float), got "
                            f"{type(data).__name__} {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.op = op
        self.label = label
        self._backward: Callable[[], None] = lambda: None

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    # -- operations: forward value, then the local derivative ----------------------------

    def __add__(self, other: Value | float) -> Value:
        other = as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # d(a * b)/da = b, d(a * b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("only a constant exponent is supported: a ** 2, not a ** b")
        if self.data < 0 and not float(exponent).is_integer():
            raise ValueError(f"a negative base needs a whole-number exponent: "
                             f"({self.data:g}) ** {exponent:g} is not a real number")
        if self.data == 0 and exponent < 0:
            raise ZeroDivisionError(f"0 ** {exponent:g} divides by zero")
        out = Value(self.data**exponent, (self,), f"**{exponent:g}")

        def _backward():  # d(a ** n)/da = n * a ** (n - 1)
            if exponent == 0:
                return  # a ** 0 = 1 whatever a is
            if self.data == 0 and exponent < 1:
                raise ValueError(f"the derivative of a ** {exponent:g} is infinite at a = 0 "
                                 "(the curve is vertical there)")
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        """``e ** a``; its local derivative is itself."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():  # d(e ** a)/da = e ** a
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> Value:
        """The natural log of a positive value; local derivative ``1 / a``."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():  # d(log a)/da = 1 / a
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        """``tanh(a)``; local derivative ``1 - tanh(a) ** 2``."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():  # d(tanh a)/da = 1 - tanh(a) ** 2
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        """``1 / (1 + e ** -a)``; local derivative ``s (1 - s)``."""
        s = 0.5 * (1 + math.tanh(0.5 * self.data))  # = 1 / (1 + e ** -a), without overflow
        out = Value(s, (self,), "sigmoid")

        def _backward():  # d(sigmoid a)/da = sigmoid(a) * (1 - sigmoid(a))
            self.grad += out.data * (1 - out.data) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        """``max(a, 0)``; local derivative 1 if a > 0, else 0."""
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():  # d(relu a)/da = 1 if a > 0 else 0
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    # -- the rest is built from the operations above --------------------------------------

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other: Value | float) -> Value:
        return self + (-as_value(other))

    def __truediv__(self, other: Value | float) -> Value:
        other = as_value(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division by zero: {self.data:g} / 0")
        return self * other**-1

    def __radd__(self, other: float) -> Value:
        return self + other

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __rsub__(self, other: float) -> Value:
        return as_value(other) - self

    def __rtruediv__(self, other: float) -> Value:
        return as_value(other) / self

    # -- the backward pass -----------------------------------------------------------------

    def backward(self) -> None:
        """Add d(self)/d(leaf) to the ``grad`` of every leaf this value depends on, and set
        every computed node's ``grad`` to d(self)/d(node)."""
        for _ in backward_steps(self):
            pass

    def zero_grad(self) -> None:
        """Set the gradient of this value and everything it depends on back to 0."""
        for node in topological_order(self):
            node.grad = 0.0


def as_value(x: Value | float) -> Value:
    """Wrap a plain number as a constant leaf; pass a Value through."""
    return x if isinstance(x, Value) else Value(x)


def backward_steps(root: Value):
    """Run the backward pass one node at a time, yielding each node once it is visited.

    When a node is yielded its gradient is final and has just been passed on to its
    parents. Computed nodes start the pass at 0 (a stale gradient from an earlier pass
    would be passed on a second time); leaves keep theirs and accumulate, as in PyTorch.
    Adds 1 to ``root.grad``: d(root)/d(root). :meth:`Value.backward` is this loop run to
    the end; the step-through figure of notebook 02 pauses it after every node.
    """
    order = topological_order(root)
    for node in order:
        if node.parents:
            node.grad = 0.0
    root.grad += 1.0
    for node in reversed(order):  # root first, leaves last
        node._backward()
        yield node
