"""A small tensor engine: the scalar engine's idea, one numpy array per node.

A :class:`Tensor` holds an array ``data`` and, after ``backward()``, an array ``grad`` of
the same shape: the gradient of the (scalar) output with respect to every entry. Each
operation records its inputs and a ``_backward`` that turns the output's gradient into
its inputs' gradients, written next to the forward rule as in :mod:`descent.autograd`.

Two rules matter for arrays:

- **Broadcasting.** ``x + b`` with ``x`` (n, k) and ``b`` (k,) copies ``b`` to every row,
  so ``b``'s gradient is the *sum* of the output gradient over those rows.
  :func:`unbroadcast` does that summing for every broadcast operation.
- **Matrix products.** For ``y = a @ b``: ``da = dy @ b.T`` and ``db = a.T @ dy``, the
  only shapes that fit.

The operations: ``+ - * /`` (with broadcasting), ``** constant``, ``@``, ``.T``, ``exp``,
``log``, ``relu``, ``tanh``, ``sigmoid``, ``sum`` and ``mean`` (over all axes, one, or a tuple
of them) and ``log_softmax``: enough to write a softmax or a normalization by hand.
:mod:`descent.tensor_nn` adds what training a network takes: a loss, a layer, an update. As in
PyTorch, a second ``backward()`` adds to the gradients of the leaves (the parameters), while
every computed tensor starts each pass afresh.
"""

from __future__ import annotations

import numpy as np

