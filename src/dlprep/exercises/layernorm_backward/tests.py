import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _ln(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def _case(name, dout, x, gamma, eps=None, public=False) -> Case:
    e = 1e-5 if eps is None else eps
    beta = np.zeros_like(gamma)

    def expected():
        def loss(xx, gg, bb):
            return float(np.sum(_ln(xx, gg, bb, e) * dout))

        return (numerical_gradient(lambda t: loss(t, gamma, beta), x),
                numerical_gradient(lambda t: loss(x, t, beta), gamma),
                numerical_gradient(lambda t: loss(x, gamma, t), beta))

    kwargs = {} if eps is None else {"eps": eps}
    return Case(name, args=(dout, x, gamma), kwargs=kwargs, expected=expected, public=public,
                rtol=1e-5, atol=1e-7)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261212)
    r = rng.normal
    return [
        _case("example", np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 2.0]]), np.array([[1.0, 2.0, 4.0], [0.0, -3.0, 1.0]]),
              np.array([1.0, 2.0, 0.5]), public=True),
        _case("random 4x6", r(size=(4, 6)), r(size=(4, 6)), r(size=6)),
        _case("3-d input: dgamma sums over both leading axes", r(size=(2, 3, 4)), r(size=(2, 3, 4)), r(size=4)),
        _case("a wide batch (normalise rows, not columns)", r(size=(7, 2)), r(size=(7, 2)), r(size=2)),
        _case("one feature: dx is 0", r(size=(3, 1)), r(size=(3, 1)), r(size=1)),
        _case("a large eps matters", r(size=(3, 5)), 0.3 * r(size=(3, 5)), r(size=5), eps=0.1),
    ]
