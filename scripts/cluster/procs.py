"""Network namespaces and the processes started in them (run as root).

Every process the cluster test starts runs inside one of its own namespaces (gf-*), in a session
of its own, with its pid kept under var/cluster/run/<name>.pid; teardown ends what still runs in
those namespaces (`ip netns pids`), deletes them (their veth pairs go with them) and the bridge.
Nothing outside the gf-* namespaces is signalled.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence

from topology import BRIDGE, BRIDGE_ADDRESS, HOSTS, LOG_DIR, NS_PREFIX, PREFIX_LEN, RUN_DIR, Host


def sh(*argv: str, check: bool = True, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
    if not quiet and result.stdout.strip():
        print(result.stdout.strip(), flush=True)
    return result


def stamp() -> str:
    return time.strftime("%H:%M:%S", time.localtime()) + f".{int(time.time() * 1000) % 1000:03d}"


def log(message: str) -> None:
    print(f"[{stamp()}] {message}", flush=True)


# --- network -------------------------------------------------------------------------------------


def our_namespaces() -> list[str]:
    names = sh("ip", "netns", "list", quiet=True).stdout.split()
    return [name for name in names if name.startswith(NS_PREFIX)]


def net_up() -> None:
    """A bridge in the root namespace, one namespace per host, one veth pair each."""
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "add", f"{BRIDGE_ADDRESS}/{PREFIX_LEN}", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for host in HOSTS:
        sh("ip", "netns", "add", host.netns)
        sh("ip", "link", "add", host.veth_root, "type", "veth", "peer", "name", "eth0", "netns", host.netns)
        sh("ip", "link", "set", host.veth_root, "master", BRIDGE)
        sh("ip", "link", "set", host.veth_root, "up")
        sh("ip", "-n", host.netns, "addr", "add", f"{host.address}/{PREFIX_LEN}", "dev", "eth0")
        sh("ip", "-n", host.netns, "link", "set", "eth0", "up")
        sh("ip", "-n", host.netns, "link", "set", "lo", "up")
    log(f"network: bridge {BRIDGE} {BRIDGE_ADDRESS}/{PREFIX_LEN}, {len(HOSTS)} namespaces")


def net_down() -> None:
    """End every process in our namespaces (TERM, then KILL), delete them and the bridge."""
    namespaces = our_namespaces()
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        pids = _pids_in(namespaces)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while pids and time.monotonic() < deadline:
            time.sleep(0.2)
            pids = _pids_in(namespaces)
        if not pids:
            break
    for name in namespaces:
        sh("ip", "netns", "del", name, check=False)
    for host in HOSTS:  # a veth left behind by an interrupted start
        sh("ip", "link", "del", host.veth_root, check=False, quiet=True)
    sh("ip", "link", "del", BRIDGE, check=False, quiet=True)
    for pidfile in RUN_DIR.glob("*.pid") if RUN_DIR.exists() else []:
        pidfile.unlink()


def _pids_in(namespaces: Sequence[str]) -> list[int]:
    pids: list[int] = []
    for name in namespaces:
        out = sh("ip", "netns", "pids", name, check=False, quiet=True).stdout
        pids += [int(p) for p in out.split()]
    return pids


# --- processes -----------------------------------------------------------------------------------


def start(
    host: Host,
    name: str,
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    user: str | None = None,
    cwd: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start ARGV in HOST's namespace (as USER when given: setpriv execs, so the pid is ARGV's own),
    in a new session, its output appended to var/cluster/logs/NAME.log."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    command = ["ip", "netns", "exec", host.netns]
    if user:
        command += ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--"]
    command += list(argv)
    log_file = open(LOG_DIR / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(  # noqa: S603
        command, stdout=log_file, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
    )
    log_file.close()
    (RUN_DIR / f"{name}.pid").write_text(str(process.pid))
    return process


def pid_of(name: str) -> int | None:
    path = RUN_DIR / f"{name}.pid"
    try:
        return int(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (our child, not yet reaped) is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def kill_group(name: str, sig: int) -> int | None:
    """Signal the whole session of process NAME (gunicorn's master and workers, celery's pool)."""
    pid = pid_of(name)
    if pid is None:
        return None
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return None
    return pid


def wait_until(what: str, test: Callable[[], bool], timeout: float, interval: float = 0.5) -> float:
    started = time.monotonic()
    while True:
        try:
            if test():
                return time.monotonic() - started
        except Exception:  # noqa: S110 - polled until the deadline
            pass
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def http_status(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own addresses
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
