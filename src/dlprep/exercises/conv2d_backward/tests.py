import numpy as np

from dlprep.exercises._harness import Case, numerical_gradient


def _conv(x, w, b, stride, padding):
    """An independent forward: one strided slice of the padded input per kernel offset."""
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    ho, wo = (h + 2 * padding - kh) // stride + 1, (wd + 2 * padding - kw) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.zeros((n, f, ho, wo)) + b[None, :, None, None]
    for u in range(kh):
        for v in range(kw):
            patch = xp[:, :, u:u + stride * ho:stride, v:v + stride * wo:stride]
            out += np.einsum("ncij,fc->nfij", patch, w[:, :, u, v])
    return out


def _case(name, x, w, stride=1, padding=0, dout=None, rng=None, public=False) -> Case:
    b = np.zeros(w.shape[0])
    if dout is None:
        dout = rng.normal(size=_conv(x, w, b, stride, padding).shape)

    def expected():
        def loss(xx, ww, bb):
            return float(np.sum(_conv(xx, ww, bb, stride, padding) * dout))

        return (numerical_gradient(lambda t: loss(t, w, b), x),
                numerical_gradient(lambda t: loss(x, t, b), w),
                numerical_gradient(lambda t: loss(x, w, t), b))

    return Case(name, args=(dout, x, w), kwargs={"stride": stride, "padding": padding}, expected=expected,
                public=public, rtol=1e-5, atol=1e-7)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261206)
    r = rng.normal
    return [
        _case("example", np.arange(9.0).reshape(1, 1, 3, 3), np.array([[[[1.0, 2.0], [-1.0, 0.5]]]]),
              dout=np.array([[[[1.0, -1.0], [2.0, 0.5]]]]), public=True),
        _case("padding 1", r(size=(1, 2, 4, 4)), r(size=(3, 2, 3, 3)), padding=1, rng=rng),
        _case("stride 2 leaves the last row and column unused", r(size=(1, 1, 6, 6)), r(size=(2, 1, 3, 3)),
              stride=2, rng=rng),
        _case("stride 2 and padding 1", r(size=(2, 2, 5, 5)), r(size=(2, 2, 3, 3)), stride=2, padding=1, rng=rng),
        _case("non-square kernel", r(size=(1, 2, 4, 6)), r(size=(2, 2, 2, 3)), rng=rng),
        _case("batch of 2, 3 channels, padding 1", r(size=(2, 3, 4, 4)), r(size=(2, 3, 3, 3)), padding=1, rng=rng),
        _case("1x1 kernel with stride 2", r(size=(2, 3, 5, 5)), r(size=(4, 3, 1, 1)), stride=2, rng=rng),
    ]
