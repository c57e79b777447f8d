"""Knowledge distillation (Hinton, Vinyals & Dean, 2015): a small student learns from a
trained teacher's softened output distribution as well as from the labels.

With student logits z_s, teacher logits z_t (both (B, K)), temperature T and weight α,

    p_t^T = softmax(z_t / T),   p_s^T = softmax(z_s / T)
    L = α · CE(y, softmax(z_s)) + (1 - α) · T² · KL(p_t^T ‖ p_s^T)

A temperature T > 1 flattens the teacher's distribution, so the small probabilities it
gives the wrong classes ("this 7 looks a bit like a 1") carry gradient: that relative
similarity between classes is the "dark knowledge" one-hot labels lack. The gradient of
the KL term with respect to a student logit is

    ∂KL/∂z_s,k = (p_s,k^T - p_t,k^T) / T  ≈  (z_s,k - z_t,k) / (K · T²)   for large T

(using p^T ≈ 1/K + z/(K·T) for zero-mean logits), so it shrinks like 1/T²; the T² factor
undoes that, keeping the soft term on the same scale whatever T is, so α keeps its
meaning when T is tuned. In the high-T limit distillation is matching logits with
squared error: T² · KL → Σ_k (z_s,k - z_t,k)² / (2K).

Rows whose label is -1 are unlabelled (a "transfer set" the teacher labels softly):
they contribute to the KL term only. The cross-entropy term averages over the
labelled rows of the batch.
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from dlprep.torchref.training import LossFn


def kd_loss(student_logits: Tensor, teacher_logits: Tensor, y: Tensor, temperature: float = 4.0,
            alpha: float = 0.5) -> Tensor:
    """α · CE on labelled rows + (1 - α) · T² · KL(teacher ‖ student) at temperature T, all rows."""
    t = temperature
    log_p_s = F.log_softmax(student_logits / t, dim=1)  # (B, K)
    log_p_t = F.log_softmax(teacher_logits / t, dim=1)  # (B, K)
    # batchmean: Σ over classes and rows / B, the KL divergence averaged over rows.
    kl = F.kl_div(log_p_s, log_p_t, reduction="batchmean", log_target=True)
    labelled = y >= 0  # (B,)
    if labelled.any():
        ce = F.cross_entropy(student_logits[labelled], y[labelled])
    else:
        ce = student_logits.new_zeros(())
    return alpha * ce + (1 - alpha) * t * t * kl


def distillation(teacher_logits: Tensor, y: Tensor, temperature: float = 4.0, alpha: float = 0.5) -> LossFn:
    """A ``loss_fn(logits, idx)`` for ``training.fit``: the teacher's logits (N, K) are computed once."""
    return lambda logits, idx: kd_loss(logits, teacher_logits[idx], y[idx], temperature, alpha)
