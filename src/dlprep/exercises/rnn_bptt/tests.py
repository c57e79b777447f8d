import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _loss(xs, h0, Wxh, Whh, b, dhs):
    """The forward pass: L = sum_t sum(dhs[t] * h_t)."""
    h, total = h0, 0.0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wxh + h @ Whh + b)
        total += float(np.sum(dhs[t] * h))
    return total


def _numeric(xs, h0, Wxh, Whh, b, dhs):
    def expected():
        return {
            "Wxh": numerical_gradient(lambda w: _loss(xs, h0, w, Whh, b, dhs), Wxh),
            "Whh": numerical_gradient(lambda w: _loss(xs, h0, Wxh, w, b, dhs), Whh),
            "b": numerical_gradient(lambda w: _loss(xs, h0, Wxh, Whh, w, dhs), b),
            "h0": numerical_gradient(lambda w: _loss(xs, w, Wxh, Whh, b, dhs), h0),
        }
    return expected


def _case(name, args, public=False):
    return Case(name, args=args, expected=_numeric(*args), public=public, rtol=1e-5, atol=1e-7)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261202)

    def params(T, B, D, H, scale=0.5):
        return (rng.normal(size=(T, B, D)), rng.normal(size=(B, H)),
                rng.normal(scale=scale, size=(D, H)), rng.normal(scale=scale, size=(H, H)),
                rng.normal(scale=0.1, size=H), rng.normal(size=(T, B, H)))

    last_only = params(5, 2, 3, 4)
    last_only[5][:-1] = 0.0  # the loss reads only the final state: gradients must travel back 5 steps
    return [
        _case("example", (np.array([[[1.0, 0.0]], [[0.0, 1.0]]]), np.array([[0.1, -0.2]]),
                          np.array([[0.5, -0.3], [0.2, 0.4]]), np.array([[0.3, 0.1], [-0.2, 0.6]]),
                          np.array([0.0, 0.1]), np.array([[[1.0, 0.0]], [[0.0, 1.0]]])), public=True),
        _case("one step", params(1, 2, 3, 2)),
        _case("loss on the last state only", last_only),
        _case("loss on every state", params(4, 1, 2, 3)),
        _case("batch sums over examples", params(3, 4, 3, 3)),
        _case("D != H", params(4, 2, 5, 2)),
        _case("near saturation", params(3, 2, 3, 3, scale=2.0)),
    ]
