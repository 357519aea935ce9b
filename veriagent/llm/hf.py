"""``hf:<dir|file.gguf|catalogue-name>[+adapter=<dir>]``: a transformers causal LM, optionally with a peft
adapter.

A GGUF base (a file, or a pulled catalogue name such as ``qwen2.5-coder-0.5b``) is de-quantized by
transformers at load (llama/qwen2 architectures), the same base ``veriagent finetune --base`` takes.

Nothing is fetched from the hub (``local_files_only``). The prompt is built with the tokenizer's
chat template; decoding is greedy at temperature 0, sampling otherwise (seeded when a seed is
given). Usage counts the prompt and generated tokens; ``finish_reason`` is ``"length"`` when
generation stopped at ``max_tokens`` rather than at an end-of-sequence token.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from veriagent.config import Settings
from veriagent.llm.base import BackendUnavailable, GenParams, Message, ModelNotFound, Reply, Usage

log = logging.getLogger(__name__)

INSTALL_HINT = "transformers/torch are not installed; run `pip install 'veriagent[train]'`"
_LOCK = threading.Lock()


def parse_name(name: str) -> tuple[Path, Path | None]:
    """Split ``PATH[+adapter=DIR]`` into the model directory and the adapter directory.

    Raises:
        ModelNotFound: an option other than ``adapter=``.
    """
    base, *opts = name.split("+")
    adapter: Path | None = None
    for opt in opts:
        key, _, value = opt.partition("=")
        if key != "adapter" or not value:
            raise ModelNotFound(f"hf:{name}: unknown option {opt!r}; use hf:PATH+adapter=DIR")
        adapter = Path(value).expanduser()
    return Path(base).expanduser(), adapter


class HFBackend:
    """A transformers model (plus optional peft adapter) run on the CPU in this process."""

    def __init__(
        self, name: str, model_dir: Path, adapter: Path | None = None, gguf_file: str | None = None
    ) -> None:
        self.name = f"hf:{name}"
        self.model_dir = model_dir
        self.adapter = adapter
        self.gguf_file = gguf_file  # a GGUF inside model_dir, de-quantized by transformers at load
        self._model: Any = None
        self._tok: Any = None

    def _load(self) -> tuple[Any, Any]:
        if self._model is not None:
            return self._model, self._tok
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError:
            raise BackendUnavailable(INSTALL_HINT) from None
        hf_logging.disable_progress_bar()  # no per-load progress bars on the user's terminal
        t0 = time.monotonic()
        from veriagent.llm.hf_base import gguf_kwargs

        try:
            tok = AutoTokenizer.from_pretrained(
                self.model_dir, local_files_only=True, **gguf_kwargs(self.gguf_file)
            )
            model = AutoModelForCausalLM.from_pretrained(
                self.model_dir,
                local_files_only=True,
                dtype=torch.float32,
                **gguf_kwargs(self.gguf_file, dense=True),
            )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelNotFound(f"cannot load a transformers model from {self.model_dir}: {exc}") from None
        if self.adapter is not None:
            try:
                from peft import PeftModel
            except ImportError:
                raise BackendUnavailable(
                    "peft is not installed; run `pip install 'veriagent[train]'`"
                ) from None
            try:
                model = PeftModel.from_pretrained(model, str(self.adapter), is_trainable=False)  # type: ignore[assignment]  # PeftModel wraps the causal LM; same interface, other class
            except (OSError, ValueError) as exc:
                raise ModelNotFound(f"cannot load the peft adapter at {self.adapter}: {exc}") from None
        model.eval()
        log.info("loaded %s in %.1fs", self.name, time.monotonic() - t0)
        self._model, self._tok = model, tok
        return model, tok

    def _prompt(self, tok: Any, messages: list[Message]) -> str:
        chat = [m.to_dict() for m in messages]
        if getattr(tok, "chat_template", None):
            return str(tok.apply_chat_template(chat, tokenize=False, add_generation_prompt=True))
        log.warning("%s has no chat template; using a plain role: content prompt", self.model_dir)
        return "".join(f"{m.role}: {m.content}\n" for m in messages) + "assistant: "

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """Generate one reply.

        Raises:
            ModelNotFound: the directory or adapter cannot be loaded.
            BackendUnavailable: torch/transformers/peft missing.
        """
        import torch

        with _LOCK:
            model, tok = self._load()
            enc = tok(self._prompt(tok, messages), return_tensors="pt", add_special_tokens=False)
            n_prompt = int(enc["input_ids"].shape[1])
            gen: dict[str, Any] = {"max_new_tokens": params.max_tokens, "pad_token_id": tok.pad_token_id}
            if tok.pad_token_id is None:
                gen["pad_token_id"] = tok.eos_token_id
            if params.temperature > 0:
                gen.update(do_sample=True, temperature=params.temperature)
                if params.seed is not None:
                    torch.manual_seed(params.seed)
            else:
                gen.update(do_sample=False, temperature=None, top_p=None, top_k=None)
            if params.repeat_penalty != 1.0:
                gen["repetition_penalty"] = params.repeat_penalty
            t0 = time.monotonic()
            with torch.inference_mode():
                out = model.generate(**enc, **gen)
            latency = time.monotonic() - t0
        new = out[0][n_prompt:]
        eos = model.generation_config.eos_token_id
        eos_ids = set(eos if isinstance(eos, list) else [eos]) | {tok.eos_token_id}
        ended = len(new) > 0 and int(new[-1]) in eos_ids
        text = tok.decode(new, skip_special_tokens=True)
        finish = "stop" if ended or len(new) < params.max_tokens else "length"
        for s in params.stop:
            if s and s in text:
                text, finish = text[: text.index(s)], "stop"
        return Reply(text, Usage(n_prompt, len(new)), latency, finish, self.name)


def create(name: str, settings: Settings) -> HFBackend:
    """The backend ``hf:<dir-or-id>[+adapter=<dir>]`` (loaded at the first call).

    An ``org/name`` id that is not a directory is looked up in the local Hugging Face cache only.

    Raises:
        ModelNotFound: the model or adapter directory does not exist.
    """
    model_dir, adapter = parse_name(name)
    raw = name.split("+")[0]
    gguf_file = None
    if raw.endswith(".gguf") or (not model_dir.exists() and "/" not in raw):
        # a GGUF file or a pulled catalogue name: the base `veriagent finetune --base` accepts
        from veriagent.errors import BadInput
        from veriagent.llm.hf_base import resolve_base

        try:
            ref = resolve_base(raw)
        except BadInput as exc:
            raise ModelNotFound(f"hf:{raw}: {exc.message}") from None
        model_dir, gguf_file = ref.path, ref.gguf_file
    hub_id = not model_dir.exists() and raw.count("/") == 1 and not raw.startswith((".", "/", "~"))
    if not hub_id and not gguf_file and not (model_dir / "config.json").is_file():
        raise ModelNotFound(f"no transformers model at {model_dir} (hf: loads local directories only)")
    if adapter is not None and not (adapter / "adapter_config.json").is_file():
        raise ModelNotFound(f"no peft adapter at {adapter} (expected adapter_config.json)")
    return HFBackend(name, model_dir, adapter, gguf_file)
