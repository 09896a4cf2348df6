"""Ratings for collaborative filtering: synthetic ones with a known truth, and MovieLens.

A ratings set is a list of (user, item, rating) triples, most pairs never observed. Here
it is a :class:`Ratings`: ``train`` and ``valid`` :class:`Split` s whose ``x`` is int64
(n, 2), the 0-based (user, item) pair, and ``y`` float32 (n,), the rating.

- :func:`synthetic_ratings` draws users and items with true latent factors and biases,
  rates a random sparse subset of the pairs, and returns that truth beside the data, so
  a notebook can check what a model recovered.
- :func:`load_movielens` reads MovieLens 100k (943 users, 1,682 films, 100,000 ratings
  from 1 to 5) after :func:`download_movielens` fetched it on request. Its licence does
  not allow redistribution, so it is never committed: it is cached, git-ignored, in
  ``data/``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from descent.data.download import check_file, fetch
from descent.data.mnist import Split, data_dir

MOVIELENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
MOVIELENS_FILE = "ml-100k.zip"
MOVIELENS_MD5 = "0e33842e24a9c977be4e0107933c0723"  # GroupLens publishes an MD5 only


@dataclass(frozen=True)
class LatentTruth:
    """The parameters a synthetic ratings set was drawn from.

    A rating is ``global_mean + user_bias[u] + item_bias[i] + user_factors[u] @
    item_factors[i]`` plus noise, rounded to half stars and clipped to 0.5-5.
    """

    global_mean: float
    user_factors: np.ndarray  # (n_users, k)
    item_factors: np.ndarray  # (n_items, k)
    user_bias: np.ndarray  # (n_users,)
    item_bias: np.ndarray  # (n_items,)


@dataclass(frozen=True)
class Ratings:
    """Train and validation ratings, the numbers of users and items, and the items' names."""

    name: str
    train: Split
    valid: Split
    n_users: int
    n_items: int
    item_names: tuple[str, ...]
    truth: LatentTruth | None = None

    def describe(self) -> str:
        """One line: which data, how many users, items and ratings, and how sparse."""
        n = len(self.train) + len(self.valid)
        filled = n / (self.n_users * self.n_items)
        return (f"{self.name}: {self.n_users:,} users, {self.n_items:,} items, {n:,} ratings "
                f"({filled:.1%} of all pairs; {len(self.train):,} train / "
                f"{len(self.valid):,} valid)")


def _split_ratings(triples: np.ndarray, ratings: np.ndarray, valid_fraction: float,
                   rng: np.random.Generator) -> tuple[Split, Split]:
    """A random ``valid_fraction`` of the observed ratings becomes the validation split."""
    if not 0 < valid_fraction < 1:
        raise ValueError(f"valid_fraction must be in (0, 1), got {valid_fraction}")
    order = rng.permutation(len(ratings))
    n_valid = round(valid_fraction * len(ratings))
    x = torch.from_numpy(triples.astype(np.int64))
    y = torch.from_numpy(ratings.astype(np.float32))
    held, kept = torch.from_numpy(order[:n_valid]), torch.from_numpy(order[n_valid:])
    return Split(x[kept], y[kept]), Split(x[held], y[held])


