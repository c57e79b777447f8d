"""The wire format: what crosses the sandbox boundary, and what is refused."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest

from dlprep.judge.sandboxed import wire


def round_trip(value):
    return wire.unpack(wire.pack({"value": value}))["value"]


def test_values_round_trip_with_their_types():
    value = (np.arange(6, dtype=np.float32).reshape(2, 3), np.float32(1.5), np.int64(3), 2, 2.5, True,
             None, "x", [1, (2, 3)], {"a": np.zeros(0), 1: [np.bool_(True)]}, float("nan"),
             np.asfortranarray(np.ones((2, 3))), np.array(["ab", "c"]))
    back = round_trip(value)
    assert isinstance(back, tuple) and back[0].dtype == np.float32 and back[0].shape == (2, 3)
    assert type(back[1]) is np.float32 and type(back[2]) is np.int64 and type(back[3]) is int
    assert back[8] == [1, (2, 3)] and back[9]["a"].shape == (0,) and np.isnan(back[10])
    assert np.array_equal(back[11], np.ones((2, 3))) and back[12].tolist() == ["ab", "c"]


def test_arrays_come_back_writable_copies():
    back = round_trip(np.ones(3))
    back[0] = 5
    assert back.flags.writeable


@pytest.mark.parametrize("value", [object(), np.array([object()]), {(1, 2): 3},
                                   np.zeros(2, dtype=[("a", "f8")]), np.datetime64("2020-01-01")])
def test_values_that_cannot_cross_are_refused_when_sent(value):
    with pytest.raises(wire.WireError):
        wire.pack({"value": value})


def _npy_header(descr: str, shape: tuple) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _payload_with_blob(blob: bytes) -> bytes:
    head = f'{{"fields": {{"value": {{"nd": 0}}}}, "blobs": [{len(blob)}]}}'.encode()
    return struct.pack("<I", len(head)) + head + blob


def test_pickled_object_arrays_are_refused_when_received():
    blob = _npy_header("|O", (1,)) + b"\x80\x04pickle-bytes"
    with pytest.raises(wire.WireError, match="not accepted"):
        wire.unpack(_payload_with_blob(blob))


def test_an_array_header_promising_more_data_than_sent_is_refused_before_allocating():
    blob = _npy_header("<f8", (1 << 40,)) + b"\0" * 16  # 8 TiB promised
    with pytest.raises(wire.WireError, match="does not match"):
        wire.unpack(_payload_with_blob(blob))


@pytest.mark.parametrize("payload", [
    b"", b"\xff\xff\xff\xff{}", struct.pack("<I", 2) + b"{}", struct.pack("<I", 4) + b"null",
    _payload_with_blob(b"not an npy file"),
    struct.pack("<I", 38) + b'{"fields": {"v": {"evil": 1}}, "blobs": []}'[:38],
    struct.pack("<I", 43) + b'{"fields": {"v": {"nd": 5}}, "blobs": [], "x": 1}',
])
def test_malformed_payloads_raise_wire_errors_only(payload):
    with pytest.raises(wire.WireError):
        wire.unpack(payload)


def test_deep_nesting_is_refused_both_ways():
    deep = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.pack({"value": deep})
    text = b'{"fields": {"v": ' + b"[" * 5000 + b"]" * 5000 + b'}, "blobs": []}'
    with pytest.raises(wire.WireError):
        wire.unpack(struct.pack("<I", len(text)) + text)


def test_frame_reader_refuses_an_oversized_header_before_buffering_the_body():
    reader = wire.FrameReader(cap=1024)
    reader.feed(struct.pack("<Q", 1 << 40))
    with pytest.raises(wire.FrameTooLarge):
        reader.next_frame()


def test_frame_reader_reassembles_frames_split_anywhere():
    frames = wire.frame(b"hello") + wire.frame(b"") + wire.frame(b"world!")
    reader = wire.FrameReader(cap=64)
    got = []
    for byte in frames:
        reader.feed(bytes([byte]))
        while (payload := reader.next_frame()) is not None:
            got.append(payload)
    assert got == [b"hello", b"", b"world!"]


def test_blocking_reader_checks_the_cap_and_truncation():
    with pytest.raises(wire.FrameTooLarge):
        wire.read_frame(io.BytesIO(struct.pack("<Q", 100) + b"x" * 100), cap=10)
    with pytest.raises(wire.WireError):
        wire.read_frame(io.BytesIO(struct.pack("<Q", 100) + b"x" * 10), cap=1000)
    assert wire.read_frame(io.BytesIO(b""), cap=10) is None
