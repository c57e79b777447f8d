import numpy as np

from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    rng = np.random.default_rng(20261205)
    r = rng.normal

    def conv(name, x_shape, w_shape, stride=1, padding=0, public=False, dtype=np.float64, **tol):
        x, w, b = r(size=x_shape).astype(dtype), r(size=w_shape).astype(dtype), r(size=w_shape[0]).astype(dtype)
        return Case(name, args=(x, w, b), kwargs={"stride": stride, "padding": padding}, public=public, **tol)

    example = Case("example", args=(np.arange(16.0).reshape(1, 1, 4, 4), np.array([[[[1.0, 2.0], [0.0, -1.0]]]]),
                                    np.array([0.5])), public=True)
    return [
        example,
        conv("padding 1 keeps the size of a 3x3 convolution", (2, 3, 5, 5), (4, 3, 3, 3), padding=1),
        conv("stride 2 leaves the last row unused", (1, 2, 6, 7), (3, 2, 3, 3), stride=2),
        conv("stride 2 and padding 2", (2, 2, 5, 6), (2, 2, 3, 3), stride=2, padding=2),
        conv("non-square kernel and image", (1, 1, 5, 8), (2, 1, 2, 4)),
        conv("1x1 convolution mixes channels", (2, 4, 3, 3), (5, 4, 1, 1)),
        conv("kernel as large as the padded image", (1, 2, 3, 3), (1, 2, 5, 5), padding=1),
        conv("float32 keeps its dtype", (2, 3, 6, 6), (2, 3, 3, 3), stride=2, padding=1, dtype=np.float32,
             rtol=1e-5, atol=1e-5),
    ]
