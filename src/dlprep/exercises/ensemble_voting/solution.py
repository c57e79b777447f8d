import numpy as np


def ensemble_vote(probs: np.ndarray, method: str = "hard", weights: np.ndarray | None = None) -> np.ndarray:
    M, N, C = probs.shape
    w = np.ones(M) if weights is None else np.asarray(weights, dtype=np.float64)
    if method == "soft":
        scores = np.tensordot(w, probs, axes=1)  # (N, C): weighted sum of probabilities
    else:
        votes = probs.argmax(axis=2)  # (M, N); a model's own ties go to the lower class
        scores = np.zeros((N, C))
        for m in range(M):
            np.add.at(scores, (np.arange(N), votes[m]), w[m])
    return scores.argmax(axis=1).astype(np.int64)  # ties: the lowest class index
