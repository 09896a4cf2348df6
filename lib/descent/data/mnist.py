"""MNIST, and the pieces every data set of the course shares: where ``data/`` is, and
:class:`Split` / :class:`Splits`.

MNIST comes in two sizes:

- ``"subset"``: 5,000 real MNIST digits (500 per class) that ship in ``data/``, so the
  course runs offline. Split 3,500 / 500 / 1,000 after a seeded shuffle.
- ``"full"``: the 70,000 digits, downloaded on request with ``make data`` (or
  :func:`download_mnist`). Split 50,000 / 10,000 / 10,000: the official test set is kept
  as the test split and 10,000 of the official training images become validation.

``load_mnist()`` with the default ``which="auto"`` uses the full set when it has been
downloaded and the bundled subset otherwise. It never downloads anything itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from descent.data.download import check_file, fetch

MNIST_SUBSET_FILE = "mnist_5k.csv.gz"
MNIST_SUBSET_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
MNIST_FULL_FILE = "mnist.npz"
MNIST_FULL_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_FULL_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
SUBSET_SIZES = (3500, 500, 1000)
FULL_VALID = 10_000


def data_dir() -> Path:
    """The folder holding the course's data files.

    ``$DESCENT_DATA`` if set; else the ``data/`` folder of the course checkout this
    package was installed from; else the first ``data/`` with the bundled MNIST file found
    walking up from the current directory (a notebook opened from anywhere in the course).
    """
    if os.environ.get("DESCENT_DATA"):
        return Path(os.environ["DESCENT_DATA"])
    candidates = [Path(__file__).resolve().parents[3] / "data"]
    here = Path.cwd().resolve()
    candidates += [p / "data" for p in (here, *here.parents)]
    for folder in candidates:
        if (folder / MNIST_SUBSET_FILE).exists():
            return folder
    raise FileNotFoundError(
        f"cannot find the course's data/ folder (looked for {MNIST_SUBSET_FILE}); "
        "set DESCENT_DATA to its path"
    )


@dataclass(frozen=True)
class Split:
    """One part of a data set: inputs ``x`` (n, ...) and targets ``y`` (n,)."""

    x: torch.Tensor
    y: torch.Tensor

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y):
            raise ValueError(f"x has {len(self.x)} rows but y has {len(self.y)}")

    def __len__(self) -> int:
        return len(self.y)

    def to(self, dtype: torch.dtype) -> Split:
        """The same split with floating-point inputs (and targets, for a regression) cast to
        ``dtype``; integer class labels stay as they are."""
        y = self.y.to(dtype) if self.y.is_floating_point() else self.y
        return Split(self.x.to(dtype) if self.x.is_floating_point() else self.x, y)


@dataclass(frozen=True)
class Splits:
    """Train, validation and test parts of one data set, and the set's name."""

    name: str
    train: Split
    valid: Split
    test: Split

    def describe(self) -> str:
        """One line saying which data this is and how it is split."""
        sizes = " / ".join(f"{len(s):,} {n}" for n, s in self.parts())
        return f"{self.name} ({sizes})"

    def parts(self) -> list[tuple[str, Split]]:
        """``[("train", train), ("valid", valid), ("test", test)]``, to loop over."""
        return [("train", self.train), ("valid", self.valid), ("test", self.test)]

    def to(self, dtype: torch.dtype) -> Splits:
        """Every split cast with :meth:`Split.to`: ``load_mnist().to(torch.float64)``."""
        return Splits(self.name, *(part.to(dtype) for _, part in self.parts()))


def standardize(splits: Splits) -> Splits:
    """Subtract the training split's mean and divide by its standard deviation, in every
    split: statistics of the training data only, as notebook 03 explains."""
    mean, std = splits.train.x.mean(), splits.train.x.std()
    scaled = [Split((part.x - mean) / std, part.y) for _, part in splits.parts()]
    return Splits(splits.name, *scaled)


def mnist_full_path() -> Path:
    """Where the full MNIST file lives once downloaded (it may not exist)."""
    return data_dir() / MNIST_FULL_FILE


def download_mnist(url: str = MNIST_FULL_URL, *, progress: bool = True) -> Path:
    """Download full MNIST (11.5 MB, 70,000 digits) into ``data/``, verified by SHA-256."""
    return fetch(url, mnist_full_path(), MNIST_FULL_SHA256, progress=progress)


def _to_split(images: np.ndarray, labels: np.ndarray) -> Split:
    """uint8 images (n, 784) and labels (n,) -> float32 x in [0, 1] and int64 y."""
    x = torch.from_numpy(images.reshape(len(images), 784).astype(np.float32) / 255.0)
    return Split(x, torch.from_numpy(labels.astype(np.int64)))


def _shuffled(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(n)


def _load_subset(seed: int) -> Splits:
    path = check_file(data_dir() / MNIST_SUBSET_FILE, MNIST_SUBSET_SHA256,
                      remedy=f"It ships with the course: restore it with "
                             f"`git checkout data/{MNIST_SUBSET_FILE}`.")
    table = np.loadtxt(path, delimiter=",", dtype=np.uint8)  # sorted by label: shuffle
    table = table[_shuffled(len(table), seed)]
    images, labels = table[:, :-1], table[:, -1]
    n_train, n_valid, _ = SUBSET_SIZES
    cuts = [0, n_train, n_train + n_valid, len(table)]
    train, valid, test = (
        _to_split(images[a:b], labels[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)
    )
    return Splits("bundled MNIST subset", train, valid, test)


def _load_full(seed: int) -> Splits:
    path = check_file(mnist_full_path(), MNIST_FULL_SHA256, remedy=(
        "Delete it and run `make data` to download it again, or set DESCENT_MNIST=subset to "
        "carry on with the bundled 5,000 digits."))
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train = f["x_train"], f["y_train"]
        x_test, y_test = f["x_test"], f["y_test"]
    order = _shuffled(len(x_train), seed)
    fit, held = order[:-FULL_VALID], order[-FULL_VALID:]
    return Splits(
        "full MNIST",
        _to_split(x_train[fit], y_train[fit]),
        _to_split(x_train[held], y_train[held]),
        _to_split(x_test, y_test),
    )


def load_mnist(which: str = "auto", *, seed: int = 0) -> Splits:
    """Load MNIST as train / valid / test splits.

    ``which`` is ``"subset"`` (bundled, 5,000 digits), ``"full"`` (70,000, after
    ``make data``) or ``"auto"``: ``$DESCENT_MNIST`` if set (``make test`` sets it to
    ``subset`` so stored outputs compare), else full if downloaded, else the subset.
    ``seed`` fixes the shuffle that assigns images to splits.

    Each split has ``x``: float32 (n, 784), pixel intensities in [0, 1] (an image is
    ``x[i].view(28, 28)``), and ``y``: int64 (n,), digit labels 0-9.
    """
    if which == "auto":
        which = os.environ.get("DESCENT_MNIST", "auto")
    if which not in ("auto", "subset", "full"):
        raise ValueError(f"which must be 'auto', 'subset' or 'full', got {which!r}")
    if which == "full" and not mnist_full_path().exists():
        raise FileNotFoundError(
            f"full MNIST is not downloaded ({mnist_full_path().name} missing in data/); "
            "run `make data` or descent.data.download_mnist()"
        )
    if which == "full" or (which == "auto" and mnist_full_path().exists()):
        return _load_full(seed)
    return _load_subset(seed)
