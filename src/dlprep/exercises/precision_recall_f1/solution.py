import numpy as np


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0  # 0/0 counts as 0 (sklearn's zero_division=0)
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, average: str = "binary", pos_label: int = 1
) -> tuple[float, float, float]:
    def scores(label):
        t, q = y_true == label, y_pred == label
        return _prf(int(np.sum(t & q)), int(np.sum(~t & q)), int(np.sum(t & ~q)))

    if average == "binary":
        return scores(pos_label)
    if average == "macro":
        per_class = np.array([scores(c) for c in np.union1d(y_true, y_pred)])
        p, r, f = per_class.mean(axis=0)  # macro F1 is the mean of the F1s, not the F1 of the means
        return float(p), float(r), float(f)
    raise ValueError(f"unknown average {average!r}")
