"""Every metric in the registry equals scikit-learn on 40 random draws each (ties, absent classes
and zero predicted positives come up by chance), plus the edge cases the docstrings promise."""

import numpy as np
import pytest
import sklearn.metrics as skm

from dlprep.nn import metrics
from tests.nn.train_cases import METRIC_CASES, MetricCase

TOL = {"rtol": 1e-10, "atol": 1e-12}


def by_id(cases):
    return pytest.mark.parametrize("case", cases, ids=[case.id for case in cases])


def assert_same(ours, theirs):
    if isinstance(theirs, dict):
        assert ours.keys() == theirs.keys()
        for key in theirs:
            assert_same(ours[key], theirs[key])
    elif isinstance(theirs, tuple):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            assert_same(a, b)
    else:
        np.testing.assert_allclose(ours, theirs, **TOL)
        assert np.shape(ours) == np.shape(theirs)


@by_id(METRIC_CASES)
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
def test_matches_sklearn_on_random_data(case: MetricCase):
    rng = np.random.default_rng(0)
    for _ in range(40):
        args = case.sample(rng)
        assert_same(case.ours(*args), case.oracle(*args))


def test_ties_share_one_threshold():
    y, score = [0, 1, 1, 0, 1], [0.5, 0.5, 0.9, 0.1, 0.5]
    fpr, tpr, thresholds = metrics.roc_curve(y, score, drop_intermediate=False)
    np.testing.assert_array_equal(thresholds, [np.inf, 0.9, 0.5, 0.1])
    np.testing.assert_allclose(fpr, [0, 0, 0.5, 1])
    np.testing.assert_allclose(tpr, [0, 1 / 3, 1, 1])
    # AUC = P(s+ > s-) + ½ P(s+ = s-): of the 6 (positive, negative) pairs 4 are won and 2 tied.
    assert metrics.roc_auc_score(y, score) == pytest.approx(5 / 6)


@pytest.mark.parametrize("fn", [metrics.roc_auc_score, metrics.roc_curve])
@pytest.mark.parametrize("y", [[1, 1, 1], [0, 0, 0]])
def test_roc_with_one_class_raises(fn, y):
    # A deliberate deviation: scikit-learn 1.9 warns and returns nan (older versions raised).
    with pytest.raises(ValueError, match="Only one class present"):
        fn(y, [0.1, 0.5, 0.9])


def test_precision_recall_curve_without_positives_raises():
    with pytest.raises(ValueError, match="no positive"):
        metrics.average_precision_score([0, 0, 0], [0.1, 0.5, 0.9])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
@pytest.mark.parametrize("average", ["binary", "macro", "micro", "weighted"])
def test_no_predicted_positives_give_zero_precision(average):
    y_true, y_pred = [1, 0, 1, 0], [0, 0, 0, 0]
    ours = metrics.precision_recall_f1(y_true, y_pred, average)
    theirs = skm.precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)[:3]
    assert_same(ours, theirs)
    if average == "binary":
        assert ours == (0.0, 0.0, 0.0)


def test_perfect_and_single_label_cases():
    assert metrics.precision_recall_f1([1, 1], [1, 1]) == (1.0, 1.0, 1.0)
    assert metrics.precision_recall_f1([0, 0], [0, 0]) == (0.0, 0.0, 0.0)  # pos_label 1 never occurs
    assert metrics.f1_score(["cat", "dog"], ["cat", "cat"], pos_label="dog") == 0.0
    np.testing.assert_array_equal(metrics.confusion_matrix([2, 0], [0, 0], labels=[0, 1, 2]),
                                  [[1, 0, 0], [0, 0, 0], [1, 0, 0]])
    assert metrics.average_precision_score([1, 1], [0.2, 0.9]) == 1.0


@pytest.mark.parametrize("call, message", [
    (lambda: metrics.accuracy_score([0, 1, 1], [0, 1]), "3 samples but y_pred has 2"),
    (lambda: metrics.confusion_matrix([], []), "empty"),
    (lambda: metrics.f1_score([0, 1], [1, 0], average="mean"), "average"),
    (lambda: metrics.f1_score([0, 1, 2], [0, 1, 2]), "binary"),
    (lambda: metrics.precision_score([0, 2], [2, 0]), "pos_label"),
    (lambda: metrics.roc_auc_score([0, 1, 2], [0.1, 0.2, 0.3]), "more than two"),
    (lambda: metrics.roc_auc_score([0, 1], [0.1, 0.2, 0.3]), "y_score has 3"),
    (lambda: metrics.auc([0, 1, 0.5], [1, 1, 1]), "increasing"),
    (lambda: metrics.log_loss([0, 1, 1], [[0.5, 0.5, 0.0]] * 3), "columns"),
    (lambda: metrics.log_loss([1, 1], [0.5, 0.5]), "single class"),
    (lambda: metrics.log_loss([0, 1], [0.5, 1.5]), "probabilities"),
    (lambda: metrics.log_loss([0, 3], [[0.5, 0.5]] * 2, labels=[0, 1]), "not in `labels`"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
