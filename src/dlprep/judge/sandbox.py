"""The bubblewrap sandbox a worker runs in: what it can see, what it shares, how it starts.

Inside, the filesystem holds only the system's ``/usr`` and ``/lib*`` (read-only), the
interpreter at ``/opt/python``, the site-packages at ``/opt/site/N`` and the worker code at
``/opt/judge`` (all read-only), a fresh ``/proc`` and ``/dev`` (read-only), and small
private tmpfs mounts at ``/tmp`` and ``/dev/shm``. The repository, the home directory, the
dlprep package (its hidden tests and reference solutions) and the judge's environment are
not there. See docs/judge.md for what each flag stops.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import dlprep

SANDBOX_PYTHON = "/opt/python"
SANDBOX_SITE = "/opt/site"
SANDBOX_JUDGE = "/opt/judge"
SANDBOX_UID = 65534  # "nobody" inside the sandbox's user namespace
TMPFS_BYTES = 16 << 20  # /tmp and /dev/shm, each
HOST_ENV = {"PATH": "/usr/bin:/bin"}  # all bwrap itself gets: its /proc/PID/environ is visible inside
WORKER_DIR = Path(__file__).parent / "sandboxed"
INSTALL_HINT = (
    "bubblewrap (bwrap) is not installed, so dlprep will not run submissions: it never runs them "
    "unsandboxed. Install it with `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
    "`sudo dnf install bubblewrap` (Fedora), or `make setup` as root."
)


class SandboxUnavailable(RuntimeError):
    """The machine cannot provide the sandbox; the judge refuses to grade."""


@dataclass(frozen=True)
class Sandbox:
    bwrap: str
    python_prefix: Path  # host folder bound at SANDBOX_PYTHON
    python_binary: str  # the interpreter, relative to the prefix
    site_dirs: tuple[Path, ...]  # host folders bound at SANDBOX_SITE/0, /1, ...
    hidden: tuple[str, ...]  # sandbox paths covered by an empty tmpfs (an installed dlprep)
    disable_userns: bool  # bwrap can forbid user namespaces inside (>= 0.8)
    sized_tmpfs: bool  # bwrap can cap a tmpfs (--size, >= 0.7)
    preload: tuple[str, ...] = ("numpy",)

    @classmethod
    def detect(cls, preload: tuple[str, ...] = ("numpy",)) -> Sandbox:
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise SandboxUnavailable(INSTALL_HINT)
        options = _bwrap_options(bwrap)
        prefix = Path(sys.base_prefix).resolve()
        binary = Path(sys.executable).resolve()
        if not binary.is_relative_to(prefix):
            raise SandboxUnavailable(f"the interpreter {binary} is not inside its prefix {prefix}")
        sites = _site_dirs(preload)
        binds = [(prefix, SANDBOX_PYTHON), *((d, f"{SANDBOX_SITE}/{i}") for i, d in enumerate(sites))]
        home = Path.home().resolve()
        for host, _ in binds:
            if home.is_relative_to(host):
                raise SandboxUnavailable(f"refusing to mount {host} in the sandbox: it holds the home folder")
        binds += [(Path(p), p) for p in _system_dirs()]
        package = Path(dlprep.__file__).resolve().parent
        hidden = tuple(f"{inside}/{package.relative_to(host)}" for host, inside in binds
                       if package.is_relative_to(host))
        return cls(bwrap, prefix, str(binary.relative_to(prefix)), sites, hidden,
                   "--disable-userns" in options, "--size" in options, tuple(preload))

    def environment(self) -> list[str]:
        """``--setenv`` pairs: a clean environment, one thread per numeric library."""
        values = {
            "PATH": f"{SANDBOX_PYTHON}/bin:/usr/bin:/bin",
            "HOME": "/tmp",
            "TMPDIR": "/tmp",
            "LANG": "C.UTF-8",
            "LD_LIBRARY_PATH": f"{SANDBOX_PYTHON}/lib",  # the interpreter's RUNPATH names its host prefix
            **{f"{lib}_NUM_THREADS": "1" for lib in ("OMP", "OPENBLAS", "MKL", "NUMEXPR")},
        }
        return [arg for key, value in values.items() for arg in ("--setenv", key, value)]

    def command(self, commands_fd: int, replies_fd: int, tag: str) -> list[str]:
        """The bwrap command line that starts one worker; ``tag`` marks it in the host's process list."""
        size = ["--size", str(TMPFS_BYTES)] if self.sized_tmpfs else []
        argv = [self.bwrap, "--unshare-all", "--unshare-user"]
        argv += ["--disable-userns"] if self.disable_userns else []
        argv += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--hostname", "sandbox",
                 "--die-with-parent", "--new-session", "--clearenv", *self.environment()]
        for path in _system_dirs():
            link = Path(path)
            argv += ["--symlink", os.readlink(link), path] if link.is_symlink() else ["--ro-bind", path, path]
        argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        argv += ["--ro-bind", str(self.python_prefix), SANDBOX_PYTHON]
        for i, site in enumerate(self.site_dirs):
            argv += ["--ro-bind", str(site), f"{SANDBOX_SITE}/{i}"]
        argv += ["--ro-bind", str(WORKER_DIR), SANDBOX_JUDGE]
        for path in self.hidden:
            argv += ["--tmpfs", path, "--remount-ro", path]  # empty and read-only
        argv += ["--proc", "/proc", "--remount-ro", "/proc"]  # else kuid 0 could write host sysctls
        argv += ["--dev", "/dev", *size, "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
        argv += [*size, "--tmpfs", "/tmp", "--chdir", "/tmp", "--remount-ro", "/"]
        sites = os.pathsep.join(f"{SANDBOX_SITE}/{i}" for i in range(len(self.site_dirs)))
        return argv + ["--", f"{SANDBOX_PYTHON}/{self.python_binary}", "-I", "-S", "-B", "-u",
                       f"{SANDBOX_JUDGE}/worker.py", sites, str(commands_fd), str(replies_fd),
                       ",".join(self.preload), tag]


@cache
def _bwrap_options(bwrap: str) -> str:
    try:
        return subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10, env=HOST_ENV).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise SandboxUnavailable(f"cannot run {bwrap}: {exc}") from exc


def _system_dirs() -> list[str]:
    return ["/usr", *(p for p in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32") if os.path.lexists(p))]


def _site_dirs(preload: tuple[str, ...]) -> tuple[Path, ...]:
    """The interpreter's site-packages folders, which must hold every preloaded module.

    Only these are bound: a module found elsewhere (a file in the current folder shadowing
    it, a user site) would otherwise widen what the sandbox sees.
    """
    paths = sysconfig.get_paths()
    dirs = tuple(dict.fromkeys(Path(paths[key]).resolve() for key in ("purelib", "platlib")))
    for module in preload:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise SandboxUnavailable(f"cannot preload '{module}': it is not installed")
        origin = Path(spec.origin).resolve()
        if not any(origin.is_relative_to(d) for d in dirs):
            raise SandboxUnavailable(f"cannot preload '{module}': it is at {origin}, outside site-packages")
    return dirs
