"""Reading what an embedding learned: its main directions, and how well it matches a truth.

An embedding table is a matrix, one row per user, item or category. Two questions come
up once it is trained:

- what are its main directions? :func:`pca` projects the rows onto the few directions
  along which they vary most (the first "traits" of the items);
- is it the structure we put in? A model can learn the true factors only up to a rotation
  and a scale (for a dot product, ``p @ q == (p R) @ (q R)`` for any rotation ``R``), so
  :func:`procrustes` finds the best rotation and scale first, then measures the fit.
"""

from __future__ import annotations

import numpy as np


def _as_matrix(a, name: str) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows, dims), got shape {a.shape}")
    return a


def pca(x, k: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Principal components of the rows of ``x`` (n, d).

    Centre the rows, take the SVD ``X = U S V^T``; the top ``k`` right singular vectors are
    the directions of largest variance. Returns ``coords`` (n, k) (the rows in those
    directions), ``components`` (k, d) and ``explained`` (k,), the fraction of the total
    variance each direction carries. Signs are fixed so each component's largest entry
    is positive (an SVD may flip them).
    """
    x = _as_matrix(x, "x")
    if not 1 <= k <= min(x.shape):
        raise ValueError(f"k must be between 1 and {min(x.shape)}, got {k}")
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:k] * np.sign(vt[:k][np.arange(k), np.abs(vt[:k]).argmax(axis=1)])[:, None]
    explained = s[:k] ** 2 / np.sum(s**2)
    return centred @ components.T, components, explained


def procrustes(source, target) -> tuple[np.ndarray, float]:
    """Rotate and scale ``source`` (n, d) to match ``target`` (n, d) as well as possible.

    Both are centred; the rotation ``R`` minimizing ``||s * A R - B||`` comes from the SVD
    ``A^T B = U S V^T`` as ``R = U V^T`` (orthogonal Procrustes), and the best scale is
    ``s = trace(S) / ||A||^2``. Returns the aligned source (n, d) and ``r2 = 1 -
    ||s A R - B||^2 / ||B||^2``: 1 when ``source`` is exactly a rotated, scaled ``target``.
    """
    a, b = _as_matrix(source, "source"), _as_matrix(target, "target")
    if a.shape != b.shape:
        raise ValueError(f"source and target need the same shape, got {a.shape} and {b.shape}")
    a, b = a - a.mean(axis=0), b - b.mean(axis=0)
    u, s, vt = np.linalg.svd(a.T @ b)
    aligned = (s.sum() / np.sum(a**2)) * a @ (u @ vt)
    return aligned, float(1 - np.sum((aligned - b) ** 2) / np.sum(b**2))
