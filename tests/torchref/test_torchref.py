from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from dlprep.torchref.augmentation import random_shift
from dlprep.torchref.cnn import CNNConfig, SmallCNN
from dlprep.torchref.distillation import distillation, kd_loss
from dlprep.torchref.mlp import MLP, SoftmaxRegression
from dlprep.torchref.resnet import BasicBlock, DeepMLP, DeepMLPConfig, MLPBlock, layer_grad_norms
from dlprep.torchref.training import TrainConfig, evaluate, fit, minibatches, seed_everything


def test_model_output_shapes():
    x = torch.randn(5, 1, 28, 28)
    assert SmallCNN()(x).shape == (5, 10)
    assert SmallCNN(CNNConfig(channels=(4, 8), hidden=16, n_classes=3))(x).shape == (5, 3)
    assert MLP(784, (32, 16))(x).shape == (5, 10)
    assert SoftmaxRegression(784)(x.flatten(1)).shape == (5, 10)
    assert SmallCNN().first_conv.weight.shape == (32, 1, 5, 5)
    with pytest.raises(ValueError):
        SmallCNN(CNNConfig(image_size=30))


def test_small_cnn_parameter_count_matches_its_docstring():
    n = sum(p.numel() for p in SmallCNN().parameters())
    assert n == 422_250  # "about 0.42 M" in the module docstring


def test_basic_block_shapes_and_projection_shortcut():
    x = torch.randn(2, 16, 14, 14)
    assert BasicBlock(16, 16)(x).shape == (2, 16, 14, 14)
    down = BasicBlock(16, 32, stride=2)
    assert down(x).shape == (2, 32, 7, 7) and not isinstance(down.shortcut, torch.nn.Identity)
    assert BasicBlock(16, 32, stride=2, residual=False)(x).shape == (2, 32, 7, 7)


def test_residual_block_with_zero_branch_is_the_identity_on_nonnegative_inputs():
    block = MLPBlock(8, residual=True)
    torch.nn.init.zeros_(block.fc2.weight)
    torch.nn.init.zeros_(block.fc2.bias)
    x = torch.rand(4, 8)  # >= 0, so the final ReLU keeps it
    assert torch.equal(block(x), x)
    plain = MLPBlock(8, residual=False)
    plain.load_state_dict(block.state_dict())
    assert torch.equal(plain(x), torch.zeros_like(x))


def test_deep_mlp_layer_count_and_same_weights_for_plain_and_residual():
    torch.manual_seed(0)
    res = DeepMLP(DeepMLPConfig(n_blocks=3, residual=True))
    torch.manual_seed(0)
    plain = DeepMLP(DeepMLPConfig(n_blocks=3, residual=False))
    assert len(res.linear_layers()) == 2 * 3 + 2
    for a, b in zip(res.parameters(), plain.parameters(), strict=True):
        assert torch.equal(a, b)


def test_plain_gradients_vanish_with_depth_residual_ones_do_not():
    torch.manual_seed(0)
    x, y = torch.randn(64, 784), torch.randint(0, 10, (64,))
    first = {}
    for residual in (False, True):
        torch.manual_seed(1)
        net = DeepMLP(DeepMLPConfig(n_blocks=10, residual=residual))
        norms = layer_grad_norms(net, net.linear_layers(), x, y)
        assert len(norms) == 22 and all(n >= 0 for n in norms)
        first[residual] = norms[0]
        assert all(p.grad is None for p in net.parameters())  # left clean
    assert first[True] > 1e4 * first[False]


def test_kaiming_init_has_the_he_variance():
    torch.manual_seed(0)
    net = DeepMLP(DeepMLPConfig(width=256, n_blocks=1, init="kaiming"))
    w = net.blocks[0].fc1.weight
    assert w.var().item() == pytest.approx(2 / 256, rel=0.05)
    with pytest.raises(ValueError):
        DeepMLP(DeepMLPConfig(init="xavier"))


def test_kd_loss_matches_its_formula():
    torch.manual_seed(0)
    zs, zt = torch.randn(6, 5), torch.randn(6, 5)
    y = torch.tensor([0, 1, 2, -1, -1, 4])
    t, a = 3.0, 0.3
    p_t = F.softmax(zt / t, 1)
    kl = (p_t * (p_t.log() - F.log_softmax(zs / t, 1))).sum(1).mean()
    ce = F.cross_entropy(zs[y >= 0], y[y >= 0])
    assert kd_loss(zs, zt, y, t, a).item() == pytest.approx((a * ce + (1 - a) * t * t * kl).item(), rel=1e-5)


