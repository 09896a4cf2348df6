"""descent.data: the bundled subset, the full-MNIST path (with a fake file) and toy sets."""

import hashlib
import shutil

import numpy as np
import pytest
import torch

from descent import data
from descent.data import load_mnist


@pytest.fixture(scope="module")
def subset():
    return load_mnist("subset")


def test_bundled_file_checksum():
    path = data.data_dir() / data.MNIST_SUBSET_FILE
    assert hashlib.sha256(path.read_bytes()).hexdigest() == data.MNIST_SUBSET_SHA256


def test_subset_shapes_dtypes_and_sizes(subset):
    assert subset.name == "bundled MNIST subset"
    sizes = [len(part) for _, part in subset.parts()]
    assert sizes == list(data.SUBSET_SIZES) and sum(sizes) == 5000
    for _, part in subset.parts():
        assert part.x.dtype == torch.float32 and part.x.shape == (len(part), 784)
        assert part.y.dtype == torch.int64 and part.y.shape == (len(part),)
        assert 0.0 <= part.x.min() and part.x.max() <= 1.0
        assert set(part.y.tolist()) == set(range(10))


def test_subset_splits_are_disjoint_and_cover_everything(subset):
    rows = torch.cat([subset.train.x, subset.valid.x, subset.test.x])
    raw = np.loadtxt(data.data_dir() / data.MNIST_SUBSET_FILE, delimiter=",", dtype=np.uint8)
    ours = np.sort((rows.numpy() * 255).round().astype(np.uint8).view("V784").ravel())
    theirs = np.sort(np.ascontiguousarray(raw[:, :-1]).view("V784").ravel())
    assert (ours == theirs).all()


def test_shuffle_is_deterministic_and_seeded(subset):
    again = load_mnist("subset")
    assert torch.equal(again.train.x, subset.train.x) and torch.equal(again.test.y, subset.test.y)
    other = load_mnist("subset", seed=1)
    assert not torch.equal(other.train.y, subset.train.y)


def test_shuffle_mixes_the_sorted_file(subset):
    # the file is sorted by label; an unshuffled split would hold only a few digits
    counts = torch.bincount(subset.test.y, minlength=10)
    assert counts.min() >= 60 and counts.max() <= 140  # 100 expected per class


def test_describe_names_the_data(subset):
    assert subset.describe() == "bundled MNIST subset (3,500 train / 500 valid / 1,000 test)"


def test_tampered_bundled_file_is_refused(tmp_path, monkeypatch):
    shutil.copy(data.data_dir() / data.MNIST_SUBSET_FILE, tmp_path / data.MNIST_SUBSET_FILE)
    with open(tmp_path / data.MNIST_SUBSET_FILE, "ab") as f:
        f.write(b"\0")
    monkeypatch.setenv("DESCENT_DATA", str(tmp_path))
    with pytest.raises(ValueError, match="expected sha256"):
        load_mnist("subset")


def test_bad_which():
    with pytest.raises(ValueError, match="which must be"):
        load_mnist("everything")


@pytest.fixture
def fake_full(tmp_path, monkeypatch):
    """A data/ folder with the bundled file and a small stand-in for mnist.npz."""
    shutil.copy(data.data_dir() / data.MNIST_SUBSET_FILE, tmp_path / data.MNIST_SUBSET_FILE)
    monkeypatch.setenv("DESCENT_DATA", str(tmp_path))
    monkeypatch.setattr(data, "FULL_VALID", 20)
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (100, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 100, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (30, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 30, dtype=np.uint8),
    }
    source = tmp_path / "source.npz"
    np.savez(source, **arrays)
    return source, arrays


def test_full_missing_says_how_to_get_it(fake_full):
    with pytest.raises(FileNotFoundError, match="make data"):
        load_mnist("full")
    assert load_mnist("auto").name == "bundled MNIST subset"


def test_download_then_load_full(fake_full, monkeypatch):
    source, arrays = fake_full
    monkeypatch.setattr(data, "MNIST_FULL_SHA256", hashlib.sha256(source.read_bytes()).hexdigest())
    path = data.download_mnist(source.as_uri(), progress=False)
    assert path == data.mnist_full_path() and path.exists()
    full = load_mnist("auto")
    assert full.name == "full MNIST"
    assert [len(p) for _, p in full.parts()] == [80, 20, 30]
    assert full.train.x.dtype == torch.float32 and full.train.x.shape == (80, 784)
    # the official test set stays the test split, in order
    assert torch.equal(full.test.y, torch.from_numpy(arrays["y_test"].astype(np.int64)))
    # train and valid are a seeded partition of the official training images
    both = torch.cat([full.train.y, full.valid.y]).sort().values
    assert torch.equal(both, torch.from_numpy(np.sort(arrays["y_train"]).astype(np.int64)))


def test_linear_data_is_on_the_line_and_seeded():
    x, y = data.linear_data(50, first=(14, 58))
    assert (x[0], y[0]) == (14, 58)
    np.testing.assert_allclose(y, 2 * x + 30)
    assert x.min() >= 1 and x.max() <= 100
    np.testing.assert_array_equal(x, data.linear_data(50, first=(14, 58))[0])
    noisy = data.linear_data(2000, noise=1.0, seed=3)
    assert 0.9 < np.std(noisy[1] - (2 * noisy[0] + 30)) < 1.1


@pytest.mark.parametrize("make", [data.two_moons, data.spirals])
def test_toy_sets_shapes_and_seed(make):
    x, y = make(90, seed=5)
    assert x.shape == (90, 2) and y.shape == (90,) and y.dtype == np.int64
    np.testing.assert_array_equal(x, make(90, seed=5)[0])
    assert not np.array_equal(x, make(90, seed=6)[0])
    assert np.bincount(y).min() == np.bincount(y).max()


@pytest.mark.parametrize("call", [
    lambda: data.linear_data(0), lambda: data.two_moons(1), lambda: data.spirals(2, classes=3),
])
def test_toy_sets_reject_bad_sizes(call):
    with pytest.raises(ValueError):
        call()


def test_environment_can_force_the_subset(fake_full, monkeypatch):
    source, _ = fake_full
    monkeypatch.setattr(data, "MNIST_FULL_SHA256", hashlib.sha256(source.read_bytes()).hexdigest())
    data.download_mnist(source.as_uri(), progress=False)
    monkeypatch.setenv("DESCENT_MNIST", "subset")
    assert load_mnist().name == "bundled MNIST subset"
    assert load_mnist("full").name == "full MNIST"


def test_standardize_uses_training_statistics_only(subset):
    scaled = data.standardize(subset)
    mean, std = subset.train.x.mean(), subset.train.x.std()
    assert abs(scaled.train.x.mean().item()) < 1e-5 and abs(scaled.train.x.std().item() - 1) < 1e-5
    torch.testing.assert_close(scaled.test.x, (subset.test.x - mean) / std)
    assert torch.equal(scaled.valid.y, subset.valid.y) and scaled.name == subset.name
