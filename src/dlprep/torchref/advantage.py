"""Credit assignment in policy gradients: discounting, reward-to-go, baselines and GAE(λ).

The policy gradient weights each score ∇ log π(a_t|s_t) by a number Ψ_t that says how much
better than usual the action a_t turned out. The choices trade bias for variance:

    R(τ)                    total return: unbiased, credits a_t with rewards that came before it
    G_t = Σ_{l>=0} γ^l r_{t+l}   reward-to-go: unbiased for γ = 1; γ < 1 down-weights far-off rewards
                            (lower variance, biased for the undiscounted objective)
    G_t - V(s_t)            minus a state baseline: still unbiased (E_a[∇ log π(a|s)] b(s) = 0),
                            lower variance when V is close to the true value
    δ_t = r_t + γ V(s_{t+1}) - V(s_t)        the TD error: one step of real reward, then V's guess

Generalised advantage estimation (Schulman et al., 2016) interpolates with λ ∈ [0, 1]:

    Â_t^{GAE(γ,λ)} = Σ_{l>=0} (γλ)^l δ_{t+l}
                   = (1-λ) Σ_{n>=1} λ^{n-1} Â_t^{(n)},   Â_t^{(n)} = Σ_{l<n} γ^l r_{t+l} + γ^n V(s_{t+n}) - V(s_t)

λ = 1 gives G_t - V(s_t) (exact for any V: the V terms telescope away), λ = 0 gives δ_t
(low variance, biased unless V = V^π). With an exact V^π every λ is unbiased.

Episode ends: δ uses V(s_{t+1}) = 0 after a real termination (the pole fell), but V of the
final observation after a time-limit truncation: the episode was cut, the future was not zero.

Tensors are padded episodes (torchref.policy_gradient.Episodes): rewards, values, mask (N, T).
Sums of the form Σ_l c^l x_{t+l} are one product with the triangular matrix D[t', t] = c^{t'-t}.
"""

from __future__ import annotations

import torch
from torch import Tensor

from dlprep.torchref.policy_gradient import Episodes, ValueNet, reward_to_go


def discounted_sum(x: Tensor, c: float) -> Tensor:
    """y_t = Σ_{t' >= t} c^{t'-t} x_{t'} along the last axis, (N, T) -> (N, T)."""
    return reward_to_go(x, c)


def td_errors(ep: Episodes, values: Tensor, last_value: Tensor, gamma: float) -> Tensor:
    """δ_t = r_t + γ V(s_{t+1}) - V(s_t) on real steps, 0 on padding.

    values: V(s_t) (N, T); last_value: V(final observation) (N,), used only for truncated episodes.
    """
    N, T = values.shape
    lengths = ep.mask.sum(dim=1).long()  # (N,)
    next_v = torch.zeros_like(values)
    next_v[:, :-1] = values[:, 1:] * ep.mask[:, 1:]  # V(s_{t+1}) inside the episode
    bootstrap = torch.where(ep.terminated, torch.zeros_like(last_value), last_value)  # (N,)
    next_v[torch.arange(N), lengths - 1] = bootstrap  # after the last step: 0 or V(s_T)
    return (ep.rewards + gamma * next_v - values) * ep.mask


def gae(ep: Episodes, values: Tensor, last_value: Tensor, gamma: float, lam: float) -> Tensor:
    """Â_t = Σ_l (γλ)^l δ_{t+l}, (N, T), zero on padding."""
    return discounted_sum(td_errors(ep, values, last_value, gamma), gamma * lam) * ep.mask


@torch.no_grad()
def gae_weights(ep: Episodes, value: ValueNet, gamma: float, lam: float) -> Tensor:
    """GAE(γ, λ) advantages from a value network, ready to use as Ψ_t in the REINFORCE loss."""
    return gae(ep, value(ep.obs) * ep.mask, value(ep.last_obs), gamma, lam)


def gae_psi_fn(gamma: float, lam: float):
    """A ``psi_fn(episodes, value_net)`` for ``train_reinforce(..., use_value=True)``."""
    return lambda ep, value: gae_weights(ep, value, gamma, lam)
