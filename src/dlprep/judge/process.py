"""One sandboxed worker process, seen from the judge: start it, talk to it, end it.

The worker is started by a tiny shell gate (``read; exec bwrap ...``) so that the judge
can put the gate's pid into the worker's cgroup before bwrap exists: every process of
the sandbox is then counted from its first instruction. Replies come back on a pipe that
the judge reads without blocking, frame by frame, with a size cap checked before
buffering, while stdout/stderr are drained (and counted against the output cap), under
a deadline. The worker is single use; ``destroy`` kills the whole sandbox.
"""

from __future__ import annotations

import itertools
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass

from dlprep.judge import cgroups
from dlprep.judge.sandbox import HOST_ENV, Sandbox, SandboxUnavailable
from dlprep.judge.sandboxed import wire

GATE = 'read -r _ && exec "$@"'  # wait until the judge has placed us in the cgroup
STARTUP_TIMEOUT_S = 60.0
READ_CHUNK = 1 << 16
CGROUP_BASELINE_BYTES = 96 << 20  # interpreter + NumPy + bwrap, on top of the submission's share
_names = itertools.count()


@dataclass
class Exchange:
    """How one request went. ``outcome``: reply, timeout, exited, output_limit, too_large, malformed."""

    outcome: str
    message: dict | None = None
    detail: str = ""
    elapsed_s: float = 0.0


class SandboxedWorker:
    def __init__(self, sandbox: Sandbox, tag: str, result_cap: int = 16 << 20):
        self._destroyed = False
        self.cgroup = cgroups.create(f"{tag}-{next(_names)}")
        commands_r, self._commands = os.pipe()
        self._replies, replies_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                ["/bin/sh", "-c", GATE, "sh", *sandbox.command(commands_r, replies_w, tag)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                pass_fds=(commands_r, replies_w), env=HOST_ENV, start_new_session=True,
            )
        except OSError:
            for fd in (commands_r, replies_w, self._commands, self._replies):
                os.close(fd)
            if self.cgroup:
                self.cgroup.destroy()
            raise
        os.close(commands_r)
        os.close(replies_w)
        self._output_fd = self.proc.stdout.fileno()
        self._frames = wire.FrameReader(result_cap)
        self._output = bytearray()
        self.output_total = 0
        self.output_cap = 0  # set by limit(); no cap while warming up
        self._output_open = True
        try:
            for fd in (self._commands, self._replies, self._output_fd):
                os.set_blocking(fd, False)
            if self.cgroup:
                self.cgroup.add(self.proc.pid)
            self.proc.stdin.write(b"go\n")  # open the gate: bwrap starts, inside the cgroup
            self.proc.stdin.close()
        except BaseException:
            self.destroy()
            raise

    # ---- lifecycle ---------------------------------------------------------------------

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Block until the worker has imported its modules; raises SandboxUnavailable if it cannot."""
        ready = self.exchange(None, timeout)
        if ready.outcome != "reply" or ready.message.get("kind") != "ready":
            output = self.take_output().decode(errors="replace").strip()
            self.destroy()
            raise SandboxUnavailable(f"the sandbox did not start ({ready.outcome} {ready.detail}).\n{output}")

    def limit(self, memory_bytes: int, pids: int, output_bytes: int, tmpfs_bytes: int) -> None:
        """Apply the submission's limits (cgroup side) just before it is loaded."""
        self.output_cap = output_bytes
        if self.cgroup:
            self.cgroup.set_limits(memory_bytes + tmpfs_bytes + CGROUP_BASELINE_BYTES, pids)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def exit_code(self, timeout: float = 2.0) -> int | None:
        """bwrap's exit status: the worker's code, or 128 + the signal that killed it."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def destroy(self) -> None:
        """Kill the sandbox: the process group (gate/bwrap), then anything left in the cgroup.

        bwrap's pid 1 dies with its parent (--die-with-parent), which ends the PID namespace
        and every process in it, daemons included. Idempotent: closing a descriptor twice
        could close one that another thread has opened since.
        """
        if self._destroyed:
            return
        self._destroyed = True
        if self.proc.poll() is None:  # not reaped yet, so its process group id is still ours
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        if self.cgroup:
            self.cgroup.destroy()
        for fd in (self._commands, self._replies):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc.stdout.close()

    # ---- talking -----------------------------------------------------------------------

    def exchange(self, message: dict | None, timeout: float) -> Exchange:
        """Send ``message`` (if any) and wait for the next reply frame, at most ``timeout`` seconds."""
        start = time.monotonic()
        deadline = start + timeout
        outgoing = wire.frame(wire.pack(message)) if message is not None else b""
        with selectors.DefaultSelector() as selector:
            selector.register(self._replies, selectors.EVENT_READ)
            if self._output_open:
                selector.register(self._output_fd, selectors.EVENT_READ)
            if outgoing:
                selector.register(self._commands, selectors.EVENT_WRITE)
            while True:
                result = self._next_reply()
                if result is not None:
                    result.elapsed_s = time.monotonic() - start
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return Exchange("timeout", elapsed_s=time.monotonic() - start)
                for key, _ in selector.select(remaining):
                    if key.fd == self._commands:
                        outgoing = self._write_some(outgoing, selector)
                    elif key.fd == self._output_fd:
                        self._read_output(selector)
                    elif not self._read_replies():
                        return Exchange("exited", elapsed_s=time.monotonic() - start)
                if self.output_cap and self.output_total > self.output_cap:
                    return Exchange("output_limit", elapsed_s=time.monotonic() - start)

    def _next_reply(self) -> Exchange | None:
        try:
            payload = self._frames.next_frame()
            if payload is None:
                return None
            message = wire.unpack(payload)
        except wire.FrameTooLarge as exc:
            return Exchange("too_large", detail=f"{exc.size} bytes, the cap is {exc.cap}")
        except wire.WireError as exc:
            return Exchange("malformed", detail=str(exc))
        if not isinstance(message.get("kind"), str):
            return Exchange("malformed", detail="a reply without a 'kind'")
        return Exchange("reply", message)

    def _write_some(self, outgoing: bytes, selector: selectors.BaseSelector) -> bytes:
        try:
            written = os.write(self._commands, outgoing)
        except BrokenPipeError:  # the worker is gone; its reply pipe will say so
            written = len(outgoing)
        except BlockingIOError:
            written = 0
        outgoing = outgoing[written:]
        if not outgoing:
            selector.unregister(self._commands)
        return outgoing

    def _read_replies(self) -> bool:
        """False at end of stream (the worker, and every process holding the pipe, is gone)."""
        try:
            data = os.read(self._replies, READ_CHUNK)
        except BlockingIOError:
            return True
        if not data:
            return False
        self._frames.feed(data)
        return True

    def _read_output(self, selector: selectors.BaseSelector) -> None:
        self._drain_output(limit=READ_CHUNK)
        if not self._output_open:
            selector.unregister(self._output_fd)

    def _drain_output(self, limit: int) -> None:
        """Read up to ``limit`` bytes already in the pipe; keep no more than the cap."""
        cap = self.output_cap or READ_CHUNK
        while self._output_open and limit > 0:
            try:
                data = os.read(self._output_fd, min(READ_CHUNK, limit))
            except BlockingIOError:
                return
            if not data:
                self._output_open = False
                return
            limit -= len(data)
            self.output_total += len(data)
            self._output += data[:max(0, cap - len(self._output))]

    def take_output(self) -> bytes:
        """What the sandbox printed since the last call, including what is already in the pipe."""
        self._drain_output(limit=(self.output_cap or READ_CHUNK) + 1)
        taken = bytes(self._output)
        self._output.clear()
        return taken
