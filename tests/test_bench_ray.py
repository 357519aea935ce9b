"""`bench --executor ray` on a real two-node Ray cluster on loopback (started once, torn down after):
the same records as the local pool, a worker node lost mid-run, the driver killed and resumed, a
node without Icarus, an unreachable head."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from raycluster import LocalRayCluster

from veriagent.train.mutate import mutants

pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'veriagent[ray]')")

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "datasets" / "hdlbits-style"
#: A subset of the built-in suite (the whole self-check takes minutes on 2 cores): combinational
#: and sequential problems, an FSM, a memory.
PROBLEMS = ["counter_mod12", "gray_to_bin8", "fsm_seq_1101_moore", "mux4_nibble", "ram_8x8_sync", "parity8"]
FILTER = "^(" + "|".join(PROBLEMS) + ")$"
#: Fields that say when, how long and where: they may differ between executors; nothing else may.
VOLATILE = {"seconds", "time", "executor", "node", "candidate", "trace_dir", "llm_seconds"}


@pytest.fixture(scope="session")
def cluster() -> Iterator[LocalRayCluster]:
    c = LocalRayCluster(num_cpus=1)
    try:
        c.start_head()
        c.add_node()
        yield c
    finally:
        c.stop()
        assert not c.leftovers(), "ray processes outlived the test cluster"


def bench_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "veriagent.cli", "bench", *args, "--no-progress"]


def bench(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(bench_argv(*args), cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)


def ray_one_by_one(cands: Path, out: Path, address: str) -> list[str]:
    """``bench`` arguments that judge the candidate files in ``cands`` one unit at a time on Ray."""
    return [str(BUILTIN), "--candidates", str(cands), "--filter", FILTER, "--batch-size", "1", "--executor", "ray",
            "--ray-address", address, "--out", str(out)]


def write_candidates(root: Path, files: dict[str, str]) -> Path:
    """Candidate files ``<problem>/<sample>.v`` under ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def rows(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line.strip()]


def comparable(out: Path) -> dict[tuple[str, int, str], dict[str, Any]]:
    recs = {}
    for r in rows(out):
        for path in ("candidate", "trace_dir"):
            if r.get(path):
                r[f"{path}_rel"] = str(Path(r[path]).relative_to(out))
        recs[r["problem"], r["sample"], r["judge"]] = {k: v for k, v in r.items() if k not in VOLATILE}
    return recs


def undated(vcd: Path) -> bytes:
    """A VCD without its ``$date`` header and with the harness's random top name (a fresh one per
    simulation, so that a design cannot name it) made fixed: the only parts that differ by run."""
    text = re.sub(rb"\$date.*?\$end", b"", vcd.read_bytes(), count=1, flags=re.S)
    m = re.search(rb"veriagent_eq_top_([0-9a-f]+)", text)
    return text.replace(m.group(1), b"RANDOM") if m else text


def wrong_candidates(root: Path) -> Path:
    """References, single-site mutants and broken files for three problems of the subset."""
    files: dict[str, str] = {}
    for pid in PROBLEMS[:3]:
        ref = (BUILTIN / pid / "ref.v").read_text()
        files[f"{pid}/0.v"] = ref
        for i, m in enumerate(mutants(ref, limit=3), start=1):
            files[f"{pid}/{i}.v"] = m.source
    files[f"{PROBLEMS[3]}/0.v"] = "module top_module(input a, output b)\n  assign b = a\nendmodule\n"
    files[f"{PROBLEMS[3]}/1.v"] = "// nothing here\n"
    return write_candidates(root, files)


