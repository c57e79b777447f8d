"""Loss functions with hand-written gradients.

Every loss is a class: ``forward(pred, target)`` returns the reduced loss and caches
what ``backward()`` needs; ``backward()`` returns dL/dpred of that reduced loss.
With ``reduction='mean'`` (the default) the per-element losses l_i are averaged,

    L = (1/D) Σ_i l_i,      dL/dpred_i = (1/D) ∂l_i/∂pred_i,

where D is the element count (or Σ of class weights for weighted cross-entropy, or the
batch size for ``KLDivLoss(reduction='batchmean')``). ``'sum'`` drops the 1/D and
``'none'`` returns the l_i themselves; its ``backward(dout)`` takes dL/dl_i (ones if
omitted). Semantics follow ``torch.nn`` unless a docstring says otherwise.

The softmax cross-entropy gradient, derived once. With p = softmax(z) for one row,
log p_k = z_k - log Σ_j e^{z_j}, so ∂(log p_k)/∂z_j = δ_kj - p_j and for a one-hot y

    l = -Σ_k y_k log p_k   ⇒   ∂l/∂z_j = -Σ_k y_k (δ_kj - p_j) = p_j - y_j      (Σ_k y_k = 1)

so over a batch of N rows ∂L/∂Z = (softmax(Z) - Y) / N: no exp/log in the backward pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlprep.nn.functional import log_softmax, sigmoid

REDUCTIONS = ("mean", "sum", "none")


def _check_same_shape(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``target`` as an array of pred's dtype, after checking the shapes agree."""
    if pred.shape != np.shape(target):
        raise ValueError(f"pred shape {pred.shape} != target shape {np.shape(target)}")
    return np.asarray(target, dtype=pred.dtype)


def _check_class_targets(logits: np.ndarray, target: np.ndarray, ignore_index: int | None = None) -> None:
    n_classes = logits.shape[-1]
    if logits.ndim != 2 or target.shape != logits.shape[:1]:
        raise ValueError(f"expected logits (N, C) and targets (N,), got {logits.shape} and {target.shape}")
    if not np.issubdtype(target.dtype, np.integer):
        raise ValueError(f"class targets must be integers, got dtype {target.dtype}")
    scored = target if ignore_index is None else target[target != ignore_index]
    if np.any((scored < 0) | (scored >= n_classes)):
        raise ValueError(f"class targets must lie in [0, {n_classes})")


class Loss:
    """Base class. Subclasses implement ``_losses_and_grad(pred, target)`` returning the
    per-element losses l_i, ∂l_i/∂pred (same shape as pred) and the 'mean' denominator D
    (None for the element count). float32 predictions stay float32; other dtypes become float64.
    """

    def __init__(self, reduction: str = "mean", allowed: Sequence[str] = REDUCTIONS):
        if reduction not in allowed:
            raise ValueError(f"reduction must be one of {tuple(allowed)}, got {reduction!r}")
        self.reduction = reduction

    def __call__(self, pred: np.ndarray, target: np.ndarray) -> float | np.ndarray:
        return self.forward(pred, target)

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float | np.ndarray:
        pred = np.asarray(pred)
        if pred.dtype not in (np.float32, np.float64):
            pred = pred.astype(np.float64)
        losses, grad, denominator = self._losses_and_grad(pred, np.asarray(target))
        self._grad, self._losses_shape = grad.astype(pred.dtype, copy=False), losses.shape
        self._denominator = float(losses.size if denominator is None else denominator)
        if self.reduction == "none":
            return losses
        total = float(losses.sum())
        return total if self.reduction == "sum" else total / self._denominator

    def _losses_and_grad(self, pred: np.ndarray, target: np.ndarray):
        """(per-element losses, their gradient w.r.t. pred, 'mean' denominator or None)."""
        raise NotImplementedError

    def backward(self, dout: float | np.ndarray | None = None) -> np.ndarray:
        """dL/dpred. ``dout`` is the upstream gradient: a scalar, or per-element for 'none'."""
        if self.reduction == "none":
            dout = np.ones(self._losses_shape) if dout is None else np.asarray(dout, dtype=self._grad.dtype)
            # Per-sample losses of (N, C) logits are (N,): broadcast dout over trailing axes.
            return self._grad * dout.reshape(dout.shape + (1,) * (self._grad.ndim - dout.ndim))
        scale = 1.0 if dout is None else float(dout)
        if self.reduction != "sum":
            scale /= self._denominator
        return self._grad * scale


