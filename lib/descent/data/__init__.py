"""The data sets of the course, with one loading API.

Every loader returns a :class:`Splits` (``train``, ``valid`` and ``test`` parts) or, for
ratings, a :class:`Ratings` (``train`` and ``valid``); each part is a :class:`Split` of
inputs ``x`` and targets ``y`` as torch tensors. Each set has a ``name`` that notebooks
print, so a reader always knows which data produced the numbers.

- :mod:`descent.data.mnist`: MNIST, the bundled 5,000-digit subset or the full 70,000.
- :mod:`descent.data.ratings`: synthetic ratings with their true factors; MovieLens 100k.
- :mod:`descent.data.toy`: small generated sets (a line, moons, spirals, daily sales).

Nothing here downloads at import or load time: full MNIST and MovieLens arrive only on
request (``make data``, ``make movielens``), checksummed, into ``data/``.
"""

from descent.data.mnist import (
    Split,
    Splits,
    data_dir,
    download_mnist,
    load_mnist,
    mnist_full_path,
    standardize,
)
from descent.data.ratings import (
    LatentTruth,
    Ratings,
    download_movielens,
    load_movielens,
    movielens_path,
    read_movielens,
    synthetic_ratings,
)
from descent.data.toy import (
    MONTHS,
    SALES_PRODUCTS,
    WEEKDAYS,
    daily_sales,
    linear_data,
    sales_effects,
    spirals,
    two_moons,
)

__all__ = [
    "MONTHS", "SALES_PRODUCTS", "WEEKDAYS", "LatentTruth", "Ratings", "Split", "Splits",
    "daily_sales", "data_dir", "download_mnist", "download_movielens", "linear_data",
    "load_mnist", "load_movielens", "mnist_full_path", "movielens_path", "read_movielens",
    "sales_effects", "spirals", "standardize", "synthetic_ratings", "two_moons",
]
