"""Model compression on a trained CNN: global magnitude pruning, dynamic and static int8, SVD of a dense layer.

Setting: ``SmallCNN`` (0.42 M weights, 96% of them in the 3136 -> 128 Linear ``classifier.2``)
trained on MNIST-5k (stratified 80/20 split). Each compressed variant starts from that one
trained model and is scored on the same test set:

    pruned_s{s}     global magnitude pruning to sparsity s over all conv and linear weights,
                    scored one-shot and after ``finetune_epochs`` of fine-tuning with the mask fixed
    dynamic_int8    ``torch.ao.quantization.quantize_dynamic`` on the Linear layers
    static_int8     FX post-training static quantisation (x86 backend), conv-BN-ReLU fused,
                    activation ranges calibrated on ``calibration`` training images
    svd_r{r}        classifier.2 replaced by its rank-r SVD factors, scored before and after
                    ``lowrank_finetune_epochs`` of fine-tuning the whole network

Size is the bytes ``torch.save`` writes for the state dict (for pruned models also with the
pruned weights in CSR form); latency is the median of ``latency_repeats`` CPU forward passes
for one image and for a batch of ``latency_batch``, one thread unless ``threads`` says
otherwise. The quantised models always run on the CPU (PyTorch's int8 kernels are CPU-only);
torch.ao.quantization is deprecated in favour of torchao but still works in this PyTorch.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref import compression as C
from dlprep.torchref.cnn import SmallCNN
from dlprep.torchref.training import TrainConfig, evaluate, fit

BIG_LINEAR = "classifier.2"  # SmallCNN's 3136 -> 128 layer


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 2000, "epochs": 3, "sparsities": (0.9, 0.98),
                                       "finetune_epochs": 1, "ranks": (16,), "latency_repeats": 10}

    threads: int = 1  # latency is measured single-threaded; also avoids oversubscribing a shared CPU
    split_seed: int = 0
    n_train: int = 0  # 0 = all 4,000 training images
    epochs: int = 8
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    sparsities: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.98)
    finetune_epochs: int = 2
    finetune_lr: float = 5e-4
    ranks: tuple[int, ...] = (4, 8, 16, 32)
    lowrank_finetune_epochs: int = 1
    claim_rank: int = 16  # the rank the low-rank claim is about (added to ranks)
    calibration: int = 512  # training images for static quantisation's observers
    latency_batch: int = 64
    latency_repeats: int = 20


def _row(rows: list[dict], method: str) -> dict:
    return next(r for r in rows if r["method"] == method)


def _pruning_claim(result: LabResult) -> tuple[bool, str]:
    rows, m = result.tables["variants"], result.metrics
    r = _row(rows, "pruned_s0.9")
    drop = m["dense_acc"] - r["test_acc"]
    return drop <= 0.01, (f"90% of weights zeroed, fine-tuned: {r['test_acc']:.4f} vs dense {m['dense_acc']:.4f} "
                          f"(drop {drop:+.4f}, allowed 0.0100)")


def _finetune_claim(result: LabResult) -> tuple[bool, str]:
    r = _row(result.tables["variants"], "pruned_s0.98")
    gain = r["test_acc"] - r["acc_before_finetune"]
    return gain >= 0.05, (f"98% sparsity: one-shot {r['acc_before_finetune']:.4f}, fine-tuned {r['test_acc']:.4f} "
                          f"(+{gain:.4f}, needed +0.05)")


def _int8_claim(result: LabResult) -> tuple[bool, str]:
    rows, m = result.tables["variants"], result.metrics
    parts, ok = [], True
    for name, max_ratio in (("dynamic_int8", 0.35), ("static_int8", 0.30)):
        r = _row(rows, name)
        drop = m["dense_acc"] - r["test_acc"]
        ok &= r["size_ratio"] <= max_ratio and drop <= 0.005
        parts.append(f"{name}: size x{r['size_ratio']:.3f} (<= {max_ratio}), acc {r['test_acc']:.4f} "
                     f"(drop {drop:+.4f}, allowed 0.005)")
    return ok, "; ".join(parts)


def _static_speed_claim(result: LabResult) -> tuple[bool, str]:
    rows = result.tables["variants"]
    dense, static, dyn = _row(rows, "dense_fp32"), _row(rows, "static_int8"), _row(rows, "dynamic_int8")
    speedup = dense["latency_batch_ms"] / static["latency_batch_ms"]
    dyn_speedup = dense["latency_batch_ms"] / dyn["latency_batch_ms"]
    return speedup >= 1.5, (f"batch latency: fp32 {dense['latency_batch_ms']:.2f} ms, static int8 "
                            f"{static['latency_batch_ms']:.2f} ms (x{speedup:.2f}, needed x1.5); dynamic int8 "
                            f"x{dyn_speedup:.2f} (only the Linear layers are int8, the convs dominate the time)")


def _lowrank_claim(result: LabResult) -> tuple[bool, str]:
    rank = result.config["claim_rank"]
    r, m = _row(result.tables["variants"], f"svd_r{rank}"), result.metrics
    drop = m["dense_acc"] - r["test_acc"]
    fewer = m["big_linear_params"] / r["layer_params"]
    return drop <= 0.01 and fewer >= 4, (
        f"rank {rank}: {r['layer_params']:,} layer weights, acc {r['test_acc']:.4f} vs dense {m['dense_acc']:.4f} "
        f"(drop {drop:+.4f}, allowed 0.01); layer {fewer:.1f}x smaller (needed 4x)")


CLAIMS = [
    Claim("prune_90", "global magnitude pruning to 90% sparsity plus a short fine-tune costs <= 1 point "
          "of test accuracy", _pruning_claim),
    Claim("finetune_recovers", "at 98% sparsity one-shot pruning breaks the model and fine-tuning with "
          "the mask fixed recovers >= 5 points", _finetune_claim),
    Claim("int8_small_and_accurate", "dynamic int8 (Linear layers) shrinks the saved model to <= 0.35x and "
          "static int8 to <= 0.30x, each within 0.5 points of fp32 accuracy", _int8_claim),
    Claim("static_int8_faster", "static int8 runs a batch >= 1.5x faster than fp32 on the CPU",
          _static_speed_claim),
    Claim("low_rank", "a rank-16 SVD of the 3136x128 layer (>= 4x fewer weights there), fine-tuned, "
          "stays within 1 point of the dense model", _lowrank_claim),
]


def _n_nonzero(model: torch.nn.Module) -> int:
    return sum(int((p != 0).sum()) for p in model.parameters())


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        dev, r = lab.device, lab.result
        split = load_mnist5000_split(seed=cfg.split_seed)
        idx = stratified_subset(split.y_train, cfg.n_train or len(split.y_train), seed=cfg.split_seed)
        x, y = torch.from_numpy(split.x_train[idx]).to(dev), torch.from_numpy(split.y_train[idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)
        xt_cpu, yt_cpu = xt.cpu(), yt.cpu()
        x_one, x_batch = xt_cpu[:1], xt_cpu[:cfg.latency_batch]

        # 1. The model to compress.
        model = SmallCNN().to(dev)
        train_cfg = TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                weight_decay=cfg.weight_decay)
        with lab.progress("train", cfg.epochs) as advance:
            r.history["dense"] = fit(model, x, y, train_cfg, lab.generator, eval_sets={"test": (xt, yt)},
                                     on_epoch=advance)
        dense_acc = evaluate(model, xt, yt)["acc"]
        dense_bytes = C.state_dict_bytes(model)
        n_params = sum(p.numel() for p in model.parameters())
        big = model.get_submodule(BIG_LINEAR)
        r.metrics.update({"dense_acc": dense_acc, "dense_bytes": dense_bytes, "n_params": n_params,
                          "big_linear_params": big.weight.numel()})

        def measure(m: torch.nn.Module, on_cpu_only: bool = False) -> dict[str, Any]:
            cpu_model = m if on_cpu_only else _cpu_copy(m)
            acc = evaluate(cpu_model, xt_cpu, yt_cpu)["acc"] if on_cpu_only else evaluate(m, xt, yt)["acc"]
            size = C.state_dict_bytes(cpu_model)
            return {"test_acc": round(acc, 4), "size_bytes": size, "size_ratio": round(size / dense_bytes, 4),
                    "latency_1_ms": round(C.latency_ms(cpu_model, x_one, cfg.latency_repeats * 5), 3),
                    "latency_batch_ms": round(C.latency_ms(cpu_model, x_batch, cfg.latency_repeats), 3)}

        rows: list[dict[str, Any]] = [{"method": "dense_fp32", "params_nonzero": _n_nonzero(model),
                                       **measure(model)}]

        # 2. Global magnitude pruning, one-shot then fine-tuned with the mask fixed.
        ft_cfg = TrainConfig(epochs=cfg.finetune_epochs, batch_size=cfg.batch_size, lr=cfg.finetune_lr,
                             weight_decay=cfg.weight_decay)
        layer_sparsity: dict[str, list[float]] = {}
        with lab.progress("prune + fine-tune", len(cfg.sparsities)) as advance:
            for s in cfg.sparsities:
                pruned = _copy(model)
                masks = C.global_magnitude_masks(pruned, s)
                handles = C.apply_masks(pruned, masks)
                one_shot = evaluate(pruned, xt, yt)["acc"]
                gen = torch.Generator().manual_seed(cfg.seed + 1)  # same batch order for every sparsity
                hist = fit(pruned, x, y, ft_cfg, gen, eval_sets={"test": (xt, yt)})
                for h in handles:
                    h.remove()
                r.history[f"pruned_s{s:g}"] = hist
                layer_sparsity[f"{s:g}"] = [round(1 - float(mk.mean()), 4) for mk in masks.values()]
                rows.append({"method": f"pruned_s{s:g}", "sparsity": round(C.sparsity_of(pruned), 4),
                             "acc_before_finetune": round(one_shot, 4), "params_nonzero": _n_nonzero(pruned),
                             **measure(pruned),
                             "size_bytes_csr": C.state_dict_bytes(_cpu_copy(pruned), sparse=True)})
                advance()
        for row in rows[1:]:
            row["size_ratio_csr"] = round(row["size_bytes_csr"] / dense_bytes, 4)
        r.tables["layer_sparsity"] = [
            {"layer": name, "weights": int(w.numel()), **{f"s{s}": v[i] for s, v in layer_sparsity.items()}}
            for i, (name, w) in enumerate(C.prunable_weights(model).items())]

        # 3. int8 quantisation (CPU).
        calib = x[torch.from_numpy(lab.rng.permutation(len(x))[:cfg.calibration]).to(dev)].cpu()
        dyn = C.quantize_dynamic_linear(model)
        rows.append({"method": "dynamic_int8", "params_nonzero": None, **measure(dyn, on_cpu_only=True)})
        static = C.quantize_static_fx(model, calib)
        rows.append({"method": "static_int8", "params_nonzero": None, **measure(static, on_cpu_only=True)})

        # 4. Low-rank factorisation of the big Linear layer.
        singular = torch.linalg.svdvals(big.weight.detach().cpu())  # (128,)
        energy = (singular ** 2).cumsum(0) / (singular ** 2).sum()
        ranks = sorted({*cfg.ranks, cfg.claim_rank})
        lr_cfg = TrainConfig(epochs=cfg.lowrank_finetune_epochs, batch_size=cfg.batch_size, lr=cfg.finetune_lr,
                             weight_decay=cfg.weight_decay)
        with lab.progress("low rank", len(ranks)) as advance:
            for rank in ranks:
                low = C.factorize_linear(model, BIG_LINEAR, rank).to(dev)
                before = evaluate(low, xt, yt)["acc"]
                gen = torch.Generator().manual_seed(cfg.seed + 2)
                r.history[f"svd_r{rank}"] = fit(low, x, y, lr_cfg, gen, eval_sets={"test": (xt, yt)})
                layer = low.get_submodule(BIG_LINEAR)
                rows.append({"method": f"svd_r{rank}", "rank": rank, "energy_kept": round(float(energy[rank - 1]), 4),
                             "layer_params": sum(p.numel() for p in layer.parameters() if p.dim() == 2),
                             "acc_before_finetune": round(before, 4), "params_nonzero": _n_nonzero(low),
                             **measure(low)})
                advance()
        r.tables["variants"] = rows
        r.metrics.update({
            **{f"{w['method']}_acc": w["test_acc"] for w in rows if w["method"].startswith("pruned")},
            "dynamic_int8_acc": _row(rows, "dynamic_int8")["test_acc"],
            "static_int8_acc": _row(rows, "static_int8")["test_acc"],
            "static_int8_size_ratio": _row(rows, "static_int8")["size_ratio"],
            "static_int8_speedup": round(rows[0]["latency_batch_ms"]
                                         / _row(rows, "static_int8")["latency_batch_ms"], 3),
            "quantized_backend": torch.backends.quantized.engine,
        })

        # Figures.
        prune_rows = [w for w in rows if w["method"].startswith("pruned")]
        sp = [w["sparsity"] for w in prune_rows]
        lab.figure("pruning", plots.lines(
            sp, {"one-shot": [w["acc_before_finetune"] for w in prune_rows],
                 f"+ {cfg.finetune_epochs} epoch(s) fine-tune, mask fixed": [w["test_acc"] for w in prune_rows]},
            "global sparsity (fraction of conv + linear weights = 0)", "test accuracy",
            title="global magnitude pruning", hlines={"dense": dense_acc}))
        lab.figure("low_rank", _low_rank_figure(singular.numpy(), [w for w in rows if w["method"].startswith("svd")],
                                                dense_acc))
        lab.figure("size_vs_accuracy", _tradeoff_figure(rows))
        r.notes += [
            "Every variant starts from the same trained model; pruned and low-rank models are fine-tuned with "
            "the same batch order, AdamW at finetune_lr.",
            "Unstructured sparsity does not speed up dense kernels: pruned models keep the dense latency and "
            "the dense state_dict size; size_bytes_csr stores the pruned weights as CSR (float32 values, int64 "
            "indices), which only pays off above about 67% sparsity.",
            "Quantised models run on the CPU only (PyTorch int8 kernels); torch.ao.quantization is deprecated "
            "(torchao replaces it) but works in this PyTorch.",
            "Latency: median of latency_repeats runs (x5 for one image), single-threaded unless threads is set; "
            "on a shared machine the numbers are noisy, the ratios less so.",
        ]
        return lab.finish(CLAIMS)


def _copy(model: torch.nn.Module) -> torch.nn.Module:
    return copy.deepcopy(model)


def _cpu_copy(model: torch.nn.Module) -> torch.nn.Module:
    return _copy(model).cpu().eval()


def _low_rank_figure(singular: np.ndarray, svd_rows: list[dict], dense_acc: float):
    fig = plots.new_figure(10, 4)
    ax_s, ax_a = fig.subplots(1, 2)
    ax_s.semilogy(np.arange(1, len(singular) + 1), singular, marker=".", markersize=3)
    ax_s.set(xlabel="index i", ylabel="singular value σ_i", title="spectrum of the 3136→128 weight")
    ax_s.grid(alpha=0.3)
    ranks = [w["rank"] for w in svd_rows]
    ax_a.plot(ranks, [w["acc_before_finetune"] for w in svd_rows], marker="o", label="truncated SVD")
    ax_a.plot(ranks, [w["test_acc"] for w in svd_rows], marker="o", label="+ fine-tune")
    ax_a.axhline(dense_acc, linestyle=":", color="C2", label="dense")
    ax_a.set_xscale("log", base=2)
    ax_a.set(xlabel="rank r", ylabel="test accuracy", title="low-rank classifier.2")
    ax_a.set_xticks(ranks, [str(k) for k in ranks])
    ax_a.minorticks_off()
    ax_a.legend(fontsize="small")
    ax_a.grid(alpha=0.3)
    return fig


def _tradeoff_figure(rows: list[dict]):
    """One horizontal bar per variant: saved size, with accuracy and batch latency written beside it."""
    fig = plots.new_figure(8, 0.35 * len(rows) + 1.2)
    ax = fig.subplots()
    names = [row["method"] for row in rows]
    sizes = [row.get("size_bytes_csr", row["size_bytes"]) / 1024 for row in rows]
    pos = np.arange(len(rows))
    ax.barh(pos, sizes, color=[f"C{i % 10}" for i in range(len(rows))])
    for i, row in enumerate(rows):
        ax.text(sizes[i] * 1.05, i, f"acc {row['test_acc']:.3f}, batch {row['latency_batch_ms']:.1f} ms",
                va="center", fontsize=7)
    ax.set_yticks(pos, names, fontsize=8)
    ax.invert_yaxis()
    ax.set(xscale="log", xlabel="saved size, KiB (pruned: CSR form)", title="size, accuracy and CPU latency")
    ax.set_xlim(min(sizes) / 1.5, max(sizes) * 8)
    ax.grid(axis="x", alpha=0.3)
    return fig


def check(result: LabResult) -> LabResult:
    return check_claims(result)
