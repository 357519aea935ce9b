"""Equivalence judge: a reference and many candidates simulated side by side on the same stimulus.

Each candidate is first screened alone (no-code, a quick Icarus compile, interface vs the reference's,
and :func:`veriagent.hdl.screen.screen_source` on the preprocessed, elaborated design: impure system
calls are judged alone; foreign hierarchical references, ``$root``, ``bind``, foreign ``defparam`` and
harness module names are rejected as ``illegal-construct``). The survivors are batched: every module of
each candidate file is renamed with a unique prefix, a generated wrapper instantiates the (renamed)
reference and the candidates on the same packed input bus, and the cocotb harness
``testbenches/equivalence_tb.py`` drives reset, directed and seeded random stimulus, samples every
output before both clock edges (or 1 ns after each combinational vector) and writes per-candidate
verdicts as JSON into the run's verdict directory (outside the designs' working directory, at a path
they cannot name; see :mod:`veriagent.sandbox`). The wrapper's module and instance names carry a random
suffix per judge. The parent validates the verdict (schema, exactly the candidate ids it sent, the same
sample count in every simulation) and counts a run only when cocotb's results.xml says the harness
passed. A batch that times out, crashes or fails to elaborate is split in halves recursively (bisection)
down to one-candidate runs, so no candidate's verdict depends on its neighbours: a verdict comes either
from a simulation that completed (every candidate compared independently on the same stimulus) or from
the candidate's own solo run. Timeouts are adaptive (see :func:`group_timeout` and
:func:`solo_timeout`).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from veriagent import sandbox
from veriagent.errors import BadInput
from veriagent.hdl.interface import Interface, Port, extract_interface, extract_interfaces
from veriagent.hdl.screen import defined_modules, screen_source
from veriagent.hdl.text import looks_like_code, rename_modules, strip_comments
from veriagent.resources import testbenches_dir
from veriagent.sim import cocotb_run
from veriagent.sim.models import ClockSpec, FailureClass, MismatchRow, ResetSpec, StimulusSpec, Verdict

log = logging.getLogger(__name__)

WRAPPER_TOP = "veriagent_eq_top"
"""Base name of the wrapper module (each judge appends a random suffix)."""
HARNESS_MODULE = "equivalence_tb"
VERDICT_FILE = "equivalence.json"
VACUOUS_SHARE = 0.5
"""An output whose reference value has X/Z bits on more than this share of samples is vacuous."""

# Adaptive timeouts (seconds). T_ref = wall time of the reference-only simulation of this problem
# (cocotb start-up included), run only when a batch fails or a candidate must run alone.
SOLO_FLOOR = 6.0
SOLO_FACTOR = 8.0
"""A one-candidate run (its verdict) gets ``min(timeout, max(SOLO_FLOOR, SOLO_FACTOR * T_ref))``."""
GROUP_FLOOR = 4.0
GROUP_FACTOR = 3.0
GROUP_PER_CANDIDATE = 0.1
"""A batch or half (cost only: a failure is bisected, never a verdict) gets
``min(timeout, max(GROUP_FLOOR, GROUP_FACTOR * T + GROUP_PER_CANDIDATE * n))``."""
GUESS_FACTOR = 4.0
"""Before T_ref is known, T = the slowest recent successful simulation of this process times this
(``max(GROUP_FLOOR, ...)`` still applies); with no history at all, ``15 + 0.5 * n``."""
_RECENT_RUNS: deque[float] = deque(maxlen=8)


class EqOutcome(Verdict):
    """Verdict on one candidate from the equivalence judge."""

    key: str
    batch_size: int = 0
    """How many candidates shared the simulation that produced this verdict (0: not simulated)."""


def _rejected(key: str, category: FailureClass, reason: str, start: float, **kw: object) -> EqOutcome:
    """A failed verdict on candidate ``key``, timed from ``start``; ``kw`` sets further fields."""
    return EqOutcome(
        key=key, passed=False, category=category, reason=reason, seconds=time.monotonic() - start, **kw
    )


@dataclass(frozen=True)
class SimFailure:
    """Why one simulation of a batch failed as a whole (then no candidate of it has a verdict from it)."""

    kind: Literal["elaboration", "timeout", "crash"]
    reason: str
    """One line: what failed, with the tool's first message."""
    log: str = ""
    """Tail of the tool output."""

    @classmethod
    def of(cls, kind: Literal["elaboration", "timeout", "crash"], text: str) -> SimFailure:
        head, _, rest = text.partition("\n")
        return cls(kind, head, rest)


