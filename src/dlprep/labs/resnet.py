"""Residual vs plain deep nets: gradient norms per layer at initialisation, and accuracy after training.

Both nets are ``dlprep.torchref.resnet.DeepMLP`` on MNIST-5k (784 -> width 64 -> 10): a stem
layer, ``n_blocks`` two-layer blocks and a head, so 2·n_blocks + 2 linear layers. The residual
net computes y = ReLU(x + F(x)) per block, the plain net y = ReLU(F(x)): same layers, same
weights, same initial values (same seed); only the shortcut differs.

Settings (``settings``) vary what else keeps a deep net trainable:
    default    PyTorch's default init, U(±1/√fan_in), so Var(W) = 1/(3·fan_in); ReLU halves the
               second moment, so going back through a plain layer scales the gradient by √(1/6):
               it should grow by √6 ≈ 2.45 per layer towards the output (``*_grad_growth_per_layer``
               is the measured factor, fitted over the blocks' layers)
    he         He (Kaiming) normal init, N(0, 2/fan_in): keeps a plain ReLU stack's scale at 1
    batchnorm  default init + batch norm after each linear layer inside the blocks
For each setting and depth the lab records ‖∂L/∂W‖ of every layer at initialisation (one
batch of 256 training images) and the train/test accuracy after ``epochs`` of AdamW.
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
from dlprep.torchref.resnet import DeepMLP, DeepMLPConfig, layer_grad_norms
from dlprep.torchref.training import TrainConfig, evaluate, fit

SETTINGS = {  # name -> (init, batch_norm)
    "default": ("default", False),
    "he": ("kaiming", False),
    "batchnorm": ("default", True),
}


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 2000, "epochs": 4, "depth_blocks": (2, 16),
                                       "settings": ("default",)}

    split_seed: int = 0
    n_train: int = 0  # 0 = all 4,000 training images
    width: int = 64
    depth_blocks: tuple[int, ...] = (2, 4, 8, 16)  # blocks; linear layers = 2·blocks + 2
    settings: tuple[str, ...] = ("default", "he", "batchnorm")
    epochs: int = 10
    batch_size: int = 64
    lr: float = 1e-3
    grad_batch: int = 256  # images in the batch whose gradient is measured at init


def _key(setting: str, arch: str, blocks: int) -> str:
    return f"{setting}_{arch}_{2 * blocks + 2}"


def _deepest(result: LabResult) -> int:
    return 2 * max(result.config["depth_blocks"]) + 2


def _grad_claim(result: LabResult) -> tuple[bool, str]:
    d, m = _deepest(result), result.metrics
    plain, res = m[f"default_plain_{d}_grad_first"], m[f"default_residual_{d}_grad_first"]
    return res > 1000 * plain, (f"{d} layers, default init: first-layer ‖∂L/∂W‖ residual {res:.3g}, "
                                f"plain {plain:.3g} (ratio {res / max(plain, 1e-300):.3g})")


def _acc_claim(result: LabResult) -> tuple[bool, str]:
    d, m = _deepest(result), result.metrics
    plain, res = m[f"default_plain_{d}_test_acc"], m[f"default_residual_{d}_test_acc"]
    return res >= plain + 0.2, f"{d} layers, default init: test accuracy residual {res:.4f}, plain {plain:.4f}"


def _degradation_claim(result: LabResult) -> tuple[bool | None, str]:
    blocks = result.config["depth_blocks"]
    if len(blocks) < 2:
        return None, "needs two depths or more"
    lo, hi, m = 2 * min(blocks) + 2, 2 * max(blocks) + 2, result.metrics
    p_lo, p_hi = m[f"default_plain_{lo}_train_acc"], m[f"default_plain_{hi}_train_acc"]
    r_lo, r_hi = m[f"default_residual_{lo}_train_acc"], m[f"default_residual_{hi}_train_acc"]
    return p_hi <= p_lo - 0.05 and r_hi >= r_lo - 0.01, (
        f"default init, training accuracy {lo} -> {hi} layers: plain {p_lo:.4f} -> {p_hi:.4f}, "
        f"residual {r_lo:.4f} -> {r_hi:.4f}")


def _batchnorm_claim(result: LabResult) -> tuple[bool | None, str]:
    if "batchnorm" not in result.config["settings"]:
        return None, "needs the batchnorm setting"
    d, m = _deepest(result), result.metrics
    plain, res = m[f"batchnorm_plain_{d}_train_acc"], m[f"batchnorm_residual_{d}_train_acc"]
    return res >= plain + 0.2, f"{d} layers with batch norm: training accuracy residual {res:.4f}, plain {plain:.4f}"


CLAIMS = [
    Claim("gradient_reaches_first_layer", "at initialisation the deepest residual net's first-layer "
          "gradient is > 1000x the plain net's (the plain net's has vanished)", _grad_claim),
    Claim("residual_trains", "after the same training, the deepest residual net's test accuracy is "
          ">= 20 points above the plain net's", _acc_claim),
    Claim("degradation", "adding layers lowers the plain net's training accuracy (>= 5 points, shallowest vs "
          "deepest) but not the residual net's (within 1 point)", _degradation_claim),
    Claim("batchnorm_is_not_enough", "with batch norm in every block the deepest plain net still fits the "
          "training set >= 20 points worse than the residual net", _batchnorm_claim),
]


def run(cfg: Config) -> LabResult:
    unknown = set(cfg.settings) - set(SETTINGS)
    if unknown or "default" not in cfg.settings:
        raise ValueError(f"settings must include 'default' and come from {sorted(SETTINGS)}; got {cfg.settings}")
    with LabRun(__name__, cfg) as lab:
        split = load_mnist5000_split(seed=cfg.split_seed)
        idx = stratified_subset(split.y_train, cfg.n_train or len(split.y_train), seed=cfg.split_seed)
        dev = lab.device
        x, y = torch.from_numpy(split.x_train[idx]).to(dev), torch.from_numpy(split.y_train[idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)
        xg, yg = x[:cfg.grad_batch], y[:cfg.grad_batch]
        r = lab.result
        grads: dict[str, list[float]] = {}
        rows = []
        total = len(cfg.settings) * len(cfg.depth_blocks) * 2
        with lab.progress("train", total) as advance:
            for setting in cfg.settings:
                init, bn = SETTINGS[setting]
                for blocks in cfg.depth_blocks:
                    for arch in ("plain", "residual"):
                        key = _key(setting, arch, blocks)
                        torch.manual_seed(cfg.seed)  # identical initial weights for plain and residual
                        gen = torch.Generator().manual_seed(cfg.seed)
                        model = DeepMLP(DeepMLPConfig(width=cfg.width, n_blocks=blocks, residual=arch == "residual",
                                                      batch_norm=bn, init=init)).to(dev)
                        model.train()
                        grads[key] = layer_grad_norms(model, model.linear_layers(), xg, yg)
                        hist = fit(model, x, y, TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size,
                                                            lr=cfg.lr), gen, eval_sets={"test": (xt, yt)})
                        r.history[key] = hist
                        train_acc = evaluate(model, x, y)["acc"]
                        test_acc = hist[-1]["test_acc"]
                        r.metrics[f"{key}_grad_first"] = grads[key][0]
                        r.metrics[f"{key}_train_acc"] = train_acc
                        r.metrics[f"{key}_test_acc"] = test_acc
                        rows.append({"setting": setting, "net": arch, "layers": 2 * blocks + 2,
                                     "grad_first": f"{grads[key][0]:.3g}", "grad_last": f"{grads[key][-1]:.3g}",
                                     "train_acc": round(train_acc, 4), "test_acc": round(test_acc, 4)})
                        advance()
        r.tables["nets"] = rows
        r.metrics["n_train"] = len(idx)
        deepest = max(cfg.depth_blocks)
        for setting in cfg.settings:
            per_layer = {arch: grads[_key(setting, arch, deepest)] for arch in ("plain", "residual")}
            n = len(per_layer["plain"])
            for arch, norms in per_layer.items():
                # Geometric growth of ‖∂L/∂W‖ per layer towards the output, fitted over the blocks'
                # layers (stem and head left out): exp(slope of log-norm against layer index).
                inner = np.log(np.maximum(norms[1:-1], 1e-300))
                slope = np.polyfit(np.arange(len(inner)), inner, 1)[0] if len(inner) > 1 else 0.0
                r.metrics[f"{_key(setting, arch, deepest)}_grad_growth_per_layer"] = round(float(np.exp(slope)), 4)
            lab.figure(f"grad_norms_{setting}", plots.lines(
                list(range(1, n + 1)), per_layer, "linear layer (1 = input side)", "‖∂L/∂W‖ at init",
                title=f"{n} layers, setting '{setting}': gradient norm per layer", logy=True))
        lab.figure("accuracy_vs_depth", _accuracy_vs_depth(r, cfg))
        return lab.finish(CLAIMS)


def _accuracy_vs_depth(r: LabResult, cfg: Config):
    fig = plots.new_figure(10, 4)
    ax_train, ax_test = fig.subplots(1, 2, sharey=True)
    depths = [2 * b + 2 for b in cfg.depth_blocks]
    for i, setting in enumerate(cfg.settings):
        for arch, style in (("plain", "--"), ("residual", "-")):
            for ax, split in ((ax_train, "train"), (ax_test, "test")):
                ys = [r.metrics[f"{setting}_{arch}_{d}_{split}_acc"] for d in depths]
                ax.plot(depths, ys, style, marker="o", color=f"C{i}", label=f"{setting} {arch}")
    for ax, split in ((ax_train, "train"), (ax_test, "test")):
        ax.set(xlabel="linear layers", title=f"{split} accuracy after {cfg.epochs} epochs", xticks=depths)
        ax.grid(alpha=0.3)
    ax_train.set_ylabel("accuracy")
    ax_test.legend(fontsize="small")
    return fig


def check(result: LabResult) -> LabResult:
    return check_claims(result)

