"""The reinforcement-learning lab (value iteration vs Q-learning on FrozenLake) and its reference code."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("gymnasium")

from dlprep.data.gym_envs import tabular_mdp  # noqa: E402
from dlprep.labs import _framework as fw  # noqa: E402
from dlprep.torchref.tabular_rl import (  # noqa: E402
    expected_return,
    greedy,
    policy_evaluation,
    value_iteration,
)


@pytest.fixture(scope="module")
def mdp():
    return tabular_mdp("FrozenLake-v1", map_name="4x4", is_slippery=True)


def test_model_read_from_the_env(mdp):
    assert mdp.P.shape == (16, 4, 16) and np.allclose(mdp.P.sum(axis=2), 1.0)
    assert mdp.terminal.sum() == 5  # four holes and the goal
    assert mdp.start[0] == 1.0
    # Slippery ice: the intended move and the two perpendicular ones, 1/3 each.
    assert np.allclose(sorted(mdp.P[0, 1][mdp.P[0, 1] > 0]), [1 / 3, 1 / 3, 1 / 3])


def test_value_iteration_solves_the_bellman_optimality_equation(mdp):
    gamma = 0.99
    V, Q, residuals = value_iteration(mdp, gamma)
    assert np.allclose(V, (mdp.R + gamma * mdp.P @ V).max(axis=1), atol=1e-8)
    # Contraction: each sweep shrinks the change by at least gamma.
    res = np.array(residuals)
    assert np.all(res[1:] <= gamma * res[:-1] + 1e-15)
    pi = greedy(Q)
    # Exact policy evaluation of the greedy policy gives V* back, and no other action improves it.
    assert np.allclose(policy_evaluation(mdp, pi, gamma), V, atol=1e-7)
    assert expected_return(mdp, pi, 100) == pytest.approx(0.7402, abs=1e-4)


@pytest.mark.slow
def test_quick_mode_demonstrates_its_claims(isolated_dirs):
    name = "reinforcement-learning"
    module = fw.load_lab(name)
    result = fw.run_lab(name, module.Config.quick(device="cpu"))
    module.check(result)
    assert all(c.passed for c in result.claims) and len(result.claims) == 3
    m = result.metrics
    assert m["vi_success"] >= max(m["q_final_success_per_seed"]) - 1e-9
    assert m["vi_success"] <= m["finite_horizon_bound"] + 1e-12
    assert len(result.tables["q_learning_runs"]) == result.config["q_seeds"]
    folder = isolated_dirs / name / "quick"
    saved = json.loads((folder / "result.json").read_text())
    assert saved["history"]["q_learning_mean"][-1]["epoch"] == result.config["episodes"]
    assert {"learning_curve.png", "value_map.png"} <= set(result.figures)
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
