"""Registry of every public loss, optimizer, schedule and metric, each paired with its oracle.

PyTorch is the oracle for losses, optimizers and schedules; scikit-learn for metrics. The
test_train_*.py batteries run over these lists, and test_train_registry.py fails when a public
name in dlprep.nn.{losses, optim, schedules, metrics} has no case here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import sklearn.metrics as skm
import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler as tsched

from dlprep.nn import losses, metrics, optim, schedules
from dlprep.nn.module import Parameter

Sample = Callable[[np.random.Generator], tuple]

# The oracles run on tiny tensors, where torch's intra-op thread pool costs ~10 ms per op on a busy
# 2-core machine (threads spin waiting for each other) against ~40 µs single-threaded.
torch.set_num_threads(1)


# ---- losses ------------------------------------------------------------------------------------

def _shape(rng) -> tuple[int, ...]:
    return tuple(int(n) for n in rng.integers(1, 5, size=rng.integers(1, 4)))


def regression(rng):
    shape = _shape(rng)
    return rng.normal(size=shape), rng.normal(size=shape)


def probabilities(rng):  # soft targets in [0, 1]; p away from the clip at 1e-7
    shape = _shape(rng)
    return rng.uniform(0.05, 0.95, shape), rng.uniform(0.0, 1.0, shape)


def binary_logits(rng):
    shape = _shape(rng)
    return 3 * rng.normal(size=shape), rng.integers(0, 2, shape).astype(float)


def class_logits(rng, n_classes: int | None = None, ignore: bool = False):
    n, c = int(rng.integers(2, 9)), n_classes or int(rng.integers(2, 6))
    target = rng.integers(0, c, n)
    if ignore:
        target[1:][rng.random(n - 1) < 0.3] = -100  # row 0 stays scored, so the mean is defined
    return 2 * rng.normal(size=(n, c)), target


def distributions(rng):  # (log Q, P) with a zero in P: its term must count as 0
    n, c = int(rng.integers(1, 6)), int(rng.integers(2, 6))
    p = rng.dirichlet(np.ones(c), n)
    p[0, 0] = 0.0
    p /= p.sum(axis=1, keepdims=True)
    return np.log(rng.dirichlet(np.ones(c), n)), p


def torch_focal(z, y, gamma, alpha, reduction):
    """Focal loss written with torch ops; autograd supplies the reference gradient."""
    log_pt = F.log_softmax(z, dim=1).gather(1, y[:, None])[:, 0]
    a = 1.0 if alpha is None else torch.as_tensor(alpha, dtype=z.dtype).expand(z.shape[1])[y]
    per_sample = -a * (1 - log_pt.exp()) ** gamma * log_pt
    return {"mean": per_sample.mean, "sum": per_sample.sum, "none": lambda: per_sample}[reduction]()


@dataclass(frozen=True)
class LossCase:
    id: str
    build: Callable[[], losses.Loss]
    oracle: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]  # same settings, in torch
    sample: Sample  # rng -> (pred, target)

    @property
    def covers(self) -> set:
        return {type(self.build())}


CLASS_WEIGHT = [0.5, 2.0, 1.0, 3.0, 0.25]


def _loss_cases(reduction: str) -> list[LossCase]:
    r = reduction
    cw = torch.tensor(CLASS_WEIGHT, dtype=torch.float64)
    return [LossCase(f"{name}-{r}", build, oracle, sample) for name, build, oracle, sample in [
        ("mse", partial(losses.MSELoss, r), partial(F.mse_loss, reduction=r), regression),
        ("l1", partial(losses.L1Loss, r), partial(F.l1_loss, reduction=r), regression),
        ("huber", partial(losses.HuberLoss, 0.7, r), partial(F.huber_loss, delta=0.7, reduction=r),
         regression),
        ("bce", partial(losses.BCELoss, reduction=r), partial(F.binary_cross_entropy, reduction=r),
         probabilities),
        ("bce_logits", partial(losses.BCEWithLogitsLoss, r),
         partial(F.binary_cross_entropy_with_logits, reduction=r), binary_logits),
        ("ce", partial(losses.CrossEntropyLoss, reduction=r), partial(F.cross_entropy, reduction=r),
         class_logits),
        ("ce_weighted_smoothed_ignore",
         lambda: losses.CrossEntropyLoss(CLASS_WEIGHT[:3], 0.2, ignore_index=-100, reduction=r),
         lambda z, y: F.cross_entropy(z, y, cw[:3], ignore_index=-100, reduction=r, label_smoothing=0.2),
         partial(class_logits, n_classes=3, ignore=True)),
        ("ce_smoothing", partial(losses.CrossEntropyLoss, label_smoothing=0.1, reduction=r),
         partial(F.cross_entropy, label_smoothing=0.1, reduction=r), class_logits),
        ("ce_ignore", partial(losses.CrossEntropyLoss, ignore_index=-100, reduction=r),
         partial(F.cross_entropy, ignore_index=-100, reduction=r), partial(class_logits, ignore=True)),
        ("focal", partial(losses.FocalLoss, 2.0, reduction=r), partial(torch_focal, gamma=2.0, alpha=None,
                                                                         reduction=r), class_logits),
        ("focal_alpha", lambda: losses.FocalLoss(0.5, CLASS_WEIGHT, r),
         partial(torch_focal, gamma=0.5, alpha=CLASS_WEIGHT, reduction=r),
         partial(class_logits, n_classes=5)),
        ("kl", partial(losses.KLDivLoss, r), partial(F.kl_div, reduction=r), distributions),
    ]]


LOSS_CASES = [case for r in ("mean", "sum", "none") for case in _loss_cases(r)] + [
    LossCase("kl-batchmean", losses.KLDivLoss, partial(F.kl_div, reduction="batchmean"), distributions),
]


# ---- optimizers --------------------------------------------------------------------------------

@dataclass(frozen=True)
class OptimizerCase:
    ours: type[optim.Optimizer]
    theirs: type[torch.optim.Optimizer]
    kwargs: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.ours.__name__ + "".join(f"-{k}={v}" for k, v in self.kwargs.items())

    @property
    def covers(self) -> set:
        return {self.ours}


OPTIMIZER_CASES = [
    OptimizerCase(optim.SGD, torch.optim.SGD, {"lr": 0.1}),
    OptimizerCase(optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1}),
    OptimizerCase(optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    OptimizerCase(optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "dampening": 0.5}),
    OptimizerCase(optim.Adagrad, torch.optim.Adagrad, {"lr": 0.3}),
    OptimizerCase(optim.Adagrad, torch.optim.Adagrad, {"lr": 0.3, "weight_decay": 0.05, "eps": 1e-6}),
    OptimizerCase(optim.RMSprop, torch.optim.RMSprop, {"lr": 0.01}),
    OptimizerCase(optim.RMSprop, torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.5,
                                                       "centered": True, "weight_decay": 0.1}),
    OptimizerCase(optim.Adam, torch.optim.Adam, {"lr": 0.05}),
    OptimizerCase(optim.Adam, torch.optim.Adam, {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    OptimizerCase(optim.Adam, torch.optim.Adam, {"lr": 0.05, "amsgrad": True}),
    OptimizerCase(optim.AdamW, torch.optim.AdamW, {"lr": 0.05}),
    OptimizerCase(optim.AdamW, torch.optim.AdamW, {"lr": 0.05, "weight_decay": 0.3, "amsgrad": True}),
]


# ---- schedules ---------------------------------------------------------------------------------

# A validation loss that falls, then plateaus with noise: ReduceLROnPlateau must cut several times.
PLATEAU_METRICS = np.r_[np.linspace(5.0, 1.0, 20), 1.0 + 0.01 * np.random.default_rng(0).normal(size=80)]


@dataclass(frozen=True)
class ScheduleCase:
    id: str
    ours: Callable[[optim.Optimizer], object]
    theirs: Callable[[torch.optim.Optimizer], object]
    metrics: np.ndarray | None = None  # ReduceLROnPlateau's step argument, one per step
    steps: int = 100
    extra_covers: tuple = ()  # public functions the scheduler class is built on

    @property
    def covers(self) -> set:
        scheduler = self.ours(optim.SGD([Parameter(np.zeros(1))], lr=1.0))
        return {type(scheduler), *self.extra_covers}


def both(name: str, *args, **kwargs) -> dict:
    """Our scheduler and torch's of the same name, built with the same arguments."""
    return {"ours": lambda o: getattr(schedules, name)(o, *args, **kwargs),
            "theirs": lambda o: getattr(tsched, name)(o, *args, **kwargs)}


