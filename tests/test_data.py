"""descent.data: the bundled subset, the full-MNIST path (with a fake file) and toy sets."""

import hashlib
import shutil

import numpy as np
import pytest
import torch

from descent import data
from descent.data import load_mnist
from descent.data.download import ChecksumError
from descent.data.mnist import MNIST_SUBSET_FILE


@pytest.fixture(scope="module")
def subset():
    return load_mnist("subset")


def test_bundled_file_checksum():
    path = data.data_dir() / data.mnist.MNIST_SUBSET_FILE
    assert hashlib.sha256(path.read_bytes()).hexdigest() == data.mnist.MNIST_SUBSET_SHA256


def test_subset_shapes_dtypes_and_sizes(subset):
    assert subset.name == "bundled MNIST subset"
    sizes = [len(part) for _, part in subset.parts()]
    assert sizes == list(data.mnist.SUBSET_SIZES) and sum(sizes) == 5000
    for _, part in subset.parts():
        assert part.x.dtype == torch.float32 and part.x.shape == (len(part), 784)
        assert part.y.dtype == torch.int64 and part.y.shape == (len(part),)
        assert 0.0 <= part.x.min() and part.x.max() <= 1.0
        assert set(part.y.tolist()) == set(range(10))


def test_subset_splits_are_disjoint_and_cover_everything(subset):
    rows = torch.cat([subset.train.x, subset.valid.x, subset.test.x])
    raw = np.loadtxt(data.data_dir() / data.mnist.MNIST_SUBSET_FILE, delimiter=",", dtype=np.uint8)
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


def test_to_casts_inputs_and_keeps_class_labels(subset):
    wide = subset.to(torch.float64)
    assert wide.name == subset.name and [len(p) for _, p in wide.parts()] == [3500, 500, 1000]
    assert wide.train.x.dtype == torch.float64 and wide.test.y.dtype == torch.int64
    assert torch.equal(wide.valid.x, subset.valid.x.double())
    regression = data.Split(torch.zeros(3, 2), torch.ones(3)).to(torch.float64)
    assert regression.y.dtype == torch.float64  # a regression's targets follow the inputs
    indices = data.Split(torch.zeros(3, 2, dtype=torch.int64), torch.ones(3)).to(torch.float64)
    assert indices.x.dtype == torch.int64  # embedding indices stay indices


def test_describe_names_the_data(subset):
    assert subset.describe() == "bundled MNIST subset (3,500 train / 500 valid / 1,000 test)"


def test_tampered_bundled_file_is_refused(tmp_path, monkeypatch):
    shutil.copy(data.data_dir() / MNIST_SUBSET_FILE, tmp_path / MNIST_SUBSET_FILE)
    with open(tmp_path / data.mnist.MNIST_SUBSET_FILE, "ab") as f:
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
    shutil.copy(data.data_dir() / MNIST_SUBSET_FILE, tmp_path / MNIST_SUBSET_FILE)
    monkeypatch.setenv("DESCENT_DATA", str(tmp_path))
    monkeypatch.delenv("DESCENT_MNIST", raising=False)  # tests set it; these test "auto"
    monkeypatch.setattr(data.mnist, "FULL_VALID", 20)
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
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    monkeypatch.setattr(data.mnist, "MNIST_FULL_SHA256", digest)
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


