"""Score one candidate: mechanical repairs, compile + lint, interface match, then the tests.

Each candidate gets its own scratch directory under ``run_dir/work``; every step is traced.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from veriagent.agent.feedback import has_unknown_outputs
from veriagent.agent.repair import comb_to_always_comb, fix_test_api, mechanical_fixes
from veriagent.agent.trace import TraceWriter
from veriagent.config import SimConfig
from veriagent.errors import BadInput
from veriagent.hdl import tools as hdl_tools
from veriagent.hdl.check import CheckResult, check_source
from veriagent.hdl.diagnostics import Diagnostic
from veriagent.hdl.interface import Interface, extract_interface
from veriagent.hdl.text import module_names
from veriagent.sim.cocotb_run import SimResult, run_cocotb

log = logging.getLogger(__name__)
TEST_MODULE = "test_design"


@dataclass
class Scored:
    """A candidate and what the tools said about it."""

    iteration: int
    rtl: str
    check: CheckResult
    iface_diffs: list[str]
    sim: SimResult | None
    tests_expected: bool
    cdir: Path = Path(".")
    """The candidate's scratch directory (its design.v and simulator build)."""

    @property
    def errors(self) -> int:
        return len(self.check.errors) + len(self.iface_diffs)

    @property
    def clean(self) -> bool:
        """Compiles, lints without errors, and has the required interface."""
        return self.errors == 0

    @property
    def tests_passed(self) -> int:
        return sum(t.passed for t in self.sim.tests) if self.sim else 0

    @property
    def tests_total(self) -> int:
        return len(self.sim.tests) if self.sim else 0

    @property
    def verified(self) -> bool:
        if not self.clean:
            return False
        return not self.tests_expected or (self.sim is not None and self.sim.passed and self.tests_total > 0)

    @property
    def key(self) -> tuple[bool, int, int, int]:
        """Ranking: verified first, then fewest errors, most tests passed, fewest warnings."""
        return (self.verified, -self.errors, self.tests_passed, -len(self.check.warnings))

    def problem(self) -> str:
        """One line saying what is still wrong."""
        if self.check.errors:
            d = self.check.errors[0]
            return (
                f"{len(self.check.errors)} compile/lint error(s); first: design.v:{d.line or 1}: {d.message}"
            )
        if self.iface_diffs:
            return "interface differs from the spec: " + "; ".join(self.iface_diffs[:3])
        if self.sim is not None and not self.sim.passed:
            bad = next((t for t in self.sim.tests if not t.passed), None)
            first = f"; {bad.name}: {bad.message.splitlines()[0] if bad.message else 'failed'}" if bad else ""
            why = self.sim.error.splitlines()[0] if self.sim.error and not bad else ""
            return f"fails {self.tests_total - self.tests_passed} of {self.tests_total} tests{first}{why}"
        if self.tests_expected and self.sim is None:
            return "tests could not be run"
        return "verified"

    def summary(self) -> dict[str, Any]:
        """Counts for the run's history."""
        return {
            "errors": len(self.check.errors),
            "warnings": len(self.check.warnings),
            "interface_diffs": self.iface_diffs,
            "tests_passed": self.tests_passed,
            "tests_total": self.tests_total,
            "verified": self.verified,
        }

    def gcc(self, path: str) -> list[str]:
        """Findings in gcc format, pointing at ``path``."""
        return [
            d.model_copy(update={"file": path}).gcc_format()
            for d in self.check.diagnostics
            if d.severity != "info"
        ]


