"""Index splits for validation: k-fold, stratified k-fold and a stratified holdout split.

k-fold cuts the (optionally shuffled) indices 0..n-1 into k contiguous folds whose sizes
differ by at most one; fold i is the test set of split i and the rest is its train set.
Stratified k-fold deals samples to folds like cards, class by class:

    order  = indices sorted by class (shuffled within each class first, if asked)
    fold   = position in `order` mod k

so every fold receives ⌊n_c/k⌋ or ⌈n_c/k⌉ samples of each class c, and, because the
dealing continues across class boundaries, fold sizes still differ by at most one. This
is the allocation sklearn's ``StratifiedKFold`` uses. All shuffles use
``np.random.default_rng(seed)``, so a seed fixes the splits.
"""

from __future__ import annotations

import math

import numpy as np

Split = tuple[np.ndarray, np.ndarray]  # (train indices, test indices)


def _check_n_splits(n_splits: int, n_samples: int) -> None:
    if n_splits < 2:
        raise ValueError(f"n_splits must be >= 2, got {n_splits}")
    if n_splits > n_samples:
        raise ValueError(f"n_splits={n_splits} is more than the {n_samples} samples")


def _splits_from_fold_ids(fold_of: np.ndarray, n_splits: int) -> list[Split]:
    return [(np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)) for k in range(n_splits)]


def k_fold(n_samples: int, n_splits: int = 5, shuffle: bool = False, seed: int | None = None) -> list[Split]:
    """Train/test index pairs of plain k-fold (sklearn's ``KFold``; identical when unshuffled).

    The first ``n_samples % n_splits`` folds get one extra sample.
    """
    _check_n_splits(n_splits, n_samples)
    order = np.random.default_rng(seed).permutation(n_samples) if shuffle else np.arange(n_samples)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    fold_of = np.empty(n_samples, dtype=np.int64)
    fold_of[order] = np.repeat(np.arange(n_splits), sizes)
    return _splits_from_fold_ids(fold_of, n_splits)


def stratified_k_fold(y, n_splits: int = 5, shuffle: bool = False, seed: int | None = None) -> list[Split]:
    """Train/test index pairs whose test folds keep the class proportions of ``y``.

    Raises ValueError if a class has fewer than ``n_splits`` members, since some test fold
    would then miss that class (sklearn only warns).
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D class labels, got shape {y.shape}")
    _check_n_splits(n_splits, len(y))
    classes, counts = np.unique(y, return_counts=True)
    if counts.min() < n_splits:
        raise ValueError(f"class {classes[counts.argmin()]!r} has {counts.min()} members, "
                         f"fewer than n_splits={n_splits}")
    # A stable sort by class keeps the (possibly shuffled) order within each class.
    perm = np.random.default_rng(seed).permutation(len(y)) if shuffle else np.arange(len(y))
    order = perm[np.argsort(y[perm], kind="stable")]
    fold_of = np.empty(len(y), dtype=np.int64)
    fold_of[order] = np.arange(len(y)) % n_splits
    return _splits_from_fold_ids(fold_of, n_splits)


def stratified_split(y, test_size: float = 0.2, seed: int | None = None) -> Split:
    """One shuffled (train, test) split with ⌈test_size·n⌉ test samples, stratified by ``y``.

    Class c gets n_c·n_test/n test slots rounded by largest remainder (the fractional
    parts decide who gets the leftover slots), so every class is within one sample of its
    exact share, except that a class never loses all its training samples (possible only
    for tiny classes and large ``test_size``; the test set is then that much smaller).
    Raises ValueError for a class with a single member, as sklearn does.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D class labels, got shape {y.shape}")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    classes, y_idx, counts = np.unique(y, return_inverse=True, return_counts=True)
    if counts.min() < 2:
        raise ValueError(f"class {classes[counts.argmin()]!r} has a single member; each class needs two")
    n_test = math.ceil(test_size * len(y))
    if n_test < len(classes) or len(y) - n_test < len(classes):
        raise ValueError(f"test_size={test_size} leaves fewer samples than the {len(classes)} classes "
                         "in the train or test set")
    share = counts * n_test / len(y)
    test_counts = np.floor(share).astype(np.int64)
    leftover = n_test - test_counts.sum()
    test_counts[np.argsort(test_counts - share, kind="stable")[:leftover]] += 1
    test_counts = np.minimum(test_counts, counts - 1)  # keep one training sample per class

    rng = np.random.default_rng(seed)
    test_idx = np.concatenate([
        rng.permutation(np.flatnonzero(y_idx == c))[:k] for c, k in enumerate(test_counts)
    ])
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    return rng.permutation(np.flatnonzero(~is_test)), rng.permutation(test_idx)


def train_test_split(X, y, test_size: float = 0.2, seed: int | None = None):
    """``stratified_split`` applied to arrays: returns X_train, X_test, y_train, y_test."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    train_idx, test_idx = stratified_split(y, test_size, seed)
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]
