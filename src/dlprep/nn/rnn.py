"""Recurrent layers with backpropagation through time, batch-first: x (N, T, D) -> states (N, T, H).

PyTorch's equations and weight layout: weight_ih (G·H, D), weight_hh (G·H, H), biases (G·H,), with the
G gates stacked in that order along the rows, so weights copy one-to-one between the two.

    RNN  (G = 1):  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
    LSTM (G = 4, gates i, f, g, o):
                   [i, f, g, o] = W_ih x + b_ih + W_hh h + b_hh,    i, f, o = σ(·),  g = tanh(·)
                   c' = f ⊙ c + i ⊙ g,    h' = o ⊙ tanh(c')
    GRU  (G = 3, gates r, z, n):
                   r = σ(W_ir x + b_ir + W_hr h + b_hr),    z = σ(W_iz x + b_iz + W_hz h + b_hz)
                   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),    h' = (1 − z) ⊙ n + z ⊙ h

Backpropagation through time runs the steps in reverse: the gradient reaching the state after step t
is what its output received plus what step t + 1 sends back through the recurrence.
Every cell has ``step(x, state) -> (state', cache)`` and ``step_backward(dstate', cache) -> (dx, dstate)``;
the sequence layers loop over them. State is h for RNN and GRU and the pair (h, c) for LSTM.
After backward, ``dstate`` holds the gradient with respect to the initial state.
"""

from __future__ import annotations

import math

import numpy as np

from dlprep.nn import functional as F
from dlprep.nn._checks import check_input, check_size, float_dtype, positive_int
from dlprep.nn.module import Module, Parameter


class _Cell(Module):
    """One time step: forward(x (N, D), state) -> h' (N, H); state defaults to zeros."""

    num_gates: int
    state_layout = "h of shape (N, H)"

    def __init__(self, input_size: int, hidden_size: int, rng=None, dtype=np.float64):
        self.input_size = positive_int(input_size, "input_size")
        self.hidden_size = positive_int(hidden_size, "hidden_size")
        self.dtype = float_dtype(dtype)
        rng = np.random.default_rng(rng)
        bound = 1 / math.sqrt(hidden_size)  # PyTorch draws every weight and bias from U(-1/√H, 1/√H)
        rows = self.num_gates * hidden_size

        def draw(*shape):
            return Parameter(rng.uniform(-bound, bound, shape).astype(self.dtype))

        self.weight_ih = draw(rows, input_size)  # (G·H, D)
        self.weight_hh = draw(rows, hidden_size)  # (G·H, H)
        self.bias_ih = draw(rows)
        self.bias_hh = draw(rows)

    def forward(self, x: np.ndarray, training: bool = False, state=None) -> np.ndarray:
        name = type(self).__name__
        check_input(x, name, "(N, D)", (2,))
        check_size(x.shape[1], self.input_size, name, "input features D")
        self.state, self._cache = self.step(x, self.initial_state(len(x), state))
        return self.hidden(self.state)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dstate_new = self.add_to_hidden(self.zero_state(len(dout)), dout)
        dx, self.dstate = self.step_backward(dstate_new, self._cache)
        return dx

    def zero_state(self, n: int):
        return np.zeros((n, self.hidden_size), dtype=self.dtype)

    def initial_state(self, n: int, state):
        """``state`` after checking its shape, or zeros when it is None."""
        zeros = self.zero_state(n)
        if state is None:
            return zeros
        if np.shape(state) != np.shape(zeros):
            raise ValueError(f"{type(self).__name__} expects a state {self.state_layout} = {(n, self.hidden_size)}, "
                             f"got shape {np.shape(state)}")
        return state

    @staticmethod
    def hidden(state) -> np.ndarray:
        return state

    @staticmethod
    def add_to_hidden(dstate, dh: np.ndarray):
        return dstate + dh

    def _project(self, x, h):
        """The input and hidden projections, each (N, G·H)."""
        return x @ self.weight_ih.data.T + self.bias_ih.data, h @ self.weight_hh.data.T + self.bias_hh.data

    def _project_backward(self, dgi, dgh, x, h):
        """Accumulate weight gradients from d(input projection) and d(hidden projection); return dx, dh."""
        self.weight_ih.grad += dgi.T @ x
        self.bias_ih.grad += dgi.sum(axis=0)
        self.weight_hh.grad += dgh.T @ h
        self.bias_hh.grad += dgh.sum(axis=0)
        return dgi @ self.weight_ih.data, dgh @ self.weight_hh.data


class RNNCell(_Cell):
    """Elman cell: h' = tanh(W_ih x + b_ih + W_hh h + b_hh)."""

    num_gates = 1

    def step(self, x, h):
        gi, gh = self._project(x, h)
        h_new = np.tanh(gi + gh)
        return h_new, (x, h, h_new)

    def step_backward(self, dh_new, cache):
        x, h, h_new = cache
        da = dh_new * (1 - h_new**2)  # through tanh
        return self._project_backward(da, da, x, h)


