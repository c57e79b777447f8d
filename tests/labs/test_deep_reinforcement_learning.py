"""The deep-reinforcement-learning lab (DQN on CartPole with ablations) and its reference code."""

from __future__ import annotations

import json

import pytest
import torch

pytest.importorskip("gymnasium")

from dlprep.labs import _framework as fw  # noqa: E402
from dlprep.torchref.dqn import QNet, ReplayBuffer, dqn_loss, td_target  # noqa: E402


def test_replay_buffer_is_circular_and_latest_is_the_newest():
    buf = ReplayBuffer(capacity=4, obs_dim=2, device=torch.device("cpu"))
    for i in range(6):
        buf.add([i, i], i % 2, float(i), [i + 1, i + 1], terminated=(i == 5))
    assert buf.size == 4 and buf.pos == 2
    assert sorted(buf.rewards.tolist()) == [2.0, 3.0, 4.0, 5.0]  # the two oldest were overwritten
    obs, actions, rewards, next_obs, term = buf.latest(2)
    assert rewards.tolist() == [5.0, 4.0] and term.tolist() == [1.0, 0.0]
    sample = buf.sample(64, torch.Generator().manual_seed(0))
    assert sample[0].shape == (64, 2) and set(sample[2].tolist()) <= {2.0, 3.0, 4.0, 5.0}


def test_td_target_and_loss():
    torch.manual_seed(0)
    q = QNet(4, 2, (8,))
    next_obs = torch.randn(3, 4)
    rewards = torch.ones(3)
    terminated = torch.tensor([0.0, 1.0, 0.0])
    y = td_target(q, rewards, next_obs, terminated, 0.9)
    expected = 1 + 0.9 * q(next_obs).max(dim=1).values.detach() * torch.tensor([1.0, 0.0, 1.0])
    assert torch.allclose(y, expected) and not y.requires_grad
    batch = (torch.randn(3, 4), torch.tensor([0, 1, 1]), rewards, next_obs, terminated)
    loss = dqn_loss(q, q, batch, 0.9)
    loss.backward()
    assert loss.item() > 0 and all(p.grad is not None for p in q.parameters())


@pytest.mark.slow
def test_quick_mode_demonstrates_its_claims(isolated_dirs):
    name = "deep-reinforcement-learning"
    module = fw.load_lab(name)
    result = fw.run_lab(name, module.Config.quick(device="cpu"))
    module.check(result)
    assert result.passed and all(c.passed for c in result.claims)
    m = result.metrics
    assert 15 < m["random_return"] < 35
    assert m["full_q_final"] < m["q_value_bound"] < m["no_target_q_final"]
    assert [row["variant"] for row in result.tables["variants"]] == list(result.config["variants"])
    folder = isolated_dirs / name / "quick"
    saved = json.loads((folder / "result.json").read_text())
    assert len(saved["history"]["full_eval"]) == result.config["total_steps"] // result.config["eval_every"]
    assert {"greedy_return.png", "q_values.png"} <= set(result.figures)
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