def test_damaged_full_mnist_says_what_happened_and_what_to_do(fake_full, monkeypatch):
    source, _ = fake_full
    monkeypatch.setattr(data.mnist, "MNIST_FULL_SHA256",
                        hashlib.sha256(source.read_bytes()).hexdigest())
    path = data.download_mnist(source.as_uri(), progress=False)
    assert load_mnist("auto").name == "full MNIST"
    path.write_bytes(source.read_bytes()[: len(source.read_bytes()) // 2])  # a half copy
    for which in ("auto", "full"):
        with pytest.raises(ChecksumError) as info:
            load_mnist(which)
        message = str(info.value)
        assert "mnist.npz is damaged or incomplete" in message
        assert "make data" in message and "DESCENT_MNIST=subset" in message
    monkeypatch.setenv("DESCENT_MNIST", "subset")  # the way out the message offers
    assert load_mnist().name == "bundled MNIST subset"


def test_a_cut_off_download_is_never_taken_for_the_data(fake_full):
    source, _ = fake_full
    leftover = data.mnist_full_path().with_name(".mnist.npz.k2j4h.part")
    leftover.write_bytes(source.read_bytes())  # even a complete one: it was never verified
    assert load_mnist("auto").name == "bundled MNIST subset"
    with pytest.raises(FileNotFoundError, match="make data"):
        load_mnist("full")


def test_damaged_movielens_says_what_to_do(tmp_path, monkeypatch):
    shutil.copy(data.data_dir() / MNIST_SUBSET_FILE, tmp_path / MNIST_SUBSET_FILE)
    monkeypatch.setenv("DESCENT_DATA", str(tmp_path))
    make_fake_movielens(data.movielens_path())  # not the published file: its MD5 differs
    with pytest.raises(ChecksumError, match="(?s)ml-100k.zip is damaged.*make movielens"):
        data.load_movielens()


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
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    monkeypatch.setattr(data.mnist, "MNIST_FULL_SHA256", digest)
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


# ---------------------------------------------------------------- ratings and daily sales


def test_synthetic_ratings_are_seeded_sparse_and_in_range():
    r = data.synthetic_ratings(n_users=200, n_items=100, density=0.2, seed=3)
    again = data.synthetic_ratings(n_users=200, n_items=100, density=0.2, seed=3)
    assert torch.equal(r.train.x, again.train.x) and torch.equal(r.valid.y, again.valid.y)
    assert not torch.equal(data.synthetic_ratings(n_users=200, n_items=100, seed=4).train.y[:50],
                           r.train.y[:50])
    ratings = torch.cat([r.train.y, r.valid.y])
    assert ratings.min() >= 0.5 and ratings.max() <= 5.0
    assert torch.equal(ratings * 2, (ratings * 2).round())  # half stars
    n = len(ratings)
    assert 0.18 < n / (200 * 100) < 0.22  # density 0.2 of 20,000 pairs, binomial sd 0.003
    assert len(r.valid) == round(0.2 * n)
    pairs = torch.cat([r.train.x, r.valid.x])
    assert pairs.dtype == torch.int64 and len(torch.unique(pairs, dim=0)) == n  # no repeats
    assert pairs[:, 0].max() < 200 and pairs[:, 1].max() < 100
    assert r.describe().startswith("synthetic ratings (3 true factors, seed 3): 200 users")


def test_synthetic_ratings_follow_their_truth():
    r = data.synthetic_ratings(noise=0.0, seed=1)
    t = r.truth
    u, i = r.train.x[:, 0].numpy(), r.train.x[:, 1].numpy()
    mean = (t.global_mean + t.user_bias[u] + t.item_bias[i]
            + np.einsum("nk,nk->n", t.user_factors[u], t.item_factors[i]))
    expected = np.clip(np.round(2 * mean) / 2, 0.5, 5)
    np.testing.assert_allclose(r.train.y.numpy(), expected)
    dots = np.einsum("nk,nk->n", t.user_factors[u], t.item_factors[i])
    assert 0.7 < dots.std() < 0.9  # scaled to about 0.8 stars, as documented


@pytest.mark.parametrize("kwargs", [dict(density=0), dict(n_factors=0), dict(valid_fraction=1)])
def test_synthetic_ratings_reject_bad_settings(kwargs):
    with pytest.raises(ValueError):
        data.synthetic_ratings(**kwargs)


def make_fake_movielens(path, title="Café au lait (1994)"):
    """A zip laid out like ml-100k.zip: 3 users, 3 items, a latin-1 title."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ml-100k/u.data", "1\t2\t5\t881250949\n3\t1\t3\t891717742\n"
                                           "2\t3\t1\t878887116\n1\t1\t4\t880606923\n")
        items = f"1|Toy Story (1995)|01-Jan-1995||url|0\n2|{title}|01-Jan-1994||url|0\n" \
                "3|Heat (1995)|01-Jan-1995||url|0\n"
        archive.writestr("ml-100k/u.item", items.encode("latin-1"))
        archive.writestr("ml-100k/README", "fake")
    return path


def test_movielens_parser_reads_ratings_and_latin1_titles(tmp_path):
    ratings, titles = data.read_movielens(make_fake_movielens(tmp_path / "ml.zip"))
    assert titles == ("Toy Story (1995)", "Café au lait (1994)", "Heat (1995)")
    np.testing.assert_array_equal(ratings, [[0, 1, 5], [2, 0, 3], [1, 2, 1], [0, 0, 4]])


def test_movielens_parser_rejects_other_archives(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("ml-100k/u.data", "1\t1\t5\t0\n")
    with pytest.raises(ValueError, match="no u.item"):
        data.read_movielens(tmp_path / "other.zip")


def test_movielens_download_checks_the_digest_then_loads(tmp_path, monkeypatch):
    shutil.copy(data.data_dir() / MNIST_SUBSET_FILE, tmp_path / MNIST_SUBSET_FILE)
    monkeypatch.setenv("DESCENT_DATA", str(tmp_path))
    source = make_fake_movielens(tmp_path / "served.zip")
    with pytest.raises(FileNotFoundError, match="make movielens"):
        data.load_movielens()
    # the real digest does not match the fake archive: refused, nothing left behind
    with pytest.raises(ChecksumError, match="expected md5 0e33842e"):
        data.download_movielens(source.as_uri(), progress=False)
    assert not data.movielens_path().exists()
    assert not list(tmp_path.glob(".ml-100k*"))
    monkeypatch.setattr(data.ratings, "MOVIELENS_MD5",
                        hashlib.md5(source.read_bytes()).hexdigest())
    assert data.download_movielens(source.as_uri(), progress=False) == data.movielens_path()
    ml = data.load_movielens(valid_fraction=0.25)
    assert (ml.n_users, ml.n_items, len(ml.train), len(ml.valid)) == (3, 3, 3, 1)
    assert ml.item_names[1] == "Café au lait (1994)" and ml.train.y.dtype == torch.float32


def test_daily_sales_follow_their_effects():
    sales = data.daily_sales(noise=0.0)
    weekday, month = data.sales_effects()
    for _, part in sales.parts():
        d, m = part.x[:, 0].numpy(), part.x[:, 1].numpy()
        np.testing.assert_allclose(part.y.numpy(), 3 + weekday[d] + month[m], rtol=1e-6)
    assert [len(p) for _, p in sales.parts()] == [766, 164, 165]
    both = torch.cat([p.x for _, p in sales.parts()])
    assert set(both[:, 0].tolist()) == set(range(7)) and set(both[:, 1].tolist()) == set(range(12))
    assert int(month[:, 0].argmax()) == data.MONTHS.index("Jul")
    assert int(month[:, 1].argmax()) == data.MONTHS.index("Oct")
    assert torch.equal(data.daily_sales(seed=2).train.y, data.daily_sales(seed=2).train.y)


def test_daily_sales_reject_bad_settings():
    with pytest.raises(ValueError):
        data.daily_sales(5)
    with pytest.raises(ValueError):
        data.daily_sales(sizes=(0.9, 0.2))
