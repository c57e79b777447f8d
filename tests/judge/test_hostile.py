"""Hostile submissions: each gets the right verdict, and the host is untouched afterwards.

The ``judge`` fixture also checks, after every test, that no process of the sandbox and
no cgroup of its workers is left on the host.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

import dlprep
from dlprep.judge import process, sandbox
from dlprep.judge.grader import Judge
from dlprep.judge.sandbox import Sandbox
from dlprep.judge.verdict import Status
from tests.judge.conftest import CORRECT, FAST, processes_with, wait_until_gone, with_body

NOT_ACCEPTED = {Status.RUNTIME_ERROR, Status.TIME_LIMIT, Status.MEMORY_LIMIT, Status.OUTPUT_LIMIT}


def test_infinite_loop_is_a_time_limit(judge, softmax):
    verdict = judge.grade(softmax, with_body("while True:\n    pass"))
    assert verdict.status is Status.TIME_LIMIT and "case 1" in verdict.message


def test_sleeping_is_a_time_limit_by_the_wall_clock(judge, softmax):
    verdict = judge.grade(softmax, with_body("import time\ntime.sleep(30)"))
    assert verdict.status is Status.TIME_LIMIT and verdict.time_ms < 3000


def test_cpu_time_is_limited_even_under_a_generous_wall_clock(judge, softmax):
    limits = judge.limits.__class__(wall_per_call_s=30, wall_total_s=30, cpu_s=1)  # a busy machine is slow
    verdict = judge.grade(softmax, with_body("while True:\n    pass"), limits)
    assert verdict.status is Status.TIME_LIMIT and "CPU time" in verdict.message


def test_fork_bomb_is_contained(judge, softmax):
    verdict = judge.grade(softmax, with_body("import os\nwhile True:\n    os.fork()"))
    assert verdict.status in {Status.RUNTIME_ERROR, Status.TIME_LIMIT}
    assert judge.grade(softmax, CORRECT).accepted  # the judge (and the machine) still work


def test_thread_bomb_is_contained(judge, softmax):
    body = "import threading, time\nwhile True:\n    threading.Thread(target=time.sleep, args=(60,)).start()"
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status in NOT_ACCEPTED


def test_huge_allocation_is_a_memory_limit(judge, softmax):
    verdict = judge.grade(softmax, with_body("big = np.ones(10**10)"))
    assert verdict.status is Status.MEMORY_LIMIT


def test_allocation_in_small_steps_is_a_memory_limit(judge, softmax):
    verdict = judge.grade(softmax, with_body("hoard = []\nwhile True:\n    hoard.append(np.ones(1 << 20))"))
    assert verdict.status is Status.MEMORY_LIMIT


def test_shared_memory_mmap_bomb_stays_inside(judge, softmax):
    name = f"dlprep-shm-{uuid.uuid4().hex}"
    body = f"""
import mmap, os
fd = os.open("/dev/shm/{name}", os.O_RDWR | os.O_CREAT)
os.ftruncate(fd, 8 << 30)
view = mmap.mmap(fd, 8 << 30)
for i in range(0, 8 << 30, 4096):
    view[i] = 1
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status in NOT_ACCEPTED
    assert not Path("/dev/shm", name).exists()


def test_filling_tmp_hits_its_small_private_tmpfs(judge, softmax):
    name = f"dlprep-fill-{uuid.uuid4().hex}"
    body = f"""
for i in range(1000):
    with open(f"/tmp/{name}-{{i}}", "wb") as f:
        f.write(b"x" * (1 << 20))
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.RUNTIME_ERROR and "No space left on device" in verdict.detail
    assert not list(Path("/tmp").glob(f"{name}*"))


def test_printing_a_gigabyte_is_an_output_limit_and_the_judge_does_not_buffer_it(judge, softmax):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    verdict = judge.grade(softmax, with_body("line = 'x' * 4096\nfor _ in range(1 << 18):\n    print(line)"))
    assert verdict.status is Status.OUTPUT_LIMIT
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: < 50 MB grown


def test_a_setsid_daemon_does_not_survive(judge, softmax):
    marker = f"dlprep-daemon-{uuid.uuid4().hex}"
    body = f"""
import subprocess, sys, os
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{marker}"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", "{marker}"])
    os._exit(0)
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.accepted, verdict.message
    assert wait_until_gone(marker) == []


def test_the_repository_home_package_and_tests_are_not_visible(judge, softmax):
    package = Path(dlprep.__file__).parent
    paths = [str(p) for p in (softmax.folder, softmax.folder / "tests.py", softmax.folder / "solution.py",
                              package, Path.home(), Path.cwd(), Path("/work"), Path("/root"))]
    body = f"""
import os
visible = [p for p in {paths!r} if os.path.exists(p)]
if visible:
    raise RuntimeError(f"visible: {{visible}}")
if not os.listdir("/usr/lib") or not os.path.exists("/opt/judge/worker.py"):
    raise RuntimeError("control: the sandbox should see the system and the worker")
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.accepted, (verdict.message, verdict.detail)


def test_an_installed_dlprep_in_site_packages_is_covered(softmax, monkeypatch):
    site = Sandbox.detect().site_dirs[0]
    monkeypatch.setattr(sandbox.dlprep, "__file__", str(site / "pip" / "__init__.py"))  # as if installed there
    box = Sandbox.detect()
    assert box.hidden == ("/opt/site/0/pip",)
    body = """
