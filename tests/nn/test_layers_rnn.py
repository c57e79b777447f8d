"""Recurrent layers with an initial state: final states and state gradients against PyTorch."""

import numpy as np
import pytest
import torch

from dlprep.nn.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

N, T, D, H = 2, 5, 3, 4
PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def as_tuple(state):
    return state if isinstance(state, tuple) else (state,)


def random_state(is_lstm: bool, rng):
    h = rng.standard_normal((N, H))
    return (h, rng.standard_normal((N, H))) if is_lstm else h


@pytest.mark.parametrize(("ours_type", "torch_type"), [(RNN, torch.nn.RNN), (LSTM, torch.nn.LSTM),
                                                       (GRU, torch.nn.GRU)])
def test_sequence_with_initial_state_matches_pytorch(ours_type, torch_type):
    rng = np.random.default_rng(0)
    ours = ours_type(D, H, rng=0)
    theirs = torch_type(D, H, batch_first=True).double()
    with torch.no_grad():
        for name in PARAMS:
            getattr(theirs, f"{name}_l0").copy_(torch.from_numpy(getattr(ours.cell, name).data))
    is_lstm = ours_type is LSTM
    x, state = rng.standard_normal((N, T, D)), random_state(is_lstm, rng)
    dout = rng.standard_normal((N, T, H))

    y = ours.forward(x, state=state)
    dx = ours.backward(dout)

    x_t = torch.from_numpy(x).requires_grad_()
    state_t = tuple(torch.from_numpy(s[None]).requires_grad_() for s in as_tuple(state))  # (layers=1, N, H)
    y_t, final_t = theirs(x_t, state_t if is_lstm else state_t[0])
    y_t.backward(torch.from_numpy(dout))

    np.testing.assert_allclose(y, y_t.detach().numpy(), rtol=1e-10)
    for ours_final, their_final in zip(as_tuple(ours.state), as_tuple(final_t), strict=True):
        np.testing.assert_allclose(ours_final, their_final[0].detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), rtol=1e-10, atol=1e-12)
    for ours_grad, their_state in zip(as_tuple(ours.dstate), state_t, strict=True):
        np.testing.assert_allclose(ours_grad, their_state.grad[0].numpy(), rtol=1e-10, atol=1e-12)
    for name in PARAMS:
        np.testing.assert_allclose(getattr(ours.cell, name).grad, getattr(theirs, f"{name}_l0").grad.numpy(),
                                   rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize(("ours_type", "torch_type"), [(RNNCell, torch.nn.RNNCell),
                                                       (LSTMCell, torch.nn.LSTMCell), (GRUCell, torch.nn.GRUCell)])
def test_cell_step_with_state_matches_pytorch(ours_type, torch_type):
    rng = np.random.default_rng(1)
    ours = ours_type(D, H, rng=0)
    theirs = torch_type(D, H).double()
    with torch.no_grad():
        for name in PARAMS:
            getattr(theirs, name).copy_(torch.from_numpy(getattr(ours, name).data))
    is_lstm = ours_type is LSTMCell
    x, state = rng.standard_normal((N, D)), random_state(is_lstm, rng)
    dh = rng.standard_normal((N, H))

    h = ours.forward(x, state=state)
    dx = ours.backward(dh)

    x_t = torch.from_numpy(x).requires_grad_()
    state_t = tuple(torch.from_numpy(s).requires_grad_() for s in as_tuple(state))
    new_t = as_tuple(theirs(x_t, state_t if is_lstm else state_t[0]))
    new_t[0].backward(torch.from_numpy(dh))  # our single-step backward takes dL/dh' only

    for ours_new, their_new in zip(as_tuple(ours.state), new_t, strict=True):
        np.testing.assert_allclose(ours_new, their_new.detach().numpy(), rtol=1e-10)
    np.testing.assert_array_equal(h, as_tuple(ours.state)[0])
    np.testing.assert_allclose(dx, x_t.grad.numpy(), rtol=1e-10, atol=1e-12)
    for ours_grad, their_state in zip(as_tuple(ours.dstate), state_t, strict=True):
        np.testing.assert_allclose(ours_grad, their_state.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("layer_type", [RNN, LSTM, GRU])
def test_sequence_equals_stepping_its_cell_and_can_continue_in_chunks(layer_type):
    x = np.random.default_rng(2).standard_normal((N, T, D))
    layer = layer_type(D, H, rng=0)
    full = layer.forward(x)

    state, steps = None, []
    for t in range(T):
        steps.append(layer.cell.forward(x[:, t], state=state))
        state = layer.cell.state
    np.testing.assert_allclose(np.stack(steps, axis=1), full, rtol=1e-14)

    first = layer.forward(x[:, :2])
    rest = layer.forward(x[:, 2:], state=layer.state)
    np.testing.assert_allclose(np.concatenate([first, rest], axis=1), full, rtol=1e-14)


def test_an_open_forget_gate_carries_gradient_across_many_steps():
    # dL/dx_0 for a loss on the last of 30 steps, with the forget gate held open (f ≈ 1) or shut (f ≈ 0).
    x = np.random.default_rng(0).standard_normal((1, 30, 1))

    def first_step_gradient(forget_bias):
        lstm = LSTM(1, 2, rng=0)
        lstm.cell.bias_ih.data[2:4] = forget_bias  # rows H..2H hold the forget gate
        y = lstm.forward(x)
        dout = np.zeros_like(y)
        dout[:, -1] = 1.0
        return np.abs(lstm.backward(dout)[0, 0]).max()

    assert first_step_gradient(5.0) > 1e6 * first_step_gradient(-5.0)