def test_kd_loss_limits():
    torch.manual_seed(0)
    zs, zt = torch.randn(4, 10), torch.randn(4, 10)
    y = torch.randint(0, 10, (4,))
    assert kd_loss(zs, zt, y, 2.0, alpha=1.0).item() == pytest.approx(F.cross_entropy(zs, y).item())
    assert kd_loss(zt, zt, y, 5.0, alpha=0.0).item() == pytest.approx(0.0, abs=1e-6)
    unlabelled = torch.full((4,), -1)
    assert kd_loss(zt, zt, unlabelled, 2.0, alpha=0.5).item() == pytest.approx(0.0, abs=1e-6)


def test_t_squared_keeps_the_soft_gradient_scale_as_t_grows():
    """The docstring's claim: ∂(T²·KL)/∂z_s -> (z_s - z_t)/K for large T (zero-mean logits)."""
    torch.manual_seed(0)
    zt = torch.randn(1, 10)
    zt -= zt.mean()
    zs = torch.randn(1, 10)
    zs -= zs.mean()
    y = torch.full((1,), -1)
    norms = []
    for t in (4.0, 16.0, 64.0):
        z = zs.clone().requires_grad_(True)
        kd_loss(z, zt, y, t, alpha=0.0).backward()
        norms.append(z.grad.norm().item())
    expected = ((zs - zt) / 10).norm().item()
    assert norms[-1] == pytest.approx(expected, rel=1e-2)
    assert max(norms) / min(norms) < 1.2  # without T² it would shrink 256x from T=4 to T=64


def test_random_shift_moves_pixels_and_keeps_shape():
    g = torch.Generator().manual_seed(0)
    x = torch.zeros(8, 1, 10, 10)
    x[:, :, 4:6, 4:6] = 1.0
    out = random_shift(x, g, pad=2)
    assert out.shape == x.shape and torch.allclose(out.sum((1, 2, 3)), x.sum((1, 2, 3)))
    assert not torch.equal(out, x)
    assert torch.equal(random_shift(x, g, pad=0), x)


def test_minibatches_cover_every_index_once():
    idx = torch.cat(list(minibatches(103, 10, torch.Generator().manual_seed(0))))
    assert sorted(idx.tolist()) == list(range(103))
    assert torch.equal(torch.cat(list(minibatches(5, 2, shuffle=False))), torch.arange(5))


def test_fit_learns_a_separable_problem_and_is_repeatable():
    def once():
        g = seed_everything(0)
        x = torch.randn(256, 2, generator=g)
        y = (x[:, 0] + x[:, 1] > 0).long()
        model = MLP(2, (16,), 2)
        hist = fit(model, x, y, TrainConfig(epochs=15, batch_size=32, lr=1e-2), g, eval_sets={"all": (x, y)})
        return model, x, y, hist

    model, x, y, hist = once()
    assert evaluate(model, x, y)["acc"] > 0.95
    assert hist[-1]["train_loss"] < hist[0]["train_loss"]
    assert hist[0]["lr"] == 1e-2 and hist[-1]["lr"] < 1e-2  # cosine decay
    assert set(hist[0]) == {"epoch", "lr", "train_loss", "train_acc", "all_loss", "all_acc", "seconds"}
    with pytest.raises(ValueError, match="train"):
        fit(model, x, y, TrainConfig(epochs=1), seed_everything(0), eval_sets={"train": (x, y)})
    _, _, _, again = once()
    assert [h["train_loss"] for h in hist] == [h["train_loss"] for h in again]


def test_distillation_loss_fn_and_unlabelled_rows_train():
    g = seed_everything(0)
    x = torch.randn(128, 4, generator=g)
    teacher_logits = torch.stack([x[:, 0] * 5, -x[:, 0] * 5], 1)
    y = torch.full((128,), -1)
    y[:8] = (teacher_logits[:8].argmax(1))
    model = MLP(4, (8,), 2)
    hist = fit(model, x, y, TrainConfig(epochs=40, batch_size=32, lr=1e-2), g,
               loss_fn=distillation(teacher_logits, y, 2.0, 0.1))
    assert all(math.isfinite(h["train_loss"]) for h in hist)  # batches without labels are fine
    assert evaluate(model, x, teacher_logits.argmax(1))["acc"] > 0.9  # learnt from the soft labels
