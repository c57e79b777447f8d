import numpy as np


def ring_allreduce(worker_arrays: list) -> tuple[list, list]:
    """Simulated ring all-reduce (average) of W same-shaped float arrays.

    Chunks: np.array_split(a.ravel(), W). Reduce-scatter, then all-gather, on the ring w -> w + 1.
    Returns (owned, result): owned[w] is the chunk worker w holds fully summed after reduce-scatter
    (chunk (w + 1) % W); result[w] is worker w's final averaged array (shape and dtype of the inputs).
    """
    raise NotImplementedError
