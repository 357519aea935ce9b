"""Where judging units run: a local process pool (the default) or tasks on a Ray cluster.

The runner hands an executor :class:`JudgeJob` s (one batch of one problem's candidates for one
judge) and takes back :class:`JobDone` s; it stays the only writer of ``results.jsonl``, so resume
and torn-line repair are the same whichever executor ran the units. The policy for a worker that
died (split the batch, retry once, then record a harness error) is the runner's; an executor only
says that the worker was lost.

With Ray, each job is a task with ``num_cpus=1`` and ``max_retries`` for worker loss; the problem's
judge files (reference, testbench, data files, designer tests) and the candidates travel as data
through the object store and are written to a scratch directory on the worker, so nothing needs a
path that exists only on the driver. The VCD of a unit comes back as data too; the driver writes
every unit's artifacts. Each node's toolchain is checked once before anything runs.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import shutil
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from veriagent.bench.models import Candidate, JudgeResult, Problem
from veriagent.errors import BadInput, ToolMissing

log = logging.getLogger(__name__)

ExecutorName = Literal["local", "ray"]
#: What a node must have to judge (iverilog/vvp compile and run, cocotb and pyslang in Python).
REQUIRED_TOOLS = ("iverilog", "vvp", "cocotb", "pyslang")
#: Times Ray reruns a judging task whose worker or node died.
RAY_MAX_RETRIES = 3
#: Judging tasks in flight per cluster CPU (backpressure: the driver waits beyond this).
IN_FLIGHT_PER_CPU = 2
JudgeFn = Callable[..., list[JudgeResult]]


@dataclass
class JudgeJob:
    """One batch of one problem's candidates for one judge (the unit of scheduling)."""

    problem: Problem
    candidates: list[Candidate]
    judge: str
    batch_size: int
    timeout: float
    seed: int
    workdir: Path
    """Driver-side scratch directory (``<out>/units/<problem>/_judge-...``)."""
    trace_dirs: dict[int, str] = field(default_factory=dict)
    waves: bool = False
    tag: Any = None
    """The runner's handle for the batch (returned untouched in :class:`JobDone`)."""

    def args(self) -> tuple[Any, ...]:
        return (
            self.problem,
            self.candidates,
            self.judge,
            self.batch_size,
            self.timeout,
            self.seed,
            self.workdir,
            self.trace_dirs,
            self.waves,
        )


@dataclass
class JobDone:
    """A finished job: its results, or the error that ended it (``lost``: the worker died)."""

    job: JudgeJob
    results: list[JudgeResult] | None = None
    error: BaseException | None = None
    lost: bool = False
    node: str = ""


class Executor(Protocol):
    """Runs judging jobs somewhere and hands back what finished."""

    name: ExecutorName

    def submit(self, job: JudgeJob) -> None: ...

    def busy(self) -> bool:
        """True when the driver should wait before submitting more (backpressure)."""
        ...

    def in_flight(self) -> int: ...

    def wait(self) -> list[JobDone]:
        """Block until at least one job finished; return all that did."""
        ...

    def close(self, abort: bool = False) -> None: ...

    def describe(self) -> dict[str, Any]:
        """What run.json records about where the run ran."""
        ...


def _judge_fn() -> JudgeFn:
    from veriagent.bench.runner import judge_task  # the runner imports this module: import late

    return judge_task


def local_node() -> str:
    """The node id of records judged by the local executor: this machine's host name."""
    return socket.gethostname()


# --- local process pool ---------------------------------------------------------------------------


