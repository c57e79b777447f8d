import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _bn(x, gamma, beta, eps):
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def _case(name, dout, x, gamma, eps=None, public=False, **tol) -> Case:
    e = 1e-5 if eps is None else eps
    beta = np.zeros_like(gamma)

    def expected():
        def loss(xx, gg, bb):
            return float(np.sum(_bn(xx, gg, bb, e) * dout))

        return (numerical_gradient(lambda t: loss(t, gamma, beta), x),
                numerical_gradient(lambda t: loss(x, t, beta), gamma),
                numerical_gradient(lambda t: loss(x, gamma, t), beta))

    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    kwargs = {} if eps is None else {"eps": eps}
    return Case(name, args=(dout, x, gamma), kwargs=kwargs, expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261210)
    r = rng.normal
    return [
        _case("example", np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.0]]),
              np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 4.0]]), np.array([1.0, 0.5]), public=True),
        _case("random 6x4", r(size=(6, 4)), r(size=(6, 4)), r(size=4)),
        _case("two samples", r(size=(2, 3)), r(size=(2, 3)), r(size=3)),
        _case("shifted and scaled inputs", r(size=(5, 3)), 50.0 + 4.0 * r(size=(5, 3)), r(size=3), atol=1e-6),
        _case("constant upstream gradient: dx is 0", np.tile(r(size=(1, 3)), (4, 1)), r(size=(4, 3)), r(size=3)),
        _case("a large eps matters", r(size=(5, 2)), 0.3 * r(size=(5, 2)), r(size=2), eps=0.1),
        _case("gamma of zero blocks dx", r(size=(4, 3)), r(size=(4, 3)), np.array([0.0, 1.0, -2.0])),
    ]
