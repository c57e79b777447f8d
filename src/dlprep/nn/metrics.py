"""Classification metrics in NumPy, matching scikit-learn (tested against it).

For one class c, counting true positives TP, false positives FP and false negatives FN:

    precision = TP / (TP + FP)     of the samples predicted c, the fraction that are c
    recall    = TP / (TP + FN)     of the samples that are c, the fraction predicted c
    F1        = 2PR / (P + R) = 2TP / (2TP + FP + FN)

A 0/0 ratio (e.g. no sample predicted c) is reported as 0, sklearn's ``zero_division=0``,
silently. Averages over classes: 'macro' = plain mean, 'weighted' = mean weighted by
support (true count), 'micro' = pool TP/FP/FN first (equals accuracy for single-label
data), 'binary' = the ``pos_label`` class only, None = the per-class array.

Ranking metrics sweep a threshold over the scores, from high to low:

    TPR = TP / P,  FPR = FP / N          ROC-AUC = ∫ TPR dFPR = P(s₊ > s₋) + ½P(s₊ = s₋)
    AP  = Σₙ (Rₙ - Rₙ₋₁) Pₙ              (step-wise area under the precision-recall curve)

Tied scores form one threshold, so the curve moves diagonally through a tie. Labels of any
length mismatch, empty input, or an unknown ``average`` raise ValueError.
"""

from __future__ import annotations

import numpy as np

AVERAGES = ("binary", "macro", "micro", "weighted", None)


def _check_pair(y_true, y_other, name: str = "y_pred") -> tuple[np.ndarray, np.ndarray]:
    y_true, y_other = np.asarray(y_true), np.asarray(y_other)
    if y_true.ndim != 1:
        raise ValueError(f"y_true must be 1-D, got shape {y_true.shape}")
    if len(y_true) != len(y_other):
        raise ValueError(f"y_true has {len(y_true)} samples but {name} has {len(y_other)}")
    if len(y_true) == 0:
        raise ValueError("empty input: need at least one sample")
    return y_true, y_other


def _safe_divide(num, den):
    """num / den with 0 where den == 0 (works for scalars and arrays)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros(np.broadcast_shapes(num.shape, den.shape)), where=den != 0)


def confusion_matrix(y_true, y_pred, labels=None) -> np.ndarray:
    """C[i, j] = number of samples of true class labels[i] predicted as labels[j].

    ``labels`` defaults to the sorted union of both arrays; samples whose label is not in
    ``labels`` are left out, as in sklearn.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    labels = np.unique(np.concatenate([y_true, y_pred])) if labels is None else np.asarray(labels)
    true_onehot = (y_true[:, None] == labels).astype(np.int64)  # (N, K)
    pred_onehot = (y_pred[:, None] == labels).astype(np.int64)  # (N, K)
    return true_onehot.T @ pred_onehot


def accuracy_score(y_true, y_pred) -> float:
    y_true, y_pred = _check_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def _per_class_counts(y_true, y_pred, labels):
    """TP, predicted count (TP + FP) and support (TP + FN) per label, each (K,)."""
    true_onehot = y_true[:, None] == labels  # (N, K)
    pred_onehot = y_pred[:, None] == labels
    return (true_onehot & pred_onehot).sum(0), pred_onehot.sum(0), true_onehot.sum(0)


