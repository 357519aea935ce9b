"""hf: backend on a tiny random model built offline (and a LoRA adapter made with peft)."""

from __future__ import annotations

from pathlib import Path

import pytest

from veriagent.config import load_settings
from veriagent.llm.base import GenParams, Message, ModelNotFound
from veriagent.llm.registry import get_backend
from veriagent.train.tiny import build_tiny_model

MSGS = [Message("system", "You write Verilog."), Message("user", "Write a counter module.")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_tiny_model_loads_and_chats_greedy(tiny: Path) -> None:
    b = get_backend(f"hf:{tiny}", load_settings())
    r1 = b.chat(MSGS, GenParams(temperature=0.0, max_tokens=12))
    r2 = b.chat(MSGS, GenParams(temperature=0.0, max_tokens=12))
    assert r1.text == r2.text  # greedy is deterministic
    assert r1.usage.prompt_tokens > 10
    assert 1 <= r1.usage.completion_tokens <= 12
    assert r1.finish_reason in ("stop", "length")
    assert r1.latency > 0
    tok_prompt = b._tok.apply_chat_template([m.to_dict() for m in MSGS], tokenize=False, add_generation_prompt=True)
    assert tok_prompt.endswith("<|im_start|>assistant\n")
    assert r1.usage.prompt_tokens == len(b._tok(tok_prompt, add_special_tokens=False)["input_ids"])


def test_sampling_with_seed_is_reproducible(tiny: Path) -> None:
    b = get_backend(f"hf:{tiny}", load_settings())
    a = b.chat(MSGS, GenParams(temperature=1.0, max_tokens=8, seed=7))
    c = b.chat(MSGS, GenParams(temperature=1.0, max_tokens=8, seed=7))
    assert a.text == c.text


def test_repeat_penalty_breaks_a_greedy_loop(tiny: Path) -> None:
    b = get_backend(f"hf:{tiny}", load_settings())

    def distinct(rp: float) -> int:
        text = b.chat(MSGS, GenParams(max_tokens=20, repeat_penalty=rp)).text
        return len(set(b._tok(text, add_special_tokens=False)["input_ids"]))

    assert distinct(1.0) < distinct(2.0)  # the random tiny model repeats one token greedily


def test_adapter_changes_output(tiny: Path, tmp_path: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(tiny, local_files_only=True)
    peft_model = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    with torch.no_grad():  # LoRA B starts at zero: make the adapter do something
        for n, p in peft_model.named_parameters():
            if "lora_B" in n:
                p.normal_(0, 2.0)
    adapter = tmp_path / "adapter"
    peft_model.save_pretrained(adapter)
    plain = get_backend(f"hf:{tiny}", load_settings()).chat(MSGS, GenParams(max_tokens=10))
    tuned_backend = get_backend(f"hf:{tiny}+adapter={adapter}", load_settings())
    tuned = tuned_backend.chat(MSGS, GenParams(max_tokens=10))
    assert type(tuned_backend._model).__name__ == "PeftModelForCausalLM"
    assert tuned.usage.prompt_tokens == plain.usage.prompt_tokens
    assert tuned.text != plain.text


def test_missing_dir_and_adapter(tmp_path: Path, tiny: Path) -> None:
    with pytest.raises(ModelNotFound, match="no transformers model"):
        get_backend(f"hf:{tmp_path / 'nope'}", load_settings())
    with pytest.raises(ModelNotFound, match="no peft adapter"):
        get_backend(f"hf:{tiny}+adapter={tmp_path}", load_settings())
    with pytest.raises(ModelNotFound, match="unknown option"):
        get_backend(f"hf:{tiny}+lora={tmp_path}", load_settings())


def test_build_tiny_llama(tmp_path: Path) -> None:
    from transformers import AutoConfig

    path = build_tiny_model(tmp_path / "llama", arch="llama")
    assert AutoConfig.from_pretrained(path, local_files_only=True).model_type == "llama"
    r = get_backend(f"hf:{path}", load_settings()).chat(MSGS, GenParams(max_tokens=4))
    assert r.usage.completion_tokens >= 1


def test_gguf_base_by_catalogue_name_and_file(real_cache_dir: Path, tmp_path: Path) -> None:
    """hf: takes the same GGUF bases as `veriagent finetune --base` (de-quantized by transformers)."""
    from veriagent.llm.models import CATALOG, is_pulled

    if not is_pulled(CATALOG["smollm2-135m"], load_settings()):
        pytest.skip("smollm2-135m not pulled (run `veriagent models pull smollm2-135m`)")
    b = get_backend("hf:smollm2-135m", load_settings())
    r = b.chat(MSGS, GenParams(max_tokens=6))
    assert r.usage.prompt_tokens > 5 and r.usage.completion_tokens >= 1 and r.text.strip()
    assert b.gguf_file == "smollm2-135m.gguf"  # type: ignore[attr-defined]
    with pytest.raises(ModelNotFound, match="does not exist"):
        get_backend(f"hf:{tmp_path / 'missing.gguf'}", load_settings())
    with pytest.raises(ModelNotFound, match="does not exist"):
        get_backend("hf:no-such-model", load_settings())