class MSELoss(Loss):
    """Mean squared error: l = (p - t)²,  ∂l/∂p = 2(p - t)."""

    def _losses_and_grad(self, pred, target):
        diff = pred - _check_same_shape(pred, target)
        return diff**2, 2.0 * diff, None


class L1Loss(Loss):
    """Mean absolute error (MAE): l = |p - t|,  ∂l/∂p = sign(p - t) (0 at a tie, like torch)."""

    def _losses_and_grad(self, pred, target):
        diff = pred - _check_same_shape(pred, target)
        return np.abs(diff), np.sign(diff), None


class HuberLoss(Loss):
    """Quadratic near zero, linear in the tails, so outliers pull with bounded force:

        l = ½d²               if |d| <= δ      ∂l/∂p = d
            δ(|d| - ½δ)       otherwise        ∂l/∂p = δ·sign(d),     d = p - t
    """

    def __init__(self, delta: float = 1.0, reduction: str = "mean"):
        super().__init__(reduction)
        if delta <= 0:
            raise ValueError(f"delta must be positive, got {delta}")
        self.delta = delta

    def _losses_and_grad(self, pred, target):
        diff = pred - _check_same_shape(pred, target)
        small = np.abs(diff) <= self.delta
        losses = np.where(small, 0.5 * diff**2, self.delta * (np.abs(diff) - 0.5 * self.delta))
        return losses, np.where(small, diff, self.delta * np.sign(diff)), None


