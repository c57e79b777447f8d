"""Value iteration (knows the model) vs Q-learning (learns from episodes) on slippery FrozenLake 4x4.

FrozenLake-v1 (Gymnasium, 4x4 map, ``is_slippery=True``): the agent walks a 4x4 frozen lake
from S to the goal G; the ice is slippery, so the intended move happens with probability 1/3
and each perpendicular move with 1/3. Falling into a hole ends the episode with reward 0;
reaching G gives reward 1; episodes are cut at 100 steps.

    value iteration   reads the exact model (P, R) from the env's transition table and
                      iterates the Bellman optimality operator to Q*; its greedy policy is optimal
    Q-learning        sees only (s, a, r, s') samples from ε-greedy episodes in the real env,
                      for ``q_seeds`` seeds; every ``eval_every`` episodes its greedy policy is frozen
                      and evaluated *exactly* on the model (no evaluation noise)

Metrics are exact numbers from the model: the success probability within the 100-step time limit
and the discounted value V^π(s_0). A Monte Carlo run of the value-iteration policy in the real env
checks that the model read from the env is the env.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from dlprep.data.gym_envs import gymnasium_version, make_env, tabular_mdp
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.tabular_rl import (
    QLearningConfig,
    expected_return,
    greedy,
    policy_evaluation,
    q_learning,
    rollout_success,
    value_iteration,
)

ARROWS = "←↓→↑"  # FrozenLake actions 0..3: left, down, right, up


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"episodes": 3000, "q_seeds": 3, "eval_every": 100, "mc_episodes": 2000}

    threads: int = 1  # NumPy tables: nothing to parallelise
    map_name: str = "4x4"
    slippery: bool = True
    gamma: float = 0.99
    episodes: int = 20_000  # Q-learning episodes per seed
    alpha: float = 0.1
    eps_start: float = 1.0
    eps_end: float = 0.05
    eps_decay_frac: float = 0.5
    q_seeds: int = 5
    eval_every: int = 250  # episodes between exact evaluations of Q-learning's greedy policy
    horizon: int = 100  # the env's time limit
    mc_episodes: int = 5000  # Monte Carlo episodes of the VI policy in the real env


def _vi_optimal(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    best_q = max(m["q_final_success_per_seed"])
    return m["vi_success"] >= best_q - 1e-9, \
        f"VI {m['vi_success']:.4f} vs best Q-learning seed {best_q:.4f} (mean {m['q_final_success']:.4f})"


def _q_approaches(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    frac = 0.95 if result.mode == "full" else 0.8
    ratio = m["q_final_success"] / m["vi_success"]
    ok = ratio >= frac and m["q_final_success"] >= m["q_first_success"] + 0.1
    return ok, (f"Q-learning success {m['q_first_success']:.4f} after {m['q_first_episodes']} episodes -> "
                f"{m['q_final_success']:.4f} after {m['q_episodes']} = {ratio:.3f} of VI's {m['vi_success']:.4f} "
                f"(needs >= {frac:.2f} and a rise >= 0.10)")


def _model_matches_env(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    z = abs(m["vi_mc_success"] - m["vi_success"]) / m["vi_mc_stderr"]
    return z <= 3.0, (f"VI policy in the real env {m['vi_mc_success']:.4f} ± {m['vi_mc_stderr']:.4f} "
                      f"({m['mc_episodes']} episodes) vs exact {m['vi_success']:.4f}: {z:.2f} standard errors")


CLAIMS = [
    Claim("vi_at_least_q_learning", "value iteration's greedy policy succeeds at least as often as every "
          "Q-learning run's greedy policy (exact success probability within 100 steps)", _vi_optimal),
    Claim("q_learning_approaches_vi", "Q-learning's greedy policy (mean over seeds) climbs toward the optimum: "
          ">= 95% of VI's success rate at the end (quick: >= 80%), and >= 0.10 above its first evaluation",
          _q_approaches),
    Claim("model_matches_env", "the VI policy's Monte Carlo success rate in the real env is within 3 standard "
          "errors of the exact value computed from the model", _model_matches_env),
]


def _value_map(mdp, V: np.ndarray, policy: np.ndarray, title: str):
    rows, cols = mdp.shape
    fig = plots.new_figure(4.6, 4.2)
    ax = fig.subplots()
    im = ax.imshow(V.reshape(rows, cols), cmap="viridis")
    desc = make_env("FrozenLake-v1", map_name=f"{rows}x{cols}").unwrapped.desc.astype(str)
    for s in range(mdp.n_states):
        r, c = divmod(s, cols)
        cell = desc[r, c]
        label = cell if cell in "HG" else f"{ARROWS[policy[s]]}\n{V[s]:.2f}"
        ax.text(c, r, label, ha="center", va="center", color="white" if V[s] < V.max() * 0.6 else "black",
                fontsize=10)
    ax.set(xticks=[], yticks=[], title=title)
    fig.colorbar(im, ax=ax, shrink=0.8, label="V*(s)")
    return fig


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        r = lab.result
        r.versions["gymnasium"] = gymnasium_version()
        env_kwargs = {"map_name": cfg.map_name, "is_slippery": cfg.slippery}
        mdp = tabular_mdp("FrozenLake-v1", **env_kwargs)

        # 1. Planning: value iteration on the exact model.
        V, Q_star, residuals = value_iteration(mdp, cfg.gamma)
        pi_star = greedy(Q_star)
        vi_success = expected_return(mdp, pi_star, cfg.horizon)
        # Upper bound for any policy, even a time-dependent one: finite-horizon DP on the success objective.
        U = np.zeros(mdp.n_states)
        for _ in range(cfg.horizon):
            U = (mdp.R + mdp.P @ U).max(axis=1)
        r.metrics.update({"vi_sweeps": len(residuals), "vi_value_s0": float(V @ mdp.start),
                          "vi_success": vi_success, "finite_horizon_bound": float(U @ mdp.start),
                          "vi_success_infinite_horizon": expected_return(mdp, pi_star, 100_000)})
        r.history["value_iteration"] = [{"epoch": k + 1, "residual": res} for k, res in enumerate(residuals)]

        # 2. The model is the env: Monte Carlo success of the VI policy in gymnasium's FrozenLake.
        env = make_env("FrozenLake-v1", seed=cfg.seed, **env_kwargs)
        mc = rollout_success(env, pi_star, cfg.mc_episodes, seed=cfg.seed * 1_000_003)
        r.metrics.update({"vi_mc_success": float(mc.mean()), "mc_episodes": cfg.mc_episodes,
                          "vi_mc_stderr": float(mc.std(ddof=1) / np.sqrt(len(mc)))})

        # 3. Learning: Q-learning from episodes, several seeds, exact evaluation of the greedy policy.
        q_cfg = QLearningConfig(episodes=cfg.episodes, alpha=cfg.alpha, gamma=cfg.gamma, eps_start=cfg.eps_start,
                                eps_end=cfg.eps_end, eps_decay_frac=cfg.eps_decay_frac)
        checkpoints = list(range(cfg.eval_every, cfg.episodes + 1, cfg.eval_every))
        curves = np.zeros((cfg.q_seeds, len(checkpoints)))  # exact success of the greedy policy
        values = np.zeros_like(curves)  # exact discounted value V^π(s_0) of the greedy policy
        train_success = np.zeros((cfg.q_seeds, cfg.episodes))  # ε-greedy episodes' returns
        steps = np.zeros(cfg.q_seeds, dtype=int)
        final = []
        with lab.progress("q-learning", cfg.q_seeds) as advance:
            for k in range(cfg.q_seeds):
                env = make_env("FrozenLake-v1", seed=cfg.seed * 100 + k, **env_kwargs)

                def on_episode(ep: int, Q: np.ndarray, ret: float, length: int, k=k) -> None:
                    train_success[k, ep] = ret
                    steps[k] += length
                    if (ep + 1) % cfg.eval_every == 0:
                        j = (ep + 1) // cfg.eval_every - 1
                        pi = greedy(Q)
                        curves[k, j] = expected_return(mdp, pi, cfg.horizon)
                        values[k, j] = policy_evaluation(mdp, pi, cfg.gamma) @ mdp.start

                Q = q_learning(env, q_cfg, np.random.default_rng(cfg.seed * 100 + k), on_episode)
                live = ~mdp.terminal
                final.append({"seed": k, "final_success": round(float(curves[k, -1]), 4),
                              "final_value_s0": round(float(values[k, -1]), 4),
                              # optimal actions: Q*(s, a) = max_a Q*(s, ·) (state 6 has two, left and right)
                              "policy_optimal": bool((Q_star[np.arange(mdp.n_states), greedy(Q)]
                                                      >= Q_star.max(axis=1) - 1e-9)[live].all()),
                              "max_abs_q_error": round(float(np.abs(Q - Q_star)[live].max()), 4),
                              "env_steps": int(steps[k]),
                              "policy": "".join(ARROWS[a] if live[s] else "·" for s, a in enumerate(greedy(Q)))})
                advance()

        mean_curve = curves.mean(axis=0)
        r.metrics.update({
            "q_episodes": cfg.episodes, "q_seeds": cfg.q_seeds, "q_first_episodes": checkpoints[0],
            "q_first_success": float(mean_curve[0]), "q_final_success": float(mean_curve[-1]),
            "q_final_success_per_seed": [float(c) for c in curves[:, -1]],
            "q_final_value_s0": float(values[:, -1].mean()),
            "q_seeds_with_optimal_policy": int(sum(row["policy_optimal"] for row in final)),
            "q_env_steps_mean": float(steps.mean()),
        })
        # First checkpoint where the mean greedy policy reaches 95% of the optimum (None if never).
        hit = np.flatnonzero(mean_curve >= 0.95 * vi_success)
        r.metrics["q_episodes_to_95pct"] = int(checkpoints[hit[0]]) if len(hit) else None
        r.history["q_learning_mean"] = [
            {"epoch": ep, "greedy_success": float(s), "greedy_value_s0": float(v),
             "train_success": float(train_success[:, max(0, ep - cfg.eval_every):ep].mean())}
            for ep, s, v in zip(checkpoints, mean_curve, values.mean(axis=0), strict=True)]
        r.tables["q_learning_runs"] = final
        r.tables["value_iteration"] = [{
            "sweeps": len(residuals), "V*(s0)": round(r.metrics["vi_value_s0"], 4),
            "success_100_steps": round(vi_success, 4), "success_no_time_limit": round(
                r.metrics["vi_success_infinite_horizon"], 4),
            "finite_horizon_bound": round(r.metrics["finite_horizon_bound"], 4),
            "policy": "".join(ARROWS[a] if not mdp.terminal[s] else "·" for s, a in enumerate(pi_star))}]

        series = {f"Q-learning seed {k}": curves[k] for k in range(cfg.q_seeds)}
        series["Q-learning mean"] = mean_curve
        lab.figure("learning_curve", plots.lines(
            checkpoints, series, "training episodes", "success probability of the greedy policy (exact)",
            title=f"FrozenLake {cfg.map_name} slippery: Q-learning vs value iteration", markers=False,
            hlines={"value iteration (optimal)": vi_success}))
        train_ma = [float(train_success[:, max(0, ep - cfg.eval_every):ep].mean()) for ep in checkpoints]
        lab.figure("behaviour_vs_greedy", plots.lines(
            checkpoints, {"greedy policy (exact)": mean_curve, "ε-greedy training episodes (observed)": train_ma},
            "training episodes", "success rate", title="what Q-learning learns vs what it does while exploring",
            markers=False, hlines={"value iteration": vi_success}))
        lab.figure("vi_residuals", plots.lines(
            list(range(1, len(residuals) + 1)), {"‖V_{k+1} - V_k‖∞": residuals}, "sweep k", "residual",
            title=f"value iteration: a γ-contraction (γ = {cfg.gamma})", logy=True, markers=False,
            hlines={}))
        if mdp.shape is not None:
            lab.figure("value_map", _value_map(mdp, V, pi_star, "V* and the optimal policy"))
        r.notes.append("Success rates and values are computed exactly from the model (finite-horizon Markov "
                       "chain of the greedy policy), so the curves carry no evaluation noise; the spread "
                       "between seeds is Q-learning's own.")
        r.notes.append(f"Q-learning used {steps.mean():.0f} env steps per seed on average; value iteration "
                       f"used none (it reads the model) but {len(residuals)} sweeps over all "
                       f"{mdp.n_states}x{mdp.n_actions} state-action pairs.")
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
