"""The base model of a fine-tune: resolve ``--base`` (HF directory, GGUF file, catalogue name) and load it.

transformers de-quantizes GGUF files of the architectures it supports (qwen2, llama, ...); the
``hf:`` backend loads its GGUF bases through :func:`resolve_base` too. Nothing here imports torch
or transformers at module import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput


@dataclass
class BaseRef:
    """Where the base's weights are: ``path`` is a directory; ``gguf_file`` a file name inside it."""

    path: Path
    gguf_file: str | None
    label: str


def resolve_base(base: str) -> BaseRef:
    """Turn ``--base`` into a loadable reference, checking it exists and is supported.

    Raises:
        BadInput: missing path, not a model directory, not a GGUF, or a GGUF architecture
            transformers cannot load.
    """
    spec = base[len("local:") :] if base.startswith("local:") else base
    path = Path(spec).expanduser()
    if not path.exists() and "/" not in spec and not spec.endswith(".gguf"):
        from veriagent.config import load_settings
        from veriagent.llm.base import ModelNotFound
        from veriagent.llm.models import resolve

        try:
            path = resolve(spec, load_settings())
        except ModelNotFound as exc:
            raise BadInput(f"base model {base!r} does not exist ({exc})") from None
    if not path.exists():
        raise BadInput(f"base model {base!r} does not exist")
    if path.is_dir():
        if not (path / "config.json").is_file():
            ggufs = sorted(path.glob("*.gguf"))
            if len(ggufs) == 1:
                path = ggufs[0]
            else:
                raise BadInput(f"base model {path} is not a Hugging Face model directory (no config.json)")
        else:
            return BaseRef(path, None, str(path))
    _check_gguf(path)
    return BaseRef(path.parent, path.name, str(path))


def gguf_architecture(path: Path) -> str:
    """``general.architecture`` of a GGUF file.

    Raises:
        BadInput: not a GGUF file.
    """
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise BadInput(f"base model {path} is neither a model directory nor a GGUF file")
    import gguf

    try:
        reader = gguf.GGUFReader(str(path))
        field = reader.fields["general.architecture"]
        return str(field.contents())
    except (KeyError, ValueError, IndexError) as exc:
        raise BadInput(f"base model {path}: unreadable GGUF ({exc})") from None


def gguf_supported_architectures() -> list[str]:
    """GGUF architectures the installed transformers can load."""
    from transformers.modeling_gguf_pytorch_utils import GGUF_SUPPORTED_ARCHITECTURES

    archs = {a for a in GGUF_SUPPORTED_ARCHITECTURES if a not in ("general", "tokenizer")}
    try:
        from transformers.integrations.gguf.utils import GGUF_ARCHS

        archs |= set(GGUF_ARCHS)
    except ImportError:
        pass
    return sorted(archs)


def _check_gguf(path: Path) -> None:
    arch = gguf_architecture(path)
    supported = gguf_supported_architectures()
    if arch not in supported:
        raise BadInput(
            f"base model {path}: GGUF architecture {arch!r} is not supported by transformers "
            f"(supported: {', '.join(supported)})"
        )


def pick_device(device: str) -> str:
    """``auto`` -> cuda when available, else cpu."""
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def gguf_kwargs(gguf_file: str | None, *, dense: bool = False) -> dict[str, Any]:
    """``from_pretrained`` arguments for a GGUF inside the model directory ({} for an HF directory).

    ``dense``: ask for de-quantized weights (newer transformers may keep GGUF blocks packed, which
    cannot be trained or adapted); for models, not tokenizers.
    """
    if not gguf_file:
        return {}
    kw: dict[str, Any] = {"gguf_file": gguf_file}
    if dense:
        try:
            from transformers import GgufConfig

            kw["quantization_config"] = GgufConfig(dequantize=True)
        except ImportError:
            pass
    return kw


def load_tokenizer(ref: BaseRef) -> Any:
    """The base's tokenizer (with a pad token), checked to have a chat template.

    Raises:
        BadInput: transformers cannot load it, or it has no chat template.
    """
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(str(ref.path), **gguf_kwargs(ref.gguf_file))
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise BadInput(f"cannot load the tokenizer of {ref.label}: {first_line(exc)}") from None
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    if not getattr(tok, "chat_template", None):
        raise BadInput(f"base model {ref.label} has no chat template; use an instruct/chat model")
    return tok


def load_model(ref: BaseRef, dtype: str, device: str) -> Any:
    """The base model as a dense, trainable transformers model (GGUF weights de-quantized).

    Raises:
        BadInput: transformers cannot load it.
    """
    import torch
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as hf_logging

    torch_dtype = torch.bfloat16 if dtype == "bf16" else torch.float32
    kw = gguf_kwargs(ref.gguf_file, dense=True)
    hf_logging.disable_progress_bar()
    try:
        model = AutoModelForCausalLM.from_pretrained(str(ref.path), dtype=torch_dtype, **kw)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise BadInput(f"cannot load base model {ref.label}: {first_line(exc)}") from None
    finally:
        hf_logging.enable_progress_bar()
    model.to(device)  # type: ignore[arg-type]  # transformers types .to() for torch.device only; a str works
    return model


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