class LSTMCell(_Cell):
    """LSTM cell, gates (i, f, g, o); state (h, c). The additive c' = f ⊙ c + i ⊙ g path carries
    gradients across many steps without the repeated squashing that makes plain RNN gradients vanish."""

    num_gates = 4
    state_layout = "(h, c), each of shape (N, H)"

    def zero_state(self, n: int):
        return super().zero_state(n), super().zero_state(n)

    @staticmethod
    def hidden(state) -> np.ndarray:
        return state[0]

    @staticmethod
    def add_to_hidden(dstate, dh: np.ndarray):
        return dstate[0] + dh, dstate[1]

    def step(self, x, state):
        h, c = state
        gi, gh = self._project(x, h)
        i, f, g, o = np.split(gi + gh, 4, axis=1)
        i, f, g, o = F.sigmoid(i), F.sigmoid(f), np.tanh(g), F.sigmoid(o)
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        return (o * tanh_c, c_new), (x, h, c, i, f, g, o, tanh_c)

    def step_backward(self, dstate_new, cache):
        dh_new, dc_new = dstate_new
        x, h, c, i, f, g, o, tanh_c = cache
        dc = dc_new + dh_new * o * (1 - tanh_c**2)  # c' reaches the loss directly and through h'
        # Gradients at the gate pre-activations, in the stacked order i, f, g, o.
        da = np.concatenate(
            [dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g**2), dh_new * tanh_c * o * (1 - o)],
            axis=1,
        )
        dx, dh = self._project_backward(da, da, x, h)
        return dx, (dh, dc * f)


class GRUCell(_Cell):
    """GRU cell, gates (r, z, n); the reset gate r scales the whole hidden term W_hn h + b_hn."""

    num_gates = 3

    def step(self, x, h):
        gi, gh = self._project(x, h)
        i_r, i_z, i_n = np.split(gi, 3, axis=1)
        h_r, h_z, h_n = np.split(gh, 3, axis=1)
        r, z = F.sigmoid(i_r + h_r), F.sigmoid(i_z + h_z)
        n = np.tanh(i_n + r * h_n)
        return (1 - z) * n + z * h, (x, h, r, z, n, h_n)

    def step_backward(self, dh_new, cache):
        x, h, r, z, n, h_n = cache
        dn = dh_new * (1 - z) * (1 - n**2)  # at n's pre-activation
        dr = dn * h_n * r * (1 - r)
        dz = dh_new * (h - n) * z * (1 - z)
        # The input projection feeds n's pre-activation directly, the hidden one through r ⊙ (·).
        dx, dh = self._project_backward(np.concatenate([dr, dz, dn], axis=1),
                                        np.concatenate([dr, dz, dn * r], axis=1), x, h)
        return dx, dh + dh_new * z


class _Recurrent(Module):
    """Runs a cell over the time axis: forward(x (N, T, D), state) -> (N, T, H), one layer.

    After forward, ``state`` is the final state (to continue with the next chunk of a sequence).
    """

    cell_type: type[_Cell]

    def __init__(self, input_size: int, hidden_size: int, rng=None, dtype=np.float64):
        self.cell = self.cell_type(input_size, hidden_size, rng, dtype)

    def forward(self, x: np.ndarray, training: bool = False, state=None) -> np.ndarray:
        name = type(self).__name__
        check_input(x, name, "(N, T, D)", (3,))
        check_size(x.shape[2], self.cell.input_size, name, "input features D")
        n, steps, _ = x.shape
        if steps == 0:
            raise ValueError(f"{name} needs at least one time step, got input {x.shape}")
        state = self.cell.initial_state(n, state)
        self._caches, outputs = [], []
        for t in range(steps):
            state, cache = self.cell.step(x[:, t], state)
            self._caches.append(cache)
            outputs.append(self.cell.hidden(state))
        self.state = state
        return np.stack(outputs, axis=1)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, steps, _ = dout.shape
        dx = np.empty((n, steps, self.cell.input_size), dtype=dout.dtype)
        dstate = self.cell.zero_state(n)  # nothing flows back from beyond the last step
        for t in reversed(range(steps)):
            dstate = self.cell.add_to_hidden(dstate, dout[:, t])
            dx[:, t], dstate = self.cell.step_backward(dstate, self._caches[t])
        self.dstate = dstate
        return dx


class RNN(_Recurrent):
    """Single-layer tanh RNN over a sequence."""

    cell_type = RNNCell


class LSTM(_Recurrent):
    """Single-layer LSTM over a sequence; the state is (h, c)."""

    cell_type = LSTMCell


class GRU(_Recurrent):
    """Single-layer GRU over a sequence."""

    cell_type = GRUCell
