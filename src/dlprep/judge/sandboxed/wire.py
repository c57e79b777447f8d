"""The judge <-> worker wire format: length-prefixed frames of JSON and NumPy ``.npy`` blobs.

A frame is ``u64 payload length | payload``; the reader checks the length against a cap
before it buffers anything. A payload is ``u32 JSON length | JSON | npy blobs``: the JSON
holds a dict of named fields plus the byte size of each blob. Values are plain JSON
(None, bool, int, float, str, list) or one-key objects: ``{"nd": i}`` an array (blob i),
``{"np": i}`` a NumPy scalar (a 0-d blob), ``{"tuple": [...]}``, ``{"dict": [[key, value], ...]}``.

Never pickle: blobs are decoded by reading the ``.npy`` header ourselves, refusing object
and structured dtypes, and checking that the data size matches the header before NumPy
sees it. Anything malformed raises ``WireError``. This module is imported both by the
judge (``dlprep.judge.sandboxed.wire``) and inside the sandbox (as ``wire``).
"""

from __future__ import annotations

import io
import itertools
import json
import math
import struct
from typing import Any, BinaryIO

import numpy as np

FRAME_HEADER = struct.Struct("<Q")
JSON_HEADER = struct.Struct("<I")
MAX_DEPTH = 32  # nesting of lists/tuples/dicts in one value
MAX_ITEMS = 100_000  # JSON items plus arrays in one payload
ARRAY_KINDS = "biufcSU"  # bool, ints, floats, complex, bytes and str: never objects or records


class WireError(ValueError):
    """A frame or a value that does not follow the wire format."""


class FrameTooLarge(WireError):
    def __init__(self, size: int, cap: int):
        self.size, self.cap = size, cap
        super().__init__(f"a frame of {size} bytes is over the cap of {cap} bytes")


# ---- values ------------------------------------------------------------------------------

def pack(fields: dict[str, Any]) -> bytes:
    """Encode a dict of named values as a payload."""
    blobs: list[bytes] = []
    tree = {name: _encode(value, blobs, 0) for name, value in fields.items()}
    text = json.dumps({"fields": tree, "blobs": [len(b) for b in blobs]}, allow_nan=True).encode()
    return JSON_HEADER.pack(len(text)) + text + b"".join(blobs)


def unpack(payload: bytes) -> dict[str, Any]:
    """Decode a payload made by ``pack``; raises ``WireError`` for anything else."""
    try:
        (size,) = JSON_HEADER.unpack_from(payload)
        head = json.loads(payload[JSON_HEADER.size:JSON_HEADER.size + size].decode())
        if not isinstance(head, dict) or set(head) != {"fields", "blobs"}:
            raise WireError("the payload header needs exactly 'fields' and 'blobs'")
        sizes, fields = head["blobs"], head["fields"]
        if not isinstance(fields, dict) or not isinstance(sizes, list) or len(sizes) > MAX_ITEMS:
            raise WireError("malformed payload header")
        if not all(type(s) is int and s >= 0 for s in sizes):
            raise WireError("blob sizes must be non-negative integers")
        start = JSON_HEADER.size + size
        if start + sum(sizes) != len(payload):
            raise WireError("blob sizes do not add up to the payload")
        bounds = [0, *itertools.accumulate(sizes)]
        blobs = [payload[start + a:start + b] for a, b in zip(bounds, bounds[1:], strict=False)]
        budget = [MAX_ITEMS]
        return {str(k): _decode(v, blobs, 0, budget) for k, v in fields.items()}
    except WireError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, struct.error) as exc:
        raise WireError(f"malformed payload: {type(exc).__name__}: {exc}") from None


