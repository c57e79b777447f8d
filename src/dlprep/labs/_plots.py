"""Figures for the labs, drawn with matplotlib's object API on the Agg canvas.

Nothing here imports ``matplotlib.pyplot``: a ``Figure`` with an Agg canvas needs no
display and no global backend, so labs run the same on a headless server, in tests and
inside a notebook. Every function returns a Figure; ``LabRun.figure`` keeps it and
``save_result`` writes it as PNG.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(width: float = 6.4, height: float = 4.0) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def training_curves(histories: dict[str, list[dict[str, float]]], eval_name: str = "test",
                    title: str = "") -> Figure:
    """Loss (left) and accuracy (right) per epoch: solid train, dashed ``eval_name``, one colour per run."""
    fig = new_figure(10, 4)
    ax_loss, ax_acc = fig.subplots(1, 2)
    for i, (run, hist) in enumerate(histories.items()):
        color = f"C{i}"
        epochs = [r["epoch"] for r in hist]
        for ax, metric in ((ax_loss, "loss"), (ax_acc, "acc")):
            ax.plot(epochs, [r[f"train_{metric}"] for r in hist], color=color, label=f"{run} train")
            if f"{eval_name}_{metric}" in hist[0]:
                ax.plot(epochs, [r[f"{eval_name}_{metric}"] for r in hist], color=color, linestyle="--",
                        label=f"{run} {eval_name}")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", yscale="log", title="loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="accuracy")
    ax_acc.legend(fontsize="small")
    ax_acc.grid(alpha=0.3)
    ax_loss.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return fig


def confusion_matrix(cm: np.ndarray, labels: Sequence[str] | None = None, title: str = "") -> Figure:
    """Counts C[i, j] (true class i, predicted j) as a heat map, off-diagonal cells labelled."""
    cm = np.asarray(cm)
    k = cm.shape[0]
    labels = list(labels) if labels is not None else [str(i) for i in range(k)]
    fig = new_figure(5.5, 5)
    ax = fig.subplots()
    # Log colour scale so that the few errors off the diagonal stay visible next to it.
    im = ax.imshow(np.log1p(cm), cmap="Blues")
    for i in range(k):
        for j in range(k):
            if cm[i, j]:
                ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if i == j else "black")
    ax.set(xticks=range(k), yticks=range(k), xticklabels=labels, yticklabels=labels,
           xlabel="predicted", ylabel="true", title=title or "confusion matrix")
    fig.colorbar(im, ax=ax, shrink=0.8, label="log(1 + count)")
    return fig


def filter_grid(weights: np.ndarray, title: str = "") -> Figure:
    """First-layer filters (C_out, 1, k, k), each on its own symmetric colour scale (red +, blue -)."""
    w = np.asarray(weights)[:, 0]  # (C_out, k, k)
    n = len(w)
    cols = min(8, n)
    rows = -(-n // cols)
    fig = new_figure(1.2 * cols, 1.2 * rows + 0.5)
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for ax in axes:
        ax.axis("off")
    for i, ax in enumerate(axes[:n]):
        lim = np.abs(w[i]).max() or 1.0
        ax.imshow(w[i], cmap="RdBu_r", vmin=-lim, vmax=lim)
    fig.suptitle(title or "first-layer filters")
    return fig


def feature_maps(image: np.ndarray, maps: np.ndarray, title: str = "") -> Figure:
    """An input image (H, W) and the feature maps (C, H', W') one layer computes from it."""
    n = len(maps)
    cols = min(8, n)
    rows = -(-n // cols)
    fig = new_figure(1.2 * (cols + 1.5), 1.2 * rows + 0.5)
    grid = fig.add_gridspec(rows, cols + 2)
    ax_in = fig.add_subplot(grid[:, :2])
    ax_in.imshow(image, cmap="gray_r")
    ax_in.set(title="input", xticks=[], yticks=[])
    for i in range(n):
        ax = fig.add_subplot(grid[i // cols, 2 + i % cols])
        ax.imshow(maps[i], cmap="viridis")
        ax.axis("off")
    fig.suptitle(title or "feature maps")
    return fig


def bars(names: Sequence[str], values: Sequence[float], ylabel: str, title: str = "",
         ylim: tuple[float, float] | None = None, fmt: str = "{:.3f}") -> Figure:
    """One bar per name with its value written on top."""
    fig = new_figure(max(4.0, 1.2 * len(names)), 4)
    ax = fig.subplots()
    pos = np.arange(len(names))
    rects = ax.bar(pos, values, color=[f"C{i}" for i in range(len(names))])
    ax.bar_label(rects, labels=[fmt.format(v) for v in values], fontsize=8)
    ax.set(xticks=pos, ylabel=ylabel, title=title)
    ax.set_xticklabels(names, rotation=20 if len(names) > 4 else 0)
    if ylim:
        ax.set_ylim(*ylim)
    ax.grid(axis="y", alpha=0.3)
    return fig


def grouped_bars(groups: Sequence[str], series: dict[str, Sequence[float]], ylabel: str,
                 title: str = "", ylim: tuple[float, float] | None = None) -> Figure:
    """For each group (e.g. a class) one bar per series (e.g. a model)."""
    fig = new_figure(max(6.4, 0.8 * len(groups) * max(1, len(series)) / 2), 4)
    ax = fig.subplots()
    pos = np.arange(len(groups))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        ax.bar(pos + (i - (len(series) - 1) / 2) * width, values, width, label=name, color=f"C{i}")
    ax.set(xticks=pos, ylabel=ylabel, title=title)
    ax.set_xticklabels(groups)
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend(fontsize="small", ncols=min(4, len(series)))
    ax.grid(axis="y", alpha=0.3)
    return fig


def lines(x: Sequence[float], series: dict[str, Sequence[float]], xlabel: str, ylabel: str,
          title: str = "", logy: bool = False, logx: bool = False, markers: bool = True,
          hlines: dict[str, float] | None = None) -> Figure:
    """One line per series over x; ``hlines`` adds labelled horizontal reference lines."""
    fig = new_figure()
    ax = fig.subplots()
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(x, ys, marker="o" if markers else None, markersize=3, label=name, color=f"C{i}")
    for j, (name, y) in enumerate((hlines or {}).items()):
        ax.axhline(y, linestyle=":", color=f"C{len(series) + j}", label=name)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log", base=2)
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return fig
