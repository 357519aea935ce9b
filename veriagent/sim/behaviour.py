"""Behaviour of many drafts on one stimulus, and of Python reference models on the same inputs.

:func:`record` simulates every draft of one module side by side in one Icarus process (the
equivalence judge's wrapper and seeded stimulus, harness ``testbenches/behaviour_tb.py``) and keeps
each draft's outputs per sample: combinational designs are sampled once per vector (the spec's own
example vectors first, then exhaustive or >= ``cycles`` vectors), sequential ones before and after
every active clock edge (reset first, directed vectors, then ``cycles`` random cycles with random
resets). A batch that fails to compile or run is retried one draft per simulation, so a draft's
recording never depends on its neighbours.

:func:`run_models` runs model-written reference models (hostile code) in the sandbox on the
recorded inputs: one step per combinational vector, or per active clock edge (``step`` then
``outputs``, compared with the sample just after that edge).

X/Z: every bit that is not 0 or 1 is recorded as ``x`` (x, z, u, w, - alike). Between drafts ``x`` is
a value like any other (two drafts that are both X on a bit agree there); against a reference model
an ``x`` bit never agrees. The first sample of a sequential run (before any clock edge, when every
register is still X) is warm-up and compared by nobody.
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from veriagent import sandbox
from veriagent.hdl.interface import Interface
from veriagent.hdl.text import rename_modules
from veriagent.resources import testbenches_dir
from veriagent.sim import cocotb_run
from veriagent.sim.equivalence import VERDICT_FILE, close_macros, harness_config, make_wrapper
from veriagent.sim.models import ClockSpec, ResetSpec, StimulusSpec

log = logging.getLogger(__name__)
HARNESS = "behaviour_tb"
RUNNER = "model_runner.py"
RESULT_MARK = "VERIAGENT-MODEL-RESULT "
MIN_SEQ_CYCLES = 500
MIN_COMB_VECTORS = 1000


def normalise(bits: str) -> str:
    """A recorded bit string with every bit that is not 0/1 written ``x``."""
    return "".join(b if b in "01" else "x" for b in bits.lower())


class Sample(BaseModel):
    """One sampling point of the stimulus."""

    time: float
    clock: str
    """The clock level at the sample ("" for combinational designs)."""
    inputs: dict[str, int]
    reset: bool = False


class Recording(BaseModel):
    """What every draft output at every sample of one stimulus."""

    clocked: bool
    active: str = "1"
    """The clock level just after an active edge (samples with this level follow an edge)."""
    outputs_layout: list[dict[str, Any]]
    """Output name, width and offset (from the LSB) inside each packed bit string."""
    samples: list[Sample] = Field(default_factory=list)
    outputs: dict[str, list[str]] = Field(default_factory=dict)
    """Draft key -> packed output bits per sample (MSB first, normalised: 0, 1 or x)."""
    failed: dict[str, str] = Field(default_factory=dict)
    """Drafts that could not be simulated, and why."""
    simulations: int = 0
    seconds: float = 0.0

    def compared(self) -> list[int]:
        """Indices of the samples drafts are compared on (all but the warm-up)."""
        return list(range(1 if self.clocked else 0, len(self.samples)))

    def model_steps(self) -> list[int]:
        """Indices of the samples a reference model is compared on (after each edge, or each vector)."""
        if not self.clocked:
            return list(range(len(self.samples)))
        return [i for i, s in enumerate(self.samples) if s.clock == self.active]

    def value(self, key: str, index: int, name: str) -> str:
        """The bits of output ``name`` of draft ``key`` at sample ``index`` (MSB first)."""
        lay = next(o for o in self.outputs_layout if o["name"] == name)
        bits = self.outputs[key][index]
        total = len(bits)
        return bits[total - lay["offset"] - lay["width"] : total - lay["offset"]]

    def values(self, key: str, index: int) -> dict[str, str]:
        """Every output of ``key`` at sample ``index``, as Verilog-style literals."""
        return {o["name"]: _literal(self.value(key, index, o["name"])) for o in self.outputs_layout}


def _literal(bits: str) -> str:
    if "x" in bits or len(bits) <= 8:
        return f"{len(bits)}'b{bits}" if len(bits) > 1 else bits
    return f"{len(bits)}'h{int(bits, 2):0{(len(bits) + 3) // 4}x}"


def stimulus_for(iface: Interface, cycles: int) -> tuple[StimulusSpec, ClockSpec | None, ResetSpec | None]:
    """The judge's stimulus settings for ``iface``, at least 500 cycles / 1000 vectors."""
    clock = ClockSpec(name=iface.clock, edge=iface.clock_edge) if iface.clock else None
    reset = None
    if clock is not None and iface.reset:
        reset = ResetSpec(
            name=iface.reset,
            active_low=iface.reset_active_low,
            synchronous=iface.reset_synchronous is not False,
        )
    floor = MIN_SEQ_CYCLES if clock else MIN_COMB_VECTORS
    return StimulusSpec(cycles=max(cycles, floor)), clock, reset