def torch_warmup_cosine(o, warmup: int, total: int, min_lr: float):
    # torch has no single warmup-cosine class; LinearLR over W-1 steps from 1/W gives (t+1)/W.
    warm = tsched.LinearLR(o, 1 / warmup, 1.0, warmup - 1)
    return tsched.SequentialLR(o, [warm, tsched.CosineAnnealingLR(o, total - warmup, min_lr)], [warmup])


PLATEAU_MAX = {"mode": "max", "factor": 0.3, "patience": 2, "threshold": 0.01, "cooldown": 3, "min_lr": 0.02}
SCHEDULE_CASES = [
    ScheduleCase("step", **both("StepLR", 7, 0.5)),
    ScheduleCase("exponential", **both("ExponentialLR", 0.95)),
    ScheduleCase("cosine", **both("CosineAnnealingLR", 30, 0.01)),
    ScheduleCase("warmup_cosine", lambda o: schedules.WarmupCosineLR(o, 10, 60, 0.01),
                 lambda o: torch_warmup_cosine(o, 10, 60, 0.01), steps=61,  # torch's cosine rises after 60
                 extra_covers=(schedules.warmup_cosine,)),
    ScheduleCase("plateau", **both("ReduceLROnPlateau", factor=0.5, patience=3), metrics=PLATEAU_METRICS),
    ScheduleCase("plateau_max", **both("ReduceLROnPlateau", **PLATEAU_MAX), metrics=-PLATEAU_METRICS),
]


