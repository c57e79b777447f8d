"""Model compression: magnitude pruning, int8 quantisation, low-rank factorisation, and how to measure them.

**Global magnitude pruning** keeps the weights with the largest |w| across all pruned layers
and zeroes the rest. For a target sparsity s over n weights the threshold τ is the
(⌈s·n⌉)-th smallest |w|, and every layer gets the mask

    M = 1[|W| > τ],        W ← M ⊙ W

(one threshold for the whole network, so layers with many small weights lose more of them).
Fine-tuning afterwards keeps the mask fixed: the gradient is masked, ∇W ← M ⊙ ∇W, so pruned
weights stay exactly zero (AdamW's decoupled decay and a zero first moment leave a zero at zero).

**Affine int8 quantisation** maps a float range [lo, hi] (widened to contain 0) onto 256 levels

    scale = (hi - lo) / 255,   zero_point = round(-lo / scale) - 128,
    q = clamp(round(x / scale) + zero_point, -128, 127),   x̂ = scale · (q - zero_point)

so the rounding error is at most scale / 2 inside the range. Dynamic quantisation stores the
weights of Linear layers as int8 and quantises each activation batch on the fly; static
quantisation also fixes the activations' scales from a calibration pass (observers), so
whole conv/linear layers run in int8 arithmetic.

**Low-rank factorisation** replaces a dense layer W (d_out, d_in) by its truncated SVD

    W = U Σ Vᵀ ≈ U_r Σ_r V_rᵀ = (U_r Σ_r^½)(Σ_r^½ V_rᵀ) = B A,   A: (r, d_in), B: (d_out, r)

the best rank-r approximation in Frobenius norm (Eckart–Young), error² = Σ_{i>r} σ_i².
Parameters fall from d_out·d_in to r·(d_in + d_out); y = W x + b becomes y = B (A x) + b.

Size is measured as the bytes ``torch.save`` writes for the state dict, latency as the median
of repeated forward passes. PyTorch's quantised kernels run on the CPU only.
"""

from __future__ import annotations

import copy
import io
import math
import statistics
import time
import warnings

import torch
from torch import Tensor, nn

PRUNABLE = (nn.Linear, nn.Conv2d)


# ---------------------------------------------------------------- pruning

def prunable_weights(model: nn.Module) -> dict[str, Tensor]:
    """{module name: weight} of every Linear and Conv2d layer (biases and norms are not pruned)."""
    return {name: m.weight for name, m in model.named_modules() if isinstance(m, PRUNABLE)}


def global_magnitude_masks(model: nn.Module, sparsity: float) -> dict[str, Tensor]:
    """0/1 masks keeping the largest-|w| (1 - sparsity) fraction of all prunable weights together."""
    weights = prunable_weights(model)
    scores = torch.cat([w.detach().abs().flatten() for w in weights.values()])  # (n,)
    k = math.ceil(sparsity * scores.numel())  # weights to remove
    if k == 0:
        return {name: torch.ones_like(w) for name, w in weights.items()}
    tau = scores.kthvalue(k).values  # the k-th smallest |w|
    return {name: (w.detach().abs() > tau).to(w.dtype) for name, w in weights.items()}


def apply_masks(model: nn.Module, masks: dict[str, Tensor]) -> list:
    """Zero the pruned weights and mask their gradients; returns the hook handles (``.remove()``)."""
    modules = dict(model.named_modules())
    handles = []
    for name, mask in masks.items():
        weight = modules[name].weight
        with torch.no_grad():
            weight.mul_(mask)
        handles.append(weight.register_hook(lambda g, m=mask: g * m))  # ∇W ← M ⊙ ∇W
    return handles


def sparsity_of(model: nn.Module) -> float:
    """Fraction of exactly-zero weights over all prunable layers."""
    weights = prunable_weights(model).values()
    zeros = sum(int((w == 0).sum()) for w in weights)
    return zeros / sum(w.numel() for w in weights)


# ---------------------------------------------------------------- quantisation

