import numpy as np


def ensemble_vote(probs: np.ndarray, method: str = "hard", weights: np.ndarray | None = None) -> np.ndarray:
    """Combine M classifiers. probs: (M, N, C) class probabilities; weights: (M,) or None (all 1).

    "hard": each model votes for its argmax class with its weight; "soft": weighted sum of the
    probabilities. The class with the largest total wins; ties go to the lowest class index.
    Returns (N,) int64 labels.
    """
    raise NotImplementedError
