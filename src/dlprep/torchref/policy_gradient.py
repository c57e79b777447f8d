"""REINFORCE (Williams, 1992): the policy-gradient theorem as a loss you can backpropagate.

A stochastic policy π_θ(a|s) (here an MLP giving action logits) generates trajectories
τ = (s_0, a_0, r_0, ..., s_{T-1}, a_{T-1}, r_{T-1}). The objective and its gradient are

    J(θ) = E_τ~π_θ [ Σ_t r_t ]
    ∇J(θ) = E_τ [ Σ_t ∇_θ log π_θ(a_t|s_t) · Ψ_t ]

where any of these weights Ψ_t gives an unbiased estimate (the score function has mean zero,
E_a[∇ log π(a|s)] = 0, so terms that cannot depend on a_t drop out in expectation):

    Ψ_t = R(τ)   = Σ_{t'} r_{t'}                  total return ("plain" REINFORCE)
    Ψ_t = G_t    = Σ_{t' >= t} γ^{t'-t} r_{t'}     reward-to-go: the past cannot be credited to a_t
    Ψ_t = G_t - b(s_t)                            minus a baseline that depends on the state only

They differ in variance, and that is what decides how fast the policy learns. With γ < 1 the
reward-to-go is the usual "discounted" version: slightly biased for the undiscounted J, lower
variance (see torchref.advantage for GAE).

Autograd computes the gradient of the surrogate loss

    L(θ) = -(1/N) Σ_{episodes} Σ_t log π_θ(a_t|s_t) · Ψ_t        (Ψ_t treated as a constant)

whose gradient is minus the Monte Carlo estimate of ∇J. It is not a loss in the supervised
sense: its value says nothing about how good the policy is.

Episodes are stored padded: (N, T_max) tensors with a mask, N episodes collected in lockstep
from a vectorised env (torch forward on N observations per step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

# ---------------------------------------------------------------- networks


def mlp(n_in: int, n_out: int, hidden: tuple[int, ...] = (64,)) -> nn.Sequential:
    layers: list[nn.Module] = []
    for h in hidden:
        layers += [nn.Linear(n_in, h), nn.Tanh()]
        n_in = h
    layers.append(nn.Linear(n_in, n_out))
    return nn.Sequential(*layers)


class PolicyNet(nn.Module):
    """π_θ(a|s) = softmax(f_θ(s))_a for discrete actions; ``log_prob`` and ``sample`` use it."""

    def __init__(self, obs_dim: int, n_actions: int, hidden: tuple[int, ...] = (64,)):
        super().__init__()
        self.net = mlp(obs_dim, n_actions, hidden)

    def forward(self, obs: Tensor) -> Tensor:
        return self.net(obs)  # (..., obs_dim) -> (..., n_actions) logits

    def log_prob(self, obs: Tensor, actions: Tensor) -> Tensor:
        logp = torch.log_softmax(self(obs), dim=-1)  # (..., A)
        return logp.gather(-1, actions.unsqueeze(-1)).squeeze(-1)  # (...,)

    @torch.no_grad()
    def sample(self, obs: Tensor, generator: torch.Generator) -> Tensor:
        cdf = torch.softmax(self(obs), dim=-1).cumsum(dim=-1).cpu()  # (N, A), on the CPU generator
        u = torch.rand(cdf.shape[0], 1, generator=generator)  # (N, 1) uniforms: inverse-CDF sampling
        return (u > cdf[:, :-1]).sum(dim=1)  # (N,) the first action whose CDF exceeds u


class ValueNet(nn.Module):
    """V_φ(s): a state-only baseline, fitted to the reward-to-go by regression."""

    def __init__(self, obs_dim: int, hidden: tuple[int, ...] = (64,)):
        super().__init__()
        self.net = mlp(obs_dim, 1, hidden)

    def forward(self, obs: Tensor) -> Tensor:
        return self.net(obs).squeeze(-1)  # (..., obs_dim) -> (...)


# ---------------------------------------------------------------- episodes


@dataclass
class Episodes:
    """N episodes, padded to the longest: obs (N, T, D), actions/rewards/mask (N, T)."""

    obs: Tensor
    actions: Tensor
    rewards: Tensor
    mask: Tensor  # 1.0 on real steps, 0.0 on padding
    terminated: Tensor  # (N,) bool: ended by failure; False: cut by the time limit (truncated)
    last_obs: Tensor  # (N, D) the observation after the last step (to bootstrap a truncated episode)

    @property
    def lengths(self) -> Tensor:
        return self.mask.sum(dim=1)  # (N,)

    @property
    def returns(self) -> Tensor:
        return self.rewards.sum(dim=1)  # (N,) undiscounted episode returns


@torch.no_grad()
def collect_episodes(env, policy: PolicyNet, generator: torch.Generator, device: torch.device) -> Episodes:
    """One episode from each copy of a vectorised env (``env.num_envs`` of them), stepped together.

    Copies that finish early keep stepping (gymnasium resets them) but their later steps are
    masked out, so each row holds exactly one complete episode from a fresh reset.
    """
    n = env.num_envs
    obs, _ = env.reset(seed=int(torch.randint(2**31 - 1, (1,), generator=generator)))
    obs_l, act_l, rew_l, live_l = [], [], [], []
    live = np.ones(n, dtype=bool)  # still in its first episode
    terminated_first = np.zeros(n, dtype=bool)
    last_obs = np.zeros_like(obs)
    while live.any():
        o = torch.as_tensor(obs, dtype=torch.float32, device=device)  # (N, D)
        a = policy.sample(o, generator)  # (N,)
        obs, r, term, trunc, _ = env.step(a.numpy())
        obs_l.append(o)
        act_l.append(a)
        rew_l.append(np.where(live, r, 0.0))
        live_l.append(live.copy())
        ended = live & (term | trunc)  # NEXT_STEP autoreset: ``obs`` is still the final observation
        last_obs[ended] = obs[ended]
        terminated_first |= live & term
        live &= ~(term | trunc)
    mask = torch.as_tensor(np.stack(live_l, axis=1), dtype=torch.float32, device=device)  # (N, T)
    return Episodes(obs=torch.stack(obs_l, dim=1),  # (N, T, D)
                    actions=torch.stack(act_l, dim=1).to(device),  # (N, T)
                    rewards=torch.as_tensor(np.stack(rew_l, axis=1), dtype=torch.float32, device=device) * mask,
                    mask=mask, terminated=torch.as_tensor(terminated_first, device=device),
                    last_obs=torch.as_tensor(last_obs, dtype=torch.float32, device=device))


# ---------------------------------------------------------------- weights Ψ_t


def reward_to_go(rewards: Tensor, gamma: float = 1.0) -> Tensor:
    """G_t = Σ_{t' >= t} γ^{t'-t} r_{t'} along the last axis (padding holds zeros), (N, T) -> (N, T).

    The same as the backward recursion G_t = r_t + γ G_{t+1}, written as one matrix product with
    the upper-triangular discount matrix D[t', t] = γ^{t'-t} for t' >= t (T <= 500 here).
    """
    T = rewards.shape[-1]
    idx = torch.arange(T, device=rewards.device)
    lag = idx[:, None] - idx[None, :]  # (T, T): t' - t
    D = torch.where(lag >= 0, gamma ** lag.clamp(min=0).to(rewards.dtype), torch.zeros((), device=rewards.device))
    return rewards @ D  # (N, T) @ (T, T) -> (N, T)


def policy_gradient_weights(ep: Episodes, estimator: str, gamma: float,
                            value_fn: Callable[[Tensor], Tensor] | None = None) -> Tensor:
    """Ψ_t (N, T), zero on padding, for estimator in

    total          G_0 = Σ_t γ^t r_t, the same weight for every step of the episode
    rtg            G_t, the reward-to-go
    rtg_mean       G_t - mean of G_t over the batch's real steps (a constant baseline)
    rtg_value      G_t - V_φ(s_t)
    """
    G = reward_to_go(ep.rewards, gamma)  # (N, T)
    if estimator == "total":
        psi = G[:, :1].expand_as(G)
    elif estimator == "rtg":
        psi = G
    elif estimator == "rtg_mean":
        psi = G - (G * ep.mask).sum() / ep.mask.sum()
    elif estimator == "rtg_value":
        if value_fn is None:
            raise ValueError("rtg_value needs a value function")
        with torch.no_grad():
            psi = G - value_fn(ep.obs)  # (N, T)
    else:
        raise ValueError(f"unknown estimator {estimator!r}")
    return psi * ep.mask


def reinforce_loss(policy: PolicyNet, ep: Episodes, psi: Tensor) -> Tensor:
    """-(1/N) Σ_episodes Σ_t log π(a_t|s_t) Ψ_t: its gradient is minus the REINFORCE estimate of ∇J."""
    logp = policy.log_prob(ep.obs, ep.actions)  # (N, T)
    return -(logp * psi.detach() * ep.mask).sum() / ep.obs.shape[0]


def fit_value(value: ValueNet, opt: torch.optim.Optimizer, ep: Episodes, targets: Tensor, steps: int) -> float:
    """A few full-batch regression steps of V_φ(s_t) onto the targets (N, T) on real steps; last MSE."""
    real = ep.mask.bool()
    x, y = ep.obs[real], targets[real]  # (n_steps, D), (n_steps,)
    for _ in range(steps):
        loss = (value(x) - y).pow(2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return float(loss.detach())


# ---------------------------------------------------------------- the training loop


@dataclass
class ReinforceConfig:
    iterations: int = 100
    episodes_per_batch: int = 16  # N: episodes per gradient step
    gamma: float = 0.99
    lr: float = 3e-3
    value_lr: float = 1e-2
    value_steps: int = 20
    hidden: tuple[int, ...] = (64,)


PsiFn = Callable[[Episodes, ValueNet | None], Tensor]  # (episodes, value net) -> Ψ (N, T)


def train_reinforce(env, estimator: str | PsiFn, cfg: ReinforceConfig, generator: torch.Generator,
                    device: torch.device, use_value: bool | None = None,
                    on_iteration: Callable[[int, dict[str, float]], bool | None] | None = None,
                    ) -> tuple[PolicyNet, list[dict[str, float]]]:
    """REINFORCE with weights Ψ_t; one gradient step per batch of N fresh episodes.

    ``estimator`` is one of ``policy_gradient_weights``'s names or a function ``psi_fn(episodes,
    value_net)`` (e.g. GAE, torchref.advantage). A value net V_φ is trained when ``use_value``
    (default: only for "rtg_value"), by regression on the discounted reward-to-go. It is fitted
    *after* the policy step, on the batch it was not used for, so the baseline never depends on
    the actions it is subtracted from. ``on_iteration(it, record)`` may return True to stop early.
    Returns the trained policy and one record per iteration.
    """
    obs_dim, n_actions = env.single_observation_space.shape[0], env.single_action_space.n
    policy = PolicyNet(obs_dim, n_actions, cfg.hidden).to(device)
    opt = torch.optim.Adam(policy.parameters(), lr=cfg.lr)
    if use_value is None:
        use_value = estimator == "rtg_value"
    value = ValueNet(obs_dim, cfg.hidden).to(device) if use_value else None
    v_opt = torch.optim.Adam(value.parameters(), lr=cfg.value_lr) if value is not None else None
    history = []
    for it in range(cfg.iterations):
        ep = collect_episodes(env, policy, generator, device)
        if callable(estimator):
            psi = estimator(ep, value)
        else:
            psi = policy_gradient_weights(ep, estimator, cfg.gamma, value)
        loss = reinforce_loss(policy, ep, psi)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        record = {"epoch": it + 1, "mean_return": float(ep.returns.mean()),
                  "env_steps": float(ep.mask.sum())}
        if value is not None:
            record["value_mse"] = fit_value(value, v_opt, ep, reward_to_go(ep.rewards, cfg.gamma), cfg.value_steps)
        history.append(record)
        if on_iteration is not None and on_iteration(it, record):
            break  # the callback asked to stop early
    return policy, history
