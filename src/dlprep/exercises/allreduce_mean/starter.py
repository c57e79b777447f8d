import numpy as np


def allreduce_mean(worker_grads: list, batch_sizes: list | None = None) -> list:
    """Data-parallel gradient all-reduce. worker_grads: W dicts {name: array}, same keys and shapes.

    Each worker's gradient is the mean over its own batch; the result is the gradient of the mean
    over the global batch (weights batch_size / total; plain mean when batch_sizes is None).
    Returns W dicts, one per worker, all holding the averaged arrays (dtype of the inputs).
    """
    raise NotImplementedError
