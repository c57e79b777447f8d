"""Ensembles: combine M models' predictions by hard voting or by averaging their probabilities.

With member class probabilities p_m(k | x) (m = 1..M, k = 1..K):

    soft averaging:  p̄(k | x) = (1/M) Σ_m p_m(k | x),          ŷ = argmax_k p̄(k | x)
    hard voting:     v_k(x) = Σ_m 1[argmax_j p_m(j | x) = k],   ŷ = argmax_k v_k(x)

Averaging helps because the members' errors are partly independent. For squared error the
ambiguity decomposition (Krogh & Vedelsby, 1995) makes this exact: with f̄ = (1/M) Σ f_m,

    (f̄ - y)² = (1/M) Σ_m (f_m - y)²  -  (1/M) Σ_m (f_m - f̄)²
               average member error      diversity (≥ 0)

and for the log loss, convexity of -log gives -log p̄(y|x) ≤ (1/M) Σ_m -log p_m(y|x): the
ensemble is never worse than its average member, and better the more the members disagree.

Ways to get diverse members, all used by ``dlprep.labs.ensembles``:

    seeds       same data, different initialisation and batch order ("deep ensembles")
    bagging     each member on a bootstrap sample: n rows drawn with replacement, so a member
                sees 1 - (1 - 1/n)^n ≈ 1 - 1/e ≈ 63.2% of the distinct rows (Breiman, 1996)
    snapshots   one run with a cyclic learning rate; a snapshot at the end of each cycle
                (Huang et al., 2017). With M cycles of T/M steps each, step t has
                η(t) = η_0/2 · (1 + cos(π · (t mod (T/M)) / (T/M))), so the learning rate
                restarts at η_0 and anneals to 0 M times: M models for the cost of one run.
"""

from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlprep.torchref.training import TrainConfig, fit, predict


def soft_vote(probs: Tensor) -> Tensor:
    """Average the members' probabilities: (M, N, K) -> (N, K)."""
    return probs.mean(0)


def hard_vote(probs: Tensor) -> Tensor:
    """Majority vote of the members' argmax labels: (M, N, K) -> predicted labels (N,).

    Ties go to the tied class with the largest summed probability, so an even number of
    members never falls back on an arbitrary class index.
    """
    m, n, k = probs.shape
    votes = F.one_hot(probs.argmax(2), k).sum(0).float()  # (N, K) vote counts
    tie_break = probs.mean(0) / (m + 1)  # (N, K), < 1: only decides among equal counts
    return (votes + tie_break).argmax(1)


def member_probs(models: list[nn.Module], x: Tensor) -> Tensor:
    """Softmax outputs of every member: (M, N, K), in eval mode."""
    return torch.stack([F.softmax(predict(m, x), dim=1) for m in models])


def bootstrap_indices(n: int, generator: torch.Generator) -> Tensor:
    """n row indices drawn uniformly with replacement (a bootstrap sample)."""
    return torch.randint(0, n, (n,), generator=generator)


def snapshot_ensemble(model: nn.Module, x: Tensor, y: Tensor, cycles: int, cfg: TrainConfig,
                      generator: torch.Generator) -> tuple[list[nn.Module], list[dict[str, float]]]:
    """Train ``model`` for ``cycles`` cosine cycles of ``cfg.epochs`` each; a copy after every cycle.

    Each cycle is one ``fit`` call with ``schedule="cosine"``: the learning rate restarts at
    ``cfg.lr`` and decays to 0 (the optimiser state restarts too). Returns the snapshots and
    the run's per-epoch history.
    """
    snapshots, history = [], []
    for c in range(cycles):
        hist = fit(model, x, y, cfg, generator)
        history += [{**h, "epoch": c * cfg.epochs + h["epoch"]} for h in hist]
        snapshots.append(copy.deepcopy(model))
    return snapshots, history


def disagreement(probs: Tensor) -> float:
    """Mean fraction of inputs on which two different members predict different classes."""
    pred = probs.argmax(2)  # (M, N)
    m = len(pred)
    if m < 2:
        return 0.0
    differ = (pred[:, None, :] != pred[None, :, :]).float().mean(2)  # (M, M)
    return float(differ.sum() / (m * (m - 1)))


def nll(probs: Tensor, y: Tensor) -> float:
    """Mean negative log-likelihood of the labels y (N,) under probabilities (N, K)."""
    return float(-torch.log(probs[torch.arange(len(y)), y].clamp_min(1e-12)).mean())