def record(
    designs: Mapping[str, str],
    iface: Interface,
    workdir: Path,
    *,
    seed: int = 1,
    cycles: int = 0,
    first_vectors: Sequence[Mapping[str, int]] = (),
    timeout: float = 120.0,
) -> Recording:
    """Simulate ``designs`` (key -> Verilog text defining ``iface.module``) on one stimulus.

    Args:
        designs: the drafts; each must compile and have the interface (the caller checked).
        iface: the required interface (clock and reset as the spec states them).
        workdir: scratch directory (created).
        seed: seed of the random stimulus.
        cycles: random cycles / vectors (raised to the floors above).
        first_vectors: combinational input vectors driven first (the spec's examples).
        timeout: seconds for one simulation.

    Returns:
        The :class:`Recording`; drafts that failed even alone are in ``failed``.
    """
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    stim, clock, reset = stimulus_for(iface, cycles)
    rec = Recording(
        clocked=clock is not None, active="0" if clock and clock.edge == "negedge" else "1", outputs_layout=[]
    )
    start = time.monotonic()
    paths: dict[str, Path] = {}
    for n, (key, source) in enumerate(designs.items()):
        text, mapping = rename_modules(source, f"d{n}_")
        path = workdir / f"d{n}.sv"
        path.write_text("`resetall\n" + close_macros(text), encoding="utf-8")
        paths[key] = path
        if mapping.get(iface.module) is None:
            rec.failed[key] = f"no module `{iface.module}`"
    ctx = _Ctx(
        iface,
        workdir,
        stim,
        clock,
        reset,
        seed,
        list(first_vectors),
        timeout,
        {
            k: (p, f"d{list(designs).index(k)}_{iface.module}")
            for k, p in paths.items()
            if k not in rec.failed
        },
    )
    pending = [k for k in designs if k not in rec.failed]
    if pending:
        got = _simulate(ctx, pending, rec)
        if isinstance(got, str) and len(pending) > 1:
            log.info(
                "batched behaviour simulation failed (%s); one draft per simulation", got.splitlines()[0]
            )
            for key in pending:
                one = _simulate(ctx, [key], rec)
                if isinstance(one, str):
                    rec.failed[key] = one.splitlines()[0][:300]
        elif isinstance(got, str):
            rec.failed[pending[0]] = got.splitlines()[0][:300]
    rec.seconds = round(time.monotonic() - start, 3)
    return rec


class _Ctx:
    def __init__(
        self,
        iface: Interface,
        workdir: Path,
        stim: StimulusSpec,
        clock: ClockSpec | None,
        reset: ResetSpec | None,
        seed: int,
        first: list[Mapping[str, int]],
        timeout: float,
        files: dict[str, tuple[Path, str]],
    ) -> None:
        self.iface, self.workdir, self.stim, self.clock, self.reset = iface, workdir, stim, clock, reset
        self.seed, self.first, self.timeout, self.files = seed, first, timeout, files
        self.tag = secrets.token_hex(6)


