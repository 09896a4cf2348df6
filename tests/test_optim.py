"""descent.optim against torch.optim, step for step (descent.course.lockstep), and its errors."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from descent import optim
from descent.course.lockstep import lockstep

shapes = st.lists(st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple),
                  min_size=1, max_size=4)
lr = st.floats(1e-4, 0.3)
decay = st.sampled_from([0.0, 1e-4, 1e-2, 0.1])
beta = st.floats(0.0, 0.999)

SETTINGS = {
    "SGD": (optim.SGD, torch.optim.SGD, st.fixed_dictionaries({
        "lr": lr, "momentum": st.sampled_from([0.0, 0.5, 0.9, 0.99]),
        "dampening": st.sampled_from([0.0, 0.1]), "weight_decay": decay,
        "maximize": st.booleans()})),
    "SGD-nesterov": (optim.SGD, torch.optim.SGD, st.fixed_dictionaries({
        "lr": lr, "momentum": st.sampled_from([0.5, 0.9]), "nesterov": st.just(True),
        "weight_decay": decay})),
    "RMSprop": (optim.RMSprop, torch.optim.RMSprop, st.fixed_dictionaries({
        "lr": st.floats(1e-4, 0.05), "alpha": st.floats(0.5, 0.999),
        "eps": st.sampled_from([1e-8, 1e-6, 1e-3]), "weight_decay": decay,
        "momentum": st.sampled_from([0.0, 0.5, 0.9]), "centered": st.booleans(),
        "maximize": st.booleans()})),
    "Adam": (optim.Adam, torch.optim.Adam, st.fixed_dictionaries({
        "lr": st.floats(1e-4, 0.05), "betas": st.tuples(beta, beta),
        "eps": st.sampled_from([1e-8, 1e-6, 1e-3]), "weight_decay": decay,
        "amsgrad": st.booleans(), "maximize": st.booleans()})),
    "AdamW": (optim.AdamW, torch.optim.AdamW, st.fixed_dictionaries({
        "lr": st.floats(1e-4, 0.05), "betas": st.tuples(beta, beta),
        "eps": st.sampled_from([1e-8, 1e-6, 1e-3]), "weight_decay": decay,
        "amsgrad": st.booleans()})),
}


@pytest.mark.parametrize("name", SETTINGS)
@settings(max_examples=25, deadline=None)
@given(shapes=shapes, seed=st.integers(0, 2**16), data=st.data())
def test_lockstep_with_torch(name, shapes, seed, data):
    ours, theirs, options = SETTINGS[name]
    kwargs = data.draw(options)
    no_grad = data.draw(st.sets(st.integers(0, len(shapes) - 1), max_size=len(shapes) - 1))
    table = lockstep(ours, theirs, shapes, steps=50, seed=seed, no_grad=no_grad, **kwargs)
    assert len(table) == 50
    assert table.close.all(), (kwargs, table.max_abs_diff.max())


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adam", "AdamW"])
def test_param_groups_with_their_own_options(name):
    ours, theirs, _ = SETTINGS[name]
    groups = [{"lr": 0.05}, {"lr": 0.001, "weight_decay": 0.1}]
    if name == "SGD":
        groups[1]["momentum"] = 0.9
    table = lockstep(ours, theirs, [(3, 2), (4,), (2,), (5, 1)], groups=groups, lr=0.01)
    assert table.close.all()


def test_lockstep_catches_a_wrong_rule():
    class Wrong(optim.Adam):  # forgets the bias correction of m
        @torch.no_grad()
        def step(self, closure=None):
            super().step(closure)
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        p.add_(self.state[p]["exp_avg"], alpha=-1e-3)

    table = lockstep(Wrong, torch.optim.Adam, [(4,)], steps=3)
    assert table.max_abs_diff.iloc[0] > 1e-4 and not table.close.any()


def test_parameters_without_gradient_are_untouched():
    p, q = torch.ones(3, requires_grad=True), torch.ones(2, requires_grad=True)
    opt = optim.Adam([p, q], lr=0.1, weight_decay=0.1)
    p.grad = torch.ones(3)
    opt.step()
    assert torch.equal(q, torch.ones(2)) and q not in opt.state


def test_defaults_match_torch():
    import inspect

    for ours, theirs in [(optim.SGD, torch.optim.SGD), (optim.RMSprop, torch.optim.RMSprop),
                         (optim.Adam, torch.optim.Adam), (optim.AdamW, torch.optim.AdamW)]:
        mine = inspect.signature(ours.__init__).parameters
        reference = inspect.signature(theirs.__init__).parameters
        for name, parameter in mine.items():
            if name not in ("self", "params"):
                assert reference[name].default == parameter.default, (ours.__name__, name)


BAD = [
    ("SGD", {"lr": -0.1}), ("SGD", {"momentum": -0.5}), ("SGD", {"weight_decay": -1}),
    ("SGD", {"nesterov": True}), ("SGD", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}),
    ("RMSprop", {"eps": -1e-8}), ("RMSprop", {"alpha": -0.1}), ("RMSprop", {"momentum": -1}),
    ("Adam", {"betas": (1.0, 0.999)}), ("Adam", {"betas": (0.9, -0.1)}), ("Adam", {"lr": -1}),
    ("Adam", {"eps": -1}), ("AdamW", {"weight_decay": -0.01}),
]


@pytest.mark.parametrize("name, kwargs", BAD)
def test_invalid_hyperparameters_raise_like_torch(name, kwargs):
    ours, theirs, _ = SETTINGS[name]
    with pytest.raises(ValueError) as expected:
        theirs([torch.zeros(1, requires_grad=True)], **kwargs)
    with pytest.raises(ValueError) as got:
        ours([torch.zeros(1, requires_grad=True)], **kwargs)
    assert str(got.value) == str(expected.value)


NAN = float("nan")
NAN_SETTINGS = [(name, key) for name, keys in [
    ("SGD", ["lr", "momentum", "dampening", "weight_decay"]),
    ("RMSprop", ["lr", "alpha", "eps", "weight_decay", "momentum"]),
    ("Adam", ["lr", "eps", "weight_decay", "betas"]),
    ("AdamW", ["lr", "eps", "weight_decay", "betas"]),
] for key in keys]


@pytest.mark.parametrize("name, key", NAN_SETTINGS)
def test_nan_hyperparameters_are_refused_by_every_optimizer(name, key):
    """torch's Adam, AdamW and RMSprop refuse NaN, its SGD takes it (and its first step turns
    every weight into NaN); ours refuse it everywhere, with torch's wording."""
    ours = SETTINGS[name][0]
    value = (NAN, 0.999) if key == "betas" else NAN
    with pytest.raises(ValueError, match=r"Invalid .*nan"):
        ours([torch.zeros(1, requires_grad=True)], **{key: value})


def test_closure_is_evaluated():
    p = torch.tensor([2.0], requires_grad=True)
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p**2).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 4.0 and p.item() == pytest.approx(1.6)


def test_lockstep_needs_steps():
    with pytest.raises(ValueError, match="steps"):
        lockstep(optim.SGD, torch.optim.SGD, [(1,)], steps=0)
