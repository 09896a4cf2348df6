"""Optimizers from scratch, with the signatures, defaults and errors of ``torch.optim``.

Each class subclasses ``torch.optim.Optimizer`` (which keeps ``param_groups``, ``state``,
``zero_grad`` and ``state_dict``) and writes its update rule out in ``step``, one line
per formula. ``g`` is a parameter's gradient, ``p`` the parameter, ``t`` the step count:

- SGD with momentum:  ``b = mu b + (1 - dampening) g``;  ``p -= lr b``  (Nesterov:
  ``p -= lr (g + mu b)``)
- RMSprop:  ``v = alpha v + (1 - alpha) g^2``;  ``p -= lr g / (sqrt(v) + eps)``
- Adam:  ``m = b1 m + (1 - b1) g``,  ``v = b2 v + (1 - b2) g^2``;
  ``p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``
- AdamW: Adam, with the weight decay applied to ``p`` directly: ``p *= 1 - lr wd``

``descent.course.lockstep`` runs each against its torch counterpart, step for step.
"""

from __future__ import annotations

import torch


def _check(lr: float, weight_decay: float, eps: float = 0.0, **factors: float) -> None:
    """torch.optim's checks, with its messages. Written ``not x >= 0`` so that NaN, which
    fails every comparison, is refused too (``x < 0`` would let it through, as torch's SGD
    does: its first step would turn every weight into NaN)."""
    if not lr >= 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not eps >= 0.0:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not weight_decay >= 0.0:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")
    for name, value in factors.items():
        if not value >= 0.0:
            raise ValueError(f"Invalid {name} value: {value}")


def _gradient(p: torch.Tensor, group: dict) -> torch.Tensor:
    """The gradient to follow: sign-flipped to maximize, plus ``weight_decay * p`` (L2)."""
    g = -p.grad if group["maximize"] else p.grad
    if group["weight_decay"] != 0:
        g = g.add(p, alpha=group["weight_decay"])  # g + wd * p, rounded as torch rounds it
    return g


def _next_state(optimizer: torch.optim.Optimizer, p: torch.Tensor, *buffers: str) -> dict:
    """``p``'s state, made on its first step (a step count and zeroed buffers), one step on."""
    state = optimizer.state[p]
    if not state:
        state["step"] = 0
        state.update({name: torch.zeros_like(p) for name in buffers})
    state["step"] += 1
    return state


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum and weight decay."""

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False):
        _check(lr, weight_decay, momentum=momentum, dampening=dampening)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize))

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, by the rule above. A
        ``closure`` (re-evaluating the loss) is called first, as in ``torch.optim``, and its
        loss returned."""
        loss = None if closure is None else torch.enable_grad()(closure)()
        for group in self.param_groups:
            mu, lr = group["momentum"], group["lr"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = _gradient(p, group)
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:  # the first step takes g as it is
                        state["momentum_buffer"] = g.clone()
                    else:  # b = mu b + (1 - dampening) g
                        state["momentum_buffer"].mul_(mu).add_(g, alpha=1 - group["dampening"])
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b  # Nesterov looks one step ahead
                p.add_(g, alpha=-lr)
        return loss


class RMSprop(torch.optim.Optimizer):
    """Divide each gradient by a running root-mean-square of its recent values."""

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 maximize: bool = False):
        _check(lr, weight_decay, eps, momentum=momentum, alpha=alpha)
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                      momentum=momentum, centered=centered, maximize=maximize))

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, by the rule above. A
        ``closure`` (re-evaluating the loss) is called first, as in ``torch.optim``, and its
        loss returned."""
        loss = None if closure is None else torch.enable_grad()(closure)()
        for group in self.param_groups:
            alpha, eps, lr, mu = group["alpha"], group["eps"], group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = _gradient(p, group)
                state = _next_state(self, p, "square_avg", "grad_avg", "momentum_buffer")
                v = state["square_avg"].mul_(alpha).addcmul_(g, g, value=1 - alpha)
                if group["centered"]:  # subtract the squared mean: a running variance
                    m = state["grad_avg"].lerp_(g, 1 - alpha)  # m = alpha m + (1 - alpha) g
                    denominator = v.addcmul(m, m, value=-1).sqrt_().add_(eps)  # v - m^2
                else:
                    denominator = v.sqrt().add_(eps)
                if mu > 0:
                    b = state["momentum_buffer"].mul_(mu).addcdiv_(g, denominator)
                    p.add_(b, alpha=-lr)
                else:
                    p.addcdiv_(g, denominator, value=-lr)
        return loss


class Adam(torch.optim.Optimizer):
    """Momentum (m) and RMSprop (v) together, each corrected for starting at zero."""

    decoupled = False  # AdamW sets True: weight decay shrinks p, it is not added to g

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *,
                 maximize: bool = False):
        _check(lr, weight_decay, eps)
        for index, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {index}: {beta}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize))

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient, by the rule above. A
        ``closure`` (re-evaluating the loss) is called first, as in ``torch.optim``, and its
        loss returned."""
        loss = None if closure is None else torch.enable_grad()(closure)()
        for group in self.param_groups:
            (beta1, beta2), eps, lr = group["betas"], group["eps"], group["lr"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                if self.decoupled:
                    p.mul_(1 - lr * group["weight_decay"])
                    g = -p.grad if group["maximize"] else p.grad
                else:
                    g = _gradient(p, group)
                state = _next_state(self, p, "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                t = state["step"]
                m = state["exp_avg"].lerp_(g, 1 - beta1)  # m = b1 m + (1 - b1) g
                v = state["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
                if group["amsgrad"]:  # never let the step grow because v shrank
                    v = torch.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
                m_hat_scale = 1 - beta1**t  # m / (1 - b1^t) is unbiased at small t
                v_hat_sqrt = (v.sqrt() / (1 - beta2**t) ** 0.5).add_(eps)
                p.addcdiv_(m, v_hat_sqrt, value=-lr / m_hat_scale)
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): ``p *= 1 - lr wd``."""

    decoupled = True

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)
