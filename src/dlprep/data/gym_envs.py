"""Reinforcement-learning environments from Gymnasium (Farama), offline.

The classic-control (CartPole) and toy-text (FrozenLake, Taxi) environments ship inside the
``gymnasium`` wheel and need nothing downloaded, so they are the "datasets" of the RL labs.
This module is the one place that imports gymnasium; it raises a clear error when the package
is missing (``pip install "gymnasium>=1.0"``).

    tabular_mdp("FrozenLake-v1", is_slippery=True)   the model (P, R) of a toy-text env
    make_env("CartPole-v1", seed=0)                  one env, reset with a seed
    make_cartpole_vec(16, seed=0)                    16 CartPoles stepped together (NumPy)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

GYM_HINT = 'the RL labs need gymnasium: pip install "gymnasium>=1.0" (classic control and toy text run offline)'


def require_gymnasium():
    """Import and return ``gymnasium``; an ImportError that says how to install it otherwise."""
    try:
        import gymnasium
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(GYM_HINT) from exc
    return gymnasium


def gymnasium_version() -> str:
    try:
        return require_gymnasium().__version__
    except ImportError:
        return "not installed"


def make_env(env_id: str, seed: int | None = None, **kwargs: Any):
    """``gymnasium.make(env_id, **kwargs)`` (with its TimeLimit), reset once with ``seed``."""
    gym = require_gymnasium()
    env = gym.make(env_id, **kwargs)
    env.reset(seed=seed)
    env.action_space.seed(seed)
    return env


def make_cartpole_vec(num_envs: int, seed: int | None = None):
    """``num_envs`` CartPole-v1 copies in one NumPy-vectorised env (500-step limit, reward 1 per step).

    It resets a finished copy on the *next* ``step`` call (gymnasium's NEXT_STEP autoreset), and
    that step returns reward 0 and the new episode's first observation.
    """
    gym = require_gymnasium()
    env = gym.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="vector_entry_point")
    env.reset(seed=seed)
    return env


@dataclass
class TabularMDP:
    """A finite MDP in arrays: S states, A actions.

    P[s, a, s'] = p(s' | s, a)           (S, A, S), rows sum to 1
    R[s, a]     = E[r | s, a]            (S, A), expected immediate reward
    terminal[s] = episode ends on entering s (absorbing, worth 0 afterwards)   (S,)
    start[s]    = p(s_0 = s)             (S,)
    """

    P: np.ndarray
    R: np.ndarray
    terminal: np.ndarray
    start: np.ndarray
    name: str = ""
    shape: tuple[int, int] | None = None  # grid (rows, cols) for plotting, if the env is a grid

    @property
    def n_states(self) -> int:
        return self.P.shape[0]

    @property
    def n_actions(self) -> int:
        return self.P.shape[1]


def tabular_mdp(env_id: str = "FrozenLake-v1", **kwargs: Any) -> TabularMDP:
    """The exact model of a toy-text env, read from its transition table ``env.unwrapped.P``.

    Gymnasium stores ``P[s][a] = [(prob, s', reward, terminated), ...]``. A terminated transition
    leads to a state the episode never leaves; we make those states absorbing with reward 0, so
    that a discounted value of a policy solves a linear system (see torchref.tabular_rl).
    """
    gym = require_gymnasium()
    env = gym.make(env_id, **kwargs)
    u = env.unwrapped
    n_s, n_a = u.observation_space.n, u.action_space.n
    P = np.zeros((n_s, n_a, n_s))
    R = np.zeros((n_s, n_a))
    terminal = np.zeros(n_s, dtype=bool)
    for s in range(n_s):
        for a in range(n_a):
            for prob, s2, r, done in u.P[s][a]:
                P[s, a, s2] += prob
                R[s, a] += prob * r
                if done:
                    terminal[s2] = True
    # Entering a terminal state ends the episode: make it absorbing and worthless afterwards.
    P[terminal] = 0.0
    for s in np.flatnonzero(terminal):
        P[s, :, s] = 1.0
    R[terminal] = 0.0
    start = np.asarray(getattr(u, "initial_state_distrib", np.eye(n_s)[0]), dtype=float)
    desc = getattr(u, "desc", None)
    shape = tuple(desc.shape) if desc is not None and env_id.startswith("FrozenLake") else None
    env.close()
    return TabularMDP(P, R, terminal, start / start.sum(), env_id, shape)
