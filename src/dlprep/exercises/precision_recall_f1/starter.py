import numpy as np


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, average: str = "binary", pos_label: int = 1
) -> tuple[float, float, float]:
    """Precision, recall and F1 of integer labels.

    average="binary": the scores of class ``pos_label``.
    average="macro": the unweighted mean of the per-class scores over every label in y_true or y_pred.
    A 0/0 counts as 0. Returns three Python floats.
    """
    raise NotImplementedError
