"""The bounded generate loop: spec -> interface -> draft -> check -> repair -> self-test -> ... -> result.

The loop sees only the designer's half of a problem (spec, required interface, the user's tests).
Every step goes to ``run_dir/trace.jsonl``; the best candidate so far (fewest errors, then most
tests passed) is kept and written out whatever the outcome. Limits: iterations, tokens, wall time
and consecutive malformed replies (:class:`veriagent.config.AgentConfig`).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from veriagent.agent import prompts
from veriagent.agent.evaluate import Evaluator, Scored
from veriagent.agent.examples import Example, extract_examples
from veriagent.agent.exceptions import FormatError, LimitsExceeded
from veriagent.agent.extract import extract_model, extract_verilog, verdict_of
from veriagent.agent.feedback import check_feedback, has_unknown_outputs, is_test_bug, sim_feedback
from veriagent.agent.repair import close_truncated, rename_module
from veriagent.agent.result import AgentResult, LoopState
from veriagent.agent.rundir import write_rerun_files
from veriagent.agent.select import Draft, Selection, vote
from veriagent.agent.spec import (
    check_interface,
    check_spec_text,
    interface_from_reply,
    interface_from_spec,
    spec_conflicts,
)
from veriagent.agent.trace import TRACE_FILE, TraceWriter
from veriagent.agent.view import DesignerView
from veriagent.config import AgentConfig, SimConfig
from veriagent.errors import BadInput, VeriagentError
from veriagent.hdl.interface import Interface
from veriagent.llm.base import ChatBackend, GenParams, Message, chat_many

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_TEST_REWRITES = 2
"""The agent's own tests may be corrected at most this often (they must not bend to the design)."""


