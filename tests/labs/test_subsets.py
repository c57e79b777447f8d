import numpy as np
import pytest

from dlprep.data.subsets import stratified_subset


def test_subset_is_class_balanced_unique_and_shuffled():
    y = np.repeat(np.arange(10), 400)
    idx = stratified_subset(y, 500, seed=0)
    assert len(idx) == len(set(idx)) == 500
    assert np.bincount(y[idx]).tolist() == [50] * 10
    assert not np.all(np.diff(idx) > 0)


@pytest.mark.parametrize("n", [10, 333, 3990, 3999])
def test_subset_has_exactly_n_rows(n):
    y = np.repeat(np.arange(10), 400)
    assert len(set(stratified_subset(y, n, seed=1))) == n


def test_subset_is_repeatable_and_n_beyond_size_gives_everything():
    y = np.repeat(np.arange(3), 10)
    assert np.array_equal(stratified_subset(y, 6, seed=2), stratified_subset(y, 6, seed=2))
    assert sorted(stratified_subset(y, 100)) == list(range(30))
    with pytest.raises(ValueError):
        stratified_subset(y, 0)
