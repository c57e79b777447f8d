"""Setting the sandbox up: refusing without bubblewrap, cgroups, and what the command line holds."""

from __future__ import annotations

import shutil

import pytest

from dlprep.judge import cgroups, sandbox
from dlprep.judge.sandbox import Sandbox, SandboxUnavailable


def test_without_bubblewrap_the_judge_refuses_to_grade(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(SandboxUnavailable, match="never runs them unsandboxed"):
        Sandbox.detect()


def test_a_preload_module_outside_site_packages_is_refused(tmp_path, monkeypatch):
    (tmp_path / "shadowing_module.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(SandboxUnavailable, match="outside site-packages"):
        Sandbox.detect(preload=("numpy", "shadowing_module"))


def test_command_isolates_and_mounts_only_what_python_needs():
    box = Sandbox.detect()
    argv = box.command(7, 9, "tag-x")
    joined = " ".join(argv)
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in argv
    assert "--disable-userns" in argv or not box.disable_userns
    assert "--remount-ro /proc" in joined and "--remount-ro / " in joined
    assert "--bind" not in argv and "--dev-bind" not in argv  # nothing from the host is writable
    bound = {argv[i + 1] for i, a in enumerate(argv) if a in ("--ro-bind", "--ro-bind-try")}
    system = {p for p in bound if p in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")}
    assert bound - system == {"/etc/ld.so.cache", str(box.python_prefix), str(sandbox.WORKER_DIR),
                              *map(str, box.site_dirs)}
    assert sorted(p.name for p in sandbox.WORKER_DIR.glob("*.py")) == ["__init__.py", "wire.py", "worker.py"]
    assert argv[-5:] == [argv[-5], "7", "9", "numpy", "tag-x"]


@pytest.fixture
def fake_cgroupfs(tmp_path, monkeypatch):
    """A cgroup v2 tree in a plain folder; ``delegate(controllers)`` returns /proc/self/cgroup text."""
    path_type = type(tmp_path)
    real_mkdir = path_type.mkdir

    def mkdir(path, *args, **kwargs):  # cgroupfs fills a new cgroup with its interface files
        real_mkdir(path, *args, **kwargs)
        if path.is_relative_to(tmp_path):
            (path / "cgroup.controllers").write_text((path.parent / "cgroup.subtree_control").read_text())

    monkeypatch.setattr(path_type, "mkdir", mkdir)
    monkeypatch.setattr(path_type, "rmdir", lambda path: shutil.rmtree(path))

    def delegate(controllers: str) -> str:
        (tmp_path / "cgroup.controllers").write_text("cpu memory pids")
        real_mkdir(tmp_path / "app")
        (tmp_path / "app" / "cgroup.subtree_control").write_text(controllers)
        return "0::/app\n"

    return tmp_path, delegate


def test_cgroup_v2_is_used_where_controllers_are_delegated(fake_cgroupfs):
    root, delegate = fake_cgroupfs
    group = cgroups.create("w1", root=root, self_cgroup=delegate("memory pids cpu"))
    assert group is not None and group.unified and set(group.dirs) == {"memory", "pids", "cpu"}
    group.set_limits(100 << 20, 16)
    assert (root / "app/w1/memory.max").read_text() == str(100 << 20)
    assert (root / "app/w1/pids.max").read_text() == "16"
    assert (root / "app/w1/cpu.max").read_text() == "100000 100000"
    (root / "app/w1/memory.events").write_text("oom 1\noom_kill 1\n")
    assert group.oom_killed()
    assert group.destroy() and not (root / "app/w1").exists()


def test_cgroup_v2_without_delegation_falls_back_to_rlimits(fake_cgroupfs):
    root, delegate = fake_cgroupfs
    assert cgroups.create("w2", root=root, self_cgroup=delegate("")) is None
    assert not (root / "app/w2").exists()


def test_this_machine_gives_each_worker_memory_and_pids_cgroups(judge):
    worker = judge.pool.acquire()
    try:
        if worker.cgroup is None:
            pytest.skip("no writable cgroup here: rlimits are the only limits")
        assert {"memory", "pids"} <= set(worker.cgroup.dirs)
        assert worker.proc.pid in worker.cgroup.pids()
    finally:
        judge.pool.release(worker)
