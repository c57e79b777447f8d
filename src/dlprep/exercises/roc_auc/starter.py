import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve; a tie between a positive and a negative counts 1/2.

    y_true: (n,) ints in {0, 1} with both present; scores: (n,) floats. Returns a Python float.
    """
    raise NotImplementedError
