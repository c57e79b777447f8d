"""The sandboxed worker: warm up, load one submission, call it on each input the judge sends.

Started by the judge as ``python -I -S -B -u /opt/judge/worker.py SITE_DIRS COMMANDS_FD
REPLIES_FD PRELOAD TAG`` (SITE_DIRS joined by ``os.pathsep``, PRELOAD by commas; TAG only
marks the process in the host's process list). It imports the heavy modules first (so a submission starts warm),
says ``ready``, then serves exactly one submission: a ``load`` message (the code, the
function name and the resource limits), then one ``call`` message per test input. It never
sees expected values. Everything it replies is treated by the judge as untrusted data: the
submission shares this process and could write anything to the reply pipe itself.
"""

import linecache
import os
import resource
import sys
import traceback
import types

SUBMISSION_FILE = "submission.py"  # the name shown in tracebacks
MAX_COMMAND_BYTES = 1 << 30  # commands come from the judge; this only guards against a bug


def main() -> None:
    site_dirs, commands_fd, replies_fd, preload = sys.argv[1:5]
    sys.path.extend(site_dirs.split(os.pathsep))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import wire  # the sibling module, shared with the judge

    for module in filter(None, preload.split(",")):
        __import__(module)
    commands = os.fdopen(int(commands_fd), "rb", buffering=0)
    replies = os.fdopen(int(replies_fd), "wb")  # buffered: it writes whole frames, even to a full pipe

    def send(**fields) -> None:
        try:
            payload = wire.pack(fields)
        except MemoryError:
            payload = wire.pack({"kind": "error", "type": "MemoryError", "memory": True, "traceback": "MemoryError"})
        except Exception as exc:  # WireError, or a returned object whose methods raise
            payload = wire.pack({"kind": "unsupported", "message": f"{type(exc).__name__}: {exc}"[:500]})
        replies.write(wire.frame(payload))
        replies.flush()

    send(kind="ready")
    load = _receive(commands, wire)
    if load is None:
        return
    function = _load_submission(load, send)
    while function is not None:
        call = _receive(commands, wire)
        if call is None:
            return
        try:
            result = function(*call["args"], **call["kwargs"])
        except BaseException as exc:  # SystemExit included: returning is the only way to answer
            _send_error(send, exc)
            continue
        send(kind="value", value=result)


def _receive(commands, wire) -> dict | None:
    payload = wire.read_frame(commands, MAX_COMMAND_BYTES)
    return None if payload is None else wire.unpack(payload)


def _load_submission(load: dict, send):
    """Compile and run the module; returns the function, or None after reporting why not."""
    _apply_limits(load["limits"])  # from here on, everything counts against the submission
    source = load["code"]
    try:
        code = compile(source, SUBMISSION_FILE, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        text = "".join(traceback.format_exception_only(type(exc), exc))
        send(kind="compile_error", message=getattr(exc, "msg", str(exc)), line=line, text=text)
        return None
    linecache.cache[SUBMISSION_FILE] = (len(source), None, source.splitlines(True), SUBMISSION_FILE)
    module = types.ModuleType("submission")
    module.__file__ = SUBMISSION_FILE
    sys.modules["submission"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:
        _send_error(send, exc)
        return None
    function = module.__dict__.get(load["function"])
    if not callable(function):
        send(kind="missing", message=f"{SUBMISSION_FILE} defines no function named '{load['function']}'")
        return None
    send(kind="loaded")
    return function


def _apply_limits(limits: dict) -> None:
    """rlimits: the backstop under the judge's cgroup and wall clock. Hard limits: no way back up."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + limits["cpu_s"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU at the soft limit, KILL at hard
    address_space = _address_space_now() + limits["memory_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["pids"], limits["pids"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_bytes"], limits["file_bytes"]))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits["open_files"], limits["open_files"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _address_space_now() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmSize missing from /proc/self/status")


def _send_error(send, exc: BaseException) -> None:
    try:
        summary = traceback.TracebackException.from_exception(exc)
        _keep_submission_frames(summary)
        text = "".join(summary.format())
    except MemoryError:  # formatting can fail when the submission used up its address space
        text = f"{type(exc).__name__} (traceback unavailable: out of memory)"
    send(kind="error", type=type(exc).__name__, memory=isinstance(exc, MemoryError), traceback=text)


def _keep_submission_frames(summary: traceback.TracebackException) -> None:
    """Drop the worker's (and libraries') frames: the user sees their own code only."""
    seen = set()
    while summary is not None and id(summary) not in seen:
        seen.add(id(summary))
        frames = [f for f in summary.stack if f.filename == SUBMISSION_FILE]
        summary.stack = traceback.StackSummary.from_list(frames)
        if summary.__cause__ is not None:
            _keep_submission_frames(summary.__cause__)
        summary = summary.__context__


if __name__ == "__main__":
    main()