class Evaluator:
    """Checks and tests candidates for one run; owns the test file and the scratch directories."""

    def __init__(
        self,
        run_dir: Path,
        trace: TraceWriter,
        sim: SimConfig,
        required: Interface,
        *,
        tests_source: Literal["agent", "user", "none"],
        user_tests: Path | None,
        on_repair: Callable[[str, int], None],
    ) -> None:
        """Args:
        run_dir: the run's directory (candidates go to ``work/``).
        trace: where every step is written.
        sim: simulation and compile timeouts.
        required: the interface every candidate must have.
        tests_source: whose tests a clean candidate runs (``agent``: set with :meth:`set_tests`).
        user_tests: the user's cocotb tests (``tests_source="user"``).
        on_repair: called with (description, iteration) for each mechanical repair applied.
        """
        self.work = run_dir / "work"
        self.trace, self.sim, self.required = trace, sim, required
        self.user_tests = user_tests
        self.tests_source = tests_source
        self._on_repair = on_repair
        self.tests: str | None = None
        self.tests_version = 0
        self.examples_test: str | None = None
        """With the user's tests: a test module of the spec's own examples, run beside them."""
        self._count = 0

    @property
    def top(self) -> str:
        return self.required.module

    def drop_tests(self) -> None:
        """No tests will run (the model wrote none): candidates are checked, not tested."""
        self.tests_source = "none"

    def set_tests(self, code: str, description: str) -> None:
        """Adopt a new agent-written test file (after cocotb 1.x idioms are rewritten to 2.x)."""
        code, fixes = fix_test_api(code)
        for f in fixes:
            self._on_repair(f, 0)
        self.tests_version += 1
        self.tests = code
        self.trace.event(
            "testfile", version=self.tests_version, source="agent", description=description, code=code
        )

    def _check(self, rtl: str) -> CheckResult:
        mods = module_names(rtl)
        top = self.top if self.top in mods else None
        try:
            res = check_source(rtl, top, filename="design.v", timeout=self.sim.compile_timeout)
            # valid code Icarus cannot take is simulated with Verilator; without it, it blocks like an error
            return res if hdl_tools.locate("verilator") is not None else res.simulator_limits_as_errors()
        except BadInput as exc:
            diag = Diagnostic(
                file="design.v", severity="error", category="syntax", tool="veriagent", message=exc.message
            )
            return CheckResult(files=["design.v"], top=top, diagnostics=[diag], tools={}, seconds=0.0)

    def _diffs(self, rtl: str) -> list[str]:
        try:
            return extract_interface(rtl, self.top, filename="design.v").diff(self.required)
        except BadInput:
            return [f"no module named `{self.top}`"]
        except Exception as exc:  # pyslang could not read the header: the check reports why
            log.debug("interface not readable: %s", exc)
            return []

    def evaluate(self, rtl: str, iteration: int, *, _retry: bool = False) -> Scored:
        """Repair mechanically, check, compare the interface, and run the tests when it is clean."""
        return self.test(self.prepare(rtl, iteration), _retry=_retry)

    def prepare(self, rtl: str, iteration: int) -> Scored:
        """Repair mechanically, check and compare the interface (no tests yet: see :meth:`test`)."""
        check = self._check(rtl)
        for _ in range(2):
            fixed, notes = mechanical_fixes(rtl, check.errors + check.warnings)
            if not notes:
                break
            for n in notes:
                self._on_repair(n, iteration)
            rtl, check = fixed, self._check(fixed)
        diffs = self._diffs(rtl)
        self._count += 1
        cdir = self.work / f"c{self._count:02d}"
        cdir.mkdir(parents=True, exist_ok=True)
        (cdir / "design.v").write_text(rtl, encoding="utf-8")
        self.trace.event("candidate", iteration=iteration, rtl=rtl)
        self.trace.event(
            "check",
            iteration=iteration,
            ok=check.ok and not diffs,
            diagnostics=[d.model_dump() for d in check.diagnostics],
            interface_diffs=diffs,
            tools=check.tools,
            seconds=check.seconds,
        )
        return Scored(iteration, rtl, check, diffs, None, self.tests_source != "none", cdir)

    def test(self, scored: Scored, *, _retry: bool = False) -> Scored:
        """Run the tests on a prepared candidate when it is clean (an X output tries ``always_comb``)."""
        if scored.clean and scored.tests_expected:
            simulator = "verilator" if scored.check.simulator_limits else "auto"
            scored.sim = self._run_tests(scored.cdir, scored.iteration, simulator)
            if scored.sim is not None and has_unknown_outputs(scored.sim) and not _retry:
                scored = self._try_always_comb(scored, scored.iteration)
        return scored

    def _try_always_comb(self, scored: Scored, iteration: int) -> Scored:
        """X outputs with ``always @(*)`` blocks: try ``always_comb`` (runs at time 0); keep it if better."""
        fixed = comb_to_always_comb(scored.rtl)
        if fixed is None:
            return scored
        other = self.evaluate(fixed, iteration, _retry=True)
        if other.key > scored.key:
            note = "an output was X in simulation: `always @(*)` -> `always_comb` (also runs at time 0)"
            self._on_repair(note, iteration)
            return other
        return scored

    def _run_tests(self, cdir: Path, iteration: int, simulator: str = "auto") -> SimResult | None:
        if self.tests_source == "user" and self.user_tests is not None:
            test_dir = self.user_tests.resolve()
            if self.examples_test is not None:  # the user's tests plus the spec's examples, in a copy
                copy = self.work / "tests_user"
                if not copy.is_dir():
                    shutil.copytree(test_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "sim_build"))
                    (copy / "test_spec_examples.py").write_text(self.examples_test, encoding="utf-8")
                test_dir = copy
            module = ",".join(sorted(p.stem for p in test_dir.glob("test_*.py")))
        elif self.tests is not None:
            test_dir = self.work / f"tests_v{self.tests_version}"
            test_dir.mkdir(parents=True, exist_ok=True)
            (test_dir / f"{TEST_MODULE}.py").write_text(self.tests, encoding="utf-8")
            module = TEST_MODULE
        else:
            return None
        sim = run_cocotb(
            [cdir / "design.v"],
            self.top,
            module,
            test_dir,
            build_dir=cdir / "build",
            timeout=self.sim.timeout,
            simulator=simulator,
        )
        self.trace.event(
            "tests",
            iteration=iteration,
            passed=sim.passed,
            source=self.tests_source,
            simulator=sim.simulator,
            tests_version=self.tests_version,
            tests=[t.model_dump() for t in sim.tests],
            compiled=sim.compiled,
            timed_out=sim.timed_out,
            error=sim.error,
            seconds=sim.seconds,
        )
        return sim

    def cleanup(self) -> None:
        """Remove simulator build directories (the candidates themselves stay in work/)."""
        for build in self.work.glob("c*/build"):
            shutil.rmtree(build, ignore_errors=True)
