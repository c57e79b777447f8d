import numpy as np


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """Pairwise IoU. boxes1: (N, 4), boxes2: (M, 4), rows (x1, y1, x2, y2) with x1 <= x2, y1 <= y2.

    Returns a float64 (N, M) matrix; a pair whose union has zero area gets IoU 0.
    """
    raise NotImplementedError
