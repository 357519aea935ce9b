"""A tiny random causal LM with a real tokenizer, built offline, for tests of the hf: and train paths.

``build_tiny_model(path)`` writes a transformers model directory (config, random weights, a
byte-level BPE tokenizer trained on a few strings, and a ChatML chat template) that loads with
``AutoModelForCausalLM`` / ``AutoTokenizer`` from the directory, no hub needed. Its outputs are
random; it exists to exercise loading, chat templating, generation, LoRA and saving quickly.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput

log = logging.getLogger(__name__)

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
_CORPUS = [
    "module counter(input clk, input reset, output reg [3:0] q);",
    "always @(posedge clk) if (reset) q <= 0; else q <= q + 1;",
    "assign y = a & b; assign z = a | b; endmodule",
    "You are a helpful assistant that writes Verilog. Write a module from this spec.",
    "input wire [7:0] data_in, output wire [7:0] data_out, parameter WIDTH = 8",
    "The quick brown fox jumps over the lazy dog. 0123456789 ()[]{}<>=+-*/;:,.'\"`#@!?_",
]
ARCHS = ("qwen2", "llama")


def _tokenizer(vocab_size: int) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_CORPUS * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        bos_token=None,
        unk_token=None,
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_tiny_model(path: Path, arch: str = "qwen2", *, seed: int = 0, vocab_size: int = 400) -> Path:
    """Write a tiny random ``arch`` model and its tokenizer into ``path``; return ``path``.

    Args:
        path: the directory to create (or overwrite files in).
        arch: ``"qwen2"`` or ``"llama"``.
        seed: torch seed for the random weights (same seed, same model).
        vocab_size: BPE vocabulary size to train.

    Returns:
        ``path``, loadable with ``AutoModelForCausalLM.from_pretrained(path)``.

    Raises:
        BadInput: unknown ``arch``.
    """
    if arch not in ARCHS:
        raise BadInput(f"unknown tiny-model arch {arch!r}; known: {', '.join(ARCHS)}")
    import torch
    from transformers import AutoModelForCausalLM, LlamaConfig, Qwen2Config

    path.mkdir(parents=True, exist_ok=True)
    tok = _tokenizer(vocab_size)
    common = dict(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        bos_token_id=None,
        tie_word_embeddings=True,
    )
    config = Qwen2Config(**common) if arch == "qwen2" else LlamaConfig(**common)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.save_pretrained(path)
    tok.save_pretrained(path)
    log.info("built tiny %s model (%d params) at %s", arch, sum(p.numel() for p in model.parameters()), path)
    return path