def synthetic_ratings(
    n_users: int = 500, n_items: int = 300, n_factors: int = 3, *, density: float = 0.15,
    noise: float = 0.3, valid_fraction: float = 0.2, seed: int = 0,
) -> Ratings:
    """Ratings drawn from known latent factors, observed for a random ``density`` of pairs.

    Users' and items' factors are Gaussian, scaled so that their dot product has a
    standard deviation of about 0.8 stars; user biases have std 0.3 and item biases 0.5
    around a global mean of 3.5. Each rating adds Gaussian noise of std ``noise``, then
    is rounded to a half star and clipped to 0.5-5. The answer key is ``truth``.
    """
    if n_users < 2 or n_items < 2 or n_factors < 1:
        raise ValueError(f"need n_users, n_items >= 2 and n_factors >= 1, got {n_users}, "
                         f"{n_items}, {n_factors}")
    if not 0 < density <= 1:
        raise ValueError(f"density must be in (0, 1], got {density}")
    rng = np.random.default_rng(seed)
    scale = np.sqrt(0.8 / np.sqrt(n_factors))
    truth = LatentTruth(
        global_mean=3.5,
        user_factors=scale * rng.standard_normal((n_users, n_factors)),
        item_factors=scale * rng.standard_normal((n_items, n_factors)),
        user_bias=0.3 * rng.standard_normal(n_users),
        item_bias=0.5 * rng.standard_normal(n_items),
    )
    users, items = np.nonzero(rng.random((n_users, n_items)) < density)
    mean = (truth.global_mean + truth.user_bias[users] + truth.item_bias[items]
            + np.einsum("nk,nk->n", truth.user_factors[users], truth.item_factors[items]))
    ratings = np.clip(np.round(2 * (mean + noise * rng.standard_normal(len(mean)))) / 2, 0.5, 5)
    train, valid = _split_ratings(np.stack([users, items], axis=1), ratings, valid_fraction, rng)
    names = tuple(f"item {i}" for i in range(n_items))
    return Ratings(f"synthetic ratings ({n_factors} true factors, seed {seed})", train, valid,
                   n_users, n_items, names, truth)


# ---------------------------------------------------------------- MovieLens 100k


def movielens_path() -> Path:
    """Where ``ml-100k.zip`` lives once downloaded (it may not exist)."""
    return data_dir() / MOVIELENS_FILE


def download_movielens(url: str = MOVIELENS_URL, *, progress: bool = True) -> Path:
    """Download MovieLens 100k (4.9 MB) into ``data/``, verified by its published MD5."""
    return fetch(url, movielens_path(), md5=MOVIELENS_MD5, progress=progress)


def read_movielens(path: str | Path) -> tuple[np.ndarray, tuple[str, ...]]:
    """Parse the zip: ``(ratings, titles)``.

    ``ratings`` is int64 (n, 3): 0-based user, 0-based item, rating 1-5, from the
    tab-separated ``u.data``. ``titles[i]`` is item ``i``'s title from the pipe-separated
    ``u.item``, which is latin-1, not UTF-8 (titles such as "Café au lait" break a UTF-8
    reader).
    """
    with zipfile.ZipFile(path) as archive:
        names = {Path(n).name: n for n in archive.namelist()}
        missing = {"u.data", "u.item"} - names.keys()
        if missing:
            raise ValueError(f"{path} is not MovieLens 100k: no {', '.join(sorted(missing))}")
        table = np.loadtxt(io.BytesIO(archive.read(names["u.data"])), dtype=np.int64, ndmin=2)
        item_lines = archive.read(names["u.item"]).decode("latin-1").splitlines()
    if table.shape[1] != 4:
        raise ValueError(f"u.data needs 4 columns (user, item, rating, time), got {table.shape[1]}")
    titles = {}
    for line in item_lines:
        if line.strip():
            fields = line.split("|")
            titles[int(fields[0])] = fields[1]
    ratings = table[:, :3] - np.array([1, 1, 0])  # the files count users and items from 1
    n_items = max(titles) if titles else 0
    if ratings[:, 1].max() >= n_items:
        raise ValueError(f"u.data rates item {ratings[:, 1].max() + 1}, u.item lists {n_items}")
    return ratings, tuple(titles.get(i + 1, f"item {i + 1}") for i in range(n_items))


def load_movielens(*, valid_fraction: float = 0.2, seed: int = 0) -> Ratings:
    """MovieLens 100k as :class:`Ratings`, a seeded random ``valid_fraction`` held out.

    Run :func:`download_movielens` (or ``make movielens``) first; nothing is downloaded
    here.
    """
    path = movielens_path()
    if not path.exists():
        raise FileNotFoundError(f"MovieLens 100k is not downloaded ({path.name} missing in "
                                "data/); run `make movielens` or download_movielens()")
    check_file(path, MOVIELENS_MD5, algorithm="md5",
               remedy="Delete it and run `make movielens` to download it again.")
    ratings, titles = read_movielens(path)
    rng = np.random.default_rng(seed)
    train, valid = _split_ratings(ratings[:, :2], ratings[:, 2], valid_fraction, rng)
    n_users = int(ratings[:, 0].max()) + 1
    return Ratings("MovieLens 100k", train, valid, n_users, len(titles), titles)