#: The failure class of a candidate whose solo simulation failed this way.
_FAILURE_OF: dict[str, FailureClass] = {
    "timeout": "timeout",
    "elaboration": "elaboration-error",
    "crash": "runtime-error",
}


@dataclass
class EqCandidate:
    """A candidate to judge: a unique key and its source text."""

    key: str
    source: str


@dataclass
class _Ready:
    key: str
    index: int
    path: Path
    isolate: bool


_DEFINE_RE = re.compile(r"^[ \t]*`define[ \t]+([A-Za-z_]\w*)", re.M)


def close_macros(source: str) -> str:
    """``source`` followed by an undef of every macro it defines.

    Files of one simulation share one macro table (resetall does not clear it, and Icarus 11 has
    no undefineall), so a define of one candidate would otherwise reach the next candidate.
    """
    names = sorted(set(_DEFINE_RE.findall(strip_comments(source))))
    return source + "".join(f"\n`undef {n}" for n in names) + "\n" if names else source


def _port_decl(p: Any) -> str:
    return f"[{p.width - 1}:0] " if p.width > 1 else ""


def reserved_name(name: str) -> bool:
    """True for module names the harness uses (a candidate may not define them)."""
    return name.startswith("veriagent") or name == HARNESS_MODULE


def _packed(ports: Sequence[Port]) -> tuple[list[dict[str, Any]], int]:
    """Each port's name, width and offset from the LSB when packed first-port-highest; the total width."""
    layout: list[dict[str, Any]] = []
    off = 0
    for p in reversed(ports):
        layout.insert(0, {"name": p.name, "width": p.width, "offset": off})
        off += p.width
    return layout, off