import os
if os.listdir("/opt/site/0/pip") or not os.listdir("/opt/site/0/numpy"):
    raise RuntimeError("the installed package should be covered, numpy not")
"""
    with Judge(pool_size=0, limits=FAST, sandbox=box) as judge:
        verdict = judge.grade(softmax, with_body(body))
    assert verdict.accepted, (verdict.message, verdict.detail)


def test_proc_1_environ_does_not_leak_the_judges_environment(judge, softmax, monkeypatch):
    secret = f"s3cret-{uuid.uuid4().hex}"
    monkeypatch.setenv("DLPREP_TEST_SECRET", secret)
    body = f"""
import os
texts = [repr(dict(os.environ))]
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            texts.append(open(f"/proc/{{pid}}/environ", "rb").read().decode())
        except OSError:
            pass
if "OMP_NUM_THREADS=1" not in open("/proc/self/environ", "rb").read().decode():
    raise RuntimeError("control: cannot read my own environment")
if any("{secret}" in t or "DLPREP_TEST_SECRET" in t for t in texts):
    raise RuntimeError("the judge's environment leaked")
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.accepted, (verdict.message, verdict.detail)


def test_no_network_not_even_to_the_hosts_loopback(judge, softmax):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    body = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
except OSError:
    pass
else:
    raise RuntimeError("connected to the host")
"""
    verdict = judge.grade(softmax, with_body(body))
    server.setblocking(False)
    with pytest.raises(BlockingIOError), server:  # the kernel queued no connection for us
        server.accept()
    assert verdict.accepted, (verdict.message, verdict.detail)


def test_killing_the_parent_or_everything_cannot_reach_the_host(judge, softmax):
    sentinel = subprocess.Popen(["sleep", "60"])
    try:
        body = f"""
import os, signal
for target in (os.getppid(), {os.getpid()}, {sentinel.pid}, 1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
try:
    os.kill(-1, signal.SIGKILL)  # every process it may signal: none but itself, which is spared
except ProcessLookupError:
    pass
"""
        verdict = judge.grade(softmax, with_body(body))
        assert verdict.accepted, verdict.message  # nothing it could reach, so it went on to answer
        assert sentinel.poll() is None
    finally:
        sentinel.kill()
        sentinel.wait()


def test_raising_rlimits_is_refused(judge, softmax):
    body = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))"
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.status is Status.RUNTIME_ERROR and "not allowed to raise" in verdict.detail


def test_host_sysctls_and_nested_user_namespaces_are_out_of_reach(judge, softmax):
    body = """
import ctypes, os
for path in ("/proc/sys/kernel/core_pattern", "/proc/sys/vm/swappiness"):
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        pass
    else:
        raise RuntimeError(f"{path} is writable")
if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0:  # CLONE_NEWUSER
    raise RuntimeError("created a user namespace")
"""
    verdict = judge.grade(softmax, with_body(body))
    assert verdict.accepted, (verdict.message, verdict.detail)


@pytest.mark.parametrize("exit_call", ["import sys\nsys.exit(0)", "import os\nos._exit(0)"])
def test_exiting_with_success_is_not_success(judge, softmax, exit_call):
    verdict = judge.grade(softmax, with_body(exit_call))
    assert verdict.status is Status.RUNTIME_ERROR


def test_signalling_itself_is_a_runtime_error(judge, softmax):
    verdict = judge.grade(softmax, with_body(f"import os\nos.kill(os.getpid(), {int(signal.SIGSEGV)})"))
    assert verdict.status is Status.RUNTIME_ERROR and "signal 11" in verdict.message


def test_a_worker_is_never_reused(judge, softmax):
    first = judge.grade(softmax, with_body("open('/tmp/left-behind', 'w').write('x')"))
    second = judge.grade(softmax, with_body("import os\nassert not os.path.exists('/tmp/left-behind')"))
    assert first.accepted and second.accepted, second.detail
    assert processes_with(judge.tag)  # the pool has started a fresh worker meanwhile


def test_memory_outside_the_address_space_limit_meets_the_cgroup(judge, softmax, monkeypatch):
    """tmpfs pages are not in RLIMIT_AS; with no headroom the cgroup's OOM killer ends it."""
    worker = judge.pool.acquire()
    judge.pool.release(worker)
    if worker.cgroup is None:
        pytest.skip("no writable cgroup here: rlimits and the tmpfs sizes are the only limits")
    monkeypatch.setattr(process, "CGROUP_BASELINE_BYTES", 0)
    body = """
for folder in ("/tmp", "/dev/shm"):
    for i in range(15):
        with open(f"{folder}/f{i}", "wb") as f:
            f.write(b"x" * (1 << 20))
hoard = np.ones(100 << 17)  # 100 MB, inside the address-space limit
"""
    verdict = judge.grade(softmax, with_body(body), judge.limits.__class__(memory_mb=110))
    assert verdict.status is Status.MEMORY_LIMIT and "killed for using more than" in verdict.message