class LocalExecutor:
    """Today's behaviour: a forkserver process pool on this machine (inline with one job)."""

    name: ExecutorName = "local"

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.node = local_node()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._generation = 0
        self._futures: dict[cf.Future[list[JudgeResult]], tuple[JudgeJob, int]] = {}
        self._inline: list[JobDone] = []

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        """Judging workers that die with the driver (kill -9 of the driver leaves no simulator behind)."""
        from veriagent import sandbox

        return cf.ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=sandbox.die_with_parent,
        )

    def submit(self, job: JudgeJob) -> None:
        if self.jobs == 1:
            self._inline.append(JobDone(job, results=_judge_fn()(*job.args()), node=self.node))
            return
        if self._pool is None:
            self._pool = self._new_pool()
        self._futures[self._pool.submit(_judge_fn(), *job.args())] = (job, self._generation)

    def busy(self) -> bool:
        # Keep at most a few batches queued per worker so generation and judging overlap; a job
        # judged inline is handed back (and stored) at once.
        return bool(self._inline) or len(self._futures) > 2 * self.jobs

    def in_flight(self) -> int:
        return len(self._futures) + len(self._inline)

    def wait(self) -> list[JobDone]:
        if self._inline:
            done_inline, self._inline = self._inline, []
            return done_inline
        if not self._futures:
            return []
        done, _ = cf.wait(list(self._futures), return_when=cf.FIRST_COMPLETED)
        out = []
        for fut in done:
            job, generation = self._futures.pop(fut)
            try:
                out.append(JobDone(job, results=fut.result(), node=self.node))
            except (cf.process.BrokenProcessPool, cf.CancelledError) as exc:
                if generation == self._generation and self._pool is not None:
                    log.warning("a judging process died; restarting the pool")
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = self._new_pool()
                    self._generation += 1
                out.append(JobDone(job, error=exc, lost=True, node=self.node))
            except Exception as exc:
                out.append(JobDone(job, error=exc, node=self.node))
        return out

    def close(self, abort: bool = False) -> None:
        if self._pool is None:
            return
        if abort:  # Ctrl-C: stored records stay; units in flight are rerun on resume
            for proc in list(getattr(self._pool, "_processes", {}).values()):
                proc.terminate()
            # wait: the workers are terminated, so this is quick; without it the pool's exit hook can
            # write to an already closed wakeup pipe at interpreter exit and print a traceback
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            self._pool.shutdown(wait=True)
        self._pool = None
        self._futures.clear()

    def describe(self) -> dict[str, Any]:
        return {"executor": "local", "cluster": {"nodes": 1, "cpus": self.jobs, "node_ids": [self.node]}}


# --- Ray -------------------------------------------------------------------------------------------


@dataclass
class ProblemBundle:
    """A problem with its judge files as bytes, so that it can be judged on a machine without them."""

    problem: Problem
    files: dict[str, bytes]
    """Bundle-relative path -> content."""
    ref: str | None = None
    testbench: str | None = None
    data: list[str] = field(default_factory=list)
    tests: str | None = None

    @classmethod
    def of(cls, problem: Problem) -> ProblemBundle:
        files: dict[str, bytes] = {}

        def add(path: Path, rel: str) -> str:
            files[rel] = Path(path).read_bytes()
            return rel

        b = cls(problem=problem, files=files)
        if problem.ref_path is not None and Path(problem.ref_path).is_file():
            b.ref = add(problem.ref_path, f"ref/{Path(problem.ref_path).name}")
        if problem.testbench_path is not None and Path(problem.testbench_path).is_file():
            b.testbench = add(problem.testbench_path, f"tb/{Path(problem.testbench_path).name}")
        b.data = [add(f, f"data/{Path(f).name}") for f in problem.tb_data_files if Path(f).is_file()]
        tests = problem.user_tests_dir
        if tests is not None and Path(tests).is_dir():
            b.tests = "tests"
            for f in sorted(Path(tests).rglob("*")):
                if f.is_file() and "__pycache__" not in f.parts:
                    add(f, f"tests/{f.relative_to(tests).as_posix()}")
        return b

    def materialize(self, root: Path) -> Problem:
        """Write the files under ``root``; the problem with its paths pointing there."""
        for rel, data in self.files.items():
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        return self.problem.model_copy(
            update={
                "path": root,
                "ref_path": root / self.ref if self.ref else None,
                "testbench_path": root / self.testbench if self.testbench else None,
                "tb_data_files": [root / d for d in self.data],
                "user_tests_dir": root / self.tests if self.tests else None,
            }
        )


