"""The policy-gradient lab (REINFORCE on CartPole) and its reference code."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

pytest.importorskip("gymnasium")

from dlprep.data.gym_envs import make_cartpole_vec  # noqa: E402
from dlprep.labs import _framework as fw  # noqa: E402
from dlprep.torchref.policy_gradient import (  # noqa: E402
    PolicyNet,
    collect_episodes,
    policy_gradient_weights,
    reinforce_loss,
    reward_to_go,
)


def test_reward_to_go_matches_the_recursion():
    rewards = torch.tensor([[1.0, 0.0, 2.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0, 0.0]])
    G = reward_to_go(rewards, 0.9)
    expected = torch.zeros_like(rewards)
    running = torch.zeros(2)
    for t in range(4, -1, -1):
        running = rewards[:, t] + 0.9 * running
        expected[:, t] = running
    assert torch.allclose(G, expected)
    assert G[0, 0].item() == pytest.approx(1 + 0.9 * (0 + 0.9 * (2 + 0.9 * (1 + 0.9))))


def test_episodes_are_complete_and_masked():
    env = make_cartpole_vec(8, seed=0)
    torch.manual_seed(0)
    ep = collect_episodes(env, PolicyNet(4, 2), torch.Generator().manual_seed(0), torch.device("cpu"))
    lengths = ep.lengths
    assert ep.obs.shape[:2] == ep.mask.shape == (8, int(lengths.max()))
    # Each row: a block of ones then zeros; reward 1 on every real step of CartPole.
    assert torch.equal(ep.mask, (torch.arange(ep.mask.shape[1]) < lengths[:, None]).float())
    assert torch.equal(ep.returns, lengths)
    assert ep.terminated.all()  # an untrained policy drops the pole long before 500 steps


def test_the_surrogate_loss_gives_the_reinforce_gradient():
    """∇L = -(1/N) Σ Σ ∇log π(a_t|s_t) Ψ_t, checked against per-step autograd."""
    env = make_cartpole_vec(4, seed=1)
    torch.manual_seed(1)
    policy = PolicyNet(4, 2, (8,))
    ep = collect_episodes(env, policy, torch.Generator().manual_seed(1), torch.device("cpu"))
    psi = policy_gradient_weights(ep, "rtg", 0.99)
    grads = torch.autograd.grad(reinforce_loss(policy, ep, psi), list(policy.parameters()))
    manual = [torch.zeros_like(p) for p in policy.parameters()]
    for i in range(4):
        for t in range(int(ep.lengths[i])):
            g = torch.autograd.grad(policy.log_prob(ep.obs[i, t], ep.actions[i, t]), list(policy.parameters()))
            for m, gi in zip(manual, g, strict=True):
                m -= gi * psi[i, t] / 4
    for a, b in zip(grads, manual, strict=True):
        assert torch.allclose(a, b, atol=1e-4)
    # The total-return weight is the same for every step of an episode; a mean baseline centres Ψ.
    total = policy_gradient_weights(ep, "total", 0.99)
    assert torch.allclose(total[:, 0][:, None] * ep.mask, total)
    centred = policy_gradient_weights(ep, "rtg_mean", 0.99)
    assert abs(float(centred.sum() / ep.mask.sum())) < 1e-4


@pytest.mark.slow
def test_quick_mode_demonstrates_its_claims(isolated_dirs):
    name = "policy-gradient"
    module = fw.load_lab(name)
    result = fw.run_lab(name, module.Config.quick(device="cpu"))
    module.check(result)
    assert result.passed and len(result.claims) == len(module.CLAIMS)
    m = result.metrics
    assert m["rtg_value_auc"] > m["total_auc"] > m["random_policy_return"]
    assert 15 < m["random_policy_return"] < 35  # a random CartPole policy lasts about 22 steps
    assert [row["estimator"] for row in result.tables["estimators"]] == list(result.config["estimators"])
    folder = isolated_dirs / name / "quick"
    saved = json.loads((folder / "result.json").read_text())
    assert len(saved["history"]["rtg_value"]) == result.config["iterations"]
    assert np.all(np.isfinite([h["value_mse"] for h in saved["history"]["rtg_value"]]))
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
