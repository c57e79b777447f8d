"""The credit-assignment lab (policy-gradient variance of reward-to-go, baselines, GAE) and its reference code."""

from __future__ import annotations

import json

import pytest
import torch

pytest.importorskip("gymnasium")

from dlprep.labs import _framework as fw  # noqa: E402
from dlprep.labs.credit_assignment import per_episode_gradients  # noqa: E402
from dlprep.torchref.advantage import gae, td_errors  # noqa: E402
from dlprep.torchref.policy_gradient import Episodes, PolicyNet, reinforce_loss, reward_to_go  # noqa: E402


def _episodes(terminated: bool) -> Episodes:
    """Two padded episodes of lengths 4 and 2, CartPole-like rewards."""
    mask = torch.tensor([[1.0, 1, 1, 1], [1, 1, 0, 0]])
    torch.manual_seed(0)
    return Episodes(obs=torch.randn(2, 4, 4), actions=torch.tensor([[0, 1, 1, 0], [1, 0, 0, 0]]),
                    rewards=mask.clone(), mask=mask, terminated=torch.tensor([terminated, True]),
                    last_obs=torch.randn(2, 4))


def test_gae_limits():
    ep = _episodes(terminated=True)
    values = torch.tensor([[3.0, 2.5, 1.5, 0.7], [1.2, 0.4, 0.0, 0.0]])
    last = torch.tensor([5.0, 5.0])  # ignored: both episodes terminated
    gamma = 0.9
    # λ = 1: the V terms telescope, leaving G_t - V(s_t).
    assert torch.allclose(gae(ep, values, last, gamma, 1.0), (reward_to_go(ep.rewards, gamma) - values) * ep.mask)
    # λ = 0: the one-step TD error; after a termination V(s_T) = 0.
    delta = td_errors(ep, values, last, gamma)
    assert torch.allclose(gae(ep, values, last, gamma, 0.0), delta)
    assert delta[0, 3].item() == pytest.approx(1 - 0.7)
    assert delta[0, 0].item() == pytest.approx(1 + 0.9 * 2.5 - 3.0)
    assert torch.all(delta[1, 2:] == 0)


def test_truncated_episode_bootstraps_from_the_last_observation():
    ep = _episodes(terminated=False)  # episode 0 was cut by the time limit
    values = torch.tensor([[3.0, 2.5, 1.5, 0.7], [1.2, 0.4, 0.0, 0.0]])
    last = torch.tensor([6.0, 9.0])
    delta = td_errors(ep, values, last, 0.9)
    assert delta[0, 3].item() == pytest.approx(1 + 0.9 * 6.0 - 0.7)  # bootstrapped
    assert delta[1, 1].item() == pytest.approx(1 - 0.4)  # terminated: no bootstrap


def test_per_episode_gradients_sum_to_the_surrogate_gradient():
    ep = _episodes(terminated=True)
    torch.manual_seed(1)
    policy = PolicyNet(4, 2, (8,))
    psi = reward_to_go(ep.rewards, 0.99) * ep.mask
    per_ep = per_episode_gradients(policy, ep, {"rtg": psi}, chunk=1)["rtg"]  # (2, P)
    grads = torch.autograd.grad(reinforce_loss(policy, ep, psi), list(policy.parameters()))
    flat = torch.cat([g.reshape(-1) for g in grads])
    # The loss is -(1/N) Σ_i g_i, so the per-episode gradients average to minus its gradient.
    assert torch.allclose(per_ep.mean(dim=0), -flat, atol=1e-6)


@pytest.mark.slow
def test_quick_mode_demonstrates_its_claims(isolated_dirs):
    name = "credit-assignment"
    module = fw.load_lab(name)
    result = fw.run_lab(name, module.Config.quick(device="cpu"))
    module.check(result)
    assert result.passed
    tested = [c for c in result.claims if c.passed is not None]
    assert len(tested) == 3  # the learning-speed claim needs full mode
    m = result.metrics
    assert m["fixed_policy_mean_return"] > 50
    lams = result.config["lambdas"]
    nsr = [m[f"nsr_gae_l{lam:g}"] for lam in lams]
    assert nsr[0] > nsr[-1]
    rows = result.tables["estimators_at_fixed_policy"]
    assert rows[0]["estimator"] == "total" and len(rows) == 1 + len(result.config["gammas"]) + 1 + len(lams)
    folder = isolated_dirs / name / "quick"
    saved = json.loads((folder / "result.json").read_text())
    assert saved["history"]["fixed_policy_training"]
    assert {"noise_to_signal.png", "gae_lambda.png"} <= set(result.figures)
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
