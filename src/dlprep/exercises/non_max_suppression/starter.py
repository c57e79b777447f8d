import numpy as np


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Greedy non-maximum suppression.

    boxes: (N, 4) as (x1, y1, x2, y2); scores: (N,). A box is suppressed by a kept box when their
    IoU > iou_threshold. Returns the kept indices as an int64 array, highest score first
    (equal scores: lower index first).
    """
    raise NotImplementedError
