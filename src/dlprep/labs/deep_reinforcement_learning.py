"""DQN on CartPole: experience replay and a target network, each ablated, over seeds.

CartPole-v1 (Gymnasium): reward 1 per step the pole stays up, episodes cut at 500 steps; a
random policy lasts about 22 steps. Variants, all with the same Q-network (MLP 4-64-64-2),
Adam, learning rate, batch size, ε schedule and one gradient step per env step:

    full        uniform minibatches from a 50k-transition replay buffer; targets from a target
                network synced every ``target_update`` gradient steps
    no_target   replay, but the TD target uses the online network itself (θ⁻ = θ)
    no_replay   target network, but each update uses only the latest ``batch_size`` transitions
                (a sliding window: consecutive, correlated, on-policy data; same batch size and steps)
    neither     both removed: plain online Q-learning with a neural network

Every ``eval_every`` env steps the greedy policy (ε = 0) plays ``eval_episodes`` episodes; the
headline numbers are the mean greedy return over the evaluations of the last third of training
and over all of training (area under the curve), averaged over seeds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data.gym_envs import gymnasium_version, make_cartpole_vec, make_env
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.dqn import DQNConfig, evaluate_greedy, train_dqn

VARIANTS = {"full": {}, "no_target": {"target_update": 0}, "no_replay": {"replay": False},
            "neither": {"target_update": 0, "replay": False}}


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"variants": ("full", "no_target"), "seeds": 1, "total_steps": 5000,
                                       "eval_every": 1000}

    threads: int = 1
    variants: tuple[str, ...] = ("full", "no_target", "no_replay", "neither")
    seeds: int = 3
    total_steps: int = 15_000
    buffer_size: int = 50_000
    batch_size: int = 64
    lr: float = 5e-4
    gamma: float = 0.99
    target_update: int = 250
    learning_starts: int = 1000
    eps_decay_steps: int = 5000
    hidden: tuple[int, ...] = (64, 64)
    eval_every: int = 1000
    eval_episodes: int = 10
    random_episodes: int = 200


def _beats_random(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    dqn, rnd = m["full_late"], m["random_return"]
    return dqn >= 5 * rnd, (f"DQN greedy return over the last third of training {dqn:.1f} vs random policy "
                            f"{rnd:.1f} ({dqn / rnd:.1f}x, needs >= 5x)")


def _no_target_diverges(result: LabResult) -> tuple[bool | None, str]:
    m = result.metrics
    if "no_target_q_final" not in m:
        return None, "no_target not run in this configuration"
    bound = m["q_value_bound"]
    full_q, nt_q = m["full_q_final"], m["no_target_q_min_over_seeds_of_final"]
    ok = nt_q > 3 * bound and full_q < 1.5 * bound
    return ok, (f"mean max_a Q on probe states at the end: full DQN {full_q:.1f}, no target network {nt_q:.4g} in its "
                f"lowest seed; no true value exceeds {bound:.1f} (needs > 3x the bound without, < 1.5x with)")


def _no_target_worse(result: LabResult) -> tuple[bool | None, str]:
    m = result.metrics
    if "no_target_auc" not in m:
        return None, "no_target not run in this configuration"
    full, nt = m["full_auc"], m["no_target_auc"]
    return full >= 3 * nt, f"mean greedy return over training: full DQN {full:.1f} vs no target network {nt:.1f}"


CLAIMS = [
    Claim("dqn_beats_random", "the full DQN's greedy policy earns >= 5x a random policy's return", _beats_random),
    Claim("no_target_network_diverges", "without a target network the Q-values diverge: at the end of training "
          "they exceed 3x the largest possible true value in every seed, while the full DQN's stay below 1.5x",
          _no_target_diverges),
    Claim("no_target_network_fails", "without a target network the greedy return collapses: the full DQN earns "
          ">= 3x more over training", _no_target_worse),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        r, dev = lab.result, lab.device
        r.versions["gymnasium"] = gymnasium_version()
        unknown = set(cfg.variants) - set(VARIANTS)
        if unknown or "full" not in cfg.variants:
            raise ValueError(f"variants must include 'full' and come from {list(VARIANTS)}; got {cfg.variants}")

        # A random policy, for scale; the states it visits are the probe set for Q-value estimates.
        rand_env = make_cartpole_vec(cfg.random_episodes, seed=cfg.seed + 777)
        rng = np.random.default_rng(cfg.seed)
        obs, _ = rand_env.reset(seed=cfg.seed + 777)
        live, total, probe = np.ones(cfg.random_episodes, bool), np.zeros(cfg.random_episodes), []
        while live.any():
            probe.append(obs[live])
            obs, rew, term, trunc, _ = rand_env.step(rng.integers(0, 2, cfg.random_episodes))
            total += rew * live
            live &= ~(term | trunc)
        r.metrics["random_return"] = float(total.mean())
        probe_states = torch.as_tensor(np.concatenate(probe), dtype=torch.float32, device=dev)  # (n, 4)
        q_bound = (1 - cfg.gamma ** 500) / (1 - cfg.gamma)  # the largest possible true value: 500 steps of reward 1
        r.metrics["q_value_bound"] = q_bound

        checkpoints = list(range(cfg.eval_every, cfg.total_steps + 1, cfg.eval_every))
        curves = {v: np.zeros((cfg.seeds, len(checkpoints))) for v in cfg.variants}
        qvals = {v: np.zeros((cfg.seeds, len(checkpoints))) for v in cfg.variants}  # mean max_a Q on the probe set
        episodes = {v: np.zeros(cfg.seeds) for v in cfg.variants}
        with lab.progress("runs", cfg.seeds * len(cfg.variants)) as advance:
            for k in range(cfg.seeds):
                for v in cfg.variants:
                    seed = cfg.seed * 1000 + k
                    torch.manual_seed(seed)  # the same initial Q-network for every variant of a seed
                    gen = torch.Generator().manual_seed(seed)
                    env = make_env("CartPole-v1", seed=seed)
                    eval_env = make_cartpole_vec(cfg.eval_episodes, seed=seed)
                    dcfg = DQNConfig(total_steps=cfg.total_steps, buffer_size=cfg.buffer_size,
                                     batch_size=cfg.batch_size, lr=cfg.lr, gamma=cfg.gamma,
                                     target_update=cfg.target_update, learning_starts=cfg.learning_starts,
                                     eps_decay_steps=cfg.eps_decay_steps, hidden=cfg.hidden)
                    dcfg = dataclasses.replace(dcfg, **VARIANTS[v])

                    def on_step(step: int, q_net, v=v, k=k, eval_env=eval_env, seed=seed) -> None:
                        if step % cfg.eval_every == 0:
                            j = step // cfg.eval_every - 1
                            curves[v][k, j] = evaluate_greedy(q_net, eval_env, seed * 7919 + step, dev).mean()
                            with torch.no_grad():
                                qvals[v][k, j] = float(q_net(probe_states).max(dim=1).values.mean())

                    _, hist = train_dqn(env, dcfg, gen, dev, on_step)
                    episodes[v][k] = len(hist)
                    if k == 0:
                        r.history[f"{v}_episodes"] = hist
                    advance()

        late = slice(len(checkpoints) - max(1, len(checkpoints) // 3), None)
        rows = []
        for v, c in curves.items():
            q = qvals[v]
            r.metrics.update({f"{v}_auc": float(c.mean()), f"{v}_late": float(c[:, late].mean()),
                              f"{v}_final": float(c[:, -1].mean()), f"{v}_peak": float(c.max(axis=1).mean()),
                              f"{v}_q_final": float(q[:, -1].mean()), f"{v}_q_max": float(q.max()),
                              f"{v}_q_min_over_seeds_of_final": float(q[:, -1].min())})
            r.history[f"{v}_eval"] = [{"epoch": s, "greedy_return": float(x)} for s, x in
                                      zip(checkpoints, c.mean(axis=0), strict=True)]
            rows.append({"variant": v, "mean_greedy_return_over_training": round(float(c.mean()), 1),
                         "last_third": round(float(c[:, late].mean()), 1),
                         "last_third_per_seed": [round(float(x), 1) for x in c[:, late].mean(axis=1)],
                         "final_eval": round(float(c[:, -1].mean()), 1),
                         "peak_eval": round(float(c.max(axis=1).mean()), 1),
                         "mean_max_Q_final": f"{q[:, -1].mean():.4g}",
                         "training_episodes": float(episodes[v].mean())})
        r.tables["variants"] = rows
        fig = plots.new_figure(7, 4.2)
        ax = fig.subplots()
        for i, (v, c) in enumerate(curves.items()):
            ax.plot(checkpoints, c.mean(axis=0), color=f"C{i}", marker="o", markersize=3,
                    label=f"{v} (mean of {cfg.seeds})")
            ax.fill_between(checkpoints, c.min(axis=0), c.max(axis=0), color=f"C{i}", alpha=0.12)
        ax.axhline(r.metrics["random_return"], color="gray", linestyle=":", label="random policy")
        ax.set(xlabel="env steps", ylabel=f"greedy return ({cfg.eval_episodes} episodes)",
               title="DQN on CartPole-v1: ablating replay and the target network")
        ax.legend(fontsize="small")
        ax.grid(alpha=0.3)
        lab.figure("greedy_return", fig)
        fig = plots.new_figure(7, 4.2)
        ax = fig.subplots()
        for i, (v, q) in enumerate(qvals.items()):
            ax.plot(checkpoints, np.abs(q).mean(axis=0), color=f"C{i}", marker="o", markersize=3, label=v)
        ax.axhline(q_bound, color="gray", linestyle=":", label=f"largest true value ({q_bound:.1f})")
        ax.set(xlabel="env steps", ylabel="mean over probe states of max_a Q(s, a)", yscale="log",
               title="Q-value estimates: without a target network they diverge")
        ax.legend(fontsize="small")
        ax.grid(alpha=0.3)
        lab.figure("q_values", fig)
        lab.figure("ablation", plots.bars(list(cfg.variants), [r.metrics[f"{v}_auc"] for v in cfg.variants],
                                          "mean greedy return over training",
                                          f"mean of {cfg.seeds} seed(s); band in the curve figure = min..max",
                                          fmt="{:.1f}"))
        r.notes.append("All variants of a seed start from the same Q-network and take the same number of env "
                       "steps and gradient steps (one per env step after learning_starts) with the same batch size.")
        r.notes.append("DQN on CartPole is famously unstable: greedy returns rise and fall during training "
                       "(see the per-seed band), so the headline numbers average over evaluations, not one.")
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
