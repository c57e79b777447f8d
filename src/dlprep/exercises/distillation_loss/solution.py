import numpy as np


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def distillation_loss(student_logits: np.ndarray, teacher_logits: np.ndarray, labels: np.ndarray,
                      temperature: float, alpha: float) -> float:
    T = float(temperature)
    log_q = _log_softmax(student_logits / T)
    log_p = _log_softmax(teacher_logits / T)
    p = np.exp(log_p)
    kl = np.sum(p * (log_p - log_q), axis=-1).mean()  # KL(teacher_T || student_T), batch mean
    log_s = _log_softmax(student_logits)
    ce = -log_s[np.arange(len(labels)), labels].mean()  # hard labels, temperature 1
    return float(alpha * T * T * kl + (1.0 - alpha) * ce)
