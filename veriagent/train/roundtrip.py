"""Round-trip descriptions (MG-Verilog style): a reference described at two granularities, kept when the
description alone rebuilds it.

The interface is not the model's to state: it is read from the reference itself (pyslang, the
judge's own reading) and rendered under the description in one fixed notation, the module header
in a fenced block (:func:`with_interface`), which the spec extractor reads back exactly (notation
``header``). The model is shown that header and asked for the behaviour only: a one-paragraph
``summary`` (``prompts/describe_summary.j2``) and a ``detailed`` output-by-output description
(``prompts/describe_detailed.j2``). A description that carries code, says too little, or itself
contradicts the interface (names a port the reference lacks, or states another direction or width
for one: ``description-contradicts-interface``) is dropped. Each remaining description, with the
header, is given alone to the agent's single-shot path (the designer's view: the description and
the module name; one draft, checked, with the same model), and the design it writes is judged
against the reference by the bench's equivalence judge, in one simulation with the reference
itself. So a drop measures the behaviour the description states, not the model's port notation.
A description is kept only when its design passes: it becomes description + header -> reference
(detail ``roundtrip:<granularity>``), in the agent's draft prompt.

Each rebuild's run directory (trace, design) is kept under ``runs_dir/<problem>/<granularity>`` when
one is given, so every dropped description can be read with the design it led to.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from veriagent.agent.spec import spec_conflicts
from veriagent.bench.models import Candidate, Problem
from veriagent.errors import BadInput
from veriagent.hdl.interface import Interface, extract_interface
from veriagent.llm.base import ChatBackend, GenParams, LLMError, Message, Reply
from veriagent.train.data import Sample, prompt_template, spec_messages, strip_code_blocks
from veriagent.train.repair_data import MODEL_ERROR, reference_source

log = logging.getLogger(__name__)

GRANULARITIES = {"summary": "describe_summary.j2", "detailed": "describe_detailed.j2"}
"""Granularity -> prompt template."""
MAX_TOKENS = {"summary": 500, "detailed": 1000}
MIN_CHARS = 40
SPEC_FORMAT = "2"
"""How a kept description is composed (in the cache key): 2 = the model's text + the reference's header."""
INTERFACE_INTRO = "Interface (fixed: use exactly this module header):"
_CODE = re.compile(r"\bendmodule\b|\bmodule\s+\w+\s*[#(]|\bassign\s+\w+(\s*\[[^\]]*\])?\s*=|\balways\s*@")


class _Counting:
    """A backend that counts the calls that failed (a model error is not a property of the data)."""

    def __init__(self, inner: ChatBackend) -> None:
        self.inner, self.name, self.errors = inner, inner.name, 0

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        try:
            return self.inner.chat(messages, params)
        except LLMError:
            self.errors += 1
            raise


def description(reply: str) -> tuple[str | None, str]:
    """(the description in ``reply``, or None with the reason: ``description-has-code`` or
    ``description-empty``)."""
    text = strip_code_blocks(reply)
    if _CODE.search(text):
        return None, "description-has-code"
    if len(text) < MIN_CHARS:
        return None, "description-empty"
    return text, ""


def reference_interface(problem: Problem, ref: str) -> Interface | None:
    """The interface of ``ref``'s top module as the judge reads it (``source`` ``reference``), or None."""
    try:
        iface = extract_interface(ref, problem.top, filename="reference.sv")
    except BadInput as exc:
        log.info("%s: no interface in the reference: %s", problem.id, exc)
        return None
    return iface.model_copy(update={"source": "reference"}) if iface.ports else None


def with_interface(text: str, iface: Interface) -> str:
    """``text`` followed by ``iface`` as a fenced module header, the notation the spec extractor reads
    back exactly (``interface_from_spec`` -> source ``header``: same ports, widths and parameters)."""
    return f"{text.strip()}\n\n{INTERFACE_INTRO}\n\n```verilog\n{iface.header()}\n```\n"