def test_unreachable_ray_address_fails_at_once(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "run"
    start = time.monotonic()
    res = bench(str(BUILTIN), "--candidates", "reference", "--executor", "ray", "--ray-address",
                f"127.0.0.1:{port}", "--out", str(out), timeout=60)
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("error: --ray-address 127.0.0.1:") and res.stderr.count("\n") == 1, res.stderr
    assert "Traceback" not in res.stderr and not out.exists()  # nothing ran, nothing written
    assert time.monotonic() - start < 30
    bad = bench(str(BUILTIN), "--candidates", "reference", "--executor", "ray", "--ray-address", "nohost",
                "--out", str(out), timeout=60)
    assert bad.returncode == 2 and "expected auto or HOST:PORT" in bad.stderr and not out.exists()


@pytest.mark.sim
def test_ray_records_match_local_records(cluster: LocalRayCluster, tmp_path: Path) -> None:
    cands = wrong_candidates(tmp_path / "cands")
    ray = ["--executor", "ray", "--ray-address", cluster.address]
    for name, extra in (("ref", ["--candidates", "reference"]), ("cands", ["--candidates", str(cands), "--waves",
                                                                           "--batch-size", "2"])):
        local, remote = tmp_path / f"{name}-local", tmp_path / f"{name}-ray"
        a = bench(str(BUILTIN), *extra, "--filter", FILTER, "-j", "2", "--out", str(local))
        b = bench(str(BUILTIN), *extra, "--filter", FILTER, *ray, "--out", str(remote), env=cluster.driver_env())
        assert a.returncode == 0, a.stderr
        assert b.returncode == 0, b.stderr
        assert comparable(remote) == comparable(local)
        assert {r["executor"] for r in rows(local)} == {"local"}
        assert {r["executor"] for r in rows(remote)} == {"ray"}
        run = json.loads((remote / "run.json").read_text())
        assert run["executor"] == "ray" and run["cluster"]["nodes"] == 2
        assert {n["node"] for n in run["cluster"]["per_node"]} == set(run["cluster"]["node_ids"])
        assert all(n["missing"] == [] and n["tools"]["iverilog"] for n in run["cluster"]["per_node"])
        judged = [r for r in rows(remote) if r["node"] is not None]
        assert judged and {r["node"] for r in judged} <= set(run["cluster"]["node_ids"])
        if name == "cands":
            verdicts = {(r["problem"], r["sample"]): r["passed"] for r in rows(remote)}
            assert all(verdicts[p, 0] for p in PROBLEMS[:3]) and sum(not v for v in verdicts.values()) >= 8
            # tasks ran on both nodes, and the VCDs came back from the workers as data
            assert len({r["node"] for r in judged}) == 2
            vcd = remote / "units" / PROBLEMS[0] / "1" / "equivalence.vcd"
            assert vcd.is_file() and undated(vcd) == undated(local / vcd.relative_to(remote))


@pytest.mark.sim
def test_generation_on_the_cluster_matches_local(cluster: LocalRayCluster, tmp_path: Path) -> None:
    common = [str(BUILTIN), "--model", "fake:echo-ports", "--no-agent", "-n", "2", "--filter",
              "^(gray_to_bin8|parity8)$"]
    local, remote = tmp_path / "local", tmp_path / "ray"
    a = bench(*common, "--out", str(local))
    b = bench(*common, "--executor", "ray", "--ray-address", cluster.address, "--llm-concurrency", "2",
              "--out", str(remote), env=cluster.driver_env())
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    assert comparable(remote) == comparable(local) and len(comparable(remote)) == 4
    for r in rows(remote):  # the trace came back from the worker, the driver added the judge's verdict
        trace = Path(r["trace_dir"])
        assert trace.is_relative_to(remote / "traces") and (trace / "trace.jsonl").is_file()
        assert json.loads((trace / "judge.json").read_text())["passed"] == r["passed"]


@pytest.mark.sim
def test_node_missing_icarus_fails_the_run_at_start(cluster: LocalRayCluster, tmp_path: Path) -> None:
    node = cluster.add_node(env={"VERIAGENT_IVERILOG": "/nonexistent/iverilog"})
    try:
        out = tmp_path / "run"
        res = bench(str(BUILTIN), "--candidates", "reference", "--filter", FILTER, "--executor", "ray",
                    "--ray-address", cluster.address, "--out", str(out), env=cluster.driver_env())
        assert res.returncode == 2, res.stderr
        line = res.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert line.startswith("error: Ray node ") and "missing iverilog" in line and node.node_id()[:12] in line
        assert not (out / "results.jsonl").exists()
    finally:
        cluster.remove(node)


@pytest.mark.sim
def test_driver_killed_then_rerun_resumes(cluster: LocalRayCluster, tmp_path: Path) -> None:
    files = {f"{pid}/{s}.v": (BUILTIN / pid / "ref.v").read_text() for pid in PROBLEMS[:4] for s in range(3)}
    files.update({f"{PROBLEMS[4]}/{s}.v": "module top_module(input x);\nendmodule\n" for s in range(2)})
    cands = write_candidates(tmp_path / "cands", files)
    out = tmp_path / "run"
    args = bench_argv(*ray_one_by_one(cands, out, cluster.address))
    proc = subprocess.Popen(args, cwd=REPO, env=cluster.driver_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if results.exists() and len(results.read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    n_before = len(results.read_bytes().splitlines())
    total = len(files) + 1  # + the problem of the subset with no candidate file: a no-code unit
    assert 3 <= n_before < total, "kill the driver midway"
    res = bench(*ray_one_by_one(cands, out, cluster.address), env=cluster.driver_env())
    assert res.returncode == 0, res.stderr
    assert f"{total - n_before} units judged now, {n_before} resumed" in res.stdout.replace("\n", " ")
    recs = rows(out)
    keys = Counter((r["problem"], r["sample"], r["judge"]) for r in recs)
    assert len(keys) == total and max(keys.values()) == 1  # 0 lost, 0 duplicated
    for r in recs:
        assert r["passed"] == (r["problem"] in PROBLEMS[:4]), r


@pytest.mark.sim
def test_worker_node_killed_mid_run_loses_nothing(cluster: LocalRayCluster, tmp_path: Path) -> None:
    # Last in this module: the killed node stays dead (the others keep the cluster going).
    victim = cluster.add_node()
    victim_id = victim.node_id()
    files = {f"{pid}/{s}.v": (BUILTIN / pid / "ref.v").read_text() for pid in PROBLEMS for s in range(3)}
    cands = write_candidates(tmp_path / "cands", files)
    out = tmp_path / "run"
    args = bench_argv(*ray_one_by_one(cands, out, cluster.address))
    proc = subprocess.Popen(args, cwd=REPO, env=cluster.driver_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 300
    seen = False
    while time.monotonic() < deadline and proc.poll() is None and not seen:
        # kill the node once it has judged a unit: it is busy with the next one
        seen = results.exists() and any(r["node"] == victim_id for r in rows(out))
        time.sleep(0.05)
    assert seen, "the victim node never got a unit"
    cluster.kill(victim)
    assert len(rows(out)) < len(files), "kill the node mid-run"
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    recs = rows(out)
    keys = Counter((r["problem"], r["sample"], r["judge"]) for r in recs)
    assert len(keys) == len(files) and max(keys.values()) == 1  # none lost, none recorded twice
    assert all(r["passed"] for r in recs), [r for r in recs if not r["passed"]][:2]
    assert any(r["node"] != victim_id for r in recs)
