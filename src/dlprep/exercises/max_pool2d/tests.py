import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _pool(x, k, s):
    """An independent forward: the maximum over the k*k strided slices."""
    ho, wo = (x.shape[2] - k) // s + 1, (x.shape[3] - k) // s + 1
    out = np.full(x.shape[:2] + (ho, wo), -np.inf)
    for u in range(k):
        for v in range(k):
            out = np.maximum(out, x[:, :, u:u + s * ho:s, v:v + s * wo:s])
    return out


def _case(name, x, k, stride=None, rng=None, dout=None, public=False, **tol) -> Case:
    s = k if stride is None else stride
    if dout is None:
        dout = rng.normal(size=_pool(x, k, s).shape).astype(x.dtype)

    def expected():
        x64, d64 = x.astype(np.float64), dout.astype(np.float64)
        dx = numerical_gradient(lambda t: float(np.sum(_pool(t, k, s) * d64)), x64)
        return _pool(x64, k, s).astype(x.dtype), dx.astype(x.dtype)

    kwargs = {} if stride is None else {"stride": stride}
    tol = {"rtol": 1e-5, "atol": 1e-7, **tol}
    return Case(name, args=(x, dout, k), kwargs=kwargs, expected=expected, public=public, **tol)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261207)
    r = rng.normal
    example = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, -1.0, 5.0, 6.0], [0.5, 2.5, -2.0, 1.5],
                          [7.0, 1.0, 3.5, -3.0]]]])
    return [
        _case("example", example, 2, dout=np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), public=True),
        _case("all inputs negative", -np.abs(r(size=(1, 2, 4, 4))) - 1.0, 2, rng=rng),
        _case("overlapping windows (k=3, stride=1): gradients add up", r(size=(1, 1, 5, 5)), 3, stride=1, rng=rng),
        _case("kernel 3, stride 2", r(size=(2, 2, 7, 7)), 3, stride=2, rng=rng),
        _case("leftover rows and columns are dropped", r(size=(1, 1, 5, 7)), 2, rng=rng),
        _case("kernel 1 is the identity", r(size=(2, 1, 3, 2)), 1, rng=rng),
        _case("float32 keeps its dtype", r(size=(2, 3, 4, 6)).astype(np.float32), 2, rng=rng,
              rtol=1e-4, atol=1e-5),
        # ties: the whole gradient goes to the first maximum of the window in row-major order (PyTorch's rule)
        Case("ties: the first maximum gets the gradient",
             args=(np.array([[[[5.0, 5.0, 2.0, 7.0], [1.0, 5.0, 7.0, 7.0]]]]), np.array([[[[2.0, 3.0]]]]), 2),
             expected=(np.array([[[[5.0, 7.0]]]]), np.array([[[[2.0, 0.0, 0.0, 3.0], [0.0, 0.0, 0.0, 0.0]]]]))),
    ]
