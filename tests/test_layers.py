"""descent.layers and descent.init against torch."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from descent import init
from descent.course.lockstep import lockstep_layers
from descent.layers import BatchNorm1d, Dropout, dropout

F64 = {"dtype": torch.float64}


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(2, 9), features=st.integers(1, 5), length=st.sampled_from([None, 1, 4]),
       momentum=st.sampled_from([0.1, 0.5, None]), affine=st.booleans(),
       track=st.booleans(), seed=st.integers(0, 1000))
def test_batchnorm_matches_torch(batch, features, length, momentum, affine, track, seed):
    """Compared in float64, so that float64's tolerances hold for every draw.

    A batch of two nearly equal values has a variance near 0: ``x - mean`` then cancels
    almost every digit, and dividing by ``sqrt(var + eps)`` (as small as ``sqrt(1e-5)``)
    magnifies what is left. In float32 the two implementations, which round in different
    orders, can differ by ~1e-5 there, and one draw in a few hundred fails float32's
    tolerance. In float64 the same cancellation leaves errors near 1e-12, far inside
    ``assert_close``'s 1e-7. The rule being tested is the same in both precisions.
    """
    g = torch.Generator().manual_seed(seed)
    ours = BatchNorm1d(features, momentum=momentum, affine=affine, track_running_stats=track,
                       **F64)
    theirs = nn.BatchNorm1d(features, momentum=momentum, affine=affine,
                            track_running_stats=track, **F64)
    if affine:  # move gamma and beta off their defaults so they matter
        with torch.no_grad():
            for m in (ours, theirs):
                m.weight.copy_(torch.linspace(0.5, 2.0, features))
                m.bias.copy_(torch.linspace(-1.0, 1.0, features))
    shape = (batch, features) if length is None else (batch, features, length)
    # several training steps: running statistics accumulate
    lockstep_layers(ours, theirs, lambda: torch.randn(shape, generator=g, **F64) * 3 + 1,
                    steps=4, generator=g)
    if track:
        assert ours.num_batches_tracked == theirs.num_batches_tracked == 4
    ours.eval()
    theirs.eval()
    x = torch.randn(shape, generator=g, **F64)
    torch.testing.assert_close(ours(x), theirs(x))


def test_batchnorm_makes_its_tensors_in_the_dtype_asked_for():
    bn = BatchNorm1d(3, **F64)
    assert {t.dtype for t in (bn.weight, bn.bias, bn.running_mean, bn.running_var)} == {
        torch.float64}
    assert bn(torch.randn(4, 3, **F64)).dtype == torch.float64


def test_eval_mode_does_not_depend_on_batch_mates():
    bn = BatchNorm1d(3)
    bn(torch.randn(16, 3) * 2 + 5)
    bn.eval()
    x = torch.randn(1, 3)
    others = torch.randn(7, 3)
    torch.testing.assert_close(bn(torch.cat([x, others]))[:1], bn(x))


@pytest.mark.parametrize("bad", [torch.zeros(4, 3), torch.zeros(4, 5, 2), torch.zeros(4)])
def test_batchnorm_shape_errors(bad):
    with pytest.raises(ValueError, match="expected input"):
        BatchNorm1d(4)(bad)


def test_batchnorm_single_value_in_training():
    with pytest.raises(ValueError, match="more than 1 value"):
        BatchNorm1d(2)(torch.zeros(1, 2))
    with pytest.raises(ValueError, match="positive"):
        BatchNorm1d(0)


@pytest.mark.parametrize("kwargs, says", [
    ({"eps": 0.0}, "eps must be positive, got 0.0"), ({"eps": -1e-5}, "eps must be positive"),
    ({"eps": float("nan")}, "eps must be positive"),
    ({"momentum": -0.1}, r"momentum must be in \[0, 1\]"), ({"momentum": 1.5}, "momentum"),
    ({"momentum": float("nan")}, "momentum"),
])
def test_batchnorm_bad_settings(kwargs, says):
    with pytest.raises(ValueError, match=says):
        BatchNorm1d(3, **kwargs)
    BatchNorm1d(3, momentum=None)  # None is allowed: a plain average of every batch


def test_dropout_layers_with_generators_seeded_alike_drop_the_same_units():
    x = torch.ones(6, 50)
    first = Dropout(0.3, generator=torch.Generator().manual_seed(7))
    second = Dropout(0.3, generator=torch.Generator().manual_seed(7))
    torch.manual_seed(0)  # the global generator plays no part
    a = first(x)
    torch.manual_seed(1)
    assert torch.equal(a, second(x))
    expected = dropout(x, 0.3, generator=torch.Generator().manual_seed(7))
    assert torch.equal(a, expected) and not torch.equal(a, first(x))  # the stream moves on


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_bad_p(p):
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Dropout(p)


def test_dropout_mask_statistics_and_scaling():
    p, n = 0.3, 200_000
    out = dropout(torch.ones(n), p, generator=torch.Generator().manual_seed(0))
    kept = (out != 0).float().mean().item()
    # binomial: sd of the kept fraction is sqrt(p(1-p)/n) = 0.001; allow 5 sd
    assert abs(kept - (1 - p)) < 5 * math.sqrt(p * (1 - p) / n)
    assert out.unique().tolist() == pytest.approx([0.0, 1 / (1 - p)])
    assert abs(out.mean().item() - 1.0) < 5 * math.sqrt(p / (1 - p) / n)  # expectation kept


def test_dropout_eval_is_identity_and_replays_torch_masks():
    x = torch.randn(50, 20, requires_grad=True)
    layer = Dropout(0.4)
    layer.eval()
    assert layer(x) is x
    torch.manual_seed(3)
    reference = nn.Dropout(0.4)(x)
    mask = reference != 0
    layer.train()
    torch.testing.assert_close(layer(x, mask=mask), reference)
    with pytest.raises(ValueError, match="mask shape"):
        layer(x, mask=mask[:3])


@pytest.mark.parametrize("ours, theirs", [
    (init.xavier_uniform_, nn.init.xavier_uniform_),
    (init.xavier_normal_, nn.init.xavier_normal_),
    (init.kaiming_uniform_, lambda w, generator: nn.init.kaiming_uniform_(
        w, nonlinearity="relu", generator=generator)),
    (init.kaiming_normal_, lambda w, generator: nn.init.kaiming_normal_(
        w, nonlinearity="relu", generator=generator)),
])
def test_init_equals_torch_for_the_same_generator(ours, theirs):
    a, b = torch.empty(64, 32), torch.empty(64, 32)
    ours(a, generator=torch.Generator().manual_seed(5))
    theirs(b, generator=torch.Generator().manual_seed(5))
    assert torch.equal(a, b)


@pytest.mark.parametrize("fill, variance", [
    (init.xavier_uniform_, 2 / (300 + 200)), (init.xavier_normal_, 2 / (300 + 200)),
    (init.kaiming_uniform_, 2 / 300), (init.kaiming_normal_, 2 / 300),
])
def test_init_variance_within_statistical_bounds(fill, variance):
    w = fill(torch.empty(200, 300), generator=torch.Generator().manual_seed(0))
    n = w.numel()
    # the sample variance of n draws has relative sd about sqrt(2/n) (normal) or less
    assert abs(w.var().item() / variance - 1) < 5 * math.sqrt(2 / n)
    assert abs(w.mean().item()) < 5 * math.sqrt(variance / n)


def test_init_needs_a_matrix():
    with pytest.raises(ValueError, match="2-D"):
        init.xavier_uniform_(torch.empty(3))


def test_layer_stats_shapes_and_he_keeps_relu_activations_steady():
    x = torch.randn(512, 64, generator=torch.Generator().manual_seed(0))
    stats = init.layer_stats(init.deep_stack(10, 64, nn.ReLU, init.kaiming_normal_), x)
    assert list(stats.layer) == list(range(1, 11))
    assert 0.3 < stats.activation_std.iloc[-1] / stats.activation_std.iloc[0] < 3

    def too_small(w, g):
        return w.normal_(0, 0.01, generator=g)

    tiny = init.layer_stats(init.deep_stack(10, 64, nn.ReLU, too_small), x)
    assert tiny.activation_std.iloc[-1] < 1e-6


def test_lockstep_layers_catches_a_wrong_rule():
    class UnbiasedBatchNorm(BatchNorm1d):  # the classic slip: n - 1 in the batch variance
        def forward(self, x):
            mean, var = x.mean(dim=0), x.var(dim=0, unbiased=True)
            return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias

    g = torch.Generator().manual_seed(0)
    with pytest.raises(AssertionError, match="step 1, output"):
        lockstep_layers(UnbiasedBatchNorm(3), nn.BatchNorm1d(3), lambda: torch.randn(8, 3),
                        steps=2, generator=g)
