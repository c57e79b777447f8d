"""Looking inside a trained network: learned features, 2-D embeddings, saliency, and how to score a picture.

**Learned features** are the activations that enter the last linear layer, z(x) ∈ R^H: the
classifier is linear in them, so a network that has learned the task has made the classes
(nearly) linearly separable there, which raw pixels are not.

**2-D embeddings.** PCA projects centred data X (N, D) onto the top two right singular vectors
of X: a linear map that keeps the most variance. t-SNE places points y_i ∈ R² so that the
neighbour distribution q_ij ∝ (1 + ‖y_i - y_j‖²)⁻¹ matches p_ij, Gaussian affinities in the
original space with a per-point bandwidth set by the perplexity; it minimises KL(P ‖ Q), keeps
local neighbourhoods and distorts global distances and cluster sizes.

**Scoring a picture instead of eyeballing it.** Two numbers say how well classes separate in
an embedding E (N, 2): the cross-validated accuracy of a k-nearest-neighbour classifier on E,
and the silhouette score

    s(i) = (b_i - a_i) / max(a_i, b_i),   a_i = mean distance to i's own class,
                                          b_i = mean distance to the nearest other class

averaged over points (1: tight, far-apart classes; 0: overlapping; < 0: mixed up).

**Saliency.** The vanilla gradient map of class c for an input x is S = |∂ s_c / ∂x|, the
logit's sensitivity to each pixel (Simonyan et al., 2014); gradient × input, x ⊙ ∂s_c/∂x,
weights it by the pixel's value. A saliency method should fail a sanity check (Adebayo et al.,
2018): its map for a trained model must differ from its map for a randomly initialised one.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor, nn


@torch.no_grad()
def penultimate_features(model: nn.Module, x: Tensor, batch_size: int = 1000) -> Tensor:
    """The input of the model's last nn.Linear for every row of x: (N, H), in eval mode."""
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    captured: list[Tensor] = []
    handle = last.register_forward_hook(lambda mod, inp, out: captured.append(inp[0].detach()))
    model.eval()
    try:
        for start in range(0, len(x), batch_size):
            model(x[start:start + batch_size])
    finally:
        handle.remove()
    return torch.cat(captured)


def saliency(model: nn.Module, x: Tensor, target: Tensor, times_input: bool = False) -> Tensor:
    """|∂ logit_target / ∂x| (or |x ⊙ ∂ logit/∂x|), max over channels: (N, C, H, W) -> (N, H, W)."""
    model.eval()
    x = x.clone().requires_grad_(True)
    logits = model(x)  # (N, K)
    logits.gather(1, target[:, None]).sum().backward()  # each row's own class score
    grad = x.grad * x.detach() if times_input else x.grad
    return grad.abs().amax(dim=1)


def embed_2d(features: np.ndarray, method: str = "pca", seed: int = 0, perplexity: float = 30.0) -> np.ndarray:
    """(N, D) -> (N, 2) with PCA or t-SNE (t-SNE after PCA to 50 dimensions, the usual speed-up)."""
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    features = np.asarray(features, dtype=np.float64)
    if method == "pca":
        return PCA(n_components=2, random_state=seed).fit_transform(features)
    if method == "tsne":
        if features.shape[1] > 50:
            features = PCA(n_components=50, random_state=seed).fit_transform(features)
        return TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(features)
    raise ValueError(f"method must be 'pca' or 'tsne', not {method!r}")


def separation_scores(embedding: np.ndarray, y: np.ndarray, k: int = 5, folds: int = 5,
                      seed: int = 0) -> dict[str, float]:
    """Cross-validated kNN accuracy and silhouette score of labelled points in an embedding."""
    from sklearn.metrics import silhouette_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    knn = cross_val_score(KNeighborsClassifier(n_neighbors=k), embedding, y, cv=cv).mean()
    return {"knn_acc": float(knn), "silhouette": float(silhouette_score(embedding, y))}