def ray_judge(
    bundle: ProblemBundle,
    candidates: list[Candidate],
    judge: str,
    batch_size: int,
    timeout: float,
    seed: int,
    waves: bool,
) -> tuple[list[JudgeResult], dict[int, bytes], str]:
    """Body of a Ray judging task: (results, sample -> VCD bytes, node id); scratch files are removed."""
    import ray

    node = ray.get_runtime_context().get_node_id()
    with tempfile.TemporaryDirectory(prefix="veriagent-ray-") as tmp:
        root = Path(tmp)
        problem = bundle.materialize(root / "problem")
        workdir = root / "units" / problem.id / f"_judge-{judge}-{candidates[0].sample}"
        results = _judge_fn()(problem, candidates, judge, batch_size, timeout, seed, workdir, {}, waves)
        vcds: dict[int, bytes] = {}
        for c, res in zip(candidates, results, strict=True):
            if res.vcd and Path(res.vcd).is_file():
                vcds[c.sample] = Path(res.vcd).read_bytes()
            res.vcd = None
    return results, vcds, node


def node_check() -> dict[str, Any]:
    """Body of the once-per-node Ray task: this node's id, host, versions and missing tools."""
    import ray

    import veriagent
    from veriagent.hdl.tools import doctor

    rows = {r.name: r for r in doctor()}
    return {
        "node": ray.get_runtime_context().get_node_id(),
        "host": socket.gethostname(),
        "veriagent": veriagent.__version__,
        "ray": ray.__version__,
        "tools": {name: r.version for name, r in rows.items()},
        "missing": [t for t in REQUIRED_TOOLS if t not in rows or not rows[t].ok],
    }


def _check_address(address: str) -> None:
    """A HOST:PORT that nothing answers on fails here, in a second, not after Ray's long retries."""
    if address == "auto":
        return
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise BadInput(f"--ray-address {address!r}: expected auto or HOST:PORT")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=3).close()
    except OSError as exc:
        raise BadInput(
            f"--ray-address {address}: no Ray cluster answers there ({exc.strerror or exc})"
        ) from None