def quantize_int8(x: Tensor) -> tuple[Tensor, float, int]:
    """Per-tensor affine int8: (q int8, scale, zero_point) with x ≈ scale · (q - zero_point)."""
    lo, hi = min(x.min().item(), 0.0), max(x.max().item(), 0.0)  # the range must contain 0
    scale = (hi - lo) / 255 or 1.0
    zero_point = round(-lo / scale) - 128
    q = torch.clamp(torch.round(x / scale) + zero_point, -128, 127).to(torch.int8)
    return q, scale, zero_point


def dequantize_int8(q: Tensor, scale: float, zero_point: int) -> Tensor:
    return scale * (q.float() - zero_point)


def quantize_dynamic_linear(model: nn.Module) -> nn.Module:
    """int8 weights for every nn.Linear, activations quantised per batch at run time (CPU)."""
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():  # torch.ao.quantization is deprecated in favour of torchao
        warnings.simplefilter("ignore")
        return quantize_dynamic(copy.deepcopy(model).cpu().eval(), {nn.Linear}, dtype=torch.qint8)


def quantize_static_fx(model: nn.Module, calibration: Tensor, backend: str = "x86") -> nn.Module:
    """Post-training static int8 (FX graph mode): fuse conv-BN-ReLU, observe, convert (CPU).

    ``calibration`` (N, ...) is a few hundred training inputs; observers record each
    activation's range on them, which fixes every layer's activation scale and zero point.
    """
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    float_model = copy.deepcopy(model).cpu().eval()
    calibration = calibration.cpu()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prepared = prepare_fx(float_model, get_default_qconfig_mapping(backend),
                              example_inputs=(calibration[:1],))
        with torch.no_grad():
            for start in range(0, len(calibration), 256):
                prepared(calibration[start:start + 256])  # observers record min / max
        return convert_fx(prepared)


# ---------------------------------------------------------------- low rank

def low_rank_linear(linear: nn.Linear, rank: int) -> nn.Sequential:
    """Replace W (d_out, d_in) by B A from its truncated SVD: Linear(d_in, r) then Linear(r, d_out)."""
    w = linear.weight.detach()  # (d_out, d_in)
    u, s, vh = torch.linalg.svd(w, full_matrices=False)  # (d_out, k), (k,), (k, d_in)
    root = s[:rank].sqrt()  # split Σ_r evenly between the two factors
    first = nn.Linear(w.shape[1], rank, bias=False)
    second = nn.Linear(rank, w.shape[0], bias=linear.bias is not None)
    with torch.no_grad():
        first.weight.copy_(root[:, None] * vh[:rank])  # A = Σ_r^½ V_rᵀ: (r, d_in)
        second.weight.copy_(u[:, :rank] * root[None, :])  # B = U_r Σ_r^½: (d_out, r)
        if linear.bias is not None:
            second.bias.copy_(linear.bias.detach())
    return nn.Sequential(first, second)


def factorize_linear(model: nn.Module, path: str, rank: int) -> nn.Module:
    """A copy of ``model`` with the Linear at ``path`` (e.g. ``classifier.2``) replaced by rank ``rank``."""
    model = copy.deepcopy(model)
    parent_path, _, child = path.rpartition(".")
    parent = model.get_submodule(parent_path) if parent_path else model
    setattr(parent, child, low_rank_linear(getattr(parent, child), rank))
    return model


# ---------------------------------------------------------------- measuring

def state_dict_bytes(model: nn.Module, sparse: bool = False) -> int:
    """Bytes ``torch.save`` writes for the state dict.

    With ``sparse``, 2-D views of the prunable weights are stored in CSR form (float32
    values, int64 indices): what unstructured sparsity actually saves without a custom format.
    """
    state = model.state_dict()
    if sparse:
        for name in prunable_weights(model):
            w = state[f"{name}.weight"]
            with warnings.catch_warnings():  # "sparse CSR support is in beta"
                warnings.simplefilter("ignore")
                state[f"{name}.weight"] = w.reshape(w.shape[0], -1).to_sparse_csr()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.tell()


@torch.no_grad()
def latency_ms(model: nn.Module, x: Tensor, repeats: int = 30, warmup: int = 3) -> float:
    """Median wall-clock milliseconds of ``model(x)`` over ``repeats`` runs, after ``warmup``."""
    model.eval()
    for _ in range(warmup):
        model(x)
    times = []
    for _ in range(repeats):
        if x.is_cuda:
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        model(x)
        if x.is_cuda:
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)
