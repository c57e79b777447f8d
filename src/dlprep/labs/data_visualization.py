"""Visualising a trained CNN: curves, confusion matrix, filters, PCA / t-SNE of pixels vs learned features, saliency.

Setting: ``SmallCNN`` trained on MNIST-5k (stratified 80/20 split). The pictures every project
should look at, and numbers that back up what the pictures seem to show:

    curves, confusion   training curves and the test confusion matrix
    filters             the first layer's 5x5 filters after training
    embeddings          ``n_embed`` test images in 2-D by PCA and by t-SNE, from three
                        representations: raw pixels (784-d), the penultimate features of the
                        same CNN at initialisation (128-d), and after training (128-d).
                        Class separation is scored by 5-fold kNN accuracy (k = 5) and the
                        silhouette score in 2-D, and by the same scores in the full space.
    saliency            |∂ logit_y / ∂x| for a few test digits, for the trained model and for
                        the untrained one (the sanity check of Adebayo et al., 2018); scored by
                        the share of saliency on ink pixels (x > 0.3) and the rank correlation
                        between the two models' maps.

The embeddings never see labels; labels only colour the points and score the separation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.nn.metrics import confusion_matrix
from dlprep.torchref.cnn import SmallCNN
from dlprep.torchref.training import TrainConfig, fit, predict
from dlprep.torchref.visualization import embed_2d, penultimate_features, saliency, separation_scores

REPRS = ("pixels", "untrained", "trained")


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 2000, "epochs": 3, "n_embed": 500}

    threads: int = 1
    split_seed: int = 0
    n_train: int = 0  # 0 = all 4,000
    epochs: int = 6
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    n_embed: int = 1000  # test images embedded in 2-D (class-balanced)
    perplexity: float = 30.0
    n_saliency: int = 8  # digits shown in the saliency figure
    n_saliency_scored: int = 200  # test digits the saliency numbers average over


def _separation_claim(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    parts, ok = [], True
    for space, margin in (("pca", 0.20), ("tsne", 0.05)):
        learned, raw = m[f"trained_{space}_knn_acc"], m[f"pixels_{space}_knn_acc"]
        ok &= learned >= raw + margin
        parts.append(f"{space}: trained features {learned:.4f} vs pixels {raw:.4f} ({learned - raw:+.4f}, "
                     f"needed +{margin})")
    return ok, "2-D kNN accuracy, " + "; ".join(parts)


def _silhouette_claim(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    parts, ok = [], True
    for space in ("pca", "tsne"):
        learned, raw = m[f"trained_{space}_silhouette"], m[f"pixels_{space}_silhouette"]
        ok &= learned > raw + 0.1
        parts.append(f"{space}: {learned:.3f} vs {raw:.3f}")
    return ok, "2-D silhouette, trained features vs pixels: " + "; ".join(parts) + " (needed +0.1)"


def _training_matters_claim(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    trained, untrained = m["trained_tsne_knn_acc"], m["untrained_tsne_knn_acc"]
    return trained >= untrained + 0.05, (f"t-SNE kNN accuracy: trained {trained:.4f} vs the same network at "
                                         f"initialisation {untrained:.4f} ({trained - untrained:+.4f}, needed +0.05)")


CLAIMS = [
    Claim("learned_features_separate", "in 2-D, the trained CNN's penultimate features separate the classes "
          "better than raw pixels: kNN accuracy +20 points with PCA, +5 points with t-SNE", _separation_claim),
    Claim("silhouette", "the 2-D silhouette score of learned features beats raw pixels' by > 0.1 for both PCA "
          "and t-SNE", _silhouette_claim),
    Claim("training_matters", "the separation comes from training, not the architecture: the untrained network's "
          "features embed >= 5 points worse (t-SNE kNN)", _training_matters_claim),
]


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        dev, r = lab.device, lab.result
        split = load_mnist5000_split(seed=cfg.split_seed)
        idx = stratified_subset(split.y_train, cfg.n_train or len(split.y_train), seed=cfg.split_seed)
        x, y = torch.from_numpy(split.x_train[idx]).to(dev), torch.from_numpy(split.y_train[idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)

        model = SmallCNN().to(dev)
        untrained = copy.deepcopy(model)
        with lab.progress("train", cfg.epochs) as advance:
            r.history["cnn"] = fit(model, x, y, TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                                            weight_decay=cfg.weight_decay),
                                   lab.generator, eval_sets={"test": (xt, yt)}, on_epoch=advance)
        pred = predict(model, xt).argmax(1).cpu().numpy()
        cm = confusion_matrix(split.y_test, pred, labels=np.arange(10))
        r.metrics["test_acc"] = float((pred == split.y_test).mean())

        # Embeddings of a class-balanced subset of the test set.
        sub = stratified_subset(split.y_test, cfg.n_embed, seed=cfg.split_seed)
        y_sub = split.y_test[sub]
        xs = xt[torch.from_numpy(sub).to(dev)]
        reps = {"pixels": split.x_test_flat[sub],
                "untrained": penultimate_features(untrained, xs).cpu().numpy(),
                "trained": penultimate_features(model, xs).cpu().numpy()}
        embeddings: dict[tuple[str, str], np.ndarray] = {}
        rows = []
        with lab.progress("embeddings", len(REPRS)) as advance:
            for name, feats in reps.items():
                full = separation_scores(feats, y_sub, seed=cfg.seed)
                rows.append({"representation": name, "space": f"full ({feats.shape[1]}-d)",
                             "knn_acc": round(full["knn_acc"], 4), "silhouette": round(full["silhouette"], 4)})
                for method in ("pca", "tsne"):
                    emb = embed_2d(feats, method, seed=cfg.seed, perplexity=cfg.perplexity)
                    embeddings[(name, method)] = emb
                    scores = separation_scores(emb, y_sub, seed=cfg.seed)
                    rows.append({"representation": name, "space": f"{method} 2-d",
                                 "knn_acc": round(scores["knn_acc"], 4), "silhouette": round(scores["silhouette"], 4)})
                    r.metrics[f"{name}_{method}_knn_acc"] = scores["knn_acc"]
                    r.metrics[f"{name}_{method}_silhouette"] = scores["silhouette"]
                r.metrics[f"{name}_full_knn_acc"] = full["knn_acc"]
                advance()
        r.tables["separation"] = rows

        # Saliency: trained vs untrained model, scored on n_saliency_scored test digits.
        xsal, ysal = xt[:cfg.n_saliency_scored], yt[:cfg.n_saliency_scored]
        ink = (xsal[:, 0] > 0.3).float()  # (N, H, W)
        sal = {"trained": saliency(model, xsal, ysal), "untrained": saliency(untrained, xsal, ysal)}
        for name, s in sal.items():
            r.metrics[f"saliency_ink_share_{name}"] = float(((s * ink).sum((1, 2)) / s.sum((1, 2))).mean())
        r.metrics["ink_pixel_share"] = float(ink.mean())
        r.metrics["saliency_rank_corr_trained_vs_untrained"] = float(np.mean(
            [_spearman(a.flatten().cpu().numpy(), b.flatten().cpu().numpy())
             for a, b in zip(sal["trained"], sal["untrained"], strict=True)]))
        r.tables["per_class"] = [
            {"class": c, "n": int(cm[c].sum()), "accuracy": round(float(cm[c, c] / cm[c].sum()), 4)}
            for c in range(10)]

        lab.figure("curves", plots.training_curves(r.history, title="SmallCNN on MNIST-5k"))
        lab.figure("confusion", plots.confusion_matrix(
            cm, title=f"test confusion (accuracy {r.metrics['test_acc']:.3f})"))
        lab.figure("filters", plots.filter_grid(model.first_conv.weight.detach().cpu().numpy(),
                                                title="first-layer 5x5 filters after training"))
        lab.figure("embeddings", _embedding_figure(embeddings, y_sub, r.metrics))
        lab.figure("saliency", _saliency_figure(xsal[:cfg.n_saliency, 0].cpu().numpy(),
                                                {k: v[:cfg.n_saliency].cpu().numpy() for k, v in sal.items()},
                                                ysal[:cfg.n_saliency].cpu().numpy()))
        r.notes += [
            "kNN accuracy is 5-fold cross-validated inside the embedded test subset (k = 5); t-SNE has no "
            "out-of-sample transform, so train/test splits of the embedding are not possible.",
            "t-SNE runs on the first 50 principal components; perplexity, seed and init='pca' are fixed. Cluster "
            "sizes and distances between t-SNE clusters mean little.",
            "Saliency is the vanilla gradient |d logit_y / dx|, max over channels.",
        ]
        return lab.finish(CLAIMS)


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def _embedding_figure(embeddings: dict, y: np.ndarray, metrics: dict):
    fig = plots.new_figure(13, 8.5)
    axes = fig.subplots(2, 3)
    for col, name in enumerate(REPRS):
        for row, method in enumerate(("pca", "tsne")):
            ax = axes[row, col]
            emb = embeddings[(name, method)]
            for c in range(10):
                pts = emb[y == c]
                ax.scatter(pts[:, 0], pts[:, 1], s=4, color=plots_color(c), label=str(c))
                cx, cy = np.median(pts, axis=0)
                ax.text(cx, cy, str(c), fontsize=11, weight="bold", ha="center", va="center")
            knn, sil = metrics[f"{name}_{method}_knn_acc"], metrics[f"{name}_{method}_silhouette"]
            ax.set(xticks=[], yticks=[], title=f"{name}, {method.upper()}: kNN {knn:.3f}, silhouette {sil:.2f}")
            ax.title.set_fontsize(9)
    axes[0, 0].legend(fontsize="x-small", markerscale=3, ncols=2)
    return fig


def plots_color(c: int):
    from matplotlib import colormaps

    return colormaps["tab10"](c)


def _saliency_figure(images: np.ndarray, maps: dict[str, np.ndarray], labels: np.ndarray):
    n = len(images)
    fig = plots.new_figure(1.4 * n, 4.6)
    axes = fig.subplots(3, n)
    rows = [("input", images, "gray_r"), ("trained", maps["trained"], "hot"), ("untrained", maps["untrained"], "hot")]
    for i in range(n):
        for j, (title, data, cmap) in enumerate(rows):
            ax = axes[j, i]
            ax.imshow(data[i], cmap=cmap)
            ax.set(xticks=[], yticks=[])
            if i == 0:
                ax.set_ylabel(title)
        axes[0, i].set_title(f"label {labels[i]}", fontsize=8)
    fig.suptitle("saliency |d logit / d pixel|: trained vs untrained network")
    return fig


def check(result: LabResult) -> LabResult:
    return check_claims(result)
