"""descent.transfer: freezing, counting what trains, discriminative learning rates."""

import pytest
import torch
from torch import nn

from descent.transfer import freeze, param_groups, trainable, unfreeze


def test_freeze_stops_learning_and_unfreeze_restores_it():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    before = model[0].weight.clone()
    freeze(model[0])
    assert trainable(model) == 4 * 2 + 2
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    model(torch.randn(5, 3)).sum().backward()
    opt.step()
    assert torch.equal(model[0].weight, before) and model[0].weight.grad is None
    unfreeze(model[0])
    assert trainable(model) == sum(p.numel() for p in model.parameters())


def test_param_groups_give_each_part_its_rate():
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    groups = param_groups([model[0], model[1]], [1e-4, 1e-2])
    opt = torch.optim.Adam(groups)
    assert [g["lr"] for g in opt.param_groups] == [1e-4, 1e-2]
    assert opt.param_groups[0]["params"][0] is model[0].weight
    with pytest.raises(ValueError, match="one learning rate per part"):
        param_groups([model[0]], [1e-3, 1e-2])
    with pytest.raises(ValueError, match="positive"):
        param_groups([model[0]], [-1e-3])
