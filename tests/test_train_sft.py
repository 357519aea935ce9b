"""LoRA SFT on a tiny random model: data -> train -> loss falls -> adapter -> hf: backend; resume; bad input."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from veriagent.errors import BadInput, ResourceExhausted
from veriagent.train.data import Sample, spec_messages, write_dataset

pytest.importorskip("peft")

VENV_BIN = Path(sys.executable).parent
AND = "module top_module(input a, input b, output y);\n  assign y = a & b;\nendmodule"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from veriagent.train.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def make_data(root: Path, n_train: int = 6, n_val: int = 2) -> Path:
    samples = [Sample(messages=spec_messages(f"Write an AND gate, variant {i}.", AND), problem=f"p{i}", source="t")
               for i in range(n_train + n_val)]
    write_dataset(root, samples[:n_train], samples[n_train:])
    return root


def cfg(tiny: Path, data: Path, out: Path, **kw: object):  # type: ignore[no-untyped-def]
    from veriagent.train.sft import SFTConfig

    base = dict(base=str(tiny), data=data, out=out, max_steps=5, batch_size=2, learning_rate=3e-2,
                dtype="fp32", lora_dropout=0.0)
    base.update(kw)
    return SFTConfig(**base)  # type: ignore[arg-type]


def test_train_then_generate_with_hf_backend(tiny: Path, tmp_path: Path) -> None:
    from veriagent.llm.base import GenParams, Message
    from veriagent.llm.registry import get_backend
    from veriagent.train.sft import encode, load_tokenizer, resolve_base, train

    # Labels cover the assistant reply only.
    tok = load_tokenizer(resolve_base(str(tiny)))
    msgs = spec_messages("Write an AND gate.", AND)
    enc = encode(tok, msgs, 1024)
    assert enc is not None
    first = next(i for i, lab in enumerate(enc.labels) if lab != -100)
    assert tok.decode(enc.input_ids[:first]).endswith("<|im_start|>assistant\n")
    assert tok.decode(enc.labels[first:]).startswith("```verilog")
    assert all(lab == -100 for lab in enc.labels[:first])

    events: list[str] = []
    out = tmp_path / "adapter"
    res = train(cfg(tiny, make_data(tmp_path / "data"), out), on_step=lambda i: events.append(i.phase))
    assert res.steps == 5 and events.count("train") == 5 and events[-1] == "done"
    assert res.first_loss is not None and res.final_train_loss is not None
    assert res.final_train_loss < res.first_loss
    assert res.initial_eval_loss is not None and res.final_eval_loss is not None
    assert res.final_eval_loss < res.initial_eval_loss
    for f in ("adapter_config.json", "adapter_model.safetensors", "README.md", "done", "veriagent_train.json"):
        assert (out / f).is_file(), f
    assert not (tmp_path / "adapter.partial").exists()
    card = (out / "README.md").read_text()
    assert res.data_hash in card and "r=8" in card and "eval loss before / after" in card

    adapted = get_backend(f"hf:{tiny}+adapter={out}")
    plain = get_backend(f"hf:{tiny}")
    prompt = [Message("user", "Write an AND gate, variant 1.")]
    r1 = adapted.chat(prompt, GenParams(max_tokens=12))
    r0 = plain.chat(prompt, GenParams(max_tokens=12))
    assert r1.usage.completion_tokens > 0 and r0.usage.completion_tokens > 0
    # The adapter is really applied by the hf: backend: the next-token scores differ from the base's.
    import torch

    (m1, t1), (m0, _) = adapted._load(), plain._load()  # type: ignore[attr-defined]
    ids = t1("<|im_start|>user\nWrite an AND gate<|im_end|>\n<|im_start|>assistant\n", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert not torch.allclose(m1(input_ids=ids).logits, m0(input_ids=ids).logits)


def test_samples_longer_than_max_length_dropped_unless_truncate(tiny: Path, tmp_path: Path) -> None:
    from veriagent.train.sft import train

    long_rtl = AND.replace("endmodule", "".join(f"  // note {i}: the output is the AND\n" for i in range(40)) + "endmodule")
    samples = [Sample(messages=spec_messages(f"Write an AND gate, variant {i}.", long_rtl if i % 4 == 0 else AND),
                      problem=f"p{i}", source="t") for i in range(8)]
    write_dataset(tmp_path / "data", samples[:6], samples[6:])  # long: p0, p4 (train)
    dropped = train(cfg(tiny, tmp_path / "data", tmp_path / "a", max_steps=1, max_length=400))
    assert (dropped.train_samples, dropped.dropped_too_long, dropped.truncated) == (4, 2, 0)
    kept = train(cfg(tiny, tmp_path / "data", tmp_path / "b", max_steps=1, max_length=400, truncate=True))
    assert (kept.train_samples, kept.dropped_too_long, kept.truncated) == (6, 0, 2)


def test_resume_continues_where_it_stopped(tiny: Path, tmp_path: Path) -> None:
    from veriagent.train.sft import StepInfo, train

    data = make_data(tmp_path / "data", n_train=8)
    full = train(cfg(tiny, data, tmp_path / "full", max_steps=4))

    def stop_at_3(info: StepInfo) -> None:
        if info.phase == "train" and info.step == 3:
            raise KeyboardInterrupt

    out = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        train(cfg(tiny, data, out, max_steps=4, save_every=2), on_step=stop_at_3)
    assert not out.exists() and (tmp_path / "resumed.partial" / "checkpoint" / "state.json").is_file()
    res = train(cfg(tiny, data, out, max_steps=4, save_every=2, resume=True))
    assert res.resumed_from == 2 and res.steps == 4 and (out / "done").is_file()
    logs = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in logs] == [1, 2, 3, 4]
    assert res.final_eval_loss == pytest.approx(full.final_eval_loss, rel=1e-4)
    # A checkpoint from other hyper-parameters is refused rather than silently mixed.
    with pytest.raises(KeyboardInterrupt):
        train(cfg(tiny, data, tmp_path / "x", max_steps=4, save_every=2), on_step=stop_at_3)
    with pytest.raises(BadInput, match="other data or hyper-parameters"):
        train(cfg(tiny, data, tmp_path / "x", max_steps=4, save_every=2, resume=True, lora_r=4))


def test_out_of_disk_leaves_nothing_reported_done(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from veriagent.train import sft

    def full_disk(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sft, "_write_final", full_disk)
    with pytest.raises(ResourceExhausted, match="out of disk space"):
        sft.train(cfg(tiny, make_data(tmp_path / "data"), tmp_path / "adapter", max_steps=1))
    assert not (tmp_path / "adapter").exists()


def test_library_bad_inputs(tiny: Path, tmp_path: Path) -> None:
    from veriagent.train.sft import train

    data = make_data(tmp_path / "data")
    with pytest.raises(BadInput, match="does not exist"):
        train(cfg(tmp_path / "missing-model", data, tmp_path / "a"))
    with pytest.raises(BadInput, match="not found in"):
        train(cfg(tiny, data, tmp_path / "a", target_modules=["no_such_proj"]))
    with pytest.raises(BadInput, match="fewer than one batch"):
        train(cfg(tiny, make_data(tmp_path / "one", n_train=1, n_val=0), tmp_path / "a"))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "done").write_text("x")
    with pytest.raises(BadInput, match="--force"):
        train(cfg(tiny, data, tmp_path / "a"))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VERIAGENT_RAISE_ERRORS"}
    return subprocess.run([str(VENV_BIN / "veriagent"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def _one_line_error(res: subprocess.CompletedProcess[str], needle: str) -> None:
    assert res.returncode == 2, (res.returncode, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], res.stderr
    assert "Traceback" not in res.stderr


def test_cli_bad_inputs(tiny: Path, tmp_path: Path) -> None:
    import gguf

    data = make_data(tmp_path / "data")
    _one_line_error(_cli("finetune", "--base", str(tmp_path / "nope"), "--data", str(data), cwd=tmp_path),
                    "does not exist")
    # A GGUF of an architecture transformers cannot load.
    w = gguf.GGUFWriter(str(tmp_path / "bert.gguf"), "bert")
    w.add_block_count(1)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    _one_line_error(_cli("finetune", "--base", str(tmp_path / "bert.gguf"), "--data", str(data), cwd=tmp_path),
                    "'bert' is not supported")
    (tmp_path / "notgguf.gguf").write_bytes(b"hello world")
    _one_line_error(_cli("finetune", "--base", str(tmp_path / "notgguf.gguf"), "--data", str(data), cwd=tmp_path),
                    "neither a model directory nor a GGUF")
    (tmp_path / "empty").mkdir()
    _one_line_error(_cli("finetune", "--base", str(tiny), "--data", str(tmp_path / "empty"), cwd=tmp_path),
                    "no train.jsonl")
    one = make_data(tmp_path / "one", n_train=1, n_val=0)
    res = _cli("finetune", "--base", str(tiny), "--data", str(one), "--out", str(tmp_path / "o"), cwd=tmp_path)
    _one_line_error(res, "fewer than one batch")
    assert not (tmp_path / "o").exists()
    _one_line_error(_cli("finetune", "--base", str(tiny), "--data", str(data), "--dtype", "fp8", cwd=tmp_path), "--dtype")


def test_cli_finetune_runs(tiny: Path, tmp_path: Path) -> None:
    data = make_data(tmp_path / "data")
    res = _cli("finetune", "--base", str(tiny), "--data", str(data), "--out", str(tmp_path / "ad"), "--max-steps", "2",
               "--dtype", "fp32", "--lora-r", "4", "--target-modules", "q_proj,k_proj,v_proj", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "adapter written to" in res.stdout
    conf = json.loads((tmp_path / "ad" / "adapter_config.json").read_text())
    assert conf["r"] == 4 and sorted(conf["target_modules"]) == ["k_proj", "q_proj", "v_proj"]


def test_train_modules_do_not_import_torch() -> None:
    code = ("import sys, veriagent.train.data, veriagent.llm.hf_base, veriagent.train.sft, veriagent.train.iterate, veriagent.train.gguf_lora;"
            "print(sorted(m for m in ('torch', 'transformers', 'peft', 'datasets') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.stdout.strip() == "[]", res.stdout + res.stderr


def test_trained_model_stops_at_end_of_turn(tiny: Path, tmp_path: Path) -> None:
    """After training, greedy generation ends with the end-of-turn token, and the generation check says so.

    The label of every reply ends with the template's end-of-turn token (``<|im_end|>``); a model trained
    on replies without it (labels cut at the content, or samples cut by --max-length) never learns to stop
    and runs to the token limit: this test then fails (checked by removing the token from the labels).
    """
    from veriagent.train.sft import encode, end_of_turn_ids, load_tokenizer, resolve_base, train

    tok = load_tokenizer(resolve_base(str(tiny)))
    end = end_of_turn_ids(tok)
    assert tok.convert_tokens_to_ids("<|im_end|>") in end
    enc = encode(tok, spec_messages("Write an AND gate.", AND), 1024)
    assert enc is not None
    reply = [lab for lab in enc.labels if lab != -100]
    assert reply[-2] in end or reply[-1] in end  # "<|im_end|>" then the template's "\n"

    out = tmp_path / "adapter"
    modules = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj".split(",")
    res = train(cfg(tiny, make_data(tmp_path / "data"), out, max_steps=60, eval_every=20, gen_check=2,
                    learning_rate=5e-3, lora_r=32, lora_alpha=64, warmup_ratio=0.0, target_modules=modules))
    assert [e["step"] for e in res.evals] == [0, 20, 40, 60]
    assert res.evals[0]["gen"]["ended"] == 0  # the random base never stops: the check tells the difference
    final = res.evals[-1]["gen"]
    assert final["ended"] == final["checked"] == 2
    assert final["tokens"] == [len(reply) - 1] * 2  # the reply up to <|im_end|> (the template's "\n" after it is not generated)

    # Through the hf: backend as a user runs it: the reply ends (finish reason "stop"), well before the limit.
    from veriagent.llm.base import GenParams, Message
    from veriagent.llm.registry import get_backend

    reply_text = get_backend(f"hf:{tiny}+adapter={out}").chat(
        [Message("system", spec_messages("x", AND)[0]["content"]), Message("user", "Write an AND gate, variant 1.")],
        GenParams(max_tokens=200, temperature=0.0))
    assert reply_text.finish_reason == "stop" and reply_text.usage.completion_tokens == len(reply) - 1
    assert "assign y = a & b" in reply_text.text and reply_text.text.rstrip().endswith("```")


def test_best_evaluation_prefers_replies_that_end_then_lower_loss() -> None:
    from veriagent.train.sft import _better

    ends = {"step": 20, "eval_loss": 0.9, "gen": {"ended": 2, "checked": 2}}
    loops = {"step": 40, "eval_loss": 0.5, "gen": {"ended": 1, "checked": 2}}
    lower = {"step": 60, "eval_loss": 0.8, "gen": {"ended": 2, "checked": 2}}
    assert _better(ends, None) and _better(ends, loops) and not _better(loops, ends)
    assert _better(lower, ends) and not _better(ends, lower)
    assert _better({"step": 1, "eval_loss": 0.1}, {"step": 2, "eval_loss": 0.2})  # no check: loss decides


def test_every_train_setting_reaches_the_run_config(tmp_path: Path) -> None:
    from veriagent.config import TrainConfig
    from veriagent.train.sft import SFTConfig, sft_config_from

    tc = TrainConfig(base="b", eval_every=7, eval_samples=5, gen_check=3, gen_max_new_tokens=99, select_best=False,
                     batch_size=4, lora_r=4, truncate=True)
    cfg = sft_config_from(tc, data=tmp_path, out=tmp_path / "o", base=None, target_modules=None, gen_check=1)
    assert (cfg.eval_every, cfg.eval_samples, cfg.gen_check, cfg.gen_max_new_tokens, cfg.select_best) == (7, 5, 1, 99, False)
    assert (cfg.batch_size, cfg.lora_r, cfg.truncate, cfg.base) == (4, 4, True, "b")
    # SFTConfig extends TrainConfig: every [train] field is a field of the run (data build reads
    # held_out_suites and val_fraction; the run records them as given)
    assert set(TrainConfig.model_fields) <= set(SFTConfig.model_fields)
    assert sft_config_from(TrainConfig(base="b"), data=tmp_path, out=tmp_path, base=None,
                           target_modules=None).batch_size is None  # chosen by device at train time
