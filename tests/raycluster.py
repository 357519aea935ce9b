"""A real Ray cluster of several nodes on this machine, on loopback only, for tests and benchmarks.

Each node is ``ray start --block`` in its own session (process group) with its own ``--temp-dir``,
so stopping or killing a node touches only the processes this helper started. Ray 2.60 rewrites
``--node-ip-address=127.0.0.1`` to the machine's interface address (``resolve_ip_for_localhost``),
which would listen on the network; the node launcher below keeps the address as given, and
drivers get ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` (see :meth:`LocalRayCluster.driver_env`), under
which Ray's driver takes 127.0.0.1 as the local address. Nothing listens beyond loopback.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# `ray start` with the loopback address kept as given (see the module docstring).
_LAUNCH = ("import sys, ray._private.services as s; s.resolve_ip_for_localhost = lambda host: host; "
           "from ray.scripts.scripts import main; sys.exit(main())")


@dataclass
class RayNode:
    name: str
    proc: subprocess.Popen[bytes]
    temp_dir: Path
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def node_id(self) -> str:
        """The Ray node id (hex), read from this node's raylet command line."""
        mark = f"--temp_dir={self.temp_dir}".encode()
        for cmd in _cmdlines():
            if mark in cmd and b"--node_id=" in cmd:
                return cmd.split(b"--node_id=", 1)[1].split(b"\0", 1)[0].decode()
        raise RuntimeError(f"no raylet of node {self.name} is running")


def _cmdlines() -> list[bytes]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                out.append((proc / "cmdline").read_bytes())
            except OSError:
                continue
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalRayCluster:
    """Head plus worker nodes, each ``--num-cpus`` CPUs, all on 127.0.0.1; :meth:`stop` ends them all."""

    def __init__(self, num_cpus: int = 1) -> None:
        # Short root: Ray's unix socket paths live under the temp dir (limit ~107 bytes).
        self.root = Path(tempfile.mkdtemp(prefix="vray", dir="/tmp"))
        self.num_cpus = num_cpus
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[RayNode] = []

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None, timeout: float = 90) -> RayNode:
        temp_dir = self.root / name
        log = self.root / f"{name}.log"
        # (a node ignores a driver-only setting of the calling process: see driver_env)
        env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "1", **(env or {})}
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCH, "start", *args, "--node-ip-address=127.0.0.1",
                 f"--num-cpus={self.num_cpus}", f"--temp-dir={temp_dir}", "--block", "--disable-usage-stats"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env,
            )
        node = RayNode(name, proc, temp_dir, log)
        self.nodes.append(node)
        deadline = time.monotonic() + timeout
        while b"Ray runtime started" not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ray node {name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)
        return node

    def start_head(self) -> RayNode:
        return self._start("head", ["--head", f"--port={self.port}", "--include-dashboard=false"])

    def add_node(self, env: dict[str, str] | None = None) -> RayNode:
        """A worker node (``env``: extra environment for it and the workers it starts)."""
        return self._start(f"node{len(self.nodes)}", [f"--address={self.address}"], env)

    def remove(self, node: RayNode) -> None:
        """Stop a node gracefully (SIGTERM: it drains and leaves the cluster), SIGKILL if it hangs."""
        if node.alive():
            os.killpg(node.proc.pid, signal.SIGTERM)
            try:
                node.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.kill(node)

    def kill(self, node: RayNode) -> None:
        """SIGKILL a node's whole process group (raylet, workers, its `ray start`): a lost machine."""
        if node.alive():
            try:
                os.killpg(node.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        node.proc.wait(timeout=30)

    def stop(self) -> None:
        for node in reversed(self.nodes):
            try:
                os.killpg(node.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                node.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for pid in self.leftovers():  # a process that left the node's group still names our temp dir
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def leftovers(self) -> list[int]:
        """PIDs of live processes whose command line names this cluster's temp root."""
        mine = str(self.root).encode()
        pids = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmd = (proc / "cmdline").read_bytes()
                state = (proc / "stat").read_text().split(") ", 1)[1][:1]
            except OSError:
                continue
            if mine in cmd and state != "Z":
                pids.append(int(proc.name))
        return pids

    def driver_env(self) -> dict[str, str]:
        """Environment for a driver process (``veriagent bench --executor ray``) of this cluster."""
        return {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0"}
