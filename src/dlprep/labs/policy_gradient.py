"""REINFORCE on CartPole: total return vs reward-to-go vs reward-to-go with a baseline, over seeds.

CartPole-v1 (Gymnasium): push a cart left or right to keep a pole upright; reward 1 per step,
an episode ends when the pole falls past 12° or the cart leaves the track, and is cut at 500
steps. A random policy lasts about 22 steps.

Every variant trains the same policy network (MLP 4-64-2, tanh) from the same initial weights
with Adam at the same learning rate, one gradient step per batch of ``episodes_per_batch`` fresh
episodes, for the same number of iterations. Only the weight Ψ_t on ∇ log π(a_t|s_t) differs:

    total       the whole (discounted) episode return G_0 for every step: plain REINFORCE
    rtg         the reward-to-go G_t: an action is credited only with the rewards after it
    rtg_mean    G_t minus the batch mean of G_t (a constant baseline)
    rtg_value   G_t minus a learned V_φ(s_t) (a state-dependent baseline fitted by regression)

All four are (up to the γ-discount) unbiased estimates of the same gradient; they differ in
variance, which the learning curves show. Each variant runs for ``seeds`` seeds; the headline
number is the mean episode return over the whole run (area under the learning curve, AUC).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data.gym_envs import gymnasium_version, make_cartpole_vec
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.policy_gradient import ReinforceConfig, train_reinforce

LABELS = {"total": "total return (plain)", "rtg": "reward-to-go", "rtg_mean": "reward-to-go − mean",
          "rtg_value": "reward-to-go − V(s)"}


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"iterations": 25, "seeds": 2, "estimators": ("total", "rtg_value")}

    threads: int = 1  # tiny networks: one thread is fastest, and the machine is shared
    estimators: tuple[str, ...] = ("total", "rtg", "rtg_mean", "rtg_value")
    seeds: int = 5
    iterations: int = 80  # gradient steps
    episodes_per_batch: int = 32
    gamma: float = 0.99
    lr: float = 5e-3
    value_lr: float = 1e-2
    value_steps: int = 20
    hidden: int = 64
    solved_return: float = 195.0  # "learned to balance": mean return over 5 iterations above this


def _auc(result: LabResult, name: str) -> float:
    return result.metrics[f"{name}_auc"]


def _baseline_beats_plain(result: LabResult) -> tuple[bool, str]:
    base, plain = _auc(result, "rtg_value"), _auc(result, "total")
    factor = 2.0 if result.mode == "full" else 1.15
    per_seed = result.metrics["rtg_value_auc_per_seed"], result.metrics["total_auc_per_seed"]
    every_seed = all(b > p for b, p in zip(*per_seed, strict=True))
    return base >= factor * plain and every_seed, (
        f"mean return over training: reward-to-go − V(s) {base:.1f} vs total return {plain:.1f} "
        f"({base / plain:.2f}x, needs >= {factor:g}x and a win in every seed: {every_seed})")


def _rtg_beats_total(result: LabResult) -> tuple[bool | None, str]:
    if "rtg_auc" not in result.metrics:
        return None, "reward-to-go alone not run in this configuration"
    rtg, plain = _auc(result, "rtg"), _auc(result, "total")
    return rtg > plain, f"reward-to-go {rtg:.1f} vs total return {plain:.1f}"


def _learns(result: LabResult) -> tuple[bool, str]:
    final, first = result.metrics["rtg_value_final"], result.metrics["rtg_value_first"]
    target = 300.0 if result.mode == "full" else 2 * first
    return final >= target, (f"reward-to-go − V(s): return {first:.1f} in the first iteration -> {final:.1f} "
                             f"in the last 5 (needs >= {target:.1f})")


CLAIMS = [
    Claim("baseline_beats_plain", "REINFORCE with reward-to-go and a learned baseline earns a much higher mean "
          "return over training than plain REINFORCE with the total return: >= 2x (quick: >= 1.15x), in every seed",
          _baseline_beats_plain),
    Claim("rtg_beats_total", "reward-to-go alone already beats the total return (mean over seeds)", _rtg_beats_total),
    Claim("policy_learns", "with reward-to-go and a baseline the policy learns: mean return of the last 5 "
          "iterations >= 300 (quick: >= twice the first iteration's)", _learns),
]


def _band_figure(curves: dict[str, np.ndarray], title: str, hline: float | None = None):
    """Mean over seeds (line) and min..max over seeds (band) per estimator; curves: name -> (seeds, iters)."""
    fig = plots.new_figure(7, 4.2)
    ax = fig.subplots()
    for i, (name, c) in enumerate(curves.items()):
        x = np.arange(1, c.shape[1] + 1)
        ax.plot(x, c.mean(axis=0), color=f"C{i}", label=f"{LABELS.get(name, name)} (mean of {len(c)})")
        ax.fill_between(x, c.min(axis=0), c.max(axis=0), color=f"C{i}", alpha=0.15)
    if hline is not None:
        ax.axhline(hline, linestyle=":", color="gray", label="random policy")
    ax.set(xlabel="iteration (one gradient step per batch of episodes)", ylabel="mean episode return",
           title=title)
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return fig


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        r = lab.result
        r.versions["gymnasium"] = gymnasium_version()
        rc = ReinforceConfig(iterations=cfg.iterations, episodes_per_batch=cfg.episodes_per_batch, gamma=cfg.gamma,
                             lr=cfg.lr, value_lr=cfg.value_lr, value_steps=cfg.value_steps, hidden=(cfg.hidden,))
        curves = {e: np.zeros((cfg.seeds, cfg.iterations)) for e in cfg.estimators}
        steps = {e: np.zeros(cfg.seeds) for e in cfg.estimators}

        # The random policy's return, for scale (uniform actions, same env).
        env = make_cartpole_vec(256, seed=cfg.seed + 12345)
        alive, total = np.ones(256, bool), np.zeros(256)
        rng = np.random.default_rng(cfg.seed)
        while alive.any():
            _, rew, term, trunc, _ = env.step(rng.integers(0, 2, 256))
            total += rew * alive
            alive &= ~(term | trunc)
        r.metrics["random_policy_return"] = float(total.mean())

        with lab.progress("runs", cfg.seeds * len(cfg.estimators)) as advance:
            for k in range(cfg.seeds):
                for est in cfg.estimators:
                    seed = cfg.seed * 1000 + k
                    torch.manual_seed(seed)  # same initial policy for every estimator of a seed
                    gen = torch.Generator().manual_seed(seed)  # same first env seeds and action noise
                    env = make_cartpole_vec(cfg.episodes_per_batch, seed=seed)
                    _, hist = train_reinforce(env, est, rc, gen, lab.device)
                    curves[est][k] = [h["mean_return"] for h in hist]
                    steps[est][k] = sum(h["env_steps"] for h in hist)
                    if k == 0:
                        r.history[est] = hist
                    advance()

        rows = []
        for est, c in curves.items():
            auc = c.mean(axis=1)  # (seeds,)
            smooth = np.stack([np.convolve(row, np.ones(5) / 5, mode="valid") for row in c])
            solved = [int(np.flatnonzero(row >= cfg.solved_return)[0]) + 5 if (row >= cfg.solved_return).any()
                      else None for row in smooth]
            r.metrics.update({f"{est}_auc": float(auc.mean()), f"{est}_auc_per_seed": auc.tolist(),
                              f"{est}_first": float(c[:, 0].mean()), f"{est}_final": float(c[:, -5:].mean()),
                              f"{est}_env_steps": float(steps[est].mean())})
            rows.append({"estimator": est, "mean_return_over_training": round(float(auc.mean()), 1),
                         "auc_std_over_seeds": round(float(auc.std()), 1),
                         "final_return_last5": round(float(c[:, -5:].mean()), 1),
                         "final_min_seed": round(float(c[:, -5:].mean(axis=1).min()), 1),
                         f"iterations_to_{cfg.solved_return:g}": [s if s is not None else "-" for s in solved],
                         "env_steps_per_seed": int(steps[est].mean())})
        r.tables["estimators"] = rows
        lab.figure("learning_curves", _band_figure(
            curves, f"REINFORCE on CartPole-v1: {cfg.episodes_per_batch} episodes per step, {cfg.seeds} seeds",
            hline=r.metrics["random_policy_return"]))
        lab.figure("mean_return_over_training", plots.bars(
            [LABELS[e] for e in cfg.estimators], [r.metrics[f"{e}_auc"] for e in cfg.estimators],
            "mean episode return over all iterations", f"area under the learning curve, mean of {cfg.seeds} seeds",
            fmt="{:.1f}"))
        r.notes.append("Every estimator of a seed starts from the same policy weights and uses the same optimiser, "
                       "learning rate, batch size and number of gradient steps; the baseline network is extra. "
                       "Better policies play longer episodes, so they also consume more env steps (table).")
        r.notes.append(f"Returns are undiscounted episode lengths; the weights Ψ_t use γ = {cfg.gamma}. No advantage "
                       "normalisation is applied, so the variants differ only in Ψ_t.")
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