def precision_recall_f1(y_true, y_pred, average: str | None = "binary", pos_label=1):
    """(precision, recall, F1): floats, or (K,) arrays over the sorted labels if ``average=None``.

    'binary' needs at most two classes and scores ``pos_label``; it raises ValueError for
    multi-class input or when two classes are present and ``pos_label`` is neither.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    if average not in AVERAGES:
        raise ValueError(f"average must be one of {AVERAGES}, got {average!r}")
    labels = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if len(labels) > 2:
            raise ValueError(f"average='binary' needs at most 2 classes, got {len(labels)}; "
                             "use average='macro', 'micro' or 'weighted'")
        if len(labels) == 2 and pos_label not in labels:
            raise ValueError(f"pos_label={pos_label!r} is not one of the labels {labels.tolist()}")
        labels = np.array([pos_label])
    tp, n_pred, support = _per_class_counts(y_true, y_pred, labels)
    if average == "micro":
        tp, n_pred, support = tp.sum(), n_pred.sum(), support.sum()
    precision = _safe_divide(tp, n_pred)
    recall = _safe_divide(tp, support)
    f1 = _safe_divide(2 * tp, n_pred + support)
    if average is None:
        return precision, recall, f1
    if average == "macro":
        return float(precision.mean()), float(recall.mean()), float(f1.mean())
    if average == "weighted":
        weights = _safe_divide(support, support.sum())
        return float(precision @ weights), float(recall @ weights), float(f1 @ weights)
    return float(precision.squeeze()), float(recall.squeeze()), float(f1.squeeze())  # micro, binary


def precision_score(y_true, y_pred, average: str | None = "binary", pos_label=1):
    """Precision alone; see ``precision_recall_f1``."""
    return precision_recall_f1(y_true, y_pred, average, pos_label)[0]


def recall_score(y_true, y_pred, average: str | None = "binary", pos_label=1):
    """Recall alone; see ``precision_recall_f1``."""
    return precision_recall_f1(y_true, y_pred, average, pos_label)[1]


def f1_score(y_true, y_pred, average: str | None = "binary", pos_label=1):
    """F1 alone; see ``precision_recall_f1``."""
    return precision_recall_f1(y_true, y_pred, average, pos_label)[2]


def classification_report(y_true, y_pred) -> dict:
    """sklearn's ``classification_report(..., output_dict=True)``: per-class rows keyed by
    ``str(label)``, then 'accuracy', 'macro avg' and 'weighted avg'.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    labels = np.unique(np.concatenate([y_true, y_pred]))
    support = _per_class_counts(y_true, y_pred, labels)[2]
    precision, recall, f1 = precision_recall_f1(y_true, y_pred, average=None)
    report: dict = {
        str(label): {"precision": float(precision[i]), "recall": float(recall[i]),
                     "f1-score": float(f1[i]), "support": int(support[i])}
        for i, label in enumerate(labels)
    }
    report["accuracy"] = accuracy_score(y_true, y_pred)
    for average in ("macro", "weighted"):
        p, r, f = precision_recall_f1(y_true, y_pred, average=average)
        report[f"{average} avg"] = {"precision": p, "recall": r, "f1-score": f, "support": len(y_true)}
    return report


def _binary_targets(y_true, y_score, pos_label) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_score = _check_pair(y_true, y_score, name="y_score")
    if len(np.unique(y_true)) > 2:
        raise ValueError("y_true has more than two classes; ranking metrics here are binary only")
    return y_true == pos_label, y_score.astype(float)


def _require_both_classes(is_pos: np.ndarray, metric: str) -> None:
    if is_pos.all() or not is_pos.any():
        raise ValueError(f"Only one class present in y_true. {metric} is not defined in that case.")


def _cumulative_counts(is_pos: np.ndarray, y_score: np.ndarray):
    """(FP, TP, threshold) at each distinct score, thresholds decreasing: predicting
    positive for ``score >= threshold`` gives FP false and TP true positives.
    """
    order = np.argsort(-y_score, kind="stable")
    score, is_pos = y_score[order], is_pos[order]
    # Cut only after the last sample of a run of equal scores: one threshold cannot split a tie.
    cut = np.r_[np.flatnonzero(np.diff(score)), len(score) - 1]
    tps = np.cumsum(is_pos)[cut]
    fps = cut + 1 - tps
    return fps, tps, score[cut]


def roc_curve(y_true, y_score, pos_label=1, drop_intermediate: bool = True):
    """(fpr, tpr, thresholds), starting at (0, 0) with threshold +inf like sklearn.

    ``drop_intermediate`` removes points where both FP and TP keep growing at the same rate
    (zero second difference): they lie on a straight segment and do not change the area.
    Raises ValueError if y_true holds only one class (sklearn warns and returns nan).
    """
    is_pos, y_score = _binary_targets(y_true, y_score, pos_label)
    _require_both_classes(is_pos, "ROC curve")
    fps, tps, thresholds = _cumulative_counts(is_pos, y_score)
    if drop_intermediate and len(fps) > 2:
        corner = np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True]
        fps, tps, thresholds = fps[corner], tps[corner], thresholds[corner]
    fps, tps, thresholds = np.r_[0, fps], np.r_[0, tps], np.r_[np.inf, thresholds]
    return fps / fps[-1], tps / tps[-1], thresholds


