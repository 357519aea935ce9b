"""Dataset builders: suites, judged traces, Verilog folders, leakage guard, split by problem, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veriagent.errors import BadInput
from veriagent.train.data import (
    BuildOptions,
    Sample,
    build_dataset,
    read_jsonl,
    split_samples,
    trace_samples,
    verilog_dir_samples,
)
from veriagent.train.dedup import NearDupIndex, code_hash, jaccard, shingles

VENV_BIN = Path(sys.executable).parent

ALU = """// 8-bit ALU with flags
module top_module (
    input  [7:0] a,
    input  [7:0] b,
    input  [1:0] op,
    output reg [7:0] y,
    output zero
);
    always @(*) begin
        case (op)
            2'd0: y = a + b;
            2'd1: y = a - b;
            2'd2: y = a & b;
            default: y = a ^ b;
        endcase
    end
    assign zero = (y == 8'd0);
endmodule
"""

# Same design: signals and module renamed, comments and layout changed.
ALU_RENAMED = """module my_alu(input [7:0] lhs, input [7:0] rhs, input [1:0] sel, output reg [7:0] res, output z);
  /* the operation */
  always @(*) begin case (sel) 2'd0: res = lhs + rhs; 2'd1: res = lhs - rhs;
      2'd2: res = lhs & rhs; default: res = lhs ^ rhs; endcase end
  assign z = (res == 8'd0);   // zero flag
endmodule
"""

# A near duplicate: one more case arm than ALU.
ALU_NEAR = ALU.replace("2'd2: y = a & b;", "2'd2: y = a & b;\n            2'd3: y = a | b;")

COUNTER = """module top_module (input clk, input reset, input en, output reg [3:0] q);
    always @(posedge clk) begin
        if (reset) q <= 4'd0;
        else if (en) q <= q + 4'd1;
    end
endmodule
"""

MUX = """module top_module (input [3:0] d, input [1:0] s, output y);
    assign y = d[s];
endmodule
"""


def make_suite(root: Path, name: str, problems: dict[str, tuple[str, str]]) -> Path:
    """A veriagent-format suite: {id: (category, ref source)}."""
    root.mkdir(parents=True)
    (root / "suite.toml").write_text(f'name = "{name}"\nversion = "1"\ndescription = "test suite"\n')
    for pid, (cat, ref) in problems.items():
        d = root / pid
        d.mkdir()
        (d / "ref.v").write_text(ref)
        (d / "spec.md").write_text(f"# {pid}\n\nImplement a module named `top_module` doing {pid}.\n")
        (d / "problem.toml").write_text(f'id = "{pid}"\ntitle = "{pid}"\ncategory = "{cat}"\n'
                                        'difficulty = "easy"\ntop = "top_module"\n')
    return root


def test_canonical_form_ignores_names_comments_and_layout() -> None:
    assert code_hash(ALU) == code_hash(ALU_RENAMED)
    assert code_hash(ALU) != code_hash(COUNTER)
    near = jaccard(shingles(ALU), shingles(ALU_NEAR))
    assert 0.8 < near < 1.0
    assert jaccard(shingles(ALU), shingles(COUNTER)) < 0.3
    idx = NearDupIndex(threshold=0.8)
    idx.add("alu", ALU)
    assert idx.match(ALU_RENAMED) == ("exact", "alu", 1.0)
    hit = idx.match(ALU_NEAR)
    assert hit is not None and hit[0] == "near" and hit[1] == "alu"
    assert idx.match(COUNTER) is None


def test_leakage_guard_drops_held_out_ids_and_near_identical_code(tmp_path: Path) -> None:
    held = make_suite(tmp_path / "held", "held", {"alu8": ("arithmetic", ALU)})
    train = make_suite(tmp_path / "train", "train", {
        "alu8": ("arithmetic", COUNTER),              # same id as a held-out problem
        "alu_copy": ("arithmetic", ALU_RENAMED),       # renamed signals + whitespace/comments
        "alu_more": ("arithmetic", ALU_NEAR),          # near duplicate (Jaccard >= threshold)
        "counter4": ("counters", COUNTER),
        "mux4": ("muxes", MUX),
    })
    opts = BuildOptions(suites=[train], held_out=[held], out=tmp_path / "out", val_fraction=0.0,
                        near_dup_threshold=0.8)
    rep = build_dataset(opts)
    assert rep.leakage == {"held-out-id": 1, "held-out-code-exact": 1, "held-out-code-near": 1}
    assert rep.sources[0].kept == 2 and sum(rep.sources[0].dropped.values()) == 3
    kept = {s.problem for s in read_jsonl(tmp_path / "out" / "train.jsonl")}
    assert kept == {"counter4", "mux4"}
    # Holding out the training suite itself leaves nothing: refused, nothing written.
    with pytest.raises(BadInput, match="no training samples"):
        build_dataset(BuildOptions(suites=[train], held_out=[train], out=tmp_path / "out2"))
    assert not (tmp_path / "out2").exists()


def _sample(problem: str, cat: str = "c", kind: str = "spec2rtl") -> Sample:
    return Sample(messages=[{"role": "user", "content": problem}, {"role": "assistant", "content": "x"}],
                  problem=problem, source="t", category=cat, kind=kind)  # type: ignore[arg-type]


def test_split_is_by_problem_and_deterministic() -> None:
    samples = [_sample(f"p{i}", cat=f"c{i % 4}") for i in range(40)]
    samples += [_sample(f"p{i}", cat=f"c{i % 4}", kind="repair") for i in range(40)]  # 2 per problem
    train, val = split_samples(samples, 0.25, seed=3)
    assert {s.problem for s in train}.isdisjoint({s.problem for s in val})
    assert len({s.problem for s in val}) == 10 and len(val) == 20
    again = split_samples(samples, 0.25, seed=3)[1]
    assert [s.problem for s in again] == [s.problem for s in val]
    other = split_samples(samples, 0.25, seed=4)[1]
    assert {s.problem for s in other} != {s.problem for s in val}
    ctrain, cval = split_samples(samples, 0.25, seed=3, by="category")
    assert {s.category for s in ctrain}.isdisjoint({s.category for s in cval}) and len({s.category for s in cval}) == 1


def _run_dir(root: Path, name: str, *, passed: bool | None, final: str, first: str | None = None) -> Path:
    d = root / name
    d.mkdir(parents=True)
    events = [{"event": "start", "time": 0, "spec": f"Spec of {name}: a counter.", "problem_id": name,
               "top": "top_module", "model": "fake:x", "config": {}}]
    if first is not None:  # as the loop writes them: the feedback and the request of iteration 2 repair iteration 1
        prompt = f"The Verilog module below has errors.\n\n...\n\nCurrent code:\n```verilog\n{first}\n```\nKeep ..."
        events += [{"event": "candidate", "time": 1, "iteration": 1, "rtl": first},
                   {"event": "check", "time": 2, "iteration": 1, "ok": False, "diagnostics": []},
                   {"event": "feedback", "time": 3, "iteration": 2, "text": "design.v:3: syntax error near 'endmodule'"},
                   {"event": "llm", "time": 3, "purpose": "repair-check", "reply": "...",
                    "messages": [{"role": "system", "content": "..."}, {"role": "user", "content": prompt}]}]
    events += [{"event": "candidate", "time": 4, "iteration": 2 if first else 1, "rtl": final},
               {"event": "result", "time": 5, "status": "verified", "verified": True, "rtl": final, "iterations": 2}]
    (d / "trace.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    (d / "design.v").write_text(final)
    if passed is not None:
        (d / "judge.json").write_text(json.dumps({"problem": name, "sample": 0, "judge": "equivalence",
                                                   "passed": passed}))
    return d


def test_traces_only_judge_passed_runs_with_repair_pairs(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    broken = COUNTER.replace("q <= q + 4'd1;", "q <= q + 4'd1")
    _run_dir(runs, "good_repaired", passed=True, final=COUNTER, first=broken)
    _run_dir(runs, "good_direct", passed=True, final=MUX)
    _run_dir(runs, "self_verified_but_judge_failed", passed=False, final=MUX)
    _run_dir(runs, "never_judged", passed=None, final=MUX)
    (runs / "corrupt").mkdir()
    (runs / "corrupt" / "trace.jsonl").write_text("{not json\n")
    (runs / "corrupt" / "judge.json").write_text('{"passed": true}')
    samples, counts = trace_samples(runs)
    assert counts.kept == 3
    assert counts.dropped == {"judge-failed": 1, "no-judge": 1, "bad-trace": 1}
    kinds = sorted((s.problem, s.kind) for s in samples)
    assert kinds == [("good_direct", "spec2rtl"), ("good_repaired", "repair"), ("good_repaired", "spec2rtl")]
    repair = next(s for s in samples if s.kind == "repair")
    assert "syntax error" in repair.messages[1]["content"] and broken.strip() in repair.messages[1]["content"]
    assert COUNTER.strip() in repair.target
    no_pairs, _ = trace_samples(runs, repair_pairs=False)
    assert len(no_pairs) == 2


@pytest.mark.sim
def test_repair_pair_from_a_real_agent_run(tmp_path: Path) -> None:
    from test_agent_loop import _replay

    from veriagent.agent.loop import run_agent
    from veriagent.agent.view import DesignerView
    from veriagent.config import AgentConfig

    broken = "module and2(input a, input b, output y);\n  assign y = a & b\nendmodule\n"
    fixed = broken.replace("a & b\n", "a & b;\n")
    spec = "Implement a module named `and2`: `y` is `a` AND `b`.\n\n- `input a`\n- `input b`\n- `output y`\n"
    replies = [f"```verilog\n{broken}```", f"```verilog\n{fixed}```"]
    run = tmp_path / "runs" / "and2"
    run_agent(DesignerView(id="and2", spec=spec, top="and2"), _replay(tmp_path, replies),
              AgentConfig(samples=1, models=1, self_test=False), run)
    (run / "judge.json").write_text(json.dumps({"problem": "and2", "passed": True}))
    samples, counts = trace_samples(tmp_path / "runs")
    assert counts.kept == 2 and [s.kind for s in samples] == ["spec2rtl", "repair"]
    user = samples[1].messages[1]["content"]
    assert broken.strip() in user and "expected ';'" in user and fixed.strip() in samples[1].target


@pytest.mark.sim
def test_verilog_dir_dedups_and_keeps_only_clean_code(tmp_path: Path) -> None:
    src = tmp_path / "rtl"
    (src / "sub").mkdir(parents=True)
    (src / "alu.v").write_text(ALU)
    (src / "sub" / "alu_renamed.v").write_text(ALU_RENAMED)  # exact duplicate after canonicalising
    (src / "counter.sv").write_text(COUNTER)
    (src / "broken.v").write_text(COUNTER.replace("endmodule", "").replace("q <= 4'd0;", "q <= 4'd0"))
    (src / "notes.v").write_text("// just a comment, no module\n")
    (src / "binary.v").write_bytes(b"\xff\xfe\x00bad")
    samples, counts = verilog_dir_samples(src)
    assert counts.kept == 2, counts
    assert counts.dropped == {"duplicate-exact": 1, "compile-error": 1, "no-module": 1, "unreadable": 1}
    assert {s.problem for s in samples} == {"file:alu.v", "file:counter.sv"}
    alu = next(s for s in samples if s.problem == "file:alu.v")
    assert "`top_module`" in alu.messages[1]["content"] and "input [7:0] a" in alu.messages[1]["content"]
    assert "8-bit ALU with flags" in alu.messages[1]["content"]  # leading comment kept as description
    # A spec writer (the LLM path) replaces the header spec; None from it drops the file.
    written, counts2 = verilog_dir_samples(src, spec_writer=lambda m, s: None if "posedge" in s else f"Spec for {m}: " + "x" * 50)
    assert counts2.dropped.get("spec-failed") == 1 and written[0].messages[1]["content"].startswith("Spec for")


def test_written_files_load_with_hf_datasets(tmp_path: Path) -> None:
    suite = make_suite(tmp_path / "s", "s", {f"p{i}": ("muxes", MUX.replace("d[s]", f"d[s] ^ {i % 2}")) for i in range(6)})
    rep = build_dataset(BuildOptions(suites=[suite], out=tmp_path / "ds", val_fraction=0.34, seed=1))
    manifest = json.loads((tmp_path / "ds" / "manifest.json").read_text())
    assert manifest["data_hash"] == rep.data_hash and len(manifest["validation_problems"]) == 2
    from datasets import load_dataset

    ds = load_dataset("json", data_files={"train": str(tmp_path / "ds" / "train.jsonl"),
                                          "validation": str(tmp_path / "ds" / "validation.jsonl")})
    assert ds["train"].num_rows == 4 and ds["validation"].num_rows == 2
    row = ds["train"][0]
    assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant"] and row["split"] == "train"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VERIAGENT_RAISE_ERRORS"}
    return subprocess.run([str(VENV_BIN / "veriagent"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_data_build_bad_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("no verilog here")
    res = _cli("data", "build", "--verilog-dir", str(tmp_path / "empty"), "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error: no Verilog files") and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()
    res = _cli("data", "build", "--traces", str(tmp_path / "nope"), cwd=tmp_path)
    assert res.returncode == 2 and "does not exist" in res.stderr and "Traceback" not in res.stderr
    res = _cli("data", "build", "--val-fraction", "1.5", cwd=tmp_path)
    assert res.returncode == 2 and "val-fraction" in res.stderr


def test_cli_data_build_prints_counts(tmp_path: Path) -> None:
    suite = make_suite(tmp_path / "s", "mini", {"a1": ("gates", MUX), "c1": ("counters", COUNTER)})
    held = make_suite(tmp_path / "h", "heldout", {"zz": ("gates", MUX)})
    res = _cli("data", "build", "--suite", str(suite), "--held-out", str(held), "--out", str(tmp_path / "o"),
               cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "suite:mini" in res.stdout and "held-out-code-exact" in res.stdout
    assert (tmp_path / "o" / "train.jsonl").is_file() and (tmp_path / "o" / "manifest.json").is_file()


SUITE = Path(__file__).resolve().parents[1] / "datasets" / "hdlbits-style"


def _builtin(pid: str):  # type: ignore[no-untyped-def]
    from veriagent.bench.suite import load_suite

    return next(p for p in load_suite(SUITE).problems if p.id == pid)


def _broken(sample: Sample) -> str:
    text = sample.messages[1]["content"]
    return text.split("Current code:\n```verilog\n", 1)[1].split("```", 1)[0]


@pytest.mark.sim
def test_functional_pairs_are_judge_rejected_mutants_with_the_agents_feedback() -> None:
    from veriagent.bench.judge import judge_candidates
    from veriagent.bench.models import Candidate
    from veriagent.train.mutate import mutants
    from veriagent.train.repair_data import functional_pairs, reference_source

    p = _builtin("counter_mod12")
    ref = reference_source(p)
    samples, drops = functional_pairs(p)
    assert len(samples) + sum(drops.values()) == len(mutants(ref))  # every mutant is accounted for
    assert len(samples) >= 8 and all(s.kind == "repair" and s.detail.startswith("functional:") for s in samples)
    for s in samples:
        assert s.problem == p.id and s.spec == p.spec and s.target.strip() == "```verilog\n" + ref.strip() + "\n```"
        user = s.messages[1]["content"]
        # the agent's repair-tests prompt and its sim_feedback rendering (harness message format, table)
        assert "compiles, but tests written from the specification fail" in user
        assert "| test | inputs | expected | actual |" in user and ": expected q=" in user
        assert _broken(s).strip() != ref.strip()
    # the broken designs really fail the hidden-reference judge; the reference passes
    picked = [samples[0], samples[-1]]
    verdicts = judge_candidates(p, [Candidate(problem=p.id, sample=0, source=ref)] +
                                [Candidate(problem=p.id, sample=i + 1, source=_broken(s)) for i, s in enumerate(picked)])
    assert [v.passed for v in verdicts] == [True, False, False]


@pytest.mark.sim
def test_compile_pairs_carry_the_checkers_diagnostics_per_category() -> None:
    from veriagent.hdl.check import check_source
    from veriagent.train.repair_data import compile_pairs, reference_source

    p = _builtin("counter_mod12")
    samples, _drops = compile_pairs(p)
    cats = {s.detail for s in samples}
    assert {"compile:syntax", "compile:undeclared-identifier", "compile:procedural-assign-to-wire"} <= cats
    for s in samples:
        broken = _broken(s)
        check = check_source(broken, p.top, filename="design.v")
        assert check.errors and s.detail == f"compile:{check.errors[0].category}"
        user = s.messages[1]["content"]
        assert "The Verilog module below has errors." in user and "error(s):" in user and "Fix:" in user
        assert s.target.strip() == "```verilog\n" + reference_source(p).strip() + "\n```"


def test_notation_pairs_and_the_dataset_card(tmp_path: Path) -> None:
    from veriagent.train.repair_data import notation_pairs

    p = _builtin("gates_aoi")
    samples, drops = notation_pairs(p)
    assert drops == {} and [s.detail for s in samples] == [f"notation:{x}" for x in ("prose", "sections", "table", "parens")]
    assert len({s.messages[1]["content"] for s in samples}) == 4  # four different prompts, one reference
    # Building with notations from a suite copy, holding out the original: spec match on every notation.
    import shutil

    suite = tmp_path / "suite"
    (suite / "gates_aoi").parent.mkdir(parents=True)
    shutil.copy(SUITE / "suite.toml", suite / "suite.toml")
    shutil.copytree(SUITE / "gates_aoi", suite / "aoi_copy")
    shutil.copytree(SUITE / "majority3", suite / "majority3")
    toml = (suite / "aoi_copy" / "problem.toml").read_text().replace('id = "gates_aoi"', 'id = "aoi_copy"')
    (suite / "aoi_copy" / "problem.toml").write_text(toml)
    (suite / "aoi_copy" / "ref.v").write_text("module top_module(input a, b, c, d, output aoi, oai);\n"
                                             "  assign aoi = ~((a & b) | (c & d));\n  assign oai = ~((a | b) & (c | d));\nendmodule\n")
    held = tmp_path / "held"
    make_suite(held, "held", {})
    shutil.copytree(SUITE / "gates_aoi", held / "gates_aoi")
    rep = build_dataset(BuildOptions(suites=[suite], held_out=[held], derive=["notations"], out=tmp_path / "o",
                                     val_fraction=0.0))
    # the copy has another id and other code, but its specs are the held-out problem's: all 5 dropped
    assert rep.leakage == {"held-out-spec-exact": 5}
    assert rep.train_samples == 5 and {s.problem for s in read_jsonl(tmp_path / "o" / "train.jsonl")} == {"majority3"}
    card = (tmp_path / "o" / "README.md").read_text()
    assert "| notations:" in card and "| notation:table | 1 | 0 |" in card
    assert "held-out-spec-exact: 5" in card and "samples left that match a held-out suite: 0" in card


def test_cli_data_build_derive_bad_value(tmp_path: Path) -> None:
    res = _cli("data", "build", "--derive", "mutants,bogus", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert res.returncode == 2 and "--derive must be one of" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()
    (tmp_path / "runs").mkdir()
    res = _cli("data", "build", "--traces", str(tmp_path / "runs"), "--derive", "all", "--out", str(tmp_path / "o"),
               cwd=tmp_path)
    assert res.returncode == 2 and "--derive makes samples from a suite" in res.stderr and not (tmp_path / "o").exists()
