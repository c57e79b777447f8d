"""Deep Q-network (DQN; Mnih et al., 2015): Q-learning with a neural network, made stable by
experience replay and a target network.

Q-learning moves Q(s, a) toward the one-step target r + γ max_a' Q(s', a'). With a network
Q_θ the update becomes a regression with a moving target:

    y = r + γ (1 - terminated) max_a' Q_θ⁻(s', a')          (θ⁻: target-network weights)
    L(θ) = E_(s,a,r,s')~D [ huber(Q_θ(s, a) - y) ]           (D: replay buffer)

Two tricks keep this from diverging (function approximation + bootstrapping + off-policy data
is the "deadly triad", Sutton & Barto §11.3):

    experience replay   store transitions in a buffer D and train on uniformly sampled minibatches:
                        consecutive transitions are highly correlated (and the data distribution
                        follows the current policy); sampling from a large buffer decorrelates them
                        and reuses each transition many times
    target network      compute y with a frozen copy θ⁻, synced to θ every C steps, so the regression
                        target does not move with every gradient step on θ

Switches for ablations: ``replay=False`` trains on the most recent ``batch_size`` transitions
(a sliding window: same batch size and number of gradient steps, but consecutive, correlated
data); ``target_update=0`` computes y with the online network itself (θ⁻ = θ).

Shapes: obs (B, D), actions (B,), rewards (B,), Q-values (B, A).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn


class QNet(nn.Module):
    """Q_θ(s, ·): an MLP from an observation to one value per action."""

    def __init__(self, obs_dim: int, n_actions: int, hidden: tuple[int, ...] = (128, 128)):
        super().__init__()
        layers: list[nn.Module] = []
        for h in hidden:
            layers += [nn.Linear(obs_dim, h), nn.ReLU()]
            obs_dim = h
        layers.append(nn.Linear(obs_dim, n_actions))
        self.net = nn.Sequential(*layers)

    def forward(self, obs: Tensor) -> Tensor:
        return self.net(obs)  # (B, D) -> (B, A)


class ReplayBuffer:
    """A circular buffer of transitions (s, a, r, s', terminated), as tensors on the device."""

    def __init__(self, capacity: int, obs_dim: int, device: torch.device):
        self.capacity, self.size, self.pos = capacity, 0, 0
        self.obs = torch.zeros(capacity, obs_dim, device=device)
        self.next_obs = torch.zeros(capacity, obs_dim, device=device)
        self.actions = torch.zeros(capacity, dtype=torch.long, device=device)
        self.rewards = torch.zeros(capacity, device=device)
        self.terminated = torch.zeros(capacity, device=device)

    def add(self, obs, action: int, reward: float, next_obs, terminated: bool) -> None:
        i = self.pos
        self.obs[i] = torch.as_tensor(obs)
        self.next_obs[i] = torch.as_tensor(next_obs)
        self.actions[i], self.rewards[i], self.terminated[i] = action, reward, float(terminated)
        self.pos = (self.pos + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size: int, generator: torch.Generator) -> tuple[Tensor, ...]:
        idx = torch.randint(self.size, (batch_size,), generator=generator).to(self.obs.device)  # uniform
        return self.obs[idx], self.actions[idx], self.rewards[idx], self.next_obs[idx], self.terminated[idx]

    def latest(self, batch_size: int) -> tuple[Tensor, ...]:
        """The most recent ``batch_size`` transitions (what training sees without replay)."""
        idx = (self.pos - 1 - torch.arange(min(batch_size, self.size))) % self.capacity
        idx = idx.to(self.obs.device)
        return self.obs[idx], self.actions[idx], self.rewards[idx], self.next_obs[idx], self.terminated[idx]


def td_target(target_net: nn.Module, rewards: Tensor, next_obs: Tensor, terminated: Tensor, gamma: float) -> Tensor:
    """y = r + γ (1 - terminated) max_a' Q⁻(s', a'), (B,), no gradient."""
    with torch.no_grad():
        return rewards + gamma * (1.0 - terminated) * target_net(next_obs).max(dim=1).values


def dqn_loss(q_net: nn.Module, target_net: nn.Module, batch: tuple[Tensor, ...], gamma: float) -> Tensor:
    obs, actions, rewards, next_obs, terminated = batch
    q = q_net(obs).gather(1, actions[:, None]).squeeze(1)  # (B,) Q_θ(s, a) of the actions taken
    y = td_target(target_net, rewards, next_obs, terminated, gamma)  # (B,)
    return F.smooth_l1_loss(q, y)  # Huber: quadratic near 0, linear for |error| > 1 (bounded gradients)


@dataclass
class DQNConfig:
    total_steps: int = 30_000  # env steps (one gradient step per env step after learning_starts)
    buffer_size: int = 50_000
    batch_size: int = 64
    lr: float = 1e-3
    gamma: float = 0.99
    target_update: int = 500  # sync θ⁻ ← θ every this many gradient steps; 0: no target network
    replay: bool = True
    learning_starts: int = 1000  # random-policy transitions before the first update
    eps_start: float = 1.0
    eps_end: float = 0.05
    eps_decay_steps: int = 10_000  # ε decays linearly over this many env steps
    hidden: tuple[int, ...] = (128, 128)


def train_dqn(env, cfg: DQNConfig, generator: torch.Generator, device: torch.device,
              on_step: Callable[[int, nn.Module], None] | None = None) -> tuple[QNet, list[dict[str, float]]]:
    """DQN on a gymnasium env with a discrete action space; returns Q_θ and one record per episode.

    ``on_step(step, q_net)`` runs after every env step (e.g. periodic greedy evaluation).
    A time-limit truncation is not a terminal state: its target still bootstraps from Q⁻(s', ·).
    """
    obs_dim, n_actions = env.observation_space.shape[0], env.action_space.n
    q_net = QNet(obs_dim, n_actions, cfg.hidden).to(device)
    target_net = copy.deepcopy(q_net) if cfg.target_update > 0 else q_net  # θ⁻ = θ without a target network
    opt = torch.optim.Adam(q_net.parameters(), lr=cfg.lr)
    buffer = ReplayBuffer(cfg.buffer_size if cfg.replay else cfg.batch_size, obs_dim, device)
    rng = np.random.default_rng(int(torch.randint(2**31 - 1, (1,), generator=generator)))
    obs, _ = env.reset(seed=int(rng.integers(2**31 - 1)))
    history, ep_return, ep_len, updates = [], 0.0, 0, 0
    for step in range(cfg.total_steps):
        eps = max(cfg.eps_end, cfg.eps_start - (cfg.eps_start - cfg.eps_end) * step / cfg.eps_decay_steps)
        if step < cfg.learning_starts or rng.random() < eps:
            action = int(rng.integers(n_actions))
        else:
            with torch.no_grad():
                action = int(q_net(torch.as_tensor(obs, device=device)[None]).argmax(dim=1))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        buffer.add(obs, action, reward, next_obs, terminated)
        obs, ep_return, ep_len = next_obs, ep_return + reward, ep_len + 1
        if terminated or truncated:
            history.append({"epoch": len(history) + 1, "step": step + 1, "return": ep_return, "length": ep_len,
                            "epsilon": eps})
            obs, _ = env.reset()
            ep_return, ep_len = 0.0, 0

        if step + 1 >= cfg.learning_starts:
            batch = buffer.sample(cfg.batch_size, generator) if cfg.replay else buffer.latest(cfg.batch_size)
            loss = dqn_loss(q_net, target_net, batch, cfg.gamma)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            updates += 1
            if cfg.target_update > 0 and updates % cfg.target_update == 0:
                target_net.load_state_dict(q_net.state_dict())  # hard sync θ⁻ ← θ
        if on_step is not None:
            on_step(step + 1, q_net)
    return q_net, history


@torch.no_grad()
def evaluate_greedy(q_net: nn.Module, vec_env, seed: int, device: torch.device) -> np.ndarray:
    """Returns of one greedy episode per copy of a vectorised env (ε = 0), (num_envs,)."""
    n = vec_env.num_envs
    obs, _ = vec_env.reset(seed=seed)
    live, returns = np.ones(n, dtype=bool), np.zeros(n)
    while live.any():
        actions = q_net(torch.as_tensor(obs, dtype=torch.float32, device=device)).argmax(dim=1).cpu().numpy()
        obs, r, term, trunc, _ = vec_env.step(actions)
        returns += r * live
        live &= ~(term | trunc)
    return returns
