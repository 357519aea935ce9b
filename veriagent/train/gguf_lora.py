"""Convert a peft LoRA adapter to llama.cpp's GGUF LoRA format (for ``local:NAME+adapter=DIR``).

llama.cpp reads an adapter GGUF with ``general.type = "adapter"``, ``adapter.type = "lora"``,
``adapter.lora.alpha`` and, for each adapted weight ``W`` of the base (GGUF name such as
``blk.0.attn_q.weight``), two tensors ``blk.0.attn_q.weight.lora_a`` (shape r x in, as peft's
``lora_A``) and ``...lora_b`` (out x r, as peft's ``lora_B``); it applies
``W x + (alpha / r) * B (A x)``. This mirrors llama.cpp's own ``convert_lora_to_gguf.py`` (not
shipped with llama-cpp-python) for the architectures whose weights need no re-layout (qwen2 and
most others); for llama, whose q/k rows GGUF stores permuted, ``lora_B`` of q/k gets the same
permutation.
"""

from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from veriagent.errors import BadInput

log = logging.getLogger(__name__)

ADAPTER_FILE = "adapter.gguf"
_KEY_RE = re.compile(r"^(?:base_model\.model\.)?(?P<mod>.+)\.lora_(?P<ab>[AB])(?:\.default)?\.weight$")


def _permute(w: Any, n_head: int) -> Any:
    """The row permutation convert_hf_to_gguf applies to llama q/k weights."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def base_gguf_metadata(path: Path) -> dict[str, Any]:
    """architecture, block count and head counts of a base GGUF.

    Raises:
        BadInput: not a readable GGUF file.
    """
    import gguf

    try:
        reader = gguf.GGUFReader(str(path))
    except (ValueError, OSError) as exc:
        raise BadInput(f"{path}: not a readable GGUF file ({exc})") from None
    fields = reader.fields
    arch = str(fields["general.architecture"].contents())

    def get(key: str) -> Any:
        f = fields.get(f"{arch}.{key}")
        return f.contents() if f is not None else None

    return {
        "arch": arch,
        "blocks": get("block_count"),
        "n_head": get("attention.head_count"),
        "n_head_kv": get("attention.head_count_kv"),
        "tensors": {t.name: tuple(int(x) for x in t.shape) for t in reader.tensors},
    }


def convert_adapter(adapter_dir: Path, base_gguf: Path, out_file: Path | None = None) -> Path:
    """Write ``adapter_dir``'s LoRA weights as a llama.cpp LoRA GGUF for the base ``base_gguf``.

    Args:
        adapter_dir: a peft LoRA adapter (``adapter_config.json`` + ``adapter_model.safetensors``).
        base_gguf: the GGUF the adapter will be applied to (names, shapes and architecture come from it).
        out_file: where to write (default ``adapter_dir/adapter.gguf``).

    Returns:
        The written file.

    Raises:
        BadInput: not a LoRA adapter, an unsupported variant (DoRA), or weights that do not fit the base.
    """
    import gguf
    import numpy as np
    from safetensors.torch import load_file

    cfg_file = adapter_dir / "adapter_config.json"
    weights = adapter_dir / "adapter_model.safetensors"
    if not cfg_file.is_file() or not weights.is_file():
        raise BadInput(
            f"{adapter_dir} is not a peft adapter (adapter_config.json + adapter_model.safetensors)"
        )
    cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
    if cfg.get("peft_type") != "LORA":
        raise BadInput(f"{adapter_dir}: peft type {cfg.get('peft_type')!r} is not LORA")
    if cfg.get("use_dora"):
        raise BadInput(f"{adapter_dir}: DoRA adapters cannot be converted for llama.cpp")
    r = int(cfg["r"])
    alpha = float(cfg["lora_alpha"])
    if cfg.get("use_rslora"):  # peft scales by alpha/sqrt(r); llama.cpp by alpha/r
        alpha = alpha * math.sqrt(r)
    meta = base_gguf_metadata(base_gguf)
    arch = meta["arch"]
    names = {v: k for k, v in gguf.MODEL_ARCH_NAMES.items()}
    if arch not in names:
        raise BadInput(f"{base_gguf}: architecture {arch!r} unknown to the gguf package")
    name_map = gguf.get_tensor_name_map(names[arch], int(meta["blocks"]))
    tensors = load_file(str(weights))
    pairs: dict[str, dict[str, Any]] = {}
    for key, t in tensors.items():
        m = _KEY_RE.match(key)
        if not m:
            raise BadInput(f"{adapter_dir}: unexpected tensor {key} (only LoRA A/B weights can be converted)")
        gname = name_map.get_name(m.group("mod"))
        if gname is None:
            raise BadInput(f"{adapter_dir}: no GGUF tensor for {m.group('mod')} in a {arch} model")
        pairs.setdefault(gname + ".weight", {})[m.group("ab")] = t.float().numpy()
    out = out_file or adapter_dir / ADAPTER_FILE
    writer = gguf.GGUFWriter(str(out), arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    writer.add_name(f"veriagent LoRA r={r}")
    for name, ab in sorted(pairs.items()):
        if set(ab) != {"A", "B"}:
            raise BadInput(f"{adapter_dir}: {name} has lora_{'A' if 'A' not in ab else 'B'} missing")
        a, b = ab["A"].astype(np.float32), ab["B"].astype(np.float32)
        shape = meta["tensors"].get(name)
        if shape is None:
            raise BadInput(f"{adapter_dir}: base {base_gguf.name} has no tensor {name}")
        # GGUFReader shapes are ggml order (in, out); the LoRA pair must map in -> out.
        if (a.shape[1], b.shape[0]) != (shape[0], shape[1]):
            raise BadInput(
                f"{adapter_dir}: {name} is {b.shape[0]}x{a.shape[1]} in the adapter but "
                f"{shape[1]}x{shape[0]} in {base_gguf.name}: wrong base model?"
            )
        if arch == "llama" and (name.endswith("attn_q.weight") or name.endswith("attn_k.weight")):
            heads = meta["n_head"] if name.endswith("attn_q.weight") else meta["n_head_kv"] or meta["n_head"]
            b = _permute(b, int(heads))
        writer.add_tensor(name + ".lora_a", np.ascontiguousarray(a))
        writer.add_tensor(name + ".lora_b", np.ascontiguousarray(b))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    log.info("wrote %s (%d LoRA pairs, r=%d, alpha=%g) for %s", out, len(pairs), r, alpha, base_gguf.name)
    return out
