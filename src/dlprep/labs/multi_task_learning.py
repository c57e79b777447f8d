"""Multi-task learning with few labels: one shared trunk for digit + parity vs separate single-task models.

Setting (MNIST-5k, stratified 80/20 split): only ``n_labelled`` training images (class-balanced)
carry labels, for both tasks. Task 1 is the digit (10 classes), task 2 its parity (even / odd,
2 classes: a coarser task whose classes are unions of unlike-looking digits). Models, all MLPs
on the 784 pixels, trained with AdamW for the same number of gradient steps:

    mtl          trunk 784-H-H, two heads (loss = CE_digit + parity_weight · CE_parity)
    stl_same     one digit-only and one parity-only MLP of width h, h chosen so that the two
                 together have about as many weights as ``mtl`` (the same parameter budget)
    stl_wide     one digit-only and one parity-only MLP of width H (each as large as ``mtl``)
    parity_from_digit      the parity of the stl_wide digit model's prediction (no parity head)
    mtl_parity_from_digit  the parity of the mtl model's digit-head prediction

for each ``n_labelled`` and ``seeds`` seeds (initialisation and batch order, shared by the
variants of one seed). Accuracies are on the 1,000 test images, means over seeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.multitask import MultiTaskConfig, MultiTaskNet, fit_multitask, n_params, predict_tasks
from dlprep.torchref.training import TrainConfig

VARIANTS = ("mtl", "stl_same", "stl_wide")


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_labelled": (300,), "seeds": 2, "steps": 600}

    threads: int = 1
    split_seed: int = 0
    n_labelled: tuple[int, ...] = (100, 300, 1000)
    claim_n: int = 300  # the label count the claims are about (added to n_labelled)
    hidden: int = 128  # trunk width H of the multi-task model
    parity_weight: float = 1.0  # λ of the parity loss
    seeds: int = 3
    steps: int = 1000  # gradient steps per model, whatever n_labelled is
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 1e-4


def _same_budget_width(hidden: int, n_in: int = 784) -> int:
    """Width h of two single-task MLPs (784-h-h-10 and 784-h-h-2) whose weights add up to the MTL model's."""
    target = n_params(MultiTaskNet(MultiTaskConfig(n_in, (hidden, hidden), {"digit": 10, "parity": 2})))
    # 2h² + (2·n_in + 2·2 + 12) h + 12 = target  (two trunks n_in·h + h + h² + h, heads 10h + 10 and 2h + 2)
    a, b, c = 2.0, 2 * n_in + 4 + 12, 12 - target
    return int(round((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)))


def _acc(result: LabResult, variant: str, task: str) -> float:
    n = result.config["claim_n"]
    return result.metrics[f"n{n}_{variant}_{task}_acc"]


def _no_gain_claim(result: LabResult) -> tuple[bool, str]:
    n = result.config["claim_n"]
    parts, ok = [], True
    for task in ("digit", "parity"):
        mtl, same = _acc(result, "mtl", task), _acc(result, "stl_same", task)
        ok &= mtl - same < 0.01
        parts.append(f"{task}: MTL {mtl:.4f} vs single-task same budget {same:.4f} ({mtl - same:+.4f})")
    return ok, f"{n} labels: " + "; ".join(parts) + " (gain needed < +0.01 on both)"


def _unused_claim(result: LabResult) -> tuple[bool, str]:
    n = result.config["claim_n"]
    head, derived = _acc(result, "mtl", "parity"), result.metrics[f"n{n}_mtl_parity_from_digit_parity_acc"]
    return derived >= head + 0.02, (f"{n} labels: the MTL model's parity head {head:.4f} vs the parity of its own "
                                    f"digit head {derived:.4f} ({derived - head:+.4f}, needed +0.02)")


def _derived_claim(result: LabResult) -> tuple[bool, str]:
    n = result.config["claim_n"]
    derived = result.metrics[f"n{n}_parity_from_digit_parity_acc"]
    stl = _acc(result, "stl_wide", "parity")
    return derived >= stl + 0.02, (f"{n} labels: parity read off the digit-only model {derived:.4f} vs a "
                                   f"parity-only model of the same width {stl:.4f} ({derived - stl:+.4f}, "
                                   f"needed +0.02)")


