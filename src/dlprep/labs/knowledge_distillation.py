"""Knowledge distillation: a CNN teacher's soft labels lift a small MLP student trained on 500 labels.

Setting (MNIST-5k, stratified 80/20 split): the teacher, ``SmallCNN`` (0.42 M weights), is
trained on all 4,000 labelled training images. The student, an MLP 784-64-10 (51 k
weights, 8x smaller), may use only ``n_labelled`` = 500 labels; the other 3,500 training
images are an unlabelled transfer set the teacher can label. Students compared, all with
the same architecture, optimiser and number of gradient steps:

    alone             cross-entropy on the 500 labelled images
    kd_labelled_only  KD loss (α·CE + (1-α)·T²·KL) on the same 500 images: soft labels only
    hard_pseudo       cross-entropy on all 4,000: true labels + the teacher's argmax on the rest
    kd_T{T}           KD loss on all 4,000 (unlabelled rows: KL term only), for each T

so the table separates what the transfer set buys (hard_pseudo vs alone) from what soft
labels add on top (kd vs hard_pseudo) and from soft labels without extra inputs
(kd_labelled_only vs alone). Every student variant runs for ``student_seeds`` seeds
(initialisation and batch order); the metrics are means over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.cnn import SmallCNN
from dlprep.torchref.distillation import distillation
from dlprep.torchref.mlp import MLP
from dlprep.torchref.training import TrainConfig, evaluate, fit, predict


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"teacher_epochs": 3, "student_epochs": 10, "temperatures": (4.0,),
                                       "student_seeds": 1}

    split_seed: int = 0
    n_labelled: int = 500  # labels the student may use (class-balanced)
    teacher_epochs: int = 10
    # Passes over the 4,000-image transfer set; runs on the labelled images alone get
    # ceil(4000 / n_labelled) times as many, so every student takes the same gradient steps.
    student_epochs: int = 30
    student_hidden: tuple[int, ...] = (64,)
    temperatures: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
    temperature: float = 4.0  # the T of kd_labelled_only and of the claims (added to the sweep)
    alpha: float = 0.1  # weight of the hard-label cross-entropy; 1 - alpha on the soft term
    student_seeds: int = 3
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4


def _kd_beats_alone(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    t = result.config["temperature"]
    kd, alone = m[f"kd_T{t:g}_acc"], m["alone_acc"]
    return kd >= alone + 0.02, f"KD student (T={t:g}) {kd:.4f} vs student alone {alone:.4f}: {kd - alone:+.4f}"


def _teacher_strongest(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    t = result.config["temperature"]
    return m["teacher_acc"] > m[f"kd_T{t:g}_acc"], \
        f"teacher {m['teacher_acc']:.4f}, KD student {m[f'kd_T{t:g}_acc']:.4f}"


CLAIMS = [
    Claim("kd_beats_alone", "with 500 labels, the distilled student beats the same student trained alone "
          "by >= 2 points of test accuracy", _kd_beats_alone),
    Claim("teacher_above_student", "the student stays below its teacher (distillation transfers, "
          "it does not add information)", _teacher_strongest),
]


def _student(cfg: Config) -> MLP:
    return MLP(784, cfg.student_hidden, 10)


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        split = load_mnist5000_split(seed=cfg.split_seed)
        dev = lab.device
        x, y = torch.from_numpy(split.x_train).to(dev), torch.from_numpy(split.y_train).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)
        labelled = torch.from_numpy(stratified_subset(split.y_train, cfg.n_labelled, seed=cfg.split_seed)).to(dev)
        r = lab.result

        # 1. The teacher: all labels.
        teacher = SmallCNN().to(dev)
        t_cfg = TrainConfig(epochs=cfg.teacher_epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                            weight_decay=cfg.weight_decay)
        with lab.progress("teacher", cfg.teacher_epochs) as advance:
            r.history["teacher"] = fit(teacher, x, y, t_cfg, lab.generator, eval_sets={"test": (xt, yt)},
                                       on_epoch=advance)
        teacher_logits = predict(teacher, x)  # (4000, 10), computed once: the teacher is frozen
        r.metrics["teacher_acc"] = evaluate(teacher, xt, yt)["acc"]
        unl = torch.ones(len(x), dtype=torch.bool, device=dev)
        unl[labelled] = False
        r.metrics["teacher_acc_on_transfer_set"] = (teacher_logits.argmax(1)[unl] == y[unl]).float().mean().item()

        # 2. The students. Targets: -1 marks a row whose label the student may not see.
        y_semi = torch.full_like(y, -1)
        y_semi[labelled] = y[labelled]
        y_hard = teacher_logits.argmax(1)
        y_hard[labelled] = y[labelled]
        x_l, y_l, tl_l = x[labelled], y[labelled], teacher_logits[labelled]
        repeat = -(-len(x) // len(labelled))  # epochs multiplier that equalises gradient steps
        temps = sorted({*cfg.temperatures, cfg.temperature})
        # name -> (inputs, labels, loss_fn or None for cross-entropy, epochs)
        variants: dict[str, tuple] = {
            "alone": (x_l, y_l, None, cfg.student_epochs * repeat),
            "kd_labelled_only": (x_l, y_l, distillation(tl_l, y_l, cfg.temperature, cfg.alpha),
                                 cfg.student_epochs * repeat),
            "hard_pseudo": (x, y_hard, None, cfg.student_epochs),
        }
        for t in temps:
            variants[f"kd_T{t:g}"] = (x, y_semi, distillation(teacher_logits, y_semi, t, cfg.alpha),
                                      cfg.student_epochs)
        accs: dict[str, list[float]] = {name: [] for name in variants}
        with lab.progress("students", len(variants) * cfg.student_seeds) as advance:
            for seed in range(cfg.student_seeds):
                for name, (xs, ys, loss_fn, epochs) in variants.items():
                    torch.manual_seed(cfg.seed * 1000 + seed)  # same init for every variant of a seed
                    gen = torch.Generator().manual_seed(cfg.seed * 1000 + seed)
                    student = _student(cfg).to(dev)
                    s_cfg = TrainConfig(epochs=epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                        weight_decay=cfg.weight_decay)
                    hist = fit(student, xs, ys, s_cfg, gen, loss_fn=loss_fn,
                               eval_sets={"test": (xt, yt)} if seed == 0 else None)
                    if seed == 0:
                        r.history[name] = hist
                    accs[name].append(evaluate(student, xt, yt)["acc"])
                    advance()

        n_student = sum(p.numel() for p in _student(cfg).parameters())
        r.metrics.update({f"{name}_acc": float(np.mean(a)) for name, a in accs.items()})
        r.metrics.update({"n_labelled": len(labelled), "n_transfer": len(x), "student_seeds": cfg.student_seeds,
                          "teacher_params": sum(p.numel() for p in teacher.parameters()),
                          "student_params": n_student})
        r.tables["students"] = [
            {"student": name, "test_acc_mean": round(float(np.mean(a)), 4),
             "test_acc_std": round(float(np.std(a)), 4), "per_seed": [round(v, 4) for v in a]}
            for name, a in accs.items()]

        kd = [r.metrics[f"kd_T{t:g}_acc"] for t in temps]
        lab.figure("temperature_sweep", plots.lines(
            temps, {"KD student (transfer set)": kd}, "temperature T", "test accuracy",
            title=f"student MLP, {cfg.n_labelled} labels, mean of {cfg.student_seeds} seed(s)", logx=True,
            hlines={"teacher": r.metrics["teacher_acc"], "hard pseudo-labels": r.metrics["hard_pseudo_acc"],
                    f"KD labelled only (T={cfg.temperature:g})": r.metrics["kd_labelled_only_acc"],
                    "student alone": r.metrics["alone_acc"]}))
        names = ["alone", "kd_labelled_only", "hard_pseudo", *(f"kd_T{t:g}" for t in temps)]
        accs_mean = [r.metrics[f"{n}_acc"] for n in names]
        floor = max(0.0, np.floor(min(accs_mean) * 20) / 20 - 0.05)
        lab.figure("students", plots.bars(names, accs_mean, "test accuracy", "students (mean over seeds)",
                                          ylim=(floor, 1.0), fmt="{:.4f}"))
        curves = {k: r.history[k] for k in ("alone", "hard_pseudo", f"kd_T{cfg.temperature:g}")}
        lab.figure("curves", plots.training_curves(curves, title=f"students, seed 0 (alone: {repeat}x the epochs)"))
        # What the student sees: the teacher's softmax at several temperatures for one image.
        probs = {f"T={t:g}": F.softmax(teacher_logits[unl][0] / t, dim=0).cpu().tolist() for t in (1, *temps)}
        lab.figure("soft_targets", plots.grouped_bars([str(c) for c in range(10)], probs, "probability",
                                                      f"teacher softmax(z/T), a transfer-set image of a "
                                                      f"{int(y[unl][0])}"))
        r.notes.append(f"alone and kd_labelled_only see {len(labelled)} images for {repeat}x the epochs, "
                       "so every student takes about the same number of gradient steps.")
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
