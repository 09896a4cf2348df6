"""descent.embeddings (PCA, Procrustes) and the embedding models in descent.models."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from descent.embeddings import pca, procrustes
from descent.models import DotProductRatings, EmbeddingTabular


def random_rotation(d, rng):
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


@settings(deadline=None, max_examples=30)
@given(st.integers(2, 5), st.integers(0, 10_000), st.floats(0.1, 10))
def test_procrustes_undoes_a_rotation_and_a_scale(d, seed, scale):
    rng = np.random.default_rng(seed)
    target = rng.standard_normal((40, d))
    source = target @ random_rotation(d, rng) * scale + rng.standard_normal(d)  # and a shift
    aligned, r2 = procrustes(source, target)
    np.testing.assert_allclose(aligned, target - target.mean(0), atol=1e-9)
    assert r2 == pytest.approx(1.0, abs=1e-12)


def test_procrustes_of_unrelated_data_fits_badly():
    rng = np.random.default_rng(0)
    _, r2 = procrustes(rng.standard_normal((500, 3)), rng.standard_normal((500, 3)))
    assert r2 < 0.2


def test_procrustes_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        procrustes(np.zeros((5, 2)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="2-D"):
        procrustes(np.zeros(5), np.zeros(5))


def test_pca_matches_torch_svd_and_finds_the_long_axis():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((300, 3)) * [5.0, 1.0, 0.2] @ random_rotation(3, rng)
    coords, components, explained = pca(x, k=2)
    _, s, v = torch.pca_lowrank(torch.from_numpy(x), q=3, center=True)
    expected = (s[:2] ** 2 / torch.sum(torch.linalg.svdvals(torch.from_numpy(x - x.mean(0))) ** 2))
    np.testing.assert_allclose(explained, expected.numpy(), rtol=1e-9)
    np.testing.assert_allclose(np.abs(components), np.abs(v[:, :2].T.numpy()), atol=1e-9)
    assert explained[0] > 0.9
    np.testing.assert_allclose(coords, (x - x.mean(0)) @ components.T)
    assert (components[np.arange(2), np.abs(components).argmax(1)] > 0).all()


def test_pca_rejects_bad_k():
    with pytest.raises(ValueError, match="k must be"):
        pca(np.zeros((10, 3)), k=4)


def test_dot_product_predictions_stay_in_the_rating_range():
    torch.manual_seed(0)
    model = DotProductRatings(20, 30, n_factors=4)
    with torch.no_grad():  # blow the weights up: the sigmoid must still hold the range
        for p in model.parameters():
            p.normal_(0, 10)
    pairs = torch.stack([torch.randint(0, 20, (500,)), torch.randint(0, 30, (500,))], dim=1)
    out = model(pairs)
    assert out.shape == (500,)
    assert out.min() >= 0.0 and out.max() <= 5.5
    assert out.min() < 0.5 and out.max() > 5.0  # and it reaches both ends


def test_dot_product_is_the_formula():
    torch.manual_seed(1)
    model = DotProductRatings(5, 6, n_factors=3, y_range=(1.0, 5.0))
    with torch.no_grad():
        for p in model.parameters():
            p.normal_()
    u, i = 3, 4
    score = (model.user_factors.weight[u] @ model.item_factors.weight[i]
             + model.user_bias.weight[u, 0] + model.item_bias.weight[i, 0])
    torch.testing.assert_close(model(torch.tensor([[u, i]]))[0], 1 + 4 * torch.sigmoid(score))


def test_dot_product_starts_in_the_middle_of_the_range():
    # 40 products of N(0, 0.01^2) factors: a score of std 0.01^2 * sqrt(40) ~ 6e-4
    model = DotProductRatings(10, 10)
    out = model(torch.tensor([[0, 0], [9, 9]]))
    torch.testing.assert_close(out, torch.full((2,), 2.75), atol=1e-2, rtol=0)


@pytest.mark.parametrize("bad", [torch.zeros(4, 3, dtype=torch.int64), torch.zeros(4, 2),
                                 torch.zeros(4, dtype=torch.int64)])
def test_dot_product_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="int64 indices"):
        DotProductRatings(5, 5)(bad)


def test_dot_product_rejects_bad_sizes():
    with pytest.raises(ValueError):
        DotProductRatings(0, 5)
    with pytest.raises(ValueError, match="y_range"):
        DotProductRatings(5, 5, y_range=(5.0, 1.0))


@pytest.mark.parametrize("hidden", [0, 8])
def test_embedding_tabular_shapes(hidden):
    model = EmbeddingTabular([7, 12], [2, 3], n_out=2, hidden=hidden)
    x = torch.stack([torch.randint(0, 7, (16,)), torch.randint(0, 12, (16,))], dim=1)
    assert model(x).shape == (16, 2)
    assert model.embeddings[1].weight.shape == (12, 3)


def test_embedding_tabular_linear_head_is_a_sum_of_effects():
    torch.manual_seed(0)
    model = EmbeddingTabular([3, 4], [2, 2], n_out=1, hidden=0)
    w, b = model.head.weight[0], model.head.bias[0]
    expected = w[:2] @ model.embeddings[0].weight[2] + w[2:] @ model.embeddings[1].weight[1] + b
    torch.testing.assert_close(model(torch.tensor([[2, 1]]))[0, 0], expected)


def test_embedding_tabular_rejects_bad_input():
    with pytest.raises(ValueError, match="one embedding size"):
        EmbeddingTabular([7, 12], [2])
    with pytest.raises(ValueError, match="int64 indices"):
        EmbeddingTabular([7, 12], [2, 2])(torch.zeros(3, 3, dtype=torch.int64))