def _simulate(ctx: _Ctx, keys: list[str], rec: Recording) -> str | None:
    """One simulation of ``keys``; fills ``rec`` or returns why the run failed."""
    rec.simulations += 1
    bdir = ctx.workdir / f"sim{rec.simulations}"
    bdir.mkdir(parents=True, exist_ok=True)
    mods = [(f"c{n}", ctx.files[k][1]) for n, k in enumerate(keys)]
    top = f"veriagent_bh_{ctx.tag}"
    wrapper, in_layout, out_layout = make_wrapper(
        ctx.iface, mods[0][1], mods[1:], ctx.clock.name if ctx.clock else None, top=top, suffix="_" + ctx.tag
    )
    (bdir / "wrapper.sv").write_text(wrapper, encoding="utf-8")
    cfg = harness_config(
        ctx.stim, ctx.seed, in_layout, out_layout, [m[0] for m in mods[1:]], clock=ctx.clock, reset=ctx.reset
    )
    cfg["first_vectors"] = [dict(v) for v in ctx.first]
    run_dir = bdir / "run"
    vdir = cocotb_run.verdict_dir(run_dir)
    vdir.mkdir(parents=True, exist_ok=True)
    (vdir / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    srcs = [bdir / "wrapper.sv", *[ctx.files[k][0] for k in keys]]
    comp = cocotb_run.compile_icarus(srcs, [top], run_dir, timeout=min(ctx.timeout, 60))
    if not comp.ok:
        return "elaboration failed: " + next((ln for ln in comp.output.splitlines() if ln.strip()), "?")
    sim = cocotb_run.run_vvp(
        run_dir / "sim.vvp",
        top,
        HARNESS,
        testbenches_dir(),
        build_dir=run_dir,
        timeout=ctx.timeout,
        extra_env={"VERIAGENT_EQ_CONFIG": f"{sandbox.VERDICT_DIR}/config.json"},
    )
    result = vdir / VERDICT_FILE
    if not sim.passed or not result.exists():
        return f"{'timeout' if sim.timed_out else 'crash'}: {sim.error or 'no result file'}"
    try:
        data = json.loads(result.read_bytes())
        samples = data["samples"]
        outs = data["outputs"]
        width = sum(o["width"] for o in out_layout)
        by_key = {k: outs["ref" if n == 0 else f"c{n}"] for n, k in enumerate(keys)}
        if any(len(v) != len(samples) or any(len(b) != width for b in v) for v in by_key.values()):
            raise ValueError("sample counts differ")
    except (ValueError, KeyError, TypeError) as exc:
        return f"crash: behaviour record rejected: {exc}"
    parsed = [
        Sample(time=float(t), clock=str(c), inputs=_unpack(str(bits), in_layout), reset=bool(r))
        for t, c, bits, r in samples
    ]
    if rec.samples and [s.inputs for s in rec.samples] != [s.inputs for s in parsed]:
        return "crash: the stimulus differs between simulations"
    rec.samples = parsed
    rec.outputs_layout = out_layout
    rec.outputs.update({k: [normalise(b) for b in v] for k, v in by_key.items()})
    return None


def _unpack(bits: str, layout: list[dict[str, Any]]) -> dict[str, int]:
    total = len(bits)
    out = {}
    for lay in layout:
        seg = bits[total - lay["offset"] - lay["width"] : total - lay["offset"]]
        out[lay["name"]] = int(seg, 2) if seg and all(b in "01" for b in seg) else 0
    return out


class ModelRun(BaseModel):
    """A reference model's outputs on a recording's model steps, or why it has none."""

    outputs: list[dict[str, int]] | None = None
    error: str | None = None


def run_models(
    codes: Sequence[str], rec: Recording, iface: Interface, workdir: Path, *, timeout: float = 60.0
) -> list[ModelRun]:
    """Run each model (Python text) on the inputs of ``rec``'s model steps, in the sandbox.

    Args:
        codes: model sources (``class Model`` with ``step``/``outputs``, or ``def model``).
        rec: a recording with samples.
        iface: the interface (output widths).
        workdir: scratch directory (created).
        timeout: seconds per model.

    Returns:
        One :class:`ModelRun` per code, in order.
    """
    workdir = Path(workdir).resolve() / f"models-{secrets.token_hex(3)}"
    workdir.mkdir(parents=True, exist_ok=True)
    names = [o["name"] for o in rec.outputs_layout] or [p.name for p in iface.outputs()]
    widths = {p.name: p.width for p in iface.outputs()}
    steps = [rec.samples[i].inputs for i in rec.model_steps()]
    spec = {"clocked": rec.clocked, "outputs": {n: widths[n] for n in names}, "steps": steps}
    (workdir / "stimulus.json").write_text(json.dumps(spec), encoding="utf-8")
    runner = testbenches_dir() / RUNNER
    argvs = []
    for k, code in enumerate(codes):
        (workdir / f"model{k}.py").write_text(code, encoding="utf-8")
        argvs.append([sys.executable, "-I", str(runner.resolve()), "stimulus.json", f"model{k}.py"])
    if not argvs:
        return []
    jail = sandbox.Jail(workdir, readable=(runner.resolve(),))
    procs = sandbox.run_each(argvs, cwd=workdir, timeout=timeout, env=sandbox.tool_env(), jail=jail)
    out = []
    for proc in procs:
        if proc.timed_out:
            out.append(ModelRun(error=f"model did not finish within {timeout:.0f} s"))
            continue
        out.append(
            _model_result(proc.stdout, names, len(steps))
            or ModelRun(error=f"model runner failed (exit {proc.returncode}): {proc.output.strip()[-200:]}")
        )
    return out


def _model_result(stdout: str, names: list[str], n: int) -> ModelRun | None:
    line = next((ln for ln in reversed(stdout.splitlines()) if ln.startswith(RESULT_MARK)), None)
    if line is None:
        return None
    try:
        data = json.loads(line[len(RESULT_MARK) :])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if "error" in data:
        return ModelRun(error=str(data["error"])[:300])
    rows = data.get("outputs")
    if (
        not isinstance(rows, list)
        or len(rows) != n
        or any(
            not isinstance(r, list) or len(r) != len(names) or not all(isinstance(v, int) for v in r)
            for r in rows
        )
    ):
        return None
    return ModelRun(outputs=[dict(zip(names, r, strict=True)) for r in rows])
