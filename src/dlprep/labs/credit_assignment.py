"""Credit assignment: how discounting, reward-to-go, baselines and GAE(λ) change policy-gradient noise.

Part 1, a fixed policy (the gradient estimators themselves). A CartPole-v1 policy is trained with
REINFORCE until a batch's mean return reaches ``policy_return`` (100: episodes of very different
lengths, so credit assignment matters), then frozen. Value
functions V_γ are fitted to it for γ = 1 and 0.99 on separate episodes. Then ``eval_episodes``
fresh episodes are collected and, for every estimator, the per-episode gradient
g_i = Σ_t ∇_θ log π(a_t|s_t) Ψ_t is computed exactly (per-step scores via torch.func). From them:

    variance        E‖g_i - ḡ‖² per episode (raw units; comparable only between estimators of the same γ)
    NSR             noise-to-signal ratio of a batch of B episodes: variance / (B ‖ḡ‖²), scale-free
    angle           between the estimator's mean ḡ and the reference gradient ∇J (its bias in direction)
    batch cos       mean cosine between a B-episode estimate and ∇J: how well one step points uphill

The objective is the undiscounted return J = E[Σ r_t]; the reference ∇J is the mean over all
episodes of the unbiased estimator with a baseline, (G_t - V_1(s_t)). Its own standard error is
reported: angles below about that level are noise.

Part 2 (full mode), learning speed: REINFORCE from the same initial policy with Ψ_t = total return,
G_t - V(s_t) (= GAE λ=1) and GAE(γ=0.99, λ) for λ = 0.95 and 0, same optimiser and steps, several seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
from torch.func import functional_call, grad, vmap

from dlprep.data.gym_envs import gymnasium_version, make_cartpole_vec
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.advantage import gae_psi_fn, gae_weights
from dlprep.torchref.policy_gradient import (
    Episodes,
    PolicyNet,
    ReinforceConfig,
    ValueNet,
    collect_episodes,
    fit_value,
    reward_to_go,
    train_reinforce,
)


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"eval_episodes": 1024, "learn_seeds": 0}

    threads: int = 1
    policy_iterations: int = 60  # at most this many REINFORCE steps produce the fixed policy ...
    policy_return: float = 100.0  # ... stopping once a batch's mean return reaches this
    episodes_per_batch: int = 32
    lr: float = 5e-3
    hidden: int = 64
    value_episodes: int = 128  # episodes the value functions are fitted on (not reused)
    value_steps: int = 150
    eval_episodes: int = 4096  # episodes the estimators are measured on
    batch_episodes: int = 16  # B, for the noise-to-signal ratio and the per-batch cosine
    gammas: tuple[float, ...] = (1.0, 0.99, 0.95, 0.9)  # discounts of the plain reward-to-go
    lambdas: tuple[float, ...] = (1.0, 0.95, 0.8, 0.5, 0.0)  # GAE(0.99, λ)
    gae_gamma: float = 0.99
    learn_seeds: int = 3  # part 2; 0 skips it
    learn_iterations: int = 50
    learn_lambdas: tuple[float, ...] = (1.0, 0.95, 0.0)


def _estimators(cfg: Config) -> list[str]:
    return (["total"] + [f"rtg_g{g:g}" for g in cfg.gammas] + ["rtg_minus_V_g1"]
            + [f"gae_l{lam:g}" for lam in cfg.lambdas])


def _psi(ep: Episodes, name: str, values: dict[float, ValueNet], cfg: Config) -> torch.Tensor:
    """Ψ_t (N, T) of the named estimator; the objective is the undiscounted return."""
    if name == "total":
        return reward_to_go(ep.rewards, 1.0)[:, :1] * ep.mask  # R(τ) on every step
    if name.startswith("rtg_g"):
        return reward_to_go(ep.rewards, float(name[5:])) * ep.mask
    if name == "rtg_minus_V_g1":
        return gae_weights(ep, values[1.0], 1.0, 1.0)  # G_t - V_1(s_t) (telescoped GAE with λ = 1)
    if name.startswith("gae_l"):
        return gae_weights(ep, values[cfg.gae_gamma], cfg.gae_gamma, float(name[5:]))
    raise ValueError(name)


def per_episode_gradients(policy: PolicyNet, ep: Episodes, psis: dict[str, torch.Tensor],
                          chunk: int = 256) -> dict[str, torch.Tensor]:
    """g_i = Σ_t ∇_θ log π(a_t|s_t) Ψ_t for every episode i and estimator: name -> (N, P).

    Per-step scores ∇_θ log π (n_steps, P) come from torch.func (vmap of grad), a chunk of
    episodes at a time; each estimator then only reweights and sums them per episode.
    """
    params = {k: p.detach() for k, p in policy.named_parameters()}

    def log_prob(p, obs, action):  # one step: obs (D,), action () -> scalar
        return torch.log_softmax(functional_call(policy, p, (obs,)), dim=-1).gather(0, action[None])[0]

    scores_fn = vmap(grad(log_prob), in_dims=(None, 0, 0))
    n = ep.obs.shape[0]
    n_params = sum(p.numel() for p in params.values())
    out = {name: torch.zeros(n, n_params, device=ep.obs.device) for name in psis}
    for start in range(0, n, chunk):
        sl = slice(start, start + chunk)
        real = ep.mask[sl].bool()  # (c, T)
        episode = torch.arange(real.shape[0], device=real.device)[:, None].expand_as(real)[real]  # (n_steps,)
        s = scores_fn(params, ep.obs[sl][real], ep.actions[sl][real])
        scores = torch.cat([s[k].reshape(len(episode), -1) for k in params], dim=1)  # (n_steps, P)
        for name, psi in psis.items():
            out[name][sl].index_add_(0, episode, scores * psi[sl][real][:, None])
    return out


def _variance_beats(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    t, r, b = m["nsr_total"], m["nsr_rtg_g1"], m["nsr_rtg_minus_V_g1"]
    ok = t >= 3 * r and r >= 1.2 * b
    return ok, (f"noise-to-signal (B = {m['batch_episodes']}): total return {t:.2f} -> reward-to-go {r:.2f} "
                f"-> reward-to-go − V(s) {b:.2f} ({t / r:.1f}x then {r / b:.2f}x lower; needs >= 3x then >= 1.2x)")


def _gae_lambda(result: LabResult) -> tuple[bool | None, str]:
    m = result.metrics
    lams = result.config["lambdas"]
    if 1.0 not in lams or 0.0 not in lams:
        return None, "needs λ = 1 and λ = 0 in lambdas"
    hi, lo = m["nsr_gae_l1"], m["nsr_gae_l0"]
    a_hi, a_lo = m["angle_gae_l1"], m["angle_gae_l0"]
    return lo <= hi / 2 and a_lo >= a_hi + 3, (
        f"GAE(γ=0.99): noise-to-signal λ=1 {hi:.3f} -> λ=0 {lo:.3f} (needs >= 2x lower); angle of the mean "
        f"gradient to ∇J λ=1 {a_hi:.1f}° -> λ=0 {a_lo:.1f}° (needs >= 3° more: the bias)")


def _batch_direction(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    gae, tot = m["batchcos_gae_l0.95"], m["batchcos_total"]
    return gae >= tot + 0.3, (f"mean cosine of a {m['batch_episodes']}-episode gradient with ∇J: GAE(0.99, 0.95) "
                              f"{gae:.3f} vs total return {tot:.3f} (needs >= +0.3)")


def _learning(result: LabResult) -> tuple[bool | None, str]:
    m = result.metrics
    if "learn_auc_gae_l0.95" not in m:
        return None, "learning runs skipped (learn_seeds = 0)"
    gae, tot = m["learn_auc_gae_l0.95"], m["learn_auc_total"]
    return gae >= 1.5 * tot, f"mean return over training: GAE(0.99, 0.95) {gae:.1f} vs total return {tot:.1f}"


CLAIMS = [
    Claim("rtg_and_baseline_cut_noise", "at a fixed policy, reward-to-go cuts the gradient's noise-to-signal ratio "
          ">= 3x vs the total return, and a learned baseline V(s) cuts it >= 1.2x more", _variance_beats),
    Claim("gae_lambda_trades_bias_for_variance", "GAE(0.99, λ=0) has >= 2x lower noise-to-signal than λ=1, and its "
          "mean gradient points >= 3° further from the true gradient (bias from the imperfect V)", _gae_lambda),
    Claim("gae_points_uphill", "a 16-episode GAE(0.99, 0.95) gradient is better aligned with the true gradient "
          "(mean cosine >= 0.3 higher) than a total-return one", _batch_direction),
    Claim("gae_learns_faster", "full mode: REINFORCE with GAE(0.99, 0.95) earns >= 1.5x the mean return over "
          "training of the total-return version", _learning),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        r, dev = lab.result, lab.device
        r.versions["gymnasium"] = gymnasium_version()
        hidden = (cfg.hidden,)

        # 1. The fixed policy: REINFORCE (reward-to-go minus a learned baseline) until its batch mean return
        #    reaches ``policy_return`` (or ``policy_iterations`` steps), then frozen.
        env = make_cartpole_vec(cfg.episodes_per_batch, seed=cfg.seed)

        def stop_at_target(it: int, record: dict[str, float]) -> bool:
            r.history.setdefault("fixed_policy_training", []).append(record)
            return record["mean_return"] >= cfg.policy_return  # True stops training

        rc = ReinforceConfig(iterations=cfg.policy_iterations, episodes_per_batch=cfg.episodes_per_batch, lr=cfg.lr,
                             hidden=hidden)
        policy, _ = train_reinforce(env, "rtg_value", rc, lab.generator, dev, on_iteration=stop_at_target)
        r.metrics["fixed_policy_iterations"] = len(r.history["fixed_policy_training"])

        # 2. Value functions of that policy, fitted on their own episodes.
        v_ep = collect_episodes(make_cartpole_vec(cfg.value_episodes, seed=cfg.seed + 1), policy, lab.generator, dev)
        values: dict[float, ValueNet] = {}
        for gamma in sorted({1.0, cfg.gae_gamma}):
            torch.manual_seed(cfg.seed)
            values[gamma] = ValueNet(4, hidden).to(dev)
            opt = torch.optim.Adam(values[gamma].parameters(), lr=1e-2)
            target = reward_to_go(v_ep.rewards, gamma)
            mse = fit_value(values[gamma], opt, v_ep, target, cfg.value_steps)
            var = float(target[v_ep.mask.bool()].var())
            r.metrics[f"value_g{gamma:g}_r2"] = 1 - mse / var  # fraction of the return's variance V explains

        # 3. The estimators on fresh episodes of the frozen policy.
        ep = collect_episodes(make_cartpole_vec(cfg.eval_episodes, seed=cfg.seed + 2), policy, lab.generator, dev)
        r.metrics.update({"fixed_policy_mean_return": float(ep.returns.mean()),
                          "fixed_policy_max_return": float(ep.returns.max()), "eval_episodes": cfg.eval_episodes,
                          "batch_episodes": cfg.batch_episodes})
        names = _estimators(cfg)
        with torch.no_grad():
            psis = {name: _psi(ep, name, values, cfg) for name in names}
        grads = per_episode_gradients(policy, ep, psis)
        ref = grads["rtg_minus_V_g1"].mean(dim=0)  # (P,) the reference ∇J
        n, B = cfg.eval_episodes, cfg.batch_episodes
        ref_se = float(((grads["rtg_minus_V_g1"] - ref).pow(2).sum(1).mean() / n).sqrt() / ref.norm())
        r.metrics["reference_relative_stderr"] = ref_se
        rows = []
        for name in names:
            g = grads[name]  # (n, P)
            mean = g.mean(dim=0)
            var = float((g - mean).pow(2).sum(dim=1).sum() / (n - 1))
            nsr = var / (B * float(mean.pow(2).sum()))
            angle = float(torch.rad2deg(torch.arccos(torch.clamp(torch.cosine_similarity(mean, ref, dim=0), -1, 1))))
            batches = g[: n // B * B].reshape(n // B, B, -1).mean(dim=1)  # (n/B, P) B-episode estimates
            bcos = float(torch.cosine_similarity(batches, ref[None], dim=1).mean())
            r.metrics.update({f"var_{name}": var, f"nsr_{name}": nsr, f"angle_{name}": angle, f"batchcos_{name}": bcos})
            rows.append({"estimator": name, "variance_per_episode": f"{var:.4g}", "nsr_B": round(nsr, 3),
                         "angle_to_gradJ_deg": round(angle, 1), "batch_cosine": round(bcos, 3)})
        r.tables["estimators_at_fixed_policy"] = rows

        lab.figure("noise_to_signal", plots.bars(
            names, [r.metrics[f"nsr_{k}"] for k in names], f"variance / (B ‖mean‖²), B = {B}",
            f"policy-gradient noise-to-signal, fixed policy (return {r.metrics['fixed_policy_mean_return']:.0f})",
            fmt="{:.2f}"))
        lab.figure("gae_lambda", plots.lines(
            list(cfg.lambdas), {"noise-to-signal (B episodes)": [r.metrics[f"nsr_gae_l{lam:g}"] for lam in cfg.lambdas],
                                "batch cosine with ∇J": [r.metrics[f"batchcos_gae_l{lam:g}"] for lam in cfg.lambdas],
                                "angle(mean, ∇J) / 90°": [r.metrics[f"angle_gae_l{lam:g}"] / 90
                                                          for lam in cfg.lambdas]},
            "λ", "value", title=f"GAE(γ={cfg.gae_gamma}, λ): less variance, more bias as λ → 0"))
        lab.figure("discount", plots.lines(
            list(cfg.gammas), {"noise-to-signal": [r.metrics[f"nsr_rtg_g{g:g}"] for g in cfg.gammas],
                               "batch cosine with ∇J": [r.metrics[f"batchcos_rtg_g{g:g}"] for g in cfg.gammas]},
            "γ of the reward-to-go (no baseline)", "value", title="discounting alone"))

        # 4. Learning speed (full mode).
        if cfg.learn_seeds > 0:
            variants = {"total": "total", **{f"gae_l{lam:g}": gae_psi_fn(cfg.gae_gamma, lam)
                                             for lam in cfg.learn_lambdas}}
            curves = {k: np.zeros((cfg.learn_seeds, cfg.learn_iterations)) for k in variants}
            rc = ReinforceConfig(iterations=cfg.learn_iterations, episodes_per_batch=cfg.episodes_per_batch,
                                 gamma=cfg.gae_gamma, lr=cfg.lr, hidden=hidden)
            with lab.progress("learning", cfg.learn_seeds * len(variants)) as advance:
                for k in range(cfg.learn_seeds):
                    for name, est in variants.items():
                        seed = cfg.seed * 1000 + 100 + k
                        torch.manual_seed(seed)
                        gen = torch.Generator().manual_seed(seed)
                        _, h = train_reinforce(make_cartpole_vec(cfg.episodes_per_batch, seed=seed), est, rc, gen,
                                               dev, use_value=name != "total")
                        curves[name][k] = [x["mean_return"] for x in h]
                        if k == 0:
                            r.history[f"learn_{name}"] = h
                        advance()
            for name, c in curves.items():
                r.metrics[f"learn_auc_{name}"] = float(c.mean())
                r.metrics[f"learn_final_{name}"] = float(c[:, -5:].mean())
            r.tables["learning_speed"] = [
                {"estimator": name, "mean_return_over_training": round(float(c.mean()), 1),
                 "per_seed": [round(float(x), 1) for x in c.mean(axis=1)],
                 "final_return_last5": round(float(c[:, -5:].mean()), 1)} for name, c in curves.items()]
            lab.figure("learning_curves", plots.lines(
                list(range(1, cfg.learn_iterations + 1)), {k: c.mean(axis=0) for k, c in curves.items()},
                "iteration", f"mean episode return (mean of {cfg.learn_seeds} seeds)",
                title="REINFORCE on CartPole-v1 with different Ψ_t", markers=False))
            r.notes.append("Learning runs: the same initial policy per seed, Adam, the same learning rate, batch "
                           "and number of gradient steps; GAE variants also train V_φ (γ = 0.99 targets).")
        r.notes.append(f"The reference ∇J is itself an estimate: relative standard error {ref_se:.3f}, i.e. angles "
                       f"below about {np.degrees(ref_se):.0f}° are within its noise.")
        r.notes.append("Raw variances scale with the size of Ψ (discounted returns are smaller), so compare them "
                       "only within one γ; the noise-to-signal ratio and the cosines are scale-free.")
        return lab.finish(CLAIMS)


def check(result: LabResult) -> LabResult:
    return check_claims(result)
