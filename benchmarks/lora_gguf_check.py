"""Does a veriagent LoRA adapter do the same thing in llama.cpp (``local:...+adapter=``) as in transformers?

Trains a short LoRA on a GGUF base (or takes ``--adapter``), converts it to llama.cpp's LoRA GGUF,
then compares the change the adapter makes to the next-token logits of a prompt:
``delta_hf = logits(base+adapter) - logits(base)`` in transformers (de-quantized weights) and
``delta_cpp`` the same in llama.cpp (quantized weights, ``lora_path``). A correct conversion gives a
cosine similarity close to 1 (quantization makes the bases differ a little, not the deltas' direction).
It also reports whether greedy generation differs with the adapter, at scale 1 and a larger scale.

    python benchmarks/lora_gguf_check.py --base ~/.cache/veriagent/models/smollm2-135m.gguf --steps 8
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

PROMPT = [{"role": "user", "content": "Write a Verilog module named top_module: a 4-bit counter with synchronous reset."}]


def _hf_logits(base: Path, adapter: Path) -> tuple[list[float], list[float]]:
    """Last-position logits of the prompt without and with the adapter (one model load)."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    tok = AutoTokenizer.from_pretrained(str(base.parent), gguf_file=base.name)
    model = AutoModelForCausalLM.from_pretrained(str(base.parent), gguf_file=base.name, dtype=torch.float32,
                                                 quantization_config=GgufConfig(dequantize=True))
    model = PeftModel.from_pretrained(model, str(adapter))
    text = tok.apply_chat_template(PROMPT, tokenize=False, add_generation_prompt=True)
    ids = tok(text, return_tensors="pt", add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        with model.disable_adapter():
            plain = [float(x) for x in model(input_ids=ids).logits[0, -1]]
        adapted = [float(x) for x in model(input_ids=ids).logits[0, -1]]
    return plain, adapted


def _cpp(base: Path, lora: Path | None, scale: float = 1.0) -> tuple[list[float], str]:
    import llama_cpp
    import numpy as np

    kw = {"lora_path": str(lora), "lora_scale": scale} if lora else {}
    m = llama_cpp.Llama(model_path=str(base), n_ctx=1024, n_threads=1, logits_all=True, verbose=False, **kw)
    text = m.create_chat_completion(messages=PROMPT, temperature=0, max_tokens=48, seed=1)["choices"][0]["message"]["content"]
    # Logits of the prompt's last position, computed fresh.
    tmpl = m.metadata.get("tokenizer.chat_template")
    from jinja2 import Template

    prompt = Template(tmpl).render(messages=PROMPT, add_generation_prompt=True)
    toks = m.tokenize(prompt.encode(), add_bos=False, special=True)
    m.reset()
    m.eval(toks)
    logits = np.array(m.scores[len(toks) - 1], dtype=np.float64)
    return [float(x) for x in logits], text


def _cos(a: list[float], b: list[float]) -> float:
    import numpy as np

    x, y = np.array(a), np.array(b)
    return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y) + 1e-12))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--adapter", type=Path, help="an existing peft adapter trained on --base")
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--scale", type=float, default=4.0, help="extra lora_scale for the generation check")
    args = ap.parse_args()
    import numpy as np

    from veriagent.train.gguf_lora import convert_adapter

    work = Path(tempfile.mkdtemp(prefix="lora-check-"))
    adapter = args.adapter
    t0 = time.monotonic()
    if adapter is None:
        from veriagent.train.data import BuildOptions, build_dataset
        from veriagent.train.sft import SFTConfig, train

        build_dataset(BuildOptions(out=work / "data", val_fraction=0.1))
        adapter = work / "adapter"
        train(SFTConfig(base=str(args.base), data=work / "data", out=adapter, max_steps=args.steps, batch_size=2,
                        max_length=512, learning_rate=args.lr, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
                        dtype="fp32"))
    lora = adapter / "adapter.gguf"
    if not lora.is_file():
        lora = convert_adapter(adapter, args.base, work / "adapter.gguf")
    train_s = time.monotonic() - t0
    hf0, hf1 = _hf_logits(args.base, adapter)
    cpp0, text0 = _cpp(args.base, None)
    cpp1, text1 = _cpp(args.base, lora)
    cpp_s, text_s = _cpp(args.base, lora, args.scale)
    cpp_z, _ = _cpp(args.base, lora, 0.0)  # adapter attached at scale 0: llama.cpp's own noise floor
    d_hf = list(np.array(hf1) - np.array(hf0))
    d_cpp = list(np.array(cpp1) - np.array(cpp0))
    d_cpp_s = list((np.array(cpp_s) - np.array(cpp0)) / args.scale)
    report = {
        f"cos(delta_hf, delta_cpp at scale {args.scale} / {args.scale})": round(_cos(d_hf, d_cpp_s), 4),
        f"|delta_cpp at scale {args.scale}| / {args.scale}": round(float(np.linalg.norm(d_cpp_s)), 4),
        "|noise floor: cpp(scale 0) - cpp(base)|": round(float(np.linalg.norm(np.array(cpp_z) - np.array(cpp0))), 4),
        "base": str(args.base), "adapter": str(adapter), "train_seconds": round(train_s, 1),
        "cos(delta_hf, delta_cpp)": round(_cos(d_hf, d_cpp), 4),
        "|delta_hf|": round(float(np.linalg.norm(d_hf)), 4), "|delta_cpp|": round(float(np.linalg.norm(d_cpp)), 4),
        "cos(base_hf, base_cpp)": round(_cos(hf0, cpp0), 4),
        "argmax base/adapter (hf)": [int(np.argmax(hf0)), int(np.argmax(hf1))],
        "argmax base/adapter (cpp)": [int(np.argmax(cpp0)), int(np.argmax(cpp1))],
        "generation differs at scale 1": text0 != text1, f"generation differs at scale {args.scale}": text0 != text_s,
        "base text": text0[:160], "adapter text": text1[:160], f"adapter x{args.scale} text": text_s[:160],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
