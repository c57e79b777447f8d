"""Class-balanced subsets of a training set, for labs that vary how much data a model sees."""

from __future__ import annotations

import numpy as np

from dlprep.nn.model_selection import stratified_split


def stratified_subset(y: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Indices of ``n`` rows of ``y`` (N,) with every class in proportion, shuffled; all rows if n >= N.

    Each class c gets n·N_c/N rows up to rounding by largest remainder (see
    ``dlprep.nn.model_selection.stratified_split``). When fewer rows than classes would be
    left out, the subset is a plain random one (it is then almost the whole set anyway).
    """
    y = np.asarray(y)
    if n >= len(y):
        return np.random.default_rng(seed).permutation(len(y))
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if len(y) - n < len(np.unique(y)):  # too few rows left out to stratify: nearly everything
        return np.random.default_rng(seed).permutation(len(y))[:n]
    # stratified_split takes ceil(test_size · N) rows; n - 1/2 keeps float rounding from adding one.
    _, chosen = stratified_split(y, test_size=(n - 0.5) / len(y), seed=seed)
    return chosen