def make_wrapper(
    ref_iface: Interface,
    ref_module: str,
    cand_modules: Sequence[tuple[str, str]],
    clock: str | None,
    top: str = WRAPPER_TOP,
    suffix: str = "",
) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Verilog of the wrapper ``top``: the reference and each candidate on one packed input bus.

    Args:
        ref_iface: the reference's interface (port names, widths).
        ref_module: the reference's module name in the compiled sources (renamed).
        cand_modules: (key in the harness, module name) per candidate.
        clock: the clock input (driven separately as ``va_clk``), or None.
        top: the wrapper's module name.
        suffix: appended to every instance name (a per-judge random value: designs cannot name them).

    Returns:
        The wrapper text, the input layout and the output layout (name, width, offset from LSB).
    """
    ins = [p for p in ref_iface.ports if p.direction == "input" and p.name != clock]
    outs = [p for p in ref_iface.ports if p.direction != "input"]
    in_layout, in_w = _packed(ins)
    out_layout, out_w = _packed(outs)
    lines = ["`resetall", "`timescale 1ns/1ps", f"module {top};"]
    if clock:
        lines.append("  reg va_clk = 1'b0;")
    if in_w:
        # No initializer: the first driven vector (often all zeros) must be a change, or
        # `always @*` blocks would never run for it.
        lines.append(f"  reg [{in_w - 1}:0] va_in;")
    conns_in = []
    for lay in in_layout:
        hi = lay["offset"] + lay["width"] - 1
        sel = f"va_in[{hi}:{lay['offset']}]" if lay["width"] > 1 else f"va_in[{lay['offset']}]"
        conns_in.append(f".{lay['name']}({sel})")
    if clock:
        conns_in.insert(0, f".{clock}(va_clk)")

    def instance(prefix: str, module: str) -> list[str]:
        block = [f"  wire {_port_decl(p)}va_{prefix}__{p.name};" for p in outs]
        conns = conns_in + [f".{p.name}(va_{prefix}__{p.name})" for p in outs]
        block.append(f"  {module} va_{prefix}__u{suffix} (" + ", ".join(conns) + ");")
        if out_w:
            cat = ", ".join(f"va_{prefix}__{p.name}" for p in outs)
            block.append(f"  wire [{out_w - 1}:0] va_all_{prefix} = {{{cat}}};")
        return block

    lines += instance("ref", ref_module)
    for key, module in cand_modules:
        lines += instance(key, module)
    lines.append("endmodule")
    return "\n".join(lines) + "\n", in_layout, out_layout


def validate_verdict(
    raw: bytes, keys: Sequence[str], outputs: Sequence[str], samples: int | None
) -> dict[str, Any]:
    """The harness's verdict JSON, checked against what the parent sent.

    Args:
        raw: the file's bytes.
        keys: the candidate ids of the run, exactly.
        outputs: the output port names.
        samples: the sample count every simulation of this judge must have (None: first run).

    Returns:
        The parsed verdict.

    Raises:
        ValueError: not JSON, wrong shape, other candidate ids, or a different sample count.
    """
    if len(raw) > 64 * 1024**2:
        raise ValueError("verdict file too large")
    data = json.loads(raw)
    if not isinstance(data, dict) or data.get("complete") is not True:
        raise ValueError("incomplete")
    n = data.get("samples")
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        raise ValueError("no samples")
    if samples is not None and n != samples:
        raise ValueError(f"{n} samples where every run of this problem has {samples}")
    cands = data.get("candidates")
    if not isinstance(cands, dict) or sorted(cands) != sorted(keys):
        raise ValueError("candidate ids differ from the ones sent")
    share = data.get("dont_care_share")
    if (
        not isinstance(share, dict)
        or sorted(share) != sorted(outputs)
        or not isinstance(data.get("vacuous_outputs"), list)
    ):
        raise ValueError("bad output shares")
    for key, d in cands.items():
        mism = d.get("mismatches") if isinstance(d, dict) else None
        if (
            not isinstance(mism, dict)
            or not isinstance(d.get("passed"), bool)
            or not isinstance(d.get("window"), list)
        ):
            raise ValueError(f"bad record for {key}")
        if any(k not in outputs or not isinstance(v, int) or not 0 <= v <= n for k, v in mism.items()):
            raise ValueError(f"bad mismatch counts for {key}")
        if d["passed"] != (not mism):
            raise ValueError(f"inconsistent verdict for {key}")
    return data


def harness_config(
    stimulus: StimulusSpec,
    seed: int,
    in_layout: list[dict[str, Any]],
    out_layout: list[dict[str, Any]],
    keys: list[str],
    *,
    clock: ClockSpec | None,
    reset: ResetSpec | None,
) -> dict[str, Any]:
    """The JSON configuration a harness (``equivalence_tb``, ``behaviour_tb``) reads: stimulus and layout."""
    inputs = []
    for lay in in_layout:
        rng = stimulus.ranges.get(lay["name"])
        inputs.append(
            {
                **lay,
                "one_hot": lay["name"] in stimulus.one_hot,
                "stable": lay["name"] in stimulus.stable,
                "lo": rng[0] if rng else None,
                "hi": rng[1] if rng else None,
                "rare": stimulus.rare.get(lay["name"]) if lay["width"] == 1 else None,
            }
        )
    return {
        "seed": seed,
        "inputs": inputs,
        "in_width": sum(i["width"] for i in in_layout),
        "outputs": out_layout,
        "out_width": sum(o["width"] for o in out_layout),
        "clock": clock.model_dump() if clock else None,
        "reset": reset.model_dump() if reset else None,
        "stimulus": stimulus.model_dump(),
        "candidates": keys,
        "result_file": VERDICT_FILE,
        "vacuous_share": VACUOUS_SHARE,
    }


def solo_timeout(t_ref: float | None, timeout: float) -> float:
    """Seconds a one-candidate simulation may run: ``max(SOLO_FLOOR, SOLO_FACTOR * t_ref)``, capped.

    Args:
        t_ref: wall seconds of the reference-only simulation, or None when unknown (or failed).
        timeout: the configured per-simulation timeout (the cap).

    Returns:
        The timeout to use.
    """
    if t_ref is None:
        return timeout
    return min(timeout, max(SOLO_FLOOR, SOLO_FACTOR * t_ref))


def group_timeout(n: int, t_ref: float | None, timeout: float, recent: Sequence[float] = ()) -> float:
    """Seconds a simulation of ``n`` candidates may run (a failure only costs a bisection step).

    Args:
        n: candidates in the simulation.
        t_ref: wall seconds of the reference-only simulation of this problem, or None.
        timeout: the configured per-simulation timeout (the cap).
        recent: wall seconds of recent successful simulations (any problem) when ``t_ref`` is None.

    Returns:
        The timeout to use.
    """
    if t_ref is not None:
        base = GROUP_FACTOR * t_ref
    elif recent:
        base = GUESS_FACTOR * max(recent)
    else:
        return min(timeout, 15.0 + 0.5 * n)
    return min(timeout, max(GROUP_FLOOR, base + GROUP_PER_CANDIDATE * n))


class EquivalenceJudge:
    """Judges candidates of one problem against its reference (see the module docstring)."""

    def __init__(
        self,
        ref_source: str,
        ref_top: str,
        top: str,
        *,
        clock: ClockSpec | None,
        reset: ResetSpec | None,
        stimulus: StimulusSpec,
        seed: int,
        workdir: Path,
        timeout: float = 120.0,
        batch_size: int = 20,
        waves: bool = False,
        infer_clock: bool = True,
    ) -> None:
        """Read the reference's interface and settle clock and reset.

        Args:
            ref_source: the reference design's text.
            ref_top: its module name.
            top: the module name candidates must define.
            clock: the problem's clock, or None (inferred from the reference when ``infer_clock``).
            reset: the problem's reset, or None (inferred likewise when there is a clock).
            stimulus: how to drive the inputs.
            seed: random seed of the stimulus.
            workdir: scratch directory (created).
            timeout: seconds per single-candidate simulation (a batch gets at most this).
            batch_size: candidates per simulation.
            waves: keep a VCD of each simulation.
            infer_clock: guess clock/reset from the reference's interface when not given.

        Raises:
            BadInput: the reference has no module ``ref_top`` or its clock/reset are not inputs.
        """
        self.ref_source = ref_source
        self.ref_top = ref_top
        self.top = top
        self.stimulus = stimulus
        self.seed = seed
        self.workdir = Path(workdir).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        self.batch_size = max(1, batch_size)
        self.waves = waves
        self.ref_iface = extract_interface(ref_source, top=ref_top, filename="reference.sv")
        if clock is None and infer_clock and self.ref_iface.clock:
            clock = ClockSpec(name=self.ref_iface.clock, edge=self.ref_iface.clock_edge)
            log.info("clock inferred from the reference: %s", self.ref_iface.clock_reason)
        if reset is None and infer_clock and clock is not None and self.ref_iface.reset:
            reset = ResetSpec(
                name=self.ref_iface.reset,
                active_low=self.ref_iface.reset_active_low,
                synchronous=self.ref_iface.reset_synchronous is not False,
            )
            log.info("reset inferred from the reference: %s", self.ref_iface.reset_reason)
        for sig in (clock, reset):
            if sig is None:
                continue
            port = self.ref_iface.port(sig.name)
            if port is None or port.direction != "input" or port.width != 1:
                raise BadInput(f"`{sig.name}` is not a 1-bit input of the reference `{ref_top}`")
        self.clock = clock
        self.reset = reset
        ref_text, self.ref_map = rename_modules(ref_source, "ref_")
        self.ref_path = self.workdir / "reference.sv"
        self.ref_path.write_text(close_macros(ref_text))
        self.ref_module = self.ref_map.get(ref_top, ref_top)
        self._batches = 0
        self.tag = secrets.token_hex(6)
        self.wrapper_top = f"{WRAPPER_TOP}_{self.tag}"
        """The wrapper's module name in this judge's simulations (random: designs cannot name it)."""
        self._samples: int | None = None
        self._ref_ok: bool | None = None
        self._t_ref: float | None = None
        self._calibrated = False
        self.simulations = 0
        """Simulations run so far (calibration included)."""
        self.last_run_seconds = 0.0

    # -- screening ------------------------------------------------------------------------------
    def _prescreen(self, cand: EqCandidate, index: int) -> EqOutcome | tuple[bool, Path]:
        """No-code and the pyslang screen; else (isolate, the candidate's file) for the compile."""
        start = time.monotonic()
        if not looks_like_code(cand.source, anywhere=True):
            return _rejected(cand.key, "no-code", "no Verilog module in the candidate", start)
        scr = screen_source(cand.source, reserved_name)
        if scr.illegal:
            return _rejected(cand.key, "illegal-construct", scr.illegal[:300], start)
        cdir = self.workdir / f"cand{index}"
        cdir.mkdir(parents=True, exist_ok=True)
        orig = cdir / "candidate.sv"
        orig.write_text(cand.source)
        return scr.isolate, orig

    def _compile_alone(self, files: Sequence[Path]) -> list[sandbox.ProcResult]:
        """Each candidate file compiled on its own, all in one sandbox start."""
        build = self.workdir / f"alone{self._batches}-{secrets.token_hex(3)}"
        argvs = [cocotb_run.icarus_argv([f], [], build, out_name=f"{f.parent.name}.vvp") for f in files]
        jail = sandbox.Jail(build, readable=tuple(f.resolve() for f in files))
        return sandbox.run_each(
            argvs, cwd=build, timeout=min(self.timeout, 60), env=sandbox.tool_env(), jail=jail
        )

    def screen(self, cand: EqCandidate, index: int) -> EqOutcome | _Ready:
        """No-code, screen, compile and interface checks of one candidate alone."""
        pre = self._prescreen(cand, index)
        if isinstance(pre, EqOutcome):
            return pre
        return self._screened(cand, index, pre[0], pre[1], self._compile_alone([pre[1]])[0], time.monotonic())

    def _screened(
        self, cand: EqCandidate, index: int, isolate: bool, orig: Path, comp: sandbox.ProcResult, start: float
    ) -> EqOutcome | _Ready:
        """The rest of :meth:`screen` once the candidate was compiled alone (``comp``)."""
        if not comp.ok:
            from veriagent.hdl.diagnostics import compile_failure

            reason, diag_cat = compile_failure(comp.output)
            cat: FailureClass = "timeout" if comp.timed_out else cocotb_run.compile_category(comp.output)
            return _rejected(
                cand.key, cat, reason, start, diagnostic_category=diag_cat, log=cocotb_run._tail(comp.output)
            )
        try:
            ifaces = extract_interfaces(cand.source, filename="candidate.sv")
        except Exception as exc:  # pyslang failing on garbage is the candidate's fault
            ifaces = []
            log.debug("pyslang failed on %s: %s", cand.key, exc)
        mine = next((i for i in ifaces if i.module == self.top), None)
        if mine is None:
            found = ", ".join(i.module for i in ifaces) or "none"
            return _rejected(cand.key, "port-mismatch", f"no module `{self.top}` (found: {found})", start)
        want = self.ref_iface.model_copy(update={"module": self.top})
        diffs = [d for d in mine.diff(want) if "signed" not in d]
        if diffs:
            return _rejected(cand.key, "port-mismatch", "; ".join(diffs), start)
        text, _ = rename_modules(cand.source, f"c{index}_")
        escaped = [m for m in defined_modules(text) if not m.startswith(f"c{index}_")]
        if escaped:
            why = f"module name `{escaped[0]}` is built so that it escapes renaming (e.g. by a macro)"
            return _rejected(cand.key, "illegal-construct", why, start)
        path = orig.parent / "renamed.sv"
        path.write_text("`resetall\n" + close_macros(text))
        return _Ready(cand.key, index, path, isolate)

    # -- simulation -----------------------------------------------------------------------------
    def _wrapper(
        self, cands: Sequence[tuple[str, str]]
    ) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        return make_wrapper(
            self.ref_iface,
            self.ref_module,
            cands,
            self.clock.name if self.clock else None,
            top=self.wrapper_top,
            suffix="_" + self.tag,
        )

    def _config(
        self, in_layout: list[dict[str, Any]], out_layout: list[dict[str, Any]], keys: list[str]
    ) -> dict[str, Any]:
        return harness_config(
            self.stimulus, self.seed, in_layout, out_layout, keys, clock=self.clock, reset=self.reset
        )

    def simulate(
        self, batch: Sequence[_Ready], timeout: float | Callable[[], float]
    ) -> dict[str, EqOutcome] | SimFailure:
        """One simulation of ``batch``; per-key outcomes, or why the run as a whole failed.

        ``timeout`` may be a callable, evaluated only once the wrapper has compiled.
        """
        self._batches += 1
        bdir = self.workdir / f"batch{self._batches}"
        bdir.mkdir(parents=True, exist_ok=True)
        start = time.monotonic()
        hkeys = [f"c{r.index}" for r in batch]
        wrapper, in_layout, out_layout = self._wrapper(
            [(f"c{r.index}", f"c{r.index}_{self.top}") for r in batch]
        )
        (bdir / "wrapper.sv").write_text(wrapper)
        run_dir = bdir / "sim"
        vdir = cocotb_run.verdict_dir(run_dir)
        vdir.mkdir(parents=True, exist_ok=True)
        (vdir / "config.json").write_text(json.dumps(self._config(in_layout, out_layout, hkeys), indent=1))
        result_path = vdir / VERDICT_FILE
        result_path.unlink(missing_ok=True)
        srcs = [bdir / "wrapper.sv", self.ref_path, *[r.path for r in batch]]
        tops = [self.wrapper_top]
        vcd: Path | None = None
        if self.waves:
            vcd = run_dir / "waves.vcd"
            srcs.append(cocotb_run._write_dump_module(bdir, self.wrapper_top, vcd))
            tops.append("veriagent_dump")
        comp = cocotb_run.compile_icarus(srcs, tops, run_dir, timeout=min(self.timeout, 60))
        if not comp.ok:
            first = next((ln for ln in comp.output.splitlines() if ln.strip()), "?")
            return SimFailure("elaboration", "elaboration failed: " + first, cocotb_run._tail(comp.output))
        run_timeout = timeout() if callable(timeout) else timeout
        self.simulations += 1
        run_start = time.monotonic()
        sim = cocotb_run.run_vvp(
            run_dir / "sim.vvp",
            self.wrapper_top,
            HARNESS_MODULE,
            testbenches_dir(),
            build_dir=run_dir,
            timeout=run_timeout,
            vcd=vcd,
            start=start,
            extra_env={"VERIAGENT_EQ_CONFIG": f"{sandbox.VERDICT_DIR}/config.json"},
        )
        self.last_run_seconds = time.monotonic() - run_start
        if not sim.passed or not result_path.exists():
            kind: Literal["timeout", "crash"] = "timeout" if sim.timed_out else "crash"
            return SimFailure.of(kind, f"{kind}: {sim.error or 'no result file'}\n{sim.log}")
        try:
            data = validate_verdict(
                result_path.read_bytes(), hkeys, [o["name"] for o in out_layout], self._samples
            )
        except ValueError as exc:
            return SimFailure.of("crash", f"crash: harness result rejected: {exc}")
        self._samples = data["samples"]
        _RECENT_RUNS.append(self.last_run_seconds)
        secs = (time.monotonic() - start) / max(1, len(batch))
        vacuous = data["vacuous_outputs"]
        out: dict[str, EqOutcome] = {}
        for r, hk in zip(batch, hkeys, strict=True):
            d = data["candidates"][hk]
            o = EqOutcome(
                key=r.key,
                passed=bool(d["passed"]),
                mismatches=d["mismatches"],
                samples=int(data["samples"]),
                first_mismatch_time=d["first_mismatch_time"],
                window=[MismatchRow(**row) for row in d["window"]],
                dont_care_share=data["dont_care_share"],
                seconds=secs,
                vcd=sim.vcd,
                batch_size=len(batch),
            )
            if vacuous:
                o.passed = False
                o.category = "vacuous"
                shares = ", ".join(f"{k} {data['dont_care_share'][k]:.0%}" for k in vacuous)
                o.reason = f"the reference output is X/Z on most samples ({shares}): cannot judge"
            elif not o.passed:
                o.category = "functional-mismatch"
                total = ", ".join(f"{k} on {v}" for k, v in o.mismatches.items())
                o.reason = (
                    f"outputs differ from the reference: {total} of {o.samples} samples; "
                    f"first at {o.first_mismatch_time}"
                )
            else:
                o.reason = f"matches the reference on {o.samples} samples"
            out[r.key] = o
        return out

    def judge(self, candidates: Sequence[EqCandidate]) -> list[EqOutcome]:
        """Screen, batch and simulate ``candidates``; one outcome each, same order.

        Args:
            candidates: the designs to judge (keys must be unique).

        Returns:
            One :class:`EqOutcome` per candidate.
        """
        results: dict[str, EqOutcome] = {}
        ready: list[_Ready] = []
        pre: dict[int, tuple[bool, Path]] = {}
        for i, cand in enumerate(candidates):
            p = self._prescreen(cand, i)
            if isinstance(p, EqOutcome):
                results[cand.key] = p
            else:
                pre[i] = p
        comps = self._compile_alone([f for _, f in pre.values()]) if pre else []
        for (i, (isolate, orig)), comp in zip(pre.items(), comps, strict=True):
            s = self._screened(candidates[i], i, isolate, orig, comp, time.monotonic() - comp.seconds)
            if isinstance(s, EqOutcome):
                results[candidates[i].key] = s
            else:
                ready.append(s)
        shared = [r for r in ready if not r.isolate]
        batches = [shared[i : i + self.batch_size] for i in range(0, len(shared), self.batch_size)]
        batches += [[r] for r in ready if r.isolate]
        for batch in batches:
            self._group(batch, results)
        return [results[c.key] for c in candidates]

    def _group(self, batch: Sequence[_Ready], results: dict[str, EqOutcome]) -> None:
        """Simulate ``batch``; if the run fails as a whole, bisect it down to solo runs."""
        if len(batch) == 1:
            results[batch[0].key] = self._single(batch[0])
            return
        n = len(batch)
        got = self.simulate(batch, lambda: group_timeout(n, self._t_ref, self.timeout, tuple(_RECENT_RUNS)))
        if isinstance(got, dict):
            results.update(got)
            return
        log.info("simulation of %d failed (%s); bisecting", n, got.reason)
        if got.kind != "elaboration":
            self.calibrate()
        half = (n + 1) // 2
        self._group(batch[:half], results)
        self._group(batch[half:], results)

    def calibrate(self) -> float | None:
        """Wall seconds of a reference-only simulation (cached; None if it failed).

        It sets the adaptive timeouts of halves and solo runs, and depends on the problem only, never
        on the candidates.
        """
        if not self._calibrated:
            self._calibrated = True
            got = self.simulate([], min(self.timeout, 60.0))
            self._t_ref = self.last_run_seconds if isinstance(got, dict) else None
            log.info(
                "reference-only simulation: %s",
                f"{self._t_ref:.2f} s" if self._t_ref is not None else "failed; using the configured timeout",
            )
        return self._t_ref

    def reference_elaborates(self) -> bool:
        """Whether the wrapper with the reference alone compiles (cached)."""
        if self._ref_ok is None:
            wrapper, _, _ = self._wrapper([])
            rdir = self.workdir / "refonly"
            rdir.mkdir(parents=True, exist_ok=True)
            (rdir / "wrapper.sv").write_text(wrapper)
            comp = cocotb_run.compile_icarus(
                [rdir / "wrapper.sv", self.ref_path],
                [self.wrapper_top],
                rdir / "build",
                timeout=min(self.timeout, 60),
            )
            self._ref_ok = comp.ok
        return self._ref_ok

    def _single(self, r: _Ready) -> EqOutcome:
        t_ref = self.calibrate()
        start = time.monotonic()
        got = self.simulate([r], solo_timeout(t_ref, self.timeout))
        if isinstance(got, dict):
            return got[r.key]
        if got.kind == "elaboration" and not self.reference_elaborates():
            why = "the reference does not elaborate in the harness: " + got.reason[:250]
            return _rejected(r.key, "harness-error", why, start, log=got.log[-4000:], batch_size=1)
        cat = _FAILURE_OF[got.kind]
        return _rejected(r.key, cat, got.reason[:300], start, log=got.log[-4000:], batch_size=1)