class RayExecutor:
    """Judging jobs as Ray tasks: ``num_cpus=1``, bounded in flight, retried on worker loss."""

    name: ExecutorName = "ray"

    def __init__(self, address: str = "auto", *, max_in_flight: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise BadInput("--executor ray needs Ray: pip install 'veriagent[ray]'") from None
        self.ray = ray
        _check_address(address)
        if not ray.is_initialized():
            try:
                ray.init(
                    address=address,
                    logging_level=logging.WARNING,
                    log_to_driver=False,
                    configure_logging=False,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise BadInput(
                    f"--ray-address {address}: cannot connect to a Ray cluster ({first})"
                ) from None
        self.address = address
        self.nodes = self._check_nodes()
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.max_in_flight = max_in_flight or max(1, IN_FLIGHT_PER_CPU * cpus)
        self._task = ray.remote(ray_judge).options(num_cpus=1, max_retries=RAY_MAX_RETRIES)
        self._bundles: dict[str, Any] = {}
        self._refs: dict[Any, JudgeJob] = {}

    def _check_nodes(self) -> list[dict[str, Any]]:
        """Run the toolchain check once on every alive node; any node missing a tool fails the run."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        ray = self.ray
        alive = [n for n in ray.nodes() if n.get("Alive")]
        check = ray.remote(node_check)
        refs = [
            check.options(
                num_cpus=0, scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)
            ).remote()
            for n in alive
        ]
        infos: list[dict[str, Any]] = []
        for n, ref in zip(alive, refs, strict=True):
            try:
                info = ray.get(ref, timeout=120)
            except Exception as exc:
                if not any(m["NodeID"] == n["NodeID"] and m.get("Alive") for m in ray.nodes()):
                    log.warning("Ray node %s left the cluster during the toolchain check", n["NodeID"][:12])
                    continue
                raise BadInput(
                    f"Ray node {n['NodeID'][:12]}: the toolchain check did not run ({type(exc).__name__})"
                ) from None
            info["address"] = n.get("NodeManagerAddress")
            info["cpus"] = n.get("Resources", {}).get("CPU", 0)
            infos.append(info)
        bad = [i for i in infos if i["missing"]]
        if bad:
            i = bad[0]
            raise ToolMissing(
                f"Ray node {i['node'][:12]} ({i['host']}, {i['address']}) is missing "
                f"{', '.join(i['missing'])}; install them there (see docs/scale-out.md)"
            )
        versions = {tuple(sorted((k, str(v)) for k, v in i["tools"].items())) for i in infos}
        if len(versions) > 1:
            log.warning("Ray nodes run different tool versions; see run.json (cluster.nodes)")
        return infos

    def _bundle(self, problem: Problem) -> Any:
        ref = self._bundles.get(problem.id)
        if ref is None:  # one copy per problem in the object store, shared by all its batches
            ref = self._bundles[problem.id] = self.ray.put(ProblemBundle.of(problem))
        return ref

    def submit(self, job: JudgeJob) -> None:
        ref = self._task.remote(
            self._bundle(job.problem),
            job.candidates,
            job.judge,
            job.batch_size,
            job.timeout,
            job.seed,
            job.waves,
        )
        self._refs[ref] = job

    def busy(self) -> bool:
        return len(self._refs) >= self.max_in_flight

    def in_flight(self) -> int:
        return len(self._refs)

    def wait(self) -> list[JobDone]:
        if not self._refs:
            return []
        ready, _ = self.ray.wait(list(self._refs), num_returns=1)
        out = []
        for ref in ready:
            job = self._refs.pop(ref)
            try:
                results, vcds, node = self.ray.get(ref)
            except (
                self.ray.exceptions.WorkerCrashedError,
                self.ray.exceptions.NodeDiedError,
                self.ray.exceptions.ObjectLostError,
                self.ray.exceptions.OwnerDiedError,
            ) as exc:
                out.append(JobDone(job, error=exc, lost=True))
                continue
            except Exception as exc:
                out.append(JobDone(job, error=exc))
                continue
            _place_vcds(job, results, vcds)
            out.append(JobDone(job, results=results, node=node))
        if not self._refs:
            self._bundles.clear()
        return out

    def close(self, abort: bool = False) -> None:
        if abort:
            for ref in self._refs:
                self.ray.cancel(ref, force=True)
        self._refs.clear()
        self._bundles.clear()

    def describe(self) -> dict[str, Any]:
        return {
            "executor": "ray",
            "ray_address": self.address,
            "cluster": {
                "nodes": len(self.nodes),
                "cpus": sum(int(n["cpus"]) for n in self.nodes),
                "ray": self.ray.__version__,
                "node_ids": [n["node"] for n in self.nodes],
                "per_node": self.nodes,
            },
        }


def _place_vcds(job: JudgeJob, results: list[JudgeResult], vcds: dict[int, bytes]) -> None:
    """Write the VCDs a remote task returned where a local run keeps them; the driver writes artifacts."""
    from veriagent.bench.runner import _write_artifacts as write_artifacts

    units_dir = job.workdir.parent
    for c, res in zip(job.candidates, results, strict=True):
        unit_dir = units_dir / str(c.sample)
        try:
            unit_dir.mkdir(parents=True, exist_ok=True)
            if c.sample in vcds:
                dest = unit_dir / f"{job.judge}.vcd"
                dest.write_bytes(vcds[c.sample])
                res.vcd = str(dest)
            write_artifacts(unit_dir, job.judge, res, job.trace_dirs.get(c.sample))
        except OSError as exc:
            log.warning("%s/%d: cannot write artifacts: %s", job.problem.id, c.sample, exc)
    shutil.rmtree(job.workdir, ignore_errors=True)


def make_executor(name: str, *, jobs: int, ray_address: str = "auto") -> LocalExecutor | RayExecutor:
    """The executor called ``name`` (``local`` or ``ray``).

    Raises:
        BadInput: an unknown name, Ray not installed, or no Ray cluster at ``ray_address``.
        ToolMissing: a Ray node lacks a tool the judge needs.
    """
    if name == "local":
        return LocalExecutor(jobs)
    if name == "ray":
        return RayExecutor(ray_address or "auto")
    raise BadInput(f"unknown --executor {name!r}: use local or ray")


# --- generation on the cluster -----------------------------------------------------------------------

#: Model schemes whose model runs inside the process (one actor per node holds it).
EMBEDDED_SCHEMES = ("local", "hf")


class GenerationWorker:
    """Body of a Ray actor that generates candidates; the traces come back to the driver as data."""

    def __init__(self, model_spec: str, agent: bool, settings_json: str) -> None:
        from veriagent.bench.agent_source import make_generator
        from veriagent.config import Settings

        self.root = Path(tempfile.mkdtemp(prefix="veriagent-gen-"))
        self.generate_fn = make_generator(
            model_spec,
            agent=agent,
            settings=Settings.model_validate_json(settings_json),
            traces_dir=self.root,
        )

    def generate(self, view: Any, tests: dict[str, bytes], sample: int) -> tuple[Any, dict[str, bytes], str]:
        """(candidate, trace files relative to the traces dir, node id); ``tests``: the designer tests."""
        import ray

        if tests:  # the designer tests travel as data: write them here, point the view at them
            tdir = Path(tempfile.mkdtemp(prefix="tests-", dir=self.root))
            for rel, data in tests.items():
                (tdir / rel).parent.mkdir(parents=True, exist_ok=True)
                (tdir / rel).write_bytes(data)
            view = view.model_copy(update={"user_tests_dir": tdir})
        gen = self.generate_fn(view, sample)
        files: dict[str, bytes] = {}
        if gen.trace_dir and Path(gen.trace_dir).is_dir():
            trace = Path(gen.trace_dir)
            for f in sorted(trace.rglob("*")):
                if f.is_file():
                    files[f.relative_to(self.root).as_posix()] = f.read_bytes()
            gen.trace_dir = trace.relative_to(self.root).as_posix()
            shutil.rmtree(trace, ignore_errors=True)
        return gen, files, ray.get_runtime_context().get_node_id()


class RayGenerator:
    """``generator(view, sample)`` served by Ray actors (call it from several threads at once).

    A server model (``openai:``, ``ollama:``, ...) gets ``llm_concurrency`` actors spread over the
    cluster; an embedded model (``local:``, ``hf:``) one actor per node, which loads the model once
    and serves that node's share. Actors reserve no CPU (judging tasks do). Each sample's trace is
    written under ``traces_dir`` on the driver.
    """

    def __init__(self, model_spec: str, *, agent: bool, settings: Any, traces_dir: Path) -> None:
        self.model_spec = model_spec
        self.agent = agent
        self.settings = settings
        self.traces_dir = traces_dir
        self._free: Any = None
        self._actors: list[Any] = []

    def start(self) -> int:
        """Create the actors (Ray must be connected: the Ray executor does that); returns how many."""
        import queue

        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        if self._actors:
            return len(self._actors)
        actor = ray.remote(GenerationWorker)
        opts: dict[str, Any] = {"num_cpus": 0, "max_concurrency": 1, "max_restarts": 1, "max_task_retries": 1}
        args = (self.model_spec, self.agent, self.settings.model_dump_json())
        if self.model_spec.partition(":")[0].lower() in EMBEDDED_SCHEMES or ":" not in self.model_spec:
            nodes = [n["NodeID"] for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU")]
            self._actors = [
                actor.options(
                    **opts, scheduling_strategy=NodeAffinitySchedulingStrategy(n, soft=True)
                ).remote(*args)
                for n in nodes
            ]
        else:
            self._actors = [
                actor.options(**opts, scheduling_strategy="SPREAD").remote(*args)
                for _ in range(max(1, int(self.settings.llm_concurrency)))
            ]
        self._free = queue.Queue()
        for a in self._actors:
            self._free.put(a)
        return len(self._actors)

    def __call__(self, view: Any, sample: int) -> Any:
        import ray

        from veriagent.bench.models import GeneratedCandidate

        self.start()
        tests: dict[str, bytes] = {}
        if view.user_tests_dir is not None and Path(view.user_tests_dir).is_dir():
            root = Path(view.user_tests_dir)
            tests = {
                f.relative_to(root).as_posix(): f.read_bytes()
                for f in sorted(root.rglob("*"))
                if f.is_file() and "__pycache__" not in f.parts
            }
        actor = self._free.get()
        try:
            gen, files, _node = ray.get(actor.generate.remote(view, tests, sample))
        except Exception as exc:  # an actor lost twice: this sample's outcome, not the run's
            return GeneratedCandidate(
                source=None, error=f"generation on the cluster failed: {type(exc).__name__}"
            )
        finally:
            self._free.put(actor)
        for rel, data in files.items():
            dest = self.traces_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        if gen.trace_dir:
            gen.trace_dir = str(self.traces_dir / gen.trace_dir)
        return gen