class RoundTrip:
    """The ``roundtrip`` maker: describe, rebuild from the description alone, judge; per problem."""

    def __init__(
        self,
        model: str | None = None,
        *,
        backend: ChatBackend | None = None,
        runs_dir: Path | None = None,
        timeout: float = 120.0,
    ) -> None:
        """One maker for one model.

        Args:
            model: a model spec (``get_backend``), loaded on first use (a fully cached build loads none).
            backend: a backend to use instead (tests).
            runs_dir: where to keep each rebuild's run directory (None: a temporary directory).
            timeout: seconds per simulation (judge and checks).

        Raises:
            BadInput: neither a model nor a backend.
        """
        if backend is None and not model:
            raise BadInput("--derive roundtrip needs a model to describe and rebuild: add --spec-model SPEC")
        self._model = model
        self._backend = backend
        self.name = backend.name if backend is not None else str(model)
        self.runs_dir = runs_dir
        self.timeout = timeout
        self._counting: _Counting | None = None

    def backend(self) -> _Counting:
        """The backend, loaded on first use; every failed call is counted (``errors``).

        Raises:
            ModelNotFound / BackendUnavailable: the model cannot be loaded (the build stops: a model
                that is not there must not turn into dropped descriptions).
        """
        if self._backend is None:
            from veriagent.llm.registry import get_backend

            self._backend = get_backend(str(self._model))
        if self._counting is None:
            self._counting = _Counting(self._backend)
        return self._counting

    def cache_salt(self) -> str:
        """What besides the problem decides the result: the model and the prompt templates."""
        files = [Path(prompt_template(t).filename or "") for t in GRANULARITIES.values()]
        return self.name + SPEC_FORMAT + "".join(f.read_text(encoding="utf-8") for f in files)

    def describe(
        self, problem: Problem, granularity: str, ref: str, iface: Interface
    ) -> tuple[str | None, str]:
        """The model's description of ``ref``'s behaviour at ``granularity`` (its interface ``iface`` is
        shown, not asked for), or None and the reason."""
        prompt = prompt_template(GRANULARITIES[granularity]).render(
            module=problem.top, source=ref.strip(), header=iface.header()
        )
        backend = self.backend()
        try:
            reply = backend.chat(
                [Message("user", prompt)], GenParams(temperature=0.0, max_tokens=MAX_TOKENS[granularity])
            )
        except LLMError as exc:
            log.info("describing %s (%s) failed: %s", problem.id, granularity, exc)
            return None, MODEL_ERROR
        text, why = description(reply.text)
        if text is None:
            return None, why
        conflicts = spec_conflicts(text, iface)
        if conflicts:
            log.info(
                "%s (%s): the description contradicts the interface: %s",
                problem.id,
                granularity,
                "; ".join(conflicts),
            )
            return None, "description-contradicts-interface"
        return with_interface(text, iface), ""

    def rebuild(self, problem: Problem, text: str, run_dir: Path) -> tuple[str | None, str]:
        """The design the agent's single-shot path writes from ``text`` alone, or None and the reason."""
        from veriagent.agent.loop import run_agent
        from veriagent.agent.view import DesignerView
        from veriagent.config import AgentConfig, SimConfig

        view = DesignerView(id=problem.id, spec=text, top=problem.top)
        backend = self.backend()
        errors = backend.errors
        result = run_agent(
            view,
            backend,
            AgentConfig(samples=1, models=1, self_test=False),
            run_dir,
            single_shot=True,
            sim=SimConfig(timeout=self.timeout),
        )
        if not result.rtl:
            return None, MODEL_ERROR if backend.errors > errors else f"rebuild-{result.status}"
        return result.rtl, ""

    def __call__(self, problem: Problem) -> tuple[list[Sample], dict[str, int]]:
        """Kept descriptions of ``problem``'s reference as samples, and drop counts by reason.

        Reasons: ``no-interface`` (the reference has no module ``top`` with ports: both granularities),
        ``model-error`` (a call to the model failed: not cached, a rebuild retries it),
        ``description-has-code``, ``description-empty``, ``description-contradicts-interface`` (the
        model's text names a port the reference lacks, or another direction or width for one),
        ``rebuild-<status>`` (the agent wrote no design), ``rebuild-<judge category>``
        (``rebuild-functional-mismatch``, ``rebuild-compile-error`` ...), ``reference-fails``.
        """
        from veriagent.bench.judge import judge_candidates

        drops: dict[str, int] = {}

        def drop(reason: str, n: int = 1) -> None:
            drops[reason] = drops.get(reason, 0) + n

        ref = reference_source(problem)
        iface = reference_interface(problem, ref)
        if iface is None:
            return [], {"no-interface": len(GRANULARITIES)}
        texts: dict[str, str] = {}
        for g in GRANULARITIES:
            text, why = self.describe(problem, g, ref, iface)
            if text is None:
                drop(why)
            else:
                texts[g] = text
        designs: dict[str, str] = {}
        with tempfile.TemporaryDirectory(prefix="veriagent-roundtrip-") as tmp:
            base = (self.runs_dir or Path(tmp)) / re.sub(r"[^A-Za-z0-9_.-]+", "-", problem.id)
            for g, text in texts.items():
                rtl, why = self.rebuild(problem, text, base / g)
                if rtl is None:
                    drop(why)
                else:
                    designs[g] = rtl
        if not designs:
            return [], drops
        cands = [Candidate(problem=problem.id, sample=0, source=ref)]
        cands += [
            Candidate(problem=problem.id, sample=k + 1, source=rtl, origin=f"roundtrip:{g}")
            for k, (g, rtl) in enumerate(designs.items())
        ]
        verdicts = judge_candidates(problem, cands, judge="equivalence", timeout=self.timeout)
        if not verdicts[0].passed:
            drop("reference-fails", len(designs))
            return [], drops
        out: list[Sample] = []
        for g, v in zip(designs, verdicts[1:], strict=True):
            if not v.passed:
                drop(f"rebuild-{v.category}")
                continue
            out.append(
                Sample(
                    messages=spec_messages(texts[g], ref, top=problem.top),
                    problem=problem.id,
                    source="",
                    category=problem.category,
                    detail=f"roundtrip:{g}",
                ).set_spec(texts[g])
            )
        return out, drops