def auc(x, y) -> float:
    """Trapezoidal area under the curve y(x); x must be monotonic (either direction)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or len(x) < 2:
        raise ValueError(f"need two 1-D arrays of equal length >= 2, got {x.shape} and {y.shape}")
    dx = np.diff(x)
    if np.all(dx >= 0):
        direction = 1.0
    elif np.all(dx <= 0):
        direction = -1.0
    else:
        raise ValueError("x is neither increasing nor decreasing")
    return direction * float(np.sum(dx * (y[1:] + y[:-1]) / 2))


def roc_auc_score(y_true, y_score, pos_label=1) -> float:
    """Area under the ROC curve: the probability that a random positive scores above a
    random negative, ties counting ½. Raises ValueError if only one class is present: the
    AUC is undefined then (recent scikit-learn warns and returns nan; we refuse loudly).
    """
    fpr, tpr, _ = roc_curve(y_true, y_score, pos_label)
    return auc(fpr, tpr)


def precision_recall_curve(y_true, y_score, pos_label=1):
    """(precision, recall, thresholds) with recall decreasing and a final (P=1, R=0) point,
    as sklearn returns them. Raises ValueError if y_true has no positive sample (recall
    would be 0/0; sklearn warns and sets recall to 1).
    """
    is_pos, y_score = _binary_targets(y_true, y_score, pos_label)
    if not is_pos.any():
        raise ValueError(f"no positive sample (pos_label={pos_label!r}) in y_true: recall is undefined")
    fps, tps, thresholds = _cumulative_counts(is_pos, y_score)
    precision = tps / (tps + fps)  # tps + fps >= 1: every threshold admits a sample
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision_score(y_true, y_score, pos_label=1) -> float:
    """AP = Σₙ (Rₙ - Rₙ₋₁) Pₙ: precision at each threshold weighted by the recall it adds.
    No interpolation, so unlike the trapezoid ``pr_auc_score`` it is not optimistic.
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label)
    return float(-np.sum(np.diff(recall) * precision[:-1]))


def pr_auc_score(y_true, y_score, pos_label=1) -> float:
    """Trapezoidal area under the precision-recall curve, ``sklearn.metrics.auc(recall, precision)``."""
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label)
    return auc(recall, precision)


def log_loss(y_true, y_prob, labels=None) -> float:
    """Mean negative log-likelihood -1/N Σᵢ log p_{i, yᵢ}, as ``sklearn.metrics.log_loss``.

    ``y_prob`` is (N, K) with columns for the sorted classes (of ``labels``, else of
    y_true), or (N,) holding P(larger class) for binary problems. Probabilities are
    clipped to [eps, 1 - eps], eps = float64 machine epsilon, so a confident miss costs
    at most -log(eps) ≈ 36.
    """
    y_true, y_prob = _check_pair(y_true, y_prob, name="y_prob")
    y_prob = y_prob.astype(float)
    classes = np.unique(y_true if labels is None else labels)
    if len(classes) < 2:
        raise ValueError("y_true has a single class: pass every class through `labels`")
    if not np.isin(y_true, classes).all():
        raise ValueError("y_true contains labels that are not in `labels`")
    if y_prob.ndim == 1:
        y_prob = np.column_stack([1.0 - y_prob, y_prob])
    if y_prob.shape[1] != len(classes):
        raise ValueError(f"y_prob has {y_prob.shape[1]} columns but there are {len(classes)} classes")
    if y_prob.min() < 0 or y_prob.max() > 1:
        raise ValueError("y_prob must hold probabilities in [0, 1]")
    eps = np.finfo(float).eps
    p_true = np.clip(y_prob[np.arange(len(y_true)), np.searchsorted(classes, y_true)], eps, 1 - eps)
    return float(-np.mean(np.log(p_true)))