class BCELoss(Loss):
    """Binary cross-entropy on probabilities p ∈ [0, 1]:

        l = -[t log p + (1 - t) log(1 - p)],     ∂l/∂p = (p - t) / (p(1 - p)).

    p is clipped to [eps, 1 - eps] (eps = 1e-7, as Keras does) so log never sees 0; each term
    is then at most -log(eps) ≈ 16.1. torch clamps log p at -100 instead, so the two differ
    only when p is within 1e-7 of 0 or 1. The gradient is evaluated at the clipped p, so a
    confidently wrong prediction still gets a large finite push rather than the zero
    gradient a hard clip would give. Prefer ``BCEWithLogitsLoss``: it needs no clipping.
    """

    def __init__(self, eps: float = 1e-7, reduction: str = "mean"):
        super().__init__(reduction)
        if not 0 < eps < 0.5:
            raise ValueError(f"eps must be in (0, 0.5), got {eps}")
        self.eps = eps

    def _losses_and_grad(self, pred, target):
        target = _check_same_shape(pred, target)
        p = np.clip(pred, self.eps, 1 - self.eps)
        losses = -(target * np.log(p) + (1 - target) * np.log1p(-p))
        return losses, (p - target) / (p * (1 - p)), None


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy on logits z, with p = σ(z). Substituting log σ(z) = -log(1 + e^{-z}):

        l = max(z, 0) - z·t + log(1 + e^{-|z|}),      ∂l/∂z = σ(z) - t.

    The rewritten form never exponentiates a positive number, so it is exact for any z.
    """

    def _losses_and_grad(self, z, target):
        target = _check_same_shape(z, target)
        losses = np.maximum(z, 0) - z * target + np.log1p(np.exp(-np.abs(z)))
        return losses, sigmoid(z) - target, None


class CrossEntropyLoss(Loss):
    """Softmax cross-entropy from logits (N, C) and integer class targets (N,).

    Each row i is scored against a target distribution q_i (zero if the row is ignored):

        q_ic = (1 - ε)·w_{y_i}·[c = y_i] + ε·w_c / C
        l_i  = -Σ_c q_ic log softmax(z_i)_c,      ∂l_i/∂z_i = (Σ_c q_ic)·softmax(z_i) - q_i

    With no weights (w = 1) and ε = 0 this is -log p_{i,y_i} with gradient p_i - onehot(y_i).
    ``weight`` (C,) rescales classes; ``label_smoothing`` ε mixes in the uniform
    distribution; targets equal to ``ignore_index`` contribute nothing. As in torch, 'mean'
    divides by D = Σ_{kept i} w_{y_i} (a weighted mean), not by N. If every row is ignored
    that mean is 0/0: torch returns nan, we raise ValueError.
    """

    def __init__(
        self,
        weight: Sequence[float] | np.ndarray | None = None,
        label_smoothing: float = 0.0,
        ignore_index: int | None = None,
        reduction: str = "mean",
    ):
        super().__init__(reduction)
        if not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing}")
        self.weight = None if weight is None else np.asarray(weight, dtype=float)
        if self.weight is not None and (self.weight.ndim != 1 or np.any(self.weight < 0)):
            raise ValueError("weight must be a 1-D array of non-negative class weights")
        self.label_smoothing = label_smoothing
        self.ignore_index = ignore_index

    def _losses_and_grad(self, logits, target):
        _check_class_targets(logits, target, self.ignore_index)
        n, n_classes = logits.shape
        weight = np.ones(n_classes) if self.weight is None else self.weight
        if weight.shape != (n_classes,):
            raise ValueError(f"weight has shape {weight.shape}, expected ({n_classes},)")
        kept = np.ones(n, dtype=bool) if self.ignore_index is None else target != self.ignore_index
        if self.reduction == "mean" and not kept.any():
            raise ValueError("every target equals ignore_index: the mean over no rows is undefined")
        labels = np.where(kept, target, 0)  # any valid index; ignored rows are zeroed below
        rows = np.arange(n)

        eps = self.label_smoothing
        q = np.tile(eps * weight / n_classes, (n, 1))  # (N, C)
        q[rows, labels] += (1 - eps) * weight[labels]
        q[~kept] = 0.0

        log_p = log_softmax(logits)
        losses = -(q * log_p).sum(axis=1)  # (N,)
        grad = q.sum(axis=1, keepdims=True) * np.exp(log_p) - q
        return losses, grad, weight[labels][kept].sum()


class FocalLoss(Loss):
    """Multi-class focal loss from logits (Lin et al., 2017): down-weights easy examples.

    With p_t = softmax(z_i)_{y_i} the probability of the true class,

        l_i = -α_{y_i} (1 - p_t)^γ log p_t
        ∂l_i/∂z_i = α_{y_i} [(1 - p_t)^γ - γ p_t (1 - p_t)^{γ-1} log p_t] · (softmax(z_i) - onehot(y_i))

    γ = 0 and α = 1 recover cross-entropy. ``alpha`` is a per-class weight vector (C,) or
    one number for all classes. 'mean' divides by N (not by Σα, unlike weighted CE).
    """

    def __init__(
        self,
        gamma: float = 2.0,
        alpha: float | Sequence[float] | np.ndarray | None = None,
        reduction: str = "mean",
    ):
        super().__init__(reduction)
        if gamma < 0:
            raise ValueError(f"gamma must be >= 0, got {gamma}")
        self.gamma = gamma
        self.alpha = None if alpha is None else np.asarray(alpha, dtype=float)

    def _losses_and_grad(self, logits, target):
        _check_class_targets(logits, target)
        n, n_classes = logits.shape
        alpha = np.ones(n_classes) if self.alpha is None else np.broadcast_to(self.alpha, (n_classes,))
        log_p = log_softmax(logits)
        log_pt = log_p[np.arange(n), target]  # (N,)
        # 1 - p_t, computed without cancellation and kept >= tiny so (1 - p_t)^{γ-1} stays
        # finite when γ < 1 and p_t rounds to 1 (the product with log p_t = 0 is then 0).
        one_minus_pt = np.maximum(-np.expm1(log_pt), np.finfo(float).tiny)
        a = alpha[target]
        losses = -a * one_minus_pt**self.gamma * log_pt
        pt = np.exp(log_pt)
        scale = a * (one_minus_pt**self.gamma - self.gamma * pt * one_minus_pt ** (self.gamma - 1) * log_pt)
        grad = np.exp(log_p)
        grad[np.arange(n), target] -= 1.0
        return losses, scale[:, None] * grad, None


class KLDivLoss(Loss):
    """KL(P || Q) with ``pred`` = log Q (log-probabilities) and ``target`` = P (probabilities),
    the argument order of ``torch.nn.KLDivLoss``:

        l = p (log p - log q)   (0 where p = 0),      ∂l/∂(log q) = -p.

    ``reduction='batchmean'`` (the default here) divides the sum by the batch size N = rows,
    which is the true mean KL per distribution; 'mean' divides by every element (N·C) as
    torch's default does, which is not a KL divergence.
    """

    def __init__(self, reduction: str = "batchmean"):
        super().__init__(reduction, allowed=(*REDUCTIONS, "batchmean"))

    def _losses_and_grad(self, log_q, target):
        p = _check_same_shape(log_q, target)
        if np.any(p < 0):
            raise ValueError("target must hold probabilities (>= 0)")
        p_log_p = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
        losses = p_log_p - p * log_q
        denominator = log_q.shape[0] if self.reduction == "batchmean" else None
        return losses, -p, denominator