class Agent:
    """One generate run (use :func:`run_agent`)."""

    def __init__(
        self,
        view: DesignerView,
        backend: ChatBackend,
        cfg: AgentConfig,
        run_dir: Path,
        *,
        user_tests: Path | None,
        single_shot: bool,
        sim: SimConfig,
        seed: int | None,
        initial_rtl: str | None = None,
    ) -> None:
        self.view, self.backend, self.cfg, self.run_dir = view, backend, cfg, run_dir
        self.initial_rtl = initial_rtl  # `veriagent repair`: start from this design instead of drafts
        self.single_shot, self.seed = single_shot, seed
        self.user_tests = user_tests or view.user_tests_dir
        self.trace = TraceWriter(run_dir / TRACE_FILE, fresh=True)
        self.state = LoopState()
        self.system = prompts.render("system")
        self.sim = sim
        self.tests_source: Literal["agent", "user", "none"] = (
            "user" if self.user_tests else ("agent" if cfg.self_test and not single_shot else "none")
        )
        self._ev: Evaluator | None = None  # built once the required interface is known

    @property
    def ev(self) -> Evaluator:
        if self._ev is None:
            raise BadInput("no interface yet")
        return self._ev

    # --- talking to the model ------------------------------------------------------------------
    def _chat(self, purpose: str, messages: list[Message], temperature: float | None = None) -> str:
        return self._chat_many(purpose, [(messages, temperature)])[0]

    def _chat_many(self, purpose: str, convs: list[tuple[list[Message], float | None]]) -> list[str]:
        """Replies to ``convs`` (messages, temperature), in one batch where the backend allows."""
        st, cfg = self.state, self.cfg
        if time.monotonic() - st.start > cfg.timeout:
            raise LimitsExceeded(f"wall-time budget of {cfg.timeout:.0f} s used up")
        used = st.prompt_tokens + st.completion_tokens
        if used >= cfg.max_tokens:
            raise LimitsExceeded(f"token budget of {cfg.max_tokens} used up ({used} tokens)")
        requests = []
        for messages, temperature in convs:
            st.calls += 1  # a distinct seed per call, so sampled calls (samples, re-asks) differ
            requests.append(
                (
                    messages,
                    GenParams(
                        temperature=cfg.temperature if temperature is None else temperature,
                        max_tokens=max(64, min(cfg.max_reply_tokens, cfg.max_tokens - used)),
                        seed=None if self.seed is None else self.seed * 1000 + st.calls,
                        repeat_penalty=cfg.repeat_penalty,
                    ),
                )
            )
        replies = chat_many(self.backend, requests)
        for (messages, params), reply in zip(requests, replies, strict=True):
            st.prompt_tokens += reply.usage.prompt_tokens
            st.completion_tokens += reply.usage.completion_tokens
            st.llm_seconds += reply.latency
            self.trace.event(
                "llm",
                purpose=purpose,
                messages=[m.to_dict() for m in messages],
                reply=reply.text,
                prompt_tokens=reply.usage.prompt_tokens,
                completion_tokens=reply.usage.completion_tokens,
                latency=round(reply.latency, 3),
                finish_reason=reply.finish_reason,
                model=reply.model,
                temperature=params.temperature,
                repeat_penalty=params.repeat_penalty,
                batch=len(requests),
            )
        return [r.text for r in replies]

    def _ask(
        self,
        purpose: str,
        prompt: str,
        parse: Callable[[str], T],
        kind: str = "design",
        temperature: float | None = None,
    ) -> T:
        """Ask until the reply parses; consecutive unusable replies count towards ``max_malformed``."""
        return self._ask_many(purpose, [(prompt, temperature)], parse, kind)[0]

    def _ask_many(
        self,
        purpose: str,
        asks: list[tuple[str, float | None]],
        parse: Callable[[str], T],
        kind: str = "design",
        *,
        keep_going: bool = False,
    ) -> list[T]:
        """Ask several questions (prompt, temperature) at once; each is re-asked until its reply parses.

        With ``keep_going`` a question whose re-asks run out (``max_malformed``) is dropped and the
        others are returned; only when none parses is the last :class:`LimitsExceeded` raised.
        """
        convs: list[tuple[list[Message], float | None]] = []
        for prompt, temperature in asks:
            if prompt in self.state.sent and temperature is None:
                # the same question again would get the same answer at temperature 0: sample instead
                temperature = max(self.cfg.temperature, 0.7)
            self.state.sent.add(prompt)
            convs.append(([Message("system", self.system), Message("user", prompt)], temperature))
        texts = self._chat_many(purpose, convs)
        out: list[T] = []
        failure: LimitsExceeded | None = None
        for (messages, temperature), text in zip(convs, texts, strict=True):
            while True:
                try:
                    value = parse(text)
                except FormatError as exc:
                    self.state.malformed += 1
                    self.trace.event(
                        "error",
                        kind="format",
                        purpose=purpose,
                        message=exc.message,
                        consecutive=self.state.malformed,
                    )
                    if self.state.malformed >= self.cfg.max_malformed:
                        failure = LimitsExceeded(
                            f"{self.state.malformed} replies in a row had no usable code "
                            f"(last: {exc.message})",
                            status="failed",
                        )
                        if not keep_going:
                            raise failure from None
                        self.state.malformed = 0
                        break
                    retry = prompts.render(
                        "retry-format", reason=exc.message, kind=kind, truncated="cut off" in exc.message
                    )
                    messages = [*messages[:2], Message("assistant", text[-1500:]), Message("user", retry)]
                    text = self._chat(purpose, messages, temperature)
                    continue
                self.state.malformed = 0
                out.append(value)
                break
        if not out and failure is not None:
            raise failure
        return out

    def _parse_rtl(self, text: str) -> str:
        top = self.ev.top
        found = extract_verilog(text, top)
        source = found.source
        if found.truncated:
            closed = close_truncated(source)
            if closed is None:
                raise FormatError("the reply was cut off before `endmodule` (module incomplete)")
            source = closed
            self._mechanical("the reply was cut off just before `endmodule`: appended it")
        if top not in found.modules and len(found.modules) == 1:
            renamed = rename_module(source, found.modules[0], top)
            if renamed is not None:
                source = renamed
                self._mechanical(f"module was named `{found.modules[0]}`: renamed it to `{top}`")
        return source

    def _mechanical(self, description: str, iteration: int | None = None) -> None:
        self.state.repairs.append(description)
        self.trace.event(
            "repair",
            iteration=self.state.iteration if iteration is None else iteration,
            kind="mechanical",
            description=description,
        )

    # --- steps -----------------------------------------------------------------------------------
    def _interface(self) -> Interface:
        """The required interface: from the spec (any notation) or the model, never one that contradicts the
        spec.
        """
        view = self.view
        iface = interface_from_spec(view.spec, view.top or None, view.interface_header)
        if iface is not None:
            check_interface(view.spec, iface)
        else:
            iface = self._propose_interface()
        self.trace.event(
            "interface",
            source=iface.source,
            module=iface.module,
            header=iface.header(),
            parameters=iface.parameters,
            clock=iface.clock,
            clock_reason=iface.clock_reason,
            reset=iface.reset,
            reset_active_low=iface.reset_active_low,
            reset_reason=iface.reset_reason,
        )
        return iface

    def _propose_interface(self) -> Interface:
        """Ask the model for the header; check it against the spec, ask once more naming a conflict."""
        view = self.view
        conflicts: list[str] = []
        for attempt in range(2):
            prompt = prompts.render("interface", spec=view.spec, top=view.top or None, conflicts=conflicts)
            try:
                iface = self._ask(
                    "interface",
                    prompt,
                    lambda t: (
                        interface_from_reply(t, view.top or None)
                        or _raise(FormatError("no module header with ports in the reply"))
                    ),
                )
            except LimitsExceeded as exc:
                raise BadInput(
                    "the spec names no interface (no module header, port list, port table or "
                    f"`Input ports:` section) and the model could not propose one: {exc.message}"
                ) from None
            conflicts = spec_conflicts(view.spec, iface)
            self.trace.event(
                "repair",
                iteration=0,
                kind="model",
                description=(
                    "the spec gives no port list: the model proposed the interface"
                    + (f"; it contradicts the spec: {'; '.join(conflicts)}" if conflicts else "")
                ),
            )
            if not conflicts:
                return iface
            if attempt == 1:
                check_interface(view.spec, iface)
        raise AssertionError("unreachable")

    def _parse_model(self, text: str) -> str:
        return extract_model(text, self.ev.required.clock is not None)

    def _adopt_model(self, code: str, ctx: dict[str, Any], description: str) -> None:
        """Use ``code`` (the model's Python reference model) inside the fixed cocotb harness."""
        self.state.model_code = code
        self.ev.set_tests(prompts.render("harness", model_code=code, **ctx), description)

    def _write_tests(self, ctx: dict[str, Any]) -> None:
        """Have the model write M reference models from the spec (the greedy one, then samples, in
        one batch) and adopt the first; without any the run goes on untested."""
        prompt = prompts.render("write-model", spec=self.view.spec, **ctx)
        asks = [(prompt, None if k == 0 else self.cfg.sample_temperature) for k in range(self.cfg.models)]
        try:
            self.state.models = self._ask_many(
                "write-tests", asks, self._parse_model, "tests", keep_going=True
            )
        except LimitsExceeded as exc:
            if exc.status != "failed":
                raise
            self.state.malformed = 0
            self.trace.event("error", kind="tests", message=exc.message)
        if self.state.models:
            self._adopt_model(self.state.models[0], ctx, "tests written")
            return
        self.ev.drop_tests()
        self.state.untested = True  # the design can still be checked, but it is not verified
        self.state.notes.append("no self-tests: the model wrote no usable test file")

    def _draft(self, ctx: dict[str, Any]) -> list[str]:
        """N drafts in one batch: the greedy one, then samples at ``sample_temperature``, varied phrasings."""
        n = 1 if self.single_shot else self.cfg.samples
        asks = [
            (
                prompts.render("draft", spec=self.view.spec, variant=k % 3, **ctx),
                None if k == 0 else self.cfg.sample_temperature,
            )
            for k in range(n)
        ]
        return self._ask_many("draft", asks, self._parse_rtl, keep_going=True)

    def _select(self, drafts: list[Scored], examples: list[Example], ctx: dict[str, Any]) -> int:
        """Index of the draft to go on with: by behavioural vote when there is anything to vote on
        (several clean drafts, or several models), else the best by the checks."""
        for k, d in enumerate(drafts):
            (self.run_dir / "drafts").mkdir(exist_ok=True)
            (self.run_dir / "drafts" / f"d{k}.v").write_text(d.rtl, encoding="utf-8")
        by_checks = max(range(len(drafts)), key=lambda k: drafts[k].key)
        if (sum(d.clean for d in drafts) < 2 and len(self.state.models) < 2) or not any(
            d.clean for d in drafts
        ):
            return by_checks
        assert self.ev.required is not None
        sel = self._vote(
            [Draft(rtl=d.rtl, clean=d.clean, warnings=len(d.check.warnings)) for d in drafts],
            examples,
            "vote",
        )
        self.state.selection = sel
        self.trace.event("selection", summary=sel.summary(), **sel.model_dump())
        if sel.chosen is None:
            return by_checks
        self.state.chosen_rtl = drafts[sel.chosen].rtl
        best_model = (sel.agreeing_models or sel.voting_models or [0])[0]
        if self.state.models and self.state.models[best_model] != self.state.model_code:
            self._adopt_model(
                self.state.models[best_model], ctx, f"reference model {best_model} adopted (the vote)"
            )
        return sel.chosen

    def _vote(self, drafts: list[Draft], examples: list[Example], name: str) -> Selection:
        """The population's models on ``drafts`` (one batched simulation in ``work/<name>``)."""
        assert self.ev.required is not None
        return vote(
            drafts,
            self.state.models,
            self.ev.required,
            examples,
            self.run_dir / "work" / name,
            seed=self.seed or 1,
            timeout=self.ev.sim.timeout,
        )

    def _final_agreement(self) -> None:
        """With several models: how many of them the final design matches (verified needs two)."""
        best = self.state.best
        if len(self.state.models) < 2 or best is None or not best.verified or self.ev.required is None:
            return
        if self.state.selection is not None and best.rtl == self.state.chosen_rtl:
            # the chosen draft, unrepaired: the vote already counted its models
            self.state.agreement = self.state.selection
            return
        agreement = self._vote([Draft(rtl=best.rtl, clean=True)], self.state.spec_examples, "agreement")
        self.state.agreement = agreement
        self.trace.event(
            "agreement",
            summary=agreement.summary(),
            models=agreement.agreeing_models,
            voting_models=agreement.voting_models,
            notes=agreement.model_notes,
        )

    def _repair(self, cur: Scored, ctx: dict[str, Any]) -> Scored:
        """One repair step from ``cur``: a fixed design, or (when the test is at fault) fixed tests."""
        spec, iface = self.view.spec, self.ev.required
        stuck = self.state.unchanged.get(cur.rtl.strip(), 0)
        if stuck >= (1 if not cur.clean else 2):
            return self._redraft(cur, ctx)  # the model keeps copying this design: start afresh
        if not cur.clean:
            text = check_feedback(cur.check, cur.rtl, iface, cur.iface_diffs)
            self.trace.event("feedback", iteration=self.state.iteration, text=text)
            prompt = prompts.render("repair-check", feedback=text, rtl=cur.rtl, **ctx)
            return self._design(self._ask("repair-check", prompt, self._parse_rtl), cur)
        assert cur.sim is not None
        text = sim_feedback(cur.sim, cur.rtl, iface)
        self.trace.event("feedback", iteration=self.state.iteration, text=text)
        own_tests = self.ev.tests_source == "agent" and self.state.test_rewrites < MAX_TEST_REWRITES
        if self.ev.tests_source == "agent" and len(self.state.models) >= 2:
            # a population of models: the adopted one is set aside only for a model that agrees with the
            # design (agreement strictly improves); the model is never rewritten to fit the design
            backed = self._switch_model(cur, ctx)
            if backed is not None:
                return backed
            own_tests = own_tests and is_test_bug(cur.sim)  # no LLM judge: never rewrite a model to fit
        if own_tests and is_test_bug(cur.sim):
            prompt = prompts.render("fix-tests", feedback=text, tests=self.state.model_code, **ctx)
            return self._new_tests(
                self._ask("fix-tests", prompt, self._parse_model, "tests"), cur, ctx, "test error"
            )
        judge = own_tests and self.state.judged != self.ev.tests_version  # judge each test version once
        judge = judge and not _fails_spec_example(cur)  # the spec's own example already says who is wrong
        if judge and not has_unknown_outputs(cur.sim):  # X/Z outputs are always the design's fault
            text = sim_feedback(cur.sim, cur.rtl, iface, instruction=False)
            prompt = prompts.render(
                "judge", spec=spec, rtl=cur.rtl, tests=self.state.model_code, feedback=text, **ctx
            )
            verdict, code = self._ask("judge", prompt, self._parse_judgement)
            self.state.judged = self.ev.tests_version
            self.trace.event(
                "repair",
                iteration=self.state.iteration,
                kind="model",
                description=f"judge: the {verdict} disagrees with the spec",
            )
            return (
                self._new_tests(code, cur, ctx, "judged wrong")
                if verdict == "test"
                else self._design(code, cur)
            )
        prompt = prompts.render(
            "repair-tests", spec=spec, feedback=text, rtl=cur.rtl, unchanged=stuck > 0, **ctx
        )
        return self._design(self._ask("repair-tests", prompt, self._parse_rtl), cur)

    def _other_models(self) -> list[int]:
        """The population's models other than the adopted one."""
        return [m for m, code in enumerate(self.state.models) if code != self.state.model_code]

    def _switch_model(self, cur: Scored, ctx: dict[str, Any]) -> Scored | None:
        """Repair under agreement: when ``cur`` fails the adopted model, ask the population's other
        models. One that agrees with ``cur`` on the shared stimulus (and the spec's examples hold) is
        adopted and ``cur`` re-tested under it; when the adopted model crashes, another voting model
        takes its place. None when no other model backs the design: then the design is at fault."""
        assert self.ev.required is not None
        others = self._other_models()
        if not others:
            return None
        sel = self._vote(
            [Draft(rtl=cur.rtl, clean=True)], self.state.spec_examples, f"backing{self.state.iteration}"
        )
        examples_ok = bool(sel.clusters) and sel.clusters[0].examples_ok
        agreeing = [m for m in sel.agreeing_models if m in others] if examples_ok else []
        crashed = is_test_bug(cur.sim) if cur.sim is not None else False
        voting = [m for m in sel.voting_models if m in others]
        pick = agreeing[0] if agreeing else (voting[0] if crashed and voting else None)
        self.trace.event(
            "backing",
            iteration=self.state.iteration,
            summary=sel.summary(),
            models=sel.agreeing_models,
            voting_models=sel.voting_models,
            notes=sel.model_notes,
            adopted=pick,
        )
        if pick is None:
            return None
        why = "it agrees with the design" if agreeing else "the adopted model fails to run"
        self.trace.event(
            "repair", iteration=self.state.iteration, kind="model", description=f"model {pick} adopted: {why}"
        )
        self._adopt_model(self.state.models[pick], ctx, f"reference model {pick} adopted ({why})")
        self.state.best = None  # scores under the old model no longer compare
        return self.ev.evaluate(cur.rtl, self.state.iteration)

    def _redraft(self, cur: Scored, ctx: dict[str, Any]) -> Scored:
        """A fresh draft from the spec, told what was wrong with the design the model keeps returning.

        Small models asked to repair a module often copy the "current code" back verbatim; a new
        draft (sampled when the same request was already made) is the way out of that rut.
        """
        self.state.avoid = [*self.state.avoid, *_mistakes(cur)][-4:]
        self.trace.event(
            "repair",
            iteration=self.state.iteration,
            kind="model",
            description="the model returned the same design again: a fresh draft from the spec",
        )
        prompt = prompts.render("draft", spec=self.view.spec, avoid=self.state.avoid, **ctx)
        return self.ev.evaluate(self._ask("redraft", prompt, self._parse_rtl), self.state.iteration)

    def _design(self, rtl: str, cur: Scored) -> Scored:
        """Evaluate a repaired design, noting when the model handed back the same code."""
        if " ".join(rtl.split()) == " ".join(cur.rtl.split()):
            key = cur.rtl.strip()
            self.state.unchanged[key] = self.state.unchanged.get(key, 0) + 1
            self.trace.event(
                "repair",
                iteration=self.state.iteration,
                kind="model",
                description="the model returned the design unchanged",
            )
        return self.ev.evaluate(rtl, self.state.iteration)

    def _parse_judgement(self, text: str) -> tuple[str, str]:
        verdict = verdict_of(text)
        has_python = "```python" in text or "class Model" in text or "def model" in text
        if (verdict == "test" and has_python) or (verdict is None and has_python and "endmodule" not in text):
            return "test", self._parse_model(text)
        return "design", self._parse_rtl(text)  # a TEST verdict with only Verilog in it: take the code given

    def _new_tests(self, code: str, cur: Scored, ctx: dict[str, Any], why: str) -> Scored:
        self.state.test_rewrites += 1
        self._adopt_model(code, ctx, f"reference model rewritten ({why})")
        self.state.best = None  # scores under the old tests no longer compare
        return self.ev.evaluate(cur.rtl, self.state.iteration)

    def _record(self, scored: Scored, action: str) -> None:
        st = self.state
        st.current = scored
        if st.best is None or scored.key > st.best.key:
            st.best = scored
        st.history.append({"iteration": st.iteration, "action": action, **scored.summary()})

    # --- the loop -------------------------------------------------------------------------------
    def run(self) -> AgentResult:
        st, cfg = self.state, self.cfg
        self.trace.event(
            "start",
            spec=self.view.spec,
            problem_id=self.view.id,
            top=self.view.top,
            model=getattr(self.backend, "name", "?"),
            single_shot=self.single_shot,
            user_tests=str(self.user_tests) if self.user_tests else None,
            interface_header=self.view.interface_header,
            config=cfg.model_dump(),
            initial_rtl=self.initial_rtl,
        )
        status, reason = "failed", ""
        try:
            check_spec_text(self.view.spec)
            required = self._interface()
            self._ev = Evaluator(
                self.run_dir,
                self.trace,
                self.sim,
                required,
                tests_source=self.tests_source,
                user_tests=self.user_tests,
                on_repair=self._mechanical,
            )
            found = extract_examples(self.view.spec, required)
            self.trace.event(
                "examples",
                count=len(found.examples),
                examples=[e.model_dump() for e in found.examples],
                unplaced=[u.model_dump() for u in found.unplaced],
            )
            if found.unplaced:  # said in the verdict: a spec claim no test checked
                lines = sorted({u.line for u in found.unplaced})
                self.state.notes.append(
                    f"{len(found.unplaced)} example(s) in the spec could not be placed and were not "
                    f"checked (line {', '.join(map(str, lines))})"
                )
            ctx = prompts.interface_context(required, [e.model_dump() for e in found.examples])
            self.state.examples = len(found.examples)
            if found.examples and self.ev.tests_source == "user":
                self.ev.examples_test = prompts.render("examples", **{**ctx, "vet_model": False})
            st.iteration = 1
            if self.ev.tests_source == "agent":
                self._write_tests(ctx)
            st.spec_examples = found.examples
            if self.initial_rtl:  # `veriagent repair`: the given design instead of drafts
                self._record(self.ev.evaluate(self.initial_rtl, st.iteration), "given")
            else:
                drafts = [self.ev.prepare(rtl, st.iteration) for rtl in self._draft(ctx)]
                chosen = self._select(drafts, found.examples, ctx)
                self.trace.event("chosen", index=chosen, by="vote" if st.selection else "checks")
                for k, draft in enumerate(drafts):
                    if k == chosen:
                        self._record(self.ev.test(draft), "draft")
                    else:  # in the history, never the best: only the chosen draft was tested
                        st.history.append({"iteration": st.iteration, "action": "draft", **draft.summary()})
            while not (st.best and st.best.verified) and not self.single_shot:
                if st.iteration >= cfg.max_iters:
                    raise LimitsExceeded(f"{cfg.max_iters} iterations used without a verified design")
                st.iteration += 1
                # repair the latest candidate (its feedback is new), unless it got worse twice running
                st.worse_streak = st.worse_streak + 1 if st.current is not st.best else 0
                base = st.current if st.worse_streak < 2 else st.best
                assert base is not None
                self._record(self._repair(base, ctx), "repair")
            self._final_agreement()
            status = self._status()
            reason = self._verdict_text()
        except LimitsExceeded as exc:
            status, reason = exc.status, exc.message
        except VeriagentError as exc:
            status, reason = "error", exc.message
        return self._finish(status, reason)

    def _status(self) -> str:
        """failed, or (for a clean design) verified only when tests ran: untested when none did
        (the model wrote none, self-tests off, or single-shot without user tests)."""
        best = self.state.best
        population = self.state.selection is not None or len(self.state.models) > 1
        if not (best and best.verified):
            return "plausible" if population and best is not None and best.clean else "failed"
        if self.state.untested or self.ev.tests_source == "none":
            return "untested"
        if self.state.agreement is not None and len(self.state.agreement.agreeing_models) < 2:
            return "plausible"  # one model agreeing is not enough when several were written
        return "verified"

    def _agreement_text(self) -> str:
        """``plausible: 5/8 drafts and 1/3 models agree`` (population runs only)."""
        sel = self.state.selection
        final = self.state.agreement
        if sel is None and final is None:
            return ""
        drafts = (
            f"{sel.clusters[0].size}/{sel.drafts} drafts"
            if sel and sel.clusters
            else f"{self.cfg.samples} draft(s)"
        )
        own_tests = self.ev.tests_source == "agent" or self.state.untested
        asked = max(len(self.state.models), self.cfg.models) if own_tests else 0
        if not asked:  # the user's tests, or no self-tests: there are no models to agree with
            return f"{drafts} agree"
        agreeing = final.agreeing_models if final else sel.agreeing_models if sel else []
        return f"{drafts} and {len(agreeing)}/{asked} models agree"

    def _verdict_text(self) -> str:
        best = self.state.best
        if best is None:
            return "no candidate"
        agree = self._agreement_text()
        if best.verified and self._status() == "plausible":
            why = f"plausible: {agree}; verified needs two independent reference models"
            return "; ".join([why, *self.state.notes])
        if agree and not best.verified:
            return "; ".join(
                [f"plausible: {agree}" if best.clean else agree, best.problem(), *self.state.notes]
            )
        if best.verified:
            tests = (
                f"passes {best.tests_passed}/{best.tests_total} {self.ev.tests_source} tests"
                if best.sim
                else "no tests run"
            )
            lint = "lints clean"
            if warns := best.check.warnings:
                first = warns[0].model_copy(update={"file": "design.v"}).gcc_format()
                lint = f"lints without errors ({len(warns)} warning(s); first: {first})"
            return "; ".join(
                [
                    f"compiles, {lint}, interface matches, {tests}",
                    *([agree] if agree else []),
                    *self.state.notes,
                ]
            )
        return "; ".join([best.problem(), *self.state.notes])

    def _finish(self, status: str, reason: str) -> AgentResult:
        st, best, ev = self.state, self.state.best, self._ev
        tests_source = ev.tests_source if ev is not None else self.tests_source
        required = ev.required if ev is not None else None
        rtl_path = tests_path = None
        if best is not None:
            rtl_path = str(self.run_dir / "design.v")
            Path(rtl_path).write_text(best.rtl, encoding="utf-8")
        if ev is not None and ev.tests and tests_source == "agent":
            tests_path = str(self.run_dir / "test_design.py")
            Path(tests_path).write_text(ev.tests, encoding="utf-8")
        elif tests_source == "user" and self.user_tests:
            tests_path = str(self.user_tests)
        top = required.module if required else self.view.top
        if rtl_path and tests_path and top:
            tdir = Path(tests_path) if tests_source == "user" else self.run_dir
            write_rerun_files(
                self.run_dir,
                top=top,
                test_dir=tdir,
                test_modules=sorted(p.stem for p in tdir.glob("test_*.py")),
                simulator=best.sim.simulator if best is not None and best.sim else "icarus",
            )
        if best is not None and not best.verified and status == "failed" and not reason:
            reason = best.problem()
        result = AgentResult(
            status=status,
            verified=bool(best and best.verified and status == "verified"),
            agreement=self._agreement_text(),
            selection=self.state.selection.model_dump() if self.state.selection else None,
            rtl=best.rtl if best else None,
            rtl_path=rtl_path,
            tests_path=tests_path,
            run_dir=str(self.run_dir),
            iterations=st.iteration,
            prompt_tokens=st.prompt_tokens,
            completion_tokens=st.completion_tokens,
            llm_seconds=round(st.llm_seconds, 3),
            wall_seconds=round(time.monotonic() - st.start, 3),
            reason=reason,
            repairs_applied=st.repairs,
            history=st.history,
            model=getattr(self.backend, "name", ""),
            top=required.module if required else (self.view.top or None),
            trace_path=str(self.trace.path),
            tests_source=tests_source,
            tests_passed=best.tests_passed if best else 0,
            tests_total=best.tests_total if best else 0,
            diagnostics=best.gcc(rtl_path or "design.v") if best else [],
            interface_source=required.source if required else None,
            spec_examples=st.examples,
        )
        self.trace.event("result", **result.model_dump(exclude={"history"}))
        self.trace.close()
        (self.run_dir / "report.json").write_text(result.model_dump_json(indent=2), encoding="utf-8")
        if ev is not None:
            ev.cleanup()
        return result


