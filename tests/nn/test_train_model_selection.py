"""Fold and split properties: partitions, balanced sizes, stratification within one sample, equality
with scikit-learn's unshuffled KFold, determinism under a seed, and argument errors."""

import numpy as np
import pytest
from sklearn.model_selection import KFold, StratifiedKFold

from dlprep.nn.model_selection import k_fold, stratified_k_fold, stratified_split, train_test_split


def imbalanced_labels(seed: int = 0, n: int = 103) -> np.ndarray:
    return np.random.default_rng(seed).choice(["a", "b", "c", "d"], size=n, p=[0.5, 0.3, 0.15, 0.05])


def assert_folds_partition(splits, n):
    tests = np.concatenate([test for _, test in splits])
    np.testing.assert_array_equal(np.sort(tests), np.arange(n))  # every sample tested exactly once
    for train, test in splits:
        np.testing.assert_array_equal(np.sort(np.r_[train, test]), np.arange(n))
    sizes = [len(test) for _, test in splits]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("n, k", [(10, 3), (17, 5), (5, 5), (100, 2)])
def test_unshuffled_k_fold_equals_sklearn(n, k):
    for (train, test), (train_sk, test_sk) in zip(k_fold(n, k), KFold(k).split(np.zeros(n)), strict=True):
        np.testing.assert_array_equal(train, train_sk)
        np.testing.assert_array_equal(test, test_sk)


@pytest.mark.parametrize("shuffle", [False, True])
def test_stratified_folds_keep_class_counts_within_one(shuffle):
    y = imbalanced_labels()
    splits = stratified_k_fold(y, 5, shuffle=shuffle, seed=0)
    assert_folds_partition(splits, len(y))
    classes, counts = np.unique(y, return_counts=True)
    for _, test in splits:
        in_fold = np.array([(y[test] == c).sum() for c in classes])
        assert np.all(np.abs(in_fold - counts / 5) < 1)
    # sklearn's StratifiedKFold has the same property; its fold sizes are the same multiset.
    sk_sizes = sorted(len(test) for _, test in StratifiedKFold(5).split(np.zeros(len(y)), y))
    assert sorted(len(test) for _, test in splits) == sk_sizes


def test_shuffled_splits_are_deterministic_under_a_seed():
    y = imbalanced_labels()
    for split in (lambda s: k_fold(len(y), 4, True, s), lambda s: stratified_k_fold(y, 4, True, s)):
        first, again, other = split(7), split(7), split(8)
        assert all(np.array_equal(a[1], b[1]) for a, b in zip(first, again, strict=True))
        assert not all(np.array_equal(a[1], b[1]) for a, b in zip(first, other, strict=True))
    np.testing.assert_array_equal(stratified_split(y, 0.3, seed=1)[1], stratified_split(y, 0.3, seed=1)[1])


@pytest.mark.parametrize("test_size", [0.1, 0.25, 0.5, 0.8])
def test_stratified_split_sizes_and_proportions(test_size):
    y = imbalanced_labels(n=200)
    train, test = stratified_split(y, test_size, seed=0)
    assert len(test) == int(np.ceil(test_size * len(y)))
    np.testing.assert_array_equal(np.sort(np.r_[train, test]), np.arange(len(y)))
    for c, count in zip(*np.unique(y, return_counts=True), strict=True):
        assert abs((y[test] == c).sum() - count * test_size) < 1
        assert (y[train] == c).any()


def test_train_test_split_applies_the_split_to_arrays():
    y = np.repeat([0, 1, 2], 10)
    X = np.arange(30.0)[:, None] * [1, -1]  # row i is (i, -i), so rows can be traced
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=0)
    assert X_train.shape == (24, 2) and X_test.shape == (6, 2)
    np.testing.assert_array_equal(y[X_train[:, 0].astype(int)], y_train)
    np.testing.assert_array_equal(np.bincount(y_test), [2, 2, 2])


@pytest.mark.parametrize("call, message", [
    (lambda: k_fold(10, 1), "n_splits"),
    (lambda: k_fold(3, 4), "more than"),
    (lambda: stratified_k_fold([0, 0, 0, 1, 1], 3), "fewer than n_splits"),
    (lambda: stratified_k_fold(np.zeros((4, 2)), 2), "1-D"),
    (lambda: stratified_split([0, 0, 1, 1], 1.0), "test_size"),
    (lambda: stratified_split([0, 0, 1, 1, 2], 0.5), "single member"),
    (lambda: stratified_split([0, 0, 1, 1], 0.1), "fewer samples"),
    (lambda: train_test_split(np.zeros((3, 2)), [0, 1]), "3 samples but y has 2"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