def _encode(value: Any, blobs: list[bytes], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError(f"values nested more than {MAX_DEPTH} deep")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.ndarray | np.generic):
        key = "nd" if isinstance(value, np.ndarray) else "np"
        return {key: _add_blob(np.asarray(value), blobs)}
    if isinstance(value, tuple | list):
        items = [_encode(v, blobs, depth + 1) for v in value]
        return {"tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        if not all(type(k) in (str, int) for k in value):
            raise WireError("dict keys must be str or int")
        return {"dict": [[k, _encode(v, blobs, depth + 1)] for k, v in value.items()]}
    raise WireError(f"cannot send a value of type {type(value).__name__}")


def _add_blob(array: np.ndarray, blobs: list[bytes]) -> int:
    if array.dtype.kind not in ARRAY_KINDS or array.dtype.fields is not None:
        raise WireError(f"cannot send an array of dtype {array.dtype}")
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    blobs.append(buffer.getvalue())
    return len(blobs) - 1


def _decode(node: Any, blobs: list[bytes], depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        raise WireError("value nested too deeply or with too many items")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is list:
        return [_decode(v, blobs, depth + 1, budget) for v in node]
    if type(node) is not dict or len(node) != 1:
        raise WireError("unknown value encoding")
    ((key, inner),) = node.items()
    if key in ("nd", "np"):
        if type(inner) is not int or not 0 <= inner < len(blobs):
            raise WireError("array reference out of range")
        array = load_npy(blobs[inner])
        return array if key == "nd" else array[()]
    if key == "tuple" and type(inner) is list:
        return tuple(_decode(v, blobs, depth + 1, budget) for v in inner)
    if key == "dict" and type(inner) is list:
        out = {}
        for pair in inner:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise WireError("dict items must be [key, value] pairs with str or int keys")
            out[pair[0]] = _decode(pair[1], blobs, depth + 1, budget)
        return out
    raise WireError(f"unknown value encoding {key!r}")


def load_npy(blob: bytes) -> np.ndarray:
    """Decode one ``.npy`` blob without pickle, checking its size before NumPy allocates."""
    stream = io.BytesIO(blob)
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
    else:
        raise WireError(f"unsupported .npy version {version}")
    if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
        raise WireError(f"arrays of dtype {dtype} are not accepted")
    count = math.prod(shape)
    data = blob[stream.tell():]
    if len(data) != count * dtype.itemsize:
        raise WireError("array data size does not match its header")
    flat = np.frombuffer(data, dtype=dtype, count=count)
    return flat.reshape(shape, order="F" if fortran else "C").copy()


# ---- frames ------------------------------------------------------------------------------

def frame(payload: bytes) -> bytes:
    return FRAME_HEADER.pack(len(payload)) + payload


def read_frame(stream: BinaryIO, cap: int) -> bytes | None:
    """Blocking read of one frame; None at a clean end of stream."""
    head = _read_exact(stream, FRAME_HEADER.size, allow_eof=True)
    if head is None:
        return None
    (size,) = FRAME_HEADER.unpack(head)
    if size > cap:
        raise FrameTooLarge(size, cap)
    return _read_exact(stream, size, allow_eof=False)


def _read_exact(stream: BinaryIO, size: int, allow_eof: bool) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(min(missing, 1 << 20))
        if not chunk:
            if allow_eof and missing == size:
                return None
            raise WireError("stream ended inside a frame")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class FrameReader:
    """Incremental frame parser for a non-blocking reader: ``feed`` bytes, take whole frames."""

    def __init__(self, cap: int):
        self.cap = cap
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_frame(self) -> bytes | None:
        """The next complete payload, or None; raises ``FrameTooLarge`` as soon as a header says so."""
        if len(self._buffer) < FRAME_HEADER.size:
            return None
        (size,) = FRAME_HEADER.unpack_from(self._buffer)
        if size > self.cap:
            raise FrameTooLarge(size, self.cap)
        end = FRAME_HEADER.size + size
        if len(self._buffer) < end:
            return None
        payload = bytes(self._buffer[FRAME_HEADER.size:end])
        del self._buffer[:end]
        return payload