# ---- metrics -----------------------------------------------------------------------------------

def labels(rng, n_classes=None):
    n, k = int(rng.integers(1, 40)), n_classes or int(rng.integers(2, 6))
    return rng.integers(0, k, n), rng.integers(0, k, n)


def binary_scores(rng):
    """Both classes present; half the draws use 5 score levels, so thresholds see ties."""
    n = int(rng.integers(2, 40))
    y = rng.permutation(np.r_[0, 1, rng.integers(0, 2, n - 2)])
    score = rng.integers(0, 5, n) / 4 if rng.random() < 0.5 else rng.normal(size=n)
    return y, score


def class_probabilities(rng):
    k = int(rng.integers(2, 5))
    y = rng.permutation(np.r_[np.arange(k), rng.integers(0, k, int(rng.integers(0, 30)))])
    prob = rng.dirichlet(np.ones(k), len(y))
    prob[0] = np.eye(k)[(y[0] + 1) % k]  # one confident miss: exercises the clipping
    return y, prob


def binary_probabilities(rng):
    y, _ = binary_scores(rng)
    return y, rng.uniform(0, 1, len(y))


def curve_points(rng):
    n = int(rng.integers(2, 20))
    return np.sort(rng.uniform(size=n)), rng.uniform(size=n)


def sk_prf(average):
    return lambda y, p: skm.precision_recall_fscore_support(y, p, average=average, zero_division=0)[:3]


def sk_log_loss(y, prob):
    # scikit-learn 1.9 renamed log_loss's y_pred to y_proba (the old name warns); accept both.
    name = "y_proba" if "y_proba" in inspect.signature(skm.log_loss).parameters else "y_pred"
    return skm.log_loss(y, **{name: prob})


def sk_pr_auc(y, s):
    precision, recall, _ = skm.precision_recall_curve(y, s)
    return skm.auc(recall, precision)


@dataclass(frozen=True)
class MetricCase:
    id: str
    ours: Callable
    oracle: Callable
    sample: Sample

    @property
    def covers(self) -> set:
        target = self.ours.func if isinstance(self.ours, partial) else self.ours
        return {target}


M, binary = metrics, partial(labels, n_classes=2)
METRIC_CASES = [
    MetricCase("confusion_matrix", M.confusion_matrix, skm.confusion_matrix, labels),
    MetricCase("accuracy", M.accuracy_score, skm.accuracy_score, labels),
    *[MetricCase(f"prf-{avg}", partial(M.precision_recall_f1, average=avg), sk_prf(avg), labels)
      for avg in ("macro", "micro", "weighted", None)],
    MetricCase("prf-binary", M.precision_recall_f1, sk_prf("binary"), binary),
    MetricCase("precision-macro", partial(M.precision_score, average="macro"),
               partial(skm.precision_score, average="macro", zero_division=0), labels),
    MetricCase("recall-binary", M.recall_score, partial(skm.recall_score, zero_division=0), binary),
    MetricCase("f1-weighted", partial(M.f1_score, average="weighted"),
               partial(skm.f1_score, average="weighted", zero_division=0), labels),
    MetricCase("classification_report", M.classification_report,
               partial(skm.classification_report, output_dict=True, zero_division=0), labels),
    MetricCase("roc_curve", M.roc_curve, skm.roc_curve, binary_scores),
    MetricCase("roc_curve-all", partial(M.roc_curve, drop_intermediate=False),
               partial(skm.roc_curve, drop_intermediate=False), binary_scores),
    MetricCase("roc_auc", M.roc_auc_score, skm.roc_auc_score, binary_scores),
    MetricCase("auc", M.auc, skm.auc, curve_points),
    MetricCase("pr_curve", M.precision_recall_curve, skm.precision_recall_curve, binary_scores),
    MetricCase("average_precision", M.average_precision_score, skm.average_precision_score, binary_scores),
    MetricCase("pr_auc", M.pr_auc_score, sk_pr_auc, binary_scores),
    MetricCase("log_loss", M.log_loss, sk_log_loss, class_probabilities),
    MetricCase("log_loss-binary", M.log_loss, sk_log_loss, binary_probabilities),
]
