import numpy as np

from dlprep.exercises._harness import Case


def _folds_check(y: np.ndarray, k: int):
    """Any valid stratified split passes: check the properties, not one particular answer."""
    n = len(y)

    def check(got, expected) -> str | None:
        if not isinstance(got, list | tuple) or len(got) != k:
            return f"expected a list of {k} arrays of test indices"
        folds = []
        for j, fold in enumerate(got):
            arr = np.asarray(fold)
            if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
                return f"fold {j}: expected a 1-d array of integer indices, got shape {arr.shape}, dtype {arr.dtype}"
            folds.append(arr.astype(np.int64))
        every = np.sort(np.concatenate(folds))
        if not np.array_equal(every, np.arange(n)):
            return f"the folds must partition range({n}): every index in exactly one fold"
        sizes = [len(f) for f in folds]
        if max(sizes) - min(sizes) > 1:
            return f"fold sizes {sizes} differ by more than 1"
        for c in np.unique(y):
            n_c = int(np.sum(y == c))
            counts = [int(np.sum(y[f] == c)) for f in folds]
            if any(cnt not in (n_c // k, -(-n_c // k)) for cnt in counts):
                return (f"class {c} ({n_c} samples) is spread {counts} over the folds; each fold should hold "
                        f"{n_c // k} or {-(-n_c // k)}")
        return None

    return check


def _case(name, y, k, public=False) -> Case:
    return Case(name, args=(y, k), check=_folds_check(y, k), public=public)


def cases() -> list[Case]:
    rng = np.random.default_rng(20261225)
    return [
        _case("example: two balanced classes", np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), 5, public=True),
        _case("sorted labels (contiguous chunks are not stratified)", np.repeat([0, 1, 2], [6, 9, 3]), 3),
        _case("imbalanced, shuffled", rng.permutation(np.repeat([0, 1, 2], [15, 5, 3])), 4),
        _case("a class smaller than k", rng.permutation(np.repeat([0, 1], [12, 2])), 5),
        _case("k = 2", rng.integers(0, 3, 17), 2),
        _case("labels with gaps and negatives", rng.choice([-1, 5, 9], size=20), 3),
        _case("101 samples, 4 classes, k = 7", rng.integers(0, 4, 101), 7),
    ]