def _raise(exc: Exception) -> Any:
    raise exc


def _fails_spec_example(cur: Scored) -> bool:
    """The design fails one of the spec's own examples (the spec, not the model, says so)."""
    return cur.sim is not None and any(
        not t.passed and (t.message or "").startswith("spec example") for t in cur.sim.tests
    )


def _mistakes(cur: Scored) -> list[str]:
    """What was wrong with an abandoned design, in words that make sense without its line numbers."""
    if not cur.check.errors:
        return [cur.problem()]
    lines = cur.rtl.splitlines()
    out = []
    for d in cur.check.errors[:2]:
        src = lines[d.line - 1].strip() if d.line and 0 < d.line <= len(lines) else ""
        out.append(f"{d.message} (at `{src}`)" if src else d.message)
    return out


def run_agent(
    view: DesignerView,
    backend: ChatBackend,
    cfg: AgentConfig,
    run_dir: Path,
    *,
    user_tests: Path | None = None,
    single_shot: bool = False,
    sim: SimConfig | None = None,
    seed: int | None = None,
    initial_rtl: str | None = None,
) -> AgentResult:
    """Generate a design for ``view`` and check it, within the budget of ``cfg``.

    Args:
        view: the designer's view of the problem (spec, module name, optional header and tests).
        backend: the chat model.
        cfg: budget and behaviour.
        run_dir: where design.v, test_design.py, report.json and trace.jsonl go (created).
        user_tests: a directory of the user's cocotb tests (``test_*.py``), used instead of self-tests.
        single_shot: one draft, checked, no tests and no repair (benchmarks without the agent).
        sim: simulation/compile timeouts.
        seed: sampling seed passed to the backend.
        initial_rtl: an existing design to check, test and repair instead of drafting one.

    Returns:
        The :class:`AgentResult`; failures of the model, the tools or the spec are reported in it
        (status ``error``), never raised.

    Raises:
        BadInput: ``user_tests`` is not a directory with test_*.py files.
    """
    if user_tests is not None and not (user_tests.is_dir() and any(user_tests.glob("test_*.py"))):
        raise BadInput(f"{user_tests}: not a directory with cocotb test files (test_*.py)")
    run_dir.mkdir(parents=True, exist_ok=True)
    if (run_dir / "work").exists():
        shutil.rmtree(run_dir / "work", ignore_errors=True)
    agent = Agent(
        view,
        backend,
        cfg,
        run_dir,
        user_tests=user_tests,
        single_shot=single_shot,
        sim=sim or SimConfig.model_validate({}),
        seed=seed,
        initial_rtl=initial_rtl,
    )
    return agent.run()