CLAIMS = [
    Claim("no_gain_from_sharing", "with 300 labels for both tasks, sharing a trunk gains less than 1 point on "
          "either task over single-task models with the same total weights (an honest null result)",
          _no_gain_claim),
    Claim("parity_head_ignores_trunk", "the multi-task model's own digit head predicts parity >= 2 points better "
          "than its parity head: the shared features hold the information, the parity head does not use it",
          _unused_claim),
    Claim("fine_labels_carry_more", "a digit model's predicted parity beats a model trained on parity labels "
          "alone by >= 2 points: the 10-class labels carry information the 2-class labels hide",
          _derived_claim),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        dev, r = lab.device, lab.result
        split = load_mnist5000_split(seed=cfg.split_seed)
        xt = torch.from_numpy(split.x_test_flat).to(dev)
        yt = {"digit": torch.from_numpy(split.y_test).to(dev), "parity": torch.from_numpy(split.y_test % 2).to(dev)}
        h_same = _same_budget_width(cfg.hidden)
        shapes = {  # variant -> [(hidden widths, heads)] of its model(s)
            "mtl": [((cfg.hidden, cfg.hidden), {"digit": 10, "parity": 2})],
            "stl_same": [((h_same, h_same), {"digit": 10}), ((h_same, h_same), {"parity": 2})],
            "stl_wide": [((cfg.hidden, cfg.hidden), {"digit": 10}), ((cfg.hidden, cfg.hidden), {"parity": 2})],
        }
        budget = {v: sum(n_params(MultiTaskNet(MultiTaskConfig(784, hid, heads))) for hid, heads in specs)
                  for v, specs in shapes.items()}
        label_counts = sorted({*cfg.n_labelled, cfg.claim_n})
        accs: dict[tuple[int, str, str], list[float]] = {}
        rows = []
        with lab.progress("models", len(label_counts) * cfg.seeds) as advance:
            for n in label_counts:
                idx = stratified_subset(split.y_train, n, seed=cfg.split_seed)
                x = torch.from_numpy(split.x_train_flat[idx]).to(dev)
                y = {"digit": torch.from_numpy(split.y_train[idx]).to(dev),
                     "parity": torch.from_numpy(split.y_train[idx] % 2).to(dev)}
                epochs = max(1, round(cfg.steps * cfg.batch_size / n))
                train_cfg = TrainConfig(epochs=epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                        weight_decay=cfg.weight_decay)
                for s in range(cfg.seeds):
                    seed = cfg.seed * 1000 + s
                    preds: dict[str, dict[str, torch.Tensor]] = {}
                    for variant, specs in shapes.items():
                        preds[variant] = {}
                        for hid, heads in specs:
                            torch.manual_seed(seed)  # same seed for every model of this seed
                            model = MultiTaskNet(MultiTaskConfig(784, hid, heads)).to(dev)
                            fit_multitask(model, x, {t: y[t] for t in heads}, train_cfg,
                                          torch.Generator().manual_seed(seed), {"parity": cfg.parity_weight})
                            preds[variant].update(predict_tasks(model, xt))
                        for task in ("digit", "parity"):
                            acc = float((preds[variant][task] == yt[task]).float().mean())
                            accs.setdefault((n, variant, task), []).append(acc)
                    for source, name in (("stl_wide", "parity_from_digit"), ("mtl", "mtl_parity_from_digit")):
                        derived = float(((preds[source]["digit"] % 2) == yt["parity"]).float().mean())
                        accs.setdefault((n, name, "parity"), []).append(derived)
                    advance()
                for variant in VARIANTS:
                    rows.append({"n_labelled": n, "variant": variant, "weights": budget[variant],
                                 **{f"{t}_acc": round(float(np.mean(accs[(n, variant, t)])), 4)
                                    for t in ("digit", "parity")},
                                 **{f"{t}_acc_std": round(float(np.std(accs[(n, variant, t)])), 4)
                                    for t in ("digit", "parity")}})
                for name, weights in (("parity_from_digit", budget["stl_wide"] // 2),
                                      ("mtl_parity_from_digit", budget["mtl"])):
                    rows.append({"n_labelled": n, "variant": name, "weights": weights,
                                 "parity_acc": round(float(np.mean(accs[(n, name, "parity")])), 4)})

        for (n, variant, task), values in accs.items():
            r.metrics[f"n{n}_{variant}_{task}_acc"] = float(np.mean(values))
        r.metrics.update({"same_budget_width": h_same, **{f"weights_{v}": b for v, b in budget.items()},
                          "steps_per_model": cfg.steps, "seeds": cfg.seeds})
        r.tables["accuracy"] = rows
        r.tables["per_seed"] = [{"n_labelled": n, "variant": v, "task": t, "acc": [round(a, 4) for a in vals]}
                                for (n, v, t), vals in accs.items()]

        for task in ("digit", "parity"):
            series = {v: [r.metrics[f"n{n}_{v}_{task}_acc"] for n in label_counts] for v in VARIANTS}
            if task == "parity":
                for name in ("parity_from_digit", "mtl_parity_from_digit"):
                    series[name] = [r.metrics[f"n{n}_{name}_parity_acc"] for n in label_counts]
            fig = plots.lines(label_counts, series, "labelled training images", f"{task} test accuracy",
                              title=f"{task}: multi-task vs single-task (mean of {cfg.seeds} seeds)")
            fig.axes[0].set_xscale("log")
            lab.figure(f"{task}_accuracy", fig)
        r.notes += [
            f"stl_same uses width {h_same} so that its two models have {budget['stl_same']:,} weights together vs "
            f"{budget['mtl']:,} for mtl; stl_wide's two models have {budget['stl_wide']:,}.",
            f"Every model takes {cfg.steps} AdamW steps of batch {cfg.batch_size} (epochs = steps·batch / n_labelled).",
            "Parity is a function of the digit, so the two tasks are strongly related by construction; with "
            "unrelated or conflicting tasks sharing can hurt (negative transfer).",
        ]
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
