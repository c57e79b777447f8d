import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _loss(x, t, alpha, gamma) -> float:
    ce = np.logaddexp(0.0, x) - x * t  # BCE with logits
    p = np.exp(-np.logaddexp(0.0, -x))
    p_t = p * t + (1 - p) * (1 - t)
    a = 1.0 if alpha is None else alpha * t + (1 - alpha) * (1 - t)
    return float(np.mean(a * (1 - p_t) ** gamma * ce))


def _case(name, logits, targets, alpha=0.25, gamma=2.0, defaults=False, public=False, **tol) -> Case:
    def expected():
        z = logits.astype(np.float64)
        grad = numerical_gradient(lambda s: _loss(s, targets, alpha, gamma), z)
        return _loss(z, targets, alpha, gamma), grad.astype(logits.dtype)

    kwargs = {} if defaults else {"alpha": alpha, "gamma": gamma}
    tol = {"rtol": 1e-5, "atol": 1e-8, **tol}
    return Case(name, args=(logits, targets), kwargs=kwargs, expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261227)
    r = rng.normal

    def targets(shape):
        return rng.integers(0, 2, shape).astype(np.float64)

    return [
        _case("example", np.array([2.0, -1.0, 0.5, -3.0]), np.array([1.0, 0.0, 0.0, 1.0]), defaults=True,
              public=True),
        _case("gamma = 0 and no alpha is plain BCE", r(size=6), targets(6), alpha=None, gamma=0.0),
        _case("large logits stay finite", np.array([100.0, -100.0, 100.0, -100.0, 40.0]),
              np.array([1.0, 0.0, 0.0, 1.0, 0.0]), atol=1e-6),
        _case("2-d input, alpha = 0.75", 2.0 * r(size=(3, 4)), targets((3, 4)), alpha=0.75),
        _case("gamma = 1", r(size=(2, 5)), targets((2, 5)), gamma=1.0),
        _case("gamma = 3, no alpha", 3.0 * r(size=7), targets(7), alpha=None, gamma=3.0),
        _case("float32 keeps its dtype", r(size=(4, 3)).astype(np.float32), targets((4, 3)), rtol=1e-4, atol=1e-7),
    ]
