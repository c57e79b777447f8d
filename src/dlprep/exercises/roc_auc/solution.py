import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    # Mann-Whitney U: AUC = P(score_pos > score_neg) + 0.5 P(tie), from average ranks
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    n = len(s)
    ranks = np.empty(n)
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])  # first index of each run of equal scores
    ends = np.r_[starts[1:], n]
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)  # average 1-based rank of a run
    pos = y_true == 1
    n_pos, n_neg = int(pos.sum()), int(n - pos.sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
