"""Every config field is read where it applies: a value in veriagent.toml changes what runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from veriagent.agent.view import DesignerView
from veriagent.bench.models import GeneratedCandidate
from veriagent.bench.runner import BenchOptions, run_bench
from veriagent.bench.store import load_records
from veriagent.bench.suite import load_suite
from veriagent.config import TrainConfig, load_settings

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "tests" / "data" / "bench_suite"
AND_OR = """module top_module(input [1:0] a, input [1:0] b, output [1:0] y, output [1:0] z);
  assign y = a & b;
  assign z = a | b;
endmodule
"""


def _bench(cwd: Path, out: Path, config: Path | None = None) -> dict[str, object]:
    env = dict(os.environ, **({"VERIAGENT_CONFIG": str(config)} if config else {}))  # conftest: no config
    res = subprocess.run([sys.executable, "-m", "veriagent.cli", "bench", "run", str(SUITE), "--model",
                          "fake:echo-ports", "--no-agent", "-n", "2", "--filter", "^and_or$", "--out", str(out),
                          "--no-progress"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    run: dict[str, object] = json.loads((out / "run.json").read_text())
    return run


@pytest.mark.sim
def test_bench_section_and_llm_concurrency_of_veriagent_toml_reach_the_run(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    default = _bench(plain, tmp_path / "a")
    assert (default["seed"], default["batch_size"], default["llm_concurrency"]) == (1, 20, 1)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "veriagent.toml").write_text("llm_concurrency = 2\n[bench]\nseed = 7\nbatch_size = 3\njobs = 1\n"
                                         "[sim]\ntimeout = 90\n")
    run = _bench(conf, tmp_path / "b", conf / "veriagent.toml")
    assert (run["seed"], run["batch_size"], run["llm_concurrency"], run["jobs"], run["timeout"]) == (7, 3, 2, 1, 90.0)
    recs = load_records(tmp_path / "b")
    assert len(recs) == 2 and {r.seed for r in recs} == {7}


@pytest.mark.sim
@pytest.mark.parametrize("concurrency", [1, 2])
def test_llm_concurrency_is_how_many_generator_calls_run_at_once(tmp_path: Path, concurrency: int) -> None:
    lock = threading.Lock()
    now, most = [0], [0]

    def generator(view: DesignerView, sample: int) -> GeneratedCandidate:
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        time.sleep(0.3)
        with lock:
            now[0] -= 1
        return GeneratedCandidate(source=AND_OR)

    opts = BenchOptions(samples=4, jobs=1, filter="^and_or$", model="fake:test", llm_concurrency=concurrency)
    s = run_bench(load_suite(SUITE), opts, out_dir=tmp_path / "out", generator=generator, progress=False)
    assert most[0] == concurrency
    assert s.units_run == 4 and s.metrics["equivalence"].passed == 4


def test_every_train_field_of_veriagent_toml_reaches_the_sft_config(tmp_path: Path) -> None:
    from veriagent.train.sft import sft_config_from

    values = {"lora_r": 4, "lora_alpha": 8, "lora_dropout": 0.2, "target_modules": ["q_proj", "k_proj"],
              "learning_rate": 1e-3, "epochs": 2.5, "max_steps": 9, "batch_size": 3, "grad_accum": 2,
              "max_length": 256, "truncate": True, "warmup_ratio": 0.2, "weight_decay": 0.01, "dtype": "fp32",
              "seed": 5, "eval_every": 3, "eval_samples": 7, "gen_check": 1, "gen_max_new_tokens": 50,
              "select_best": False}
    split_only = {"held_out_suites", "val_fraction", "base"}  # read by `data build` / as the base below
    assert set(values) == set(TrainConfig.model_fields) - split_only
    lines = ["[train]", 'base = "some-base"']
    lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    (tmp_path / "veriagent.toml").write_text("\n".join(lines) + "\n")
    settings = load_settings(tmp_path / "veriagent.toml", environ={})
    cfg = sft_config_from(settings.train, data=tmp_path / "d", out=tmp_path / "o", base=None, target_modules=None)
    assert cfg.base == "some-base"
    for key, value in values.items():
        assert getattr(cfg, key) == value, key
    flagged = sft_config_from(settings.train, data=tmp_path / "d", out=tmp_path / "o", base=None,
                              target_modules="v_proj", lora_r=16, threads=None)
    assert flagged.lora_r == 16 and flagged.target_modules == ["v_proj"] and flagged.lora_alpha == 8