from descent.graph import topological_order


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` down to ``shape``, undoing numpy broadcasting.

    Broadcasting prepends axes and stretches axes of length 1; the gradient flowing back
    must be summed over each of them: ``(n, k) -> (k,)`` sums over rows, ``(n, k) -> (n, 1)``
    sums over columns keeping the axis.
    """
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Tensor:
    """An array in a computation graph. ``requires_grad`` marks a parameter to train."""

    def __init__(self, data, requires_grad: bool = False, parents: tuple = (), op: str = ""):
        data = np.asarray(data)
        if data.dtype.kind not in "biuf":  # strings would silently turn into numbers
            raise TypeError(f"data must be numbers, got an array of {data.dtype}")
        self.data = data if np.issubdtype(data.dtype, np.floating) else data.astype(np.float64)
        # a result needs a gradient when any of its inputs does; data and constants do not
        self.requires_grad = requires_grad or any(p.requires_grad for p in parents)
        self.grad: np.ndarray | None = None
        self.parents = parents
        self.op = op
        self._backward = lambda: None

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of ``data`` (and of ``grad``)."""
        return self.data.shape

    def __repr__(self) -> str:
        return f"Tensor(shape={self.shape}, op={self.op!r})"

    def _add_grad(self, grad: np.ndarray) -> None:
        if not self.requires_grad:
            return
        grad = unbroadcast(grad, self.shape)
        self.grad = grad.copy() if self.grad is None else self.grad + grad

    # -- operations --------------------------------------------------------------------------

    def __add__(self, other) -> Tensor:
        other = as_tensor(other)
        out = Tensor(self.data + other.data, parents=(self, other), op="+")

        def _backward():  # d(a + b) = da + db, summed over broadcast axes
            self._add_grad(out.grad)
            other._add_grad(out.grad)

        out._backward = _backward
        return out

    def __mul__(self, other) -> Tensor:
        other = as_tensor(other)
        out = Tensor(self.data * other.data, parents=(self, other), op="*")

        def _backward():  # elementwise: d(a * b)/da = b
            self._add_grad(out.grad * other.data)
            other._add_grad(out.grad * self.data)

        out._backward = _backward
        return out

    def __truediv__(self, other) -> Tensor:
        other = as_tensor(other)
        out = Tensor(self.data / other.data, parents=(self, other), op="/")

        def _backward():  # d(a / b)/da = 1 / b, d(a / b)/db = -a / b**2
            self._add_grad(out.grad / other.data)
            other._add_grad(-out.grad * self.data / other.data**2)

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> Tensor:
        if isinstance(exponent, Tensor):
            raise TypeError("only a constant exponent is supported: t ** 2, not t ** u")
        if not float(exponent).is_integer() and (self.data < 0).any():
            raise ValueError(f"a negative base needs a whole-number exponent: "
                             f"{int((self.data < 0).sum())} entries are negative and the "
                             f"exponent is {exponent:g}")
        out = Tensor(self.data**exponent, parents=(self,), op=f"**{exponent:g}")

        def _backward():  # d(a ** n)/da = n * a ** (n - 1)
            self._add_grad(out.grad * exponent * self.data ** (exponent - 1))

        out._backward = _backward
        return out

    def exp(self) -> Tensor:
        """``e ** a``, elementwise, any shape; its slope is itself."""
        out = Tensor(np.exp(self.data), parents=(self,), op="exp")

        def _backward():  # d(e ** a)/da = e ** a, which the forward pass already computed
            self._add_grad(out.grad * out.data)

        out._backward = _backward
        return out

    def log(self) -> Tensor:
        """The natural log, elementwise, of entries that must all be positive; slope ``1 / a``."""
        if (self.data <= 0).any():
            raise ValueError(f"log needs positive entries; {int((self.data <= 0).sum())} of "
                             f"{self.data.size} are <= 0")
        out = Tensor(np.log(self.data), parents=(self,), op="log")

        def _backward():  # d(log a)/da = 1 / a
            self._add_grad(out.grad / self.data)

        out._backward = _backward
        return out

    def __matmul__(self, other) -> Tensor:
        other = as_tensor(other)
        if self.data.ndim != 2 or other.data.ndim != 2 or self.shape[1] != other.shape[0]:
            raise ValueError(
                f"matmul needs shapes (n, k) @ (k, m), got {self.shape} @ {other.shape}"
            )
        out = Tensor(self.data @ other.data, parents=(self, other), op="@")

        def _backward():  # y = a @ b: da = dy @ b.T, db = a.T @ dy
            if self.requires_grad:  # skip the input data's gradient: nobody needs it
                self._add_grad(out.grad @ other.data.T)
            if other.requires_grad:
                other._add_grad(self.data.T @ out.grad)

        out._backward = _backward
        return out

    @property
    def T(self) -> Tensor:  # noqa: N802 (numpy's and torch's name)
        """The transpose of a matrix: (n, m) -> (m, n); its gradient is transposed back."""
        if self.data.ndim != 2:
            raise ValueError(f".T needs a matrix (2 axes), got shape {self.shape}")
        out = Tensor(self.data.T, parents=(self,), op="T")

        def _backward():
            self._add_grad(out.grad.T)

        out._backward = _backward
        return out

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (one axis, a tuple of axes, or ``None``: all of them).

        Shape: ``(2, 3, 4)`` summed over ``1`` gives ``(2, 4)``, or ``(2, 1, 4)`` with
        ``keepdims``. Every entry contributes with slope 1, so the gradient of each entry is
        the output gradient of the sum it went into: spread back along the summed axes.
        """
        out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), parents=(self,), op="sum")

        def _backward():
            grad = out.grad if keepdims or axis is None else np.expand_dims(out.grad, axis)
            self._add_grad(np.broadcast_to(grad, self.shape))

        out._backward = _backward
        return out

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (as :meth:`sum`): the sum divided by how many entries went into
        each result, so each entry's slope is ``1 / count``."""
        axes = range(self.data.ndim) if axis is None else np.atleast_1d(axis)
        count = int(np.prod([self.shape[a] for a in axes]))
        return self.sum(axis=axis, keepdims=keepdims) * (1.0 / count)

    def relu(self) -> Tensor:
        """``max(a, 0)``, elementwise; slope 1 where a > 0, else 0."""
        out = Tensor(np.maximum(self.data, 0), parents=(self,), op="relu")

        def _backward():  # slope 1 where the input was positive, 0 elsewhere
            self._add_grad(out.grad * (self.data > 0))

        out._backward = _backward
        return out

    def tanh(self) -> Tensor:
        """``tanh(a)``, elementwise; slope ``1 - tanh(a) ** 2``."""
        out = Tensor(np.tanh(self.data), parents=(self,), op="tanh")

        def _backward():  # 1 - tanh**2
            self._add_grad(out.grad * (1 - out.data**2))

        out._backward = _backward
        return out

    def sigmoid(self) -> Tensor:
        """``1 / (1 + e ** -a)``, elementwise, computed through tanh (no overflow); its slope
        is ``s (1 - s)``."""
        out = Tensor(0.5 * (1 + np.tanh(0.5 * self.data)), parents=(self,), op="sigmoid")

        def _backward():  # s * (1 - s)
            self._add_grad(out.grad * out.data * (1 - out.data))

        out._backward = _backward
        return out

    def log_softmax(self, axis: int = -1) -> Tensor:
        """``log(softmax(z))`` along ``axis``, computed as ``z - max - log(sum(exp(z - max)))``:
        the same value, but ``exp`` never overflows and the log never sees 0. Same shape as
        the input; the gradient is ``dy - softmax(z) * sum(dy)`` along the axis."""
        shifted = self.data - self.data.max(axis=axis, keepdims=True)  # exp cannot overflow
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        out = Tensor(log_probs, parents=(self,), op="log_softmax")

        def _backward():  # dx = dy - softmax * sum(dy)
            softmax = np.exp(out.data)
            self._add_grad(out.grad - softmax * out.grad.sum(axis=axis, keepdims=True))

        out._backward = _backward
        return out

    def __neg__(self) -> Tensor:
        return self * -1.0

    def __sub__(self, other) -> Tensor:
        return self + (-as_tensor(other))

    def __radd__(self, other) -> Tensor:
        return self + other

    def __rmul__(self, other) -> Tensor:
        return self * other

    def __rsub__(self, other) -> Tensor:
        return as_tensor(other) - self

    def __rtruediv__(self, other) -> Tensor:
        return as_tensor(other) / self

    # -- the backward pass ---------------------------------------------------------------

    def backward(self, grad=None) -> None:
        """Add the gradient of this tensor to ``.grad`` of every leaf it depends on that
        ``requires_grad``; set every computed tensor's ``.grad`` to its gradient in this pass.

        ``grad`` is the gradient to start from; it may be left out only when this tensor
        holds a single number (a loss), where it is 1. Leaves accumulate over passes, as in
        PyTorch: clear them (``p.grad = None``, as ``tensor_nn.sgd_step`` does) between steps.
        """
        if not self.requires_grad:
            raise ValueError("backward() needs a tensor computed from at least one tensor "
                             "with requires_grad=True: nothing here has a gradient")
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward() on a tensor of shape {self.shape} needs a seed gradient of "
                    "that shape (only a single number, such as a loss, starts from 1)"
                )
            grad = np.ones_like(self.data)
        grad = np.asarray(grad, dtype=self.data.dtype)
        if grad.shape != self.shape:
            raise ValueError(f"seed gradient has shape {grad.shape}, tensor has {self.shape}")
        order = topological_order(self)
        for node in order:
            if node.parents:  # computed: a gradient left from an earlier pass must not count
                node.grad = None
        self._add_grad(grad)
        for node in reversed(order):
            if node.grad is not None:
                node._backward()


def as_tensor(x) -> Tensor:
    """Wrap a number or array as a constant tensor; pass a Tensor through."""
    return x if isinstance(x, Tensor) else Tensor(x)
