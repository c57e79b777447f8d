"""Tabular reinforcement learning: value iteration (model known) vs Q-learning (model unknown).

A finite MDP has states s, actions a, transition probabilities P(s'|s,a), expected rewards
R(s,a) and a discount γ ∈ [0, 1). The value of a policy π and the optimal values obey the
Bellman equations

    V^π(s) = Σ_a π(a|s) [R(s,a) + γ Σ_s' P(s'|s,a) V^π(s')]            (expectation: linear in V^π)
    Q*(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) max_a' Q*(s',a')               (optimality: a max inside)

Value iteration applies the optimality operator T until it stops moving. T is a γ-contraction
in the max norm, ‖TV - TU‖∞ ≤ γ‖V - U‖∞, so the iterates converge to V* from any start and
the greedy policy of Q* is optimal. It needs the model (P, R).

Q-learning (Watkins, 1989) needs only samples (s, a, r, s') from interacting with the env:

    Q(s,a) ← Q(s,a) + α [r + γ (1 - terminated) max_a' Q(s',a') - Q(s,a)]

a stochastic-approximation version of the same fixed point. It is off-policy (the target uses
the greedy max, whatever the behaviour policy did) and converges to Q* if every (s, a) is
visited infinitely often and the step sizes satisfy Σα = ∞, Σα² < ∞. Here the behaviour
policy is ε-greedy with ε decaying linearly; the step size is constant.

Arrays: P (S, A, S), R (S, A), V (S,), Q (S, A), a deterministic policy is an int array (S,).
This module is NumPy: tables, not tensors, are the natural data structure at this size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlprep.data.gym_envs import TabularMDP

# ---------------------------------------------------------------- planning with a model


def bellman_optimality(mdp: TabularMDP, V: np.ndarray, gamma: float) -> np.ndarray:
    """Q(s, a) = R(s, a) + γ Σ_s' P(s'|s,a) V(s')  ->  (S, A)."""
    return mdp.R + gamma * mdp.P @ V  # (S, A, S) @ (S,) -> (S, A)


def value_iteration(mdp: TabularMDP, gamma: float = 0.99, tol: float = 1e-10,
                    max_iter: int = 100_000) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """V*, Q* and the residuals ‖V_{k+1} - V_k‖∞ per sweep (they shrink at least by γ per sweep)."""
    V = np.zeros(mdp.n_states)
    residuals = []
    for _ in range(max_iter):
        Q = bellman_optimality(mdp, V, gamma)  # (S, A)
        V_new = Q.max(axis=1)  # (S,)
        residuals.append(float(np.abs(V_new - V).max()))
        V = V_new
        if residuals[-1] < tol:
            break
    return V, bellman_optimality(mdp, V, gamma), residuals


def greedy(Q: np.ndarray) -> np.ndarray:
    """argmax_a Q(s, a) per state (ties -> the lowest action index), (S,) ints."""
    return Q.argmax(axis=1)


def policy_matrices(mdp: TabularMDP, policy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P_π (S, S) and R_π (S,) of a deterministic policy: the Markov chain it induces."""
    s = np.arange(mdp.n_states)
    return mdp.P[s, policy], mdp.R[s, policy]


def policy_evaluation(mdp: TabularMDP, policy: np.ndarray, gamma: float = 0.99) -> np.ndarray:
    """Exact V^π: solve the linear Bellman expectation equation (I - γ P_π) V = R_π."""
    P_pi, R_pi = policy_matrices(mdp, policy)
    return np.linalg.solve(np.eye(mdp.n_states) - gamma * P_pi, R_pi)


def expected_return(mdp: TabularMDP, policy: np.ndarray, horizon: int) -> float:
    """Exact expected undiscounted return within ``horizon`` steps from the start distribution.

    For FrozenLake (reward 1 only on reaching the goal) it is the success probability of an
    episode cut at ``horizon`` steps, the env's time limit. State distribution d_{t+1} = d_t P_π.
    """
    P_pi, R_pi = policy_matrices(mdp, policy)
    d, total = mdp.start.copy(), 0.0  # d: (S,)
    for _ in range(horizon):
        total += float(d @ R_pi)
        d = d @ P_pi
    return total


# ---------------------------------------------------------------- learning from samples


@dataclass
class QLearningConfig:
    episodes: int = 20_000
    alpha: float = 0.1  # step size
    gamma: float = 0.99
    eps_start: float = 1.0
    eps_end: float = 0.05
    eps_decay_frac: float = 0.5  # ε decays linearly over this fraction of the episodes


def epsilon_greedy(q_row: np.ndarray, eps: float, rng: np.random.Generator) -> int:
    """A random action with probability ε, else a greedy one (ties broken at random)."""
    if rng.random() < eps:
        return int(rng.integers(len(q_row)))
    best = np.flatnonzero(q_row == q_row.max())
    return int(best[rng.integers(len(best))])


def q_learning(env, cfg: QLearningConfig, rng: np.random.Generator,
               on_episode: Callable[[int, np.ndarray, float, int], None] | None = None) -> np.ndarray:
    """Tabular Q-learning on a gymnasium env with discrete states and actions; returns Q (S, A).

    ``on_episode(episode, Q, episode_return, episode_length)`` is called after every episode (for learning curves).
    A time-limit truncation is not a terminal state: the target still bootstraps from Q(s', ·).
    """
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    decay = max(1, int(cfg.eps_decay_frac * cfg.episodes))
    env.reset(seed=int(rng.integers(2**31)))  # seeds the env's own generator (slips) once
    for episode in range(cfg.episodes):
        eps = cfg.eps_end + (cfg.eps_start - cfg.eps_end) * max(0.0, 1 - episode / decay)
        s, _ = env.reset()
        done, ep_return, ep_len = False, 0.0, 0
        while not done:
            a = epsilon_greedy(Q[s], eps, rng)
            s2, r, terminated, truncated, _ = env.step(a)
            target = r + cfg.gamma * (0.0 if terminated else Q[s2].max())  # TD target
            Q[s, a] += cfg.alpha * (target - Q[s, a])  # move toward it by α · TD error
            s, done, ep_return, ep_len = s2, terminated or truncated, ep_return + r, ep_len + 1
        if on_episode is not None:
            on_episode(episode, Q, ep_return, ep_len)
    return Q


def rollout_success(env, policy: np.ndarray, episodes: int, seed: int) -> np.ndarray:
    """Run a deterministic tabular policy in the real env; the return of each episode, (episodes,)."""
    returns = np.zeros(episodes)
    for i in range(episodes):
        s, _ = env.reset(seed=seed + i)
        done = False
        while not done:
            s, r, terminated, truncated, _ = env.step(int(policy[s]))
            returns[i] += r
            done = terminated or truncated
    return returns
