import numpy as np


def distillation_loss(student_logits: np.ndarray, teacher_logits: np.ndarray, labels: np.ndarray,
                      temperature: float, alpha: float) -> float:
    """alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T)) + (1 - alpha) * CE(student, labels),
    both terms averaged over the batch.

    student_logits, teacher_logits: (B, C) floats; labels: (B,) ints in [0, C). Returns a Python float.
    """
    raise NotImplementedError
