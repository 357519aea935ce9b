"""LoRA supervised fine-tuning (transformers + peft) on chat-format data from ``veriagent data build``.

The base is a Hugging Face model directory or a GGUF file (transformers de-quantizes GGUF for the
architectures it supports, e.g. qwen2 and llama). The loss covers the assistant reply only: the
prompt is rendered with the base's own chat template, tokenised, and its labels set to -100.

Output: the adapter in peft format plus ``README.md`` (model card), ``train_log.jsonl``,
``veriagent_train.json`` and a ``done`` marker. Everything is written to ``<out>.partial/`` (which
also holds the resumable checkpoint) and renamed to ``<out>`` only when training succeeded.
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import random
import resource
import shutil
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from veriagent.config import TrainConfig
from veriagent.errors import BadInput, ResourceExhausted
from veriagent.llm.hf_base import (  # noqa: F401  (re-exported: the base is part of the finetune API)
    BaseRef,
    gguf_architecture,
    gguf_supported_architectures,
    load_model,
    load_tokenizer,
    pick_device,
    resolve_base,
)
from veriagent.train.data import Sample, data_hash, read_jsonl

log = logging.getLogger(__name__)

CPU_BATCH = 2
CUDA_BATCH = 8
"""Default micro-batch on a GPU (bf16 LoRA of a 1.5B at 1024 tokens fits in a few GB)."""


class SFTConfig(TrainConfig):
    """One LoRA run: the ``[train]`` hyper-parameters (:class:`~veriagent.config.TrainConfig`), its paths."""

    base: str
    """HF model directory, a ``.gguf`` file, or a pulled catalogue model (``local:NAME`` / ``NAME``)."""
    data: Path
    """Directory with ``train.jsonl`` (+ ``validation.jsonl``), or one ``.jsonl`` file."""
    out: Path
    device: str = "auto"
    threads: int = Field(0, ge=0)
    """CPU threads for torch; 0 = auto: the cores other processes leave idle, re-chosen every 8 steps."""
    save_every: int = Field(50, ge=1)
    """Write a resumable checkpoint every N optimizer steps."""
    resume: bool = False
    force: bool = False
    """Replace an existing finished ``out``."""


class StepInfo(BaseModel):
    """Progress event passed to the ``on_step`` callback."""

    phase: Literal["load", "train", "eval", "save", "done"]
    step: int = 0
    total: int = 0
    loss: float | None = None
    eval_loss: float | None = None
    lr: float = 0.0
    seconds: float = 0.0
    message: str = ""


class TrainResult(BaseModel):
    """What a finished run produced (also written as ``veriagent_train.json``)."""

    out: str
    base: str
    data: str
    data_hash: str
    steps: int
    epochs: float
    train_samples: int
    validation_samples: int
    dropped_too_long: int
    truncated: int
    tokens_trained: int
    first_loss: float | None
    final_train_loss: float | None
    initial_eval_loss: float | None
    final_eval_loss: float | None
    seconds: float
    seconds_per_step: float
    load_seconds: float
    peak_rss_mb: float
    peak_gpu_mb: float | None = None
    device: str
    dtype: str
    trainable_params: int
    total_params: int
    resumed_from: int = 0
    gguf_adapter: str | None = None
    """llama.cpp LoRA file written next to the adapter when the base is a GGUF (for ``local:...+adapter=``).
    """
    hyper: dict[str, Any] = Field(default_factory=dict)
    evals: list[dict[str, Any]] = Field(default_factory=list)
    """Every evaluation: step, validation loss, generation check (ended / checked, tokens)."""
    selected_step: int | None = None
    """The step whose adapter was kept (``select_best``); None: the last."""


OnStep = Callable[[StepInfo], None]


# --------------------------------------------------------------------------------------------------
# Tokenisation
# --------------------------------------------------------------------------------------------------


@dataclass
class Encoded:
    input_ids: list[int]
    labels: list[int]
    truncated: bool


def encode(tok: Any, messages: Sequence[dict[str, str]], max_length: int) -> Encoded | None:
    """Token ids and labels (-100 on the prompt) of one chat sample, None when the prompt alone is too long"""
    if not messages or messages[-1]["role"] != "assistant":
        return None
    prefix = tok.apply_chat_template(list(messages[:-1]), tokenize=False, add_generation_prompt=True)
    full = tok.apply_chat_template(list(messages), tokenize=False)
    if not full.startswith(prefix):  # a template that re-renders earlier turns: cut at the reply
        idx = full.rfind(messages[-1]["content"])
        prefix = full[:idx] if idx > 0 else prefix
    p_ids = tok(prefix, add_special_tokens=False)["input_ids"]
    c_ids = tok(
        full[len(prefix) :] if full.startswith(prefix) else messages[-1]["content"], add_special_tokens=False
    )["input_ids"]
    if len(p_ids) >= max_length - 8 or not c_ids:
        return None
    end = end_of_turn_ids(tok)
    if end and not any(i in end for i in c_ids):  # a template whose reply does not end with the stop token
        c_ids = [*c_ids, min(end)]
    ids = (p_ids + c_ids)[:max_length]
    labels = ([-100] * len(p_ids) + c_ids)[:max_length]
    return Encoded(ids, labels, len(p_ids) + len(c_ids) > max_length)


def end_of_turn_ids(tok: Any) -> set[int]:
    """Token ids generation stops at: the tokenizer's EOS and ``<|im_end|>`` / ``<|eot_id|>`` /
    ``<end_of_turn>``.
    """
    ids = {int(tok.eos_token_id)} if tok.eos_token_id is not None else set()
    vocab = tok.get_vocab()
    ids |= {int(vocab[t]) for t in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>") if t in vocab}
    return ids


def _batches(items: list[Encoded], batch_size: int, seed: int, epoch: int) -> list[list[Encoded]]:
    order = list(range(len(items)))
    random.Random(f"{seed}:{epoch}").shuffle(order)
    full = len(order) // batch_size * batch_size  # drop the ragged tail: every batch is full
    return [[items[i] for i in order[k : k + batch_size]] for k in range(0, full, batch_size)]


def _collate(batch: list[Encoded], pad_id: int, device: str) -> dict[str, Any]:
    import torch

    n = max(len(e.input_ids) for e in batch)
    ids = [e.input_ids + [pad_id] * (n - len(e.input_ids)) for e in batch]
    labels = [e.labels + [-100] * (n - len(e.labels)) for e in batch]
    mask = [[1] * len(e.input_ids) + [0] * (n - len(e.input_ids)) for e in batch]
    return {
        "input_ids": torch.tensor(ids, device=device),
        "labels": torch.tensor(labels, device=device),
        "attention_mask": torch.tensor(mask, device=device),
    }


def dataset_digest(data: Path) -> str:
    """The identity of a training data set (a ``.jsonl`` file or a built directory), as recorded in a fit's
    result.
    """
    if data.is_file():
        return data_hash([data])
    manifest = data / "manifest.json"
    digest = ""
    if manifest.is_file():
        digest = str(json.loads(manifest.read_text(encoding="utf-8")).get("data_hash", ""))
    train_f, val_f = data / "train.jsonl", data / "validation.jsonl"
    return digest or data_hash([train_f] + ([val_f] if val_f.is_file() else []))


def _load_split(data: Path) -> tuple[list[Sample], list[Sample], str]:
    if data.is_file() and data.suffix == ".jsonl":
        return read_jsonl(data), [], dataset_digest(data)
    if not data.is_dir():
        raise BadInput(f"training data {data} does not exist")
    train_f, val_f = data / "train.jsonl", data / "validation.jsonl"
    if not train_f.is_file():
        raise BadInput(f"{data} has no train.jsonl; build one with `veriagent data build --out {data}`")
    return read_jsonl(train_f), read_jsonl(val_f) if val_f.is_file() else [], dataset_digest(data)


# --------------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------------


def auto_threads() -> int:
    """Cores not used by other running processes (at least 1).

    torch's CPU threads meet at barriers after each operation; on a shared machine a thread whose
    core is taken stalls the others. Measured on 2 shared cores (load ~4), qwen2.5-coder-0.5b LoRA
    r=8, batch 2 x 256: 42 s/step with 2 threads, 6.2 s/step with 1.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return cores
    return max(1, min(cores, cores - (running - 1)))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _lr_at(step: int, total: int, warmup: int, lr: float) -> float:
    if warmup and step < warmup:
        return lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def evaluate(model: Any, items: list[Encoded], batch_size: int, pad_id: int, device: str) -> float | None:
    """Mean per-token loss of ``items`` (assistant tokens only); None when empty."""
    import torch

    if not items:
        return None
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for k in range(0, len(items), batch_size):
            batch = _collate(items[k : k + batch_size], pad_id, device)
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            shift_logits = logits[:, :-1, :].float()
            shift_labels = batch["labels"][:, 1:]
            loss = torch.nn.functional.cross_entropy(
                shift_logits.reshape(-1, shift_logits.size(-1)),
                shift_labels.reshape(-1),
                ignore_index=-100,
                reduction="sum",
            )
            total += float(loss)
            count += int((shift_labels != -100).sum())
    if was_training:
        model.train()
    return total / count if count else None


def generation_check(
    model: Any, items: list[Encoded], tok: Any, device: str, max_new_tokens: int = 0
) -> dict[str, Any]:
    """Greedy replies to the prompts of ``items``: how many end with the end-of-turn token, and their lengths.

    ``max_new_tokens`` 0: 1.5 x the longest reference reply among ``items``, + 16.
    """
    import torch

    end = end_of_turn_ids(tok)
    ended, lengths = 0, []
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for e in items:
            first = next(i for i, lab in enumerate(e.labels) if lab != -100)
            budget = max_new_tokens or int(1.5 * sum(lab != -100 for lab in e.labels)) + 16
            ids = torch.tensor([e.input_ids[:first]], device=device)
            gen = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=budget,
                do_sample=False,
                eos_token_id=sorted(end),
                pad_token_id=int(tok.pad_token_id),
            )
            new = gen[0, ids.shape[1] :].tolist()
            lengths.append(len(new))
            ended += bool(new) and new[-1] in end
    if was_training:
        model.train()
    return {"ended": ended, "checked": len(items), "tokens": lengths}


def _better(a: dict[str, Any], b: dict[str, Any] | None) -> bool:
    """Whether evaluation ``a`` is a better adapter than ``b``: more replies ended, then lower loss."""
    if b is None:
        return True
    ga, gb = a.get("gen") or {}, b.get("gen") or {}
    share_a = ga["ended"] / ga["checked"] if ga.get("checked") else 1.0
    share_b = gb["ended"] / gb["checked"] if gb.get("checked") else 1.0
    if share_a != share_b:
        return share_a > share_b
    return (a["eval_loss"] if a["eval_loss"] is not None else math.inf) < (
        b["eval_loss"] if b["eval_loss"] is not None else math.inf
    )


def _save_or_raise(what: str, fn: Callable[[], None]) -> None:
    try:
        fn()
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ResourceExhausted(
                f"out of disk space while saving {what}; the adapter was not written"
            ) from None
        raise


def _save_checkpoint(work: Path, model: Any, opt: Any, state: dict[str, Any]) -> None:
    import torch

    tmp = work / "checkpoint.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _save_adapter(model, tmp)
    torch.save(opt.state_dict(), tmp / "optimizer.pt")
    rng = {"torch": torch.get_rng_state(), "python": random.getstate()}
    torch.save(rng, tmp / "rng.pt")
    (tmp / "state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")
    final = work / "checkpoint"
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)


def _resume_state(work: Path, model: Any, opt: Any, fingerprint: dict[str, Any]) -> dict[str, Any] | None:
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    ck = work / "checkpoint"
    if not (ck / "state.json").is_file():
        return None
    state: dict[str, Any] = json.loads((ck / "state.json").read_text(encoding="utf-8"))
    if state.get("fingerprint") != fingerprint:
        raise BadInput(
            f"checkpoint in {work} was made with other data or hyper-parameters; "
            "drop --resume (or delete it) to start again"
        )
    set_peft_model_state_dict(model, load_file(str(ck / "adapter_model.safetensors")))
    opt.load_state_dict(torch.load(ck / "optimizer.pt", weights_only=False))
    rng = torch.load(ck / "rng.pt", weights_only=False)
    torch.set_rng_state(rng["torch"])
    random.setstate(rng["python"])
    return state


def _fingerprint(cfg: SFTConfig, digest: str) -> dict[str, Any]:
    keys = (
        "base",
        "lora_r",
        "lora_alpha",
        "lora_dropout",
        "target_modules",
        "learning_rate",
        "epochs",
        "max_steps",
        "batch_size",
        "grad_accum",
        "max_length",
        "seed",
        "dtype",
        "warmup_ratio",
    )
    fp = {k: getattr(cfg, k) for k in keys}
    fp["data_hash"] = digest
    return json.loads(json.dumps(fp))


def _iter_micro(train: list[Encoded], cfg: SFTConfig, n_epochs: int) -> Iterator[tuple[int, list[Encoded]]]:
    for epoch in range(n_epochs):
        for batch in _batches(train, cfg.batch_size or CPU_BATCH, cfg.seed, epoch):
            yield epoch, batch


def train(cfg: SFTConfig, *, on_step: OnStep | None = None) -> TrainResult:
    """Fine-tune a LoRA adapter; see the module docstring for what is written where.

    Args:
        cfg: paths and hyper-parameters.
        on_step: progress callback (load, every optimizer step, eval, save, done).

    Returns:
        The :class:`TrainResult` of the finished run.

    Raises:
        BadInput: bad base, data, or output directory; a dataset smaller than one batch.
        ResourceExhausted: the disk filled up while saving (nothing is reported as done).
    """
    t_start = time.monotonic()
    emit = on_step or (lambda _info: None)
    out = cfg.out
    work = out.with_name(out.name + ".partial")
    if (out / "done").is_file() and not cfg.force:
        raise BadInput(f"{out} already holds a finished adapter; pass --force to replace it")
    if out.exists() and not (out / "done").is_file() and any(out.iterdir()) and not cfg.force:
        raise BadInput(f"{out} exists and is not an adapter of ours; choose another --out or pass --force")
    train_s, val_s, digest = _load_split(cfg.data)
    if not train_s:
        raise BadInput(f"{cfg.data}: no training samples")
    if len(train_s) < (cfg.batch_size or 1):
        raise BadInput(
            f"{cfg.data}: {len(train_s)} training sample(s), fewer than one batch "
            f"(--batch-size {cfg.batch_size})"
        )
    ref = resolve_base(cfg.base)
    if not cfg.resume and work.exists():
        shutil.rmtree(work)
    try:
        work.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot create {work}: {exc.strerror}") from None

    import torch
    from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict

    device = pick_device(cfg.device)
    bs = cfg.batch_size or (CUDA_BATCH if device.startswith("cuda") else CPU_BATCH)
    cfg = cfg.model_copy(update={"batch_size": bs})
    if device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
    torch.set_num_threads(cfg.threads or auto_threads())
    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)
    tok = load_tokenizer(ref)
    enc_train = [e for e in (encode(tok, s.messages, cfg.max_length) for s in train_s) if e is not None]
    enc_val = [e for e in (encode(tok, s.messages, cfg.max_length) for s in val_s) if e is not None]
    if not cfg.truncate:
        enc_train, enc_val = (
            [e for e in enc_train if not e.truncated],
            [e for e in enc_val if not e.truncated],
        )
    dropped = len(train_s) + len(val_s) - len(enc_train) - len(enc_val)
    truncated = sum(e.truncated for e in enc_train + enc_val)
    hint = "" if cfg.truncate else " (--truncate keeps longer ones, cut)"
    if dropped:
        log.warning("%d sample(s) do not fit --max-length %d%s: dropped", dropped, cfg.max_length, hint)
    if len(enc_train) < bs:
        raise BadInput(
            f"{cfg.data}: {len(enc_train)} training sample(s) fit --max-length {cfg.max_length}{hint}, "
            f"fewer than one batch (--batch-size {cfg.batch_size})"
        )
    emit(StepInfo(phase="load", message=f"loading {ref.label}"))
    t0 = time.monotonic()
    model = load_model(ref, cfg.dtype, device)
    load_seconds = time.monotonic() - t0
    module_names = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    missing = [t for t in cfg.target_modules if t not in module_names]
    if missing:
        raise BadInput(f"--target-modules {','.join(missing)} not found in {ref.label}")
    lcfg = LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=list(cfg.target_modules),
        task_type="CAUSAL_LM",
        bias="none",
    )
    with warnings.catch_warnings():  # peft calls a transformers API deprecated in v5
        warnings.simplefilter("ignore", FutureWarning)
        model = get_peft_model(model, lcfg)
    model.peft_config["default"].base_model_name_or_path = ref.label
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total_params = sum(p.numel() for p in model.parameters())
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)

    micro_per_epoch = len(enc_train) // bs
    steps_per_epoch = max(1, micro_per_epoch // cfg.grad_accum)
    total = cfg.max_steps or max(1, math.ceil(cfg.epochs * micro_per_epoch / cfg.grad_accum))
    n_epochs = math.ceil(total * cfg.grad_accum / micro_per_epoch) if micro_per_epoch else 1
    warmup = int(total * cfg.warmup_ratio)
    pad_id = int(tok.pad_token_id)
    fingerprint = _fingerprint(cfg, digest)

    step, micro_done, tokens = 0, 0, 0
    log_rows: list[dict[str, Any]] = []
    initial_eval: float | None = None
    evals: list[dict[str, Any]] = []
    best: tuple[dict[str, Any], dict[str, Any]] | None = None  # (evaluation, adapter weights)
    gen_items = sorted(enc_val, key=lambda e: sum(lab != -100 for lab in e.labels))[: cfg.gen_check]
    loss_items = enc_val
    if cfg.eval_samples and len(enc_val) > cfg.eval_samples:
        loss_items = [enc_val[int(i * len(enc_val) / cfg.eval_samples)] for i in range(cfg.eval_samples)]

    def run_eval(at: int) -> float | None:
        nonlocal best
        loss = evaluate(model, loss_items, bs, pad_id, device)
        row: dict[str, Any] = {"step": at, "eval_loss": loss}
        if gen_items:
            row["gen"] = generation_check(model, gen_items, tok, device, cfg.gen_max_new_tokens)
            log.info(
                "step %d: eval loss %s, %d/%d checked replies ended",
                at,
                row["eval_loss"],
                row["gen"]["ended"],
                row["gen"]["checked"],
            )
        evals.append(row)
        if cfg.select_best and at > 0 and enc_val and _better(row, best[0] if best else None):
            best = (row, {k: v.detach().clone() for k, v in get_peft_model_state_dict(model).items()})
        return loss

    state = _resume_state(work, model, opt, fingerprint) if cfg.resume else None
    if state:
        step, micro_done, tokens = state["step"], state["micro"], state["tokens"]
        log_rows, initial_eval = state["log"], state["initial_eval"]
        evals = state.get("evals", [])
        log.info("resuming from step %d", step)
    resumed_from = step
    if state is None:
        emit(StepInfo(phase="eval", total=total, message="initial eval loss"))
        initial_eval = run_eval(0)
    model.train()
    t_train = time.monotonic()
    accum_loss, accum_n = 0.0, 0
    micro_iter = _iter_micro(enc_train, cfg, n_epochs)
    for _ in range(micro_done):  # skip what the checkpoint already covered (same order: same seed)
        next(micro_iter, None)
    eval_loss = initial_eval
    while step < total:
        nxt = next(micro_iter, None)
        if nxt is None:
            break
        _epoch, batch = nxt
        b = _collate(batch, pad_id, device)
        loss = model(**b).loss
        (loss / cfg.grad_accum).backward()
        accum_loss += float(loss.detach())
        accum_n += 1
        micro_done += 1
        tokens += int((b["labels"] != -100).sum())
        if accum_n < cfg.grad_accum:
            continue
        if not cfg.threads and step % 8 == 7 and device == "cpu":
            torch.set_num_threads(auto_threads())
        lr = _lr_at(step, total, warmup, cfg.learning_rate)
        for group in opt.param_groups:
            group["lr"] = lr
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        step_loss = accum_loss / accum_n
        accum_loss, accum_n = 0.0, 0
        row: dict[str, Any] = {
            "step": step,
            "loss": round(step_loss, 5),
            "lr": lr,
            "seconds": round(time.monotonic() - t_train, 2),
        }
        if cfg.eval_every and step % cfg.eval_every == 0 and step < total:
            emit(StepInfo(phase="eval", step=step, total=total, message="eval loss + generation check"))
            eval_loss = run_eval(step)
            row["eval_loss"] = eval_loss
        log_rows.append(row)
        emit(
            StepInfo(
                phase="train",
                step=step,
                total=total,
                loss=step_loss,
                lr=lr,
                eval_loss=eval_loss,
                seconds=time.monotonic() - t_train,
            )
        )
        if step % cfg.save_every == 0 and step < total:
            emit(StepInfo(phase="save", step=step, total=total, message="checkpoint"))
            ck_state = {
                "step": step,
                "micro": micro_done,
                "tokens": tokens,
                "log": log_rows,
                "initial_eval": initial_eval,
                "fingerprint": fingerprint,
                "evals": evals,
            }
            _save_or_raise("a checkpoint", lambda st=ck_state: _save_checkpoint(work, model, opt, st))  # type: ignore[misc]  # default argument binds this step's state; mypy rejects a lambda def
    train_seconds = time.monotonic() - t_train
    emit(StepInfo(phase="eval", step=step, total=total, message="final eval loss"))
    final_eval = run_eval(step)
    selected: int | None = None
    if best is not None and best[0]["step"] != step:
        set_peft_model_state_dict(model, best[1])
        selected = int(best[0]["step"])
        log.info(
            "keeping the adapter of step %d (eval loss %s, replies ended %s) rather than step %d",
            selected,
            best[0]["eval_loss"],
            best[0].get("gen", {}).get("ended"),
            step,
        )
    losses = [r["loss"] for r in log_rows]
    result = TrainResult(
        out=str(out),
        base=ref.label,
        data=str(cfg.data),
        data_hash=digest,
        steps=step,
        epochs=round(step * cfg.grad_accum / micro_per_epoch, 3),
        train_samples=len(enc_train),
        validation_samples=len(enc_val),
        dropped_too_long=dropped,
        truncated=truncated,
        tokens_trained=tokens,
        first_loss=losses[0] if losses else None,
        final_train_loss=sum(losses[-5:]) / len(losses[-5:]) if losses else None,
        initial_eval_loss=initial_eval,
        final_eval_loss=final_eval,
        seconds=round(time.monotonic() - t_start, 1),
        seconds_per_step=round(train_seconds / max(1, step - resumed_from), 3),
        load_seconds=round(load_seconds, 1),
        peak_rss_mb=round(peak_rss_mb(), 1),
        device=device,
        dtype=cfg.dtype,
        peak_gpu_mb=round(torch.cuda.max_memory_allocated() / 2**20, 1)
        if device.startswith("cuda")
        else None,
        evals=evals,
        selected_step=selected,
        trainable_params=trainable,
        total_params=total_params,
        resumed_from=resumed_from,
        hyper=json.loads(
            cfg.model_dump_json(
                exclude={"data", "out", "resume", "force", "base", "held_out_suites", "val_fraction"}
            )
        ),
    )
    result.hyper["steps_per_epoch"] = steps_per_epoch
    emit(StepInfo(phase="save", step=step, total=total, message="adapter"))
    gguf_base = ref.path / ref.gguf_file if ref.gguf_file else None
    _save_or_raise(f"the adapter to {work}", lambda: _write_final(work, model, result, log_rows, gguf_base))
    if out.exists():
        shutil.rmtree(out)
    work.rename(out)
    emit(StepInfo(phase="done", step=step, total=total, loss=result.final_train_loss, eval_loss=final_eval))
    log.info("adapter written to %s (%d steps, %.1fs)", out, step, result.seconds)
    return result


def _save_adapter(model: Any, path: Path) -> None:
    with warnings.catch_warnings():  # peft looks for the base's config.json, which a GGUF base has not
        warnings.filterwarnings("ignore", message="Could not find a config file")
        model.save_pretrained(str(path))


def _write_final(
    work: Path, model: Any, result: TrainResult, log_rows: list[dict[str, Any]], gguf_base: Path | None
) -> None:
    _save_adapter(model, work)
    if gguf_base is not None:
        from veriagent.train.gguf_lora import ADAPTER_FILE, convert_adapter

        try:
            convert_adapter(work, gguf_base, work / ADAPTER_FILE)
            result.gguf_adapter = str(result.out) + "/" + ADAPTER_FILE
        except BadInput as exc:  # the peft adapter is still fine for hf:
            log.warning("no llama.cpp adapter written: %s", exc.message)
    with (work / "train_log.jsonl").open("w", encoding="utf-8") as f:
        for row in log_rows:
            f.write(json.dumps(row) + "\n")
    (work / "veriagent_train.json").write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    (work / "README.md").write_text(model_card(result), encoding="utf-8")
    shutil.rmtree(work / "checkpoint", ignore_errors=True)
    shutil.rmtree(work / "checkpoint.tmp", ignore_errors=True)
    (work / "done").write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) + "\n", encoding="utf-8")


def _gen_summary(r: TrainResult) -> str:
    rows = [f"step {e['step']}: {e['gen']['ended']}/{e['gen']['checked']}" for e in r.evals if e.get("gen")]
    return ", ".join(rows) or "off"


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


def model_card(r: TrainResult) -> str:
    """The adapter's README.md: base, data, hyper-parameters, losses, time."""
    h = r.hyper
    samples = (
        f"{r.train_samples} / {r.validation_samples} (dropped too long: {r.dropped_too_long}, "
        f"truncated: {r.truncated})"
    )
    lora = (
        f"r={h.get('lora_r')}, alpha={h.get('lora_alpha')}, dropout={h.get('lora_dropout')}, "
        f"targets={', '.join(h.get('target_modules', []))}"
    )
    return f"""---
base_model: {r.base}
library_name: peft
tags: [veriagent, lora, verilog]
---
# veriagent LoRA adapter

LoRA adapter trained by `veriagent finetune` (supervised fine-tuning, loss on the assistant reply only).

| | |
|---|---|
| base | `{r.base}` |
| data | `{r.data}` |
| data hash (sha256) | `{r.data_hash}` |
| train / validation samples | {samples} |
| LoRA | {lora} |
| optimiser | AdamW, lr={h.get("learning_rate")}, warmup ratio {h.get("warmup_ratio")}, cosine to 10% |
| batch | {h.get("batch_size")} x grad-accum {h.get("grad_accum")}, max length {h.get("max_length")} tokens |
| steps / epochs | {r.steps} / {r.epochs} |
| seed, dtype, device | {h.get("seed")}, {r.dtype}, {r.device} |
| trainable / total params | {r.trainable_params:,} / {r.total_params:,} |
| first / final train loss | {_fmt(r.first_loss)} / {_fmt(r.final_train_loss)} (mean of the last 5 steps) |
| eval loss before / after | {_fmt(r.initial_eval_loss)} / {_fmt(r.final_eval_loss)} |
| generation check (greedy replies that end, per evaluation) | {_gen_summary(r)} |
| adapter kept | step {r.selected_step if r.selected_step is not None else r.steps} |
| time | {r.seconds:.1f} s total, {r.load_seconds:.1f} s loading, {r.seconds_per_step:.2f} s/step |
| peak RSS | {r.peak_rss_mb:,.0f} MB |

Use it: `veriagent generate --model "hf:{r.base}+adapter=<this dir>" spec.md`.
"""


# --------------------------------------------------------------------------------------------------
# Command-line glue (config + flags -> SFTConfig, progress bar, result table)
# --------------------------------------------------------------------------------------------------


def sft_config_from(
    train_cfg: TrainConfig,
    *,
    data: Path,
    out: Path,
    base: str | None,
    target_modules: str | None,
    **flags: Any,
) -> SFTConfig:
    """An :class:`SFTConfig` from the ``[train]`` settings overridden by the flags that were given.

    Raises:
        BadInput: no base model anywhere, or a value out of range.
    """
    base = base or train_cfg.base
    if not base:
        raise BadInput("no base model: pass --base (HF dir, .gguf file or catalogue name) or set train.base")
    values: dict[str, Any] = train_cfg.model_dump(exclude={"base"})
    values.update({k: v for k, v in flags.items() if v is not None})
    if target_modules:
        values["target_modules"] = [t.strip() for t in target_modules.split(",") if t.strip()]
    if values.get("dtype") not in ("bf16", "fp32"):
        raise BadInput(f"--dtype must be bf16 or fp32, not {values['dtype']!r}")
    try:
        return SFTConfig(base=base, data=data, out=out, **values)
    except ValidationError as exc:
        errs = exc.errors()
        where = ".".join(str(x) for x in errs[0]["loc"]).replace("_", "-") if errs else "config"
        raise BadInput(f"--{where}: {errs[0]['msg'] if errs else exc}") from None


class train_progress:
    """A rich progress bar fed by :func:`train`'s ``on_step`` events."""

    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task: Any = None

    def __enter__(self) -> OnStep:
        return self.update

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self.task is None:
            return
        if exc_type is not None:  # an error message follows: do not leave a half-drawn bar above it
            self.progress.live.transient = True
        self.progress.stop()

    def update(self, info: StepInfo) -> None:
        """Render one event (the bar appears at the first event, after the inputs were checked)."""
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("loading", total=None, info="")
        text = ""
        if info.loss is not None:
            text = f"loss {info.loss:.4f}"
        if info.eval_loss is not None:
            text += f"  eval {info.eval_loss:.4f}"
        desc = {
            "load": "loading",
            "train": "training",
            "eval": "evaluating",
            "save": "saving",
            "done": "done",
        }[info.phase]
        if info.message and info.phase != "train":
            desc = f"{desc} ({info.message})" if info.phase != "load" else info.message
        self.progress.update(
            self.task, description=desc, completed=info.step, total=info.total or None, info=text
        )


def render_result(r: TrainResult) -> Any:
    """A rich table summarising a finished run."""
    from rich.table import Table

    table = Table("", "", title=f"adapter written to {r.out}", show_header=False)
    rows = [
        ("base", r.base),
        ("data hash", r.data_hash[:16]),
        ("samples (train/val)", f"{r.train_samples}/{r.validation_samples}"),
        ("steps", str(r.steps)),
        ("train loss (first -> final)", f"{_fmt(r.first_loss)} -> {_fmt(r.final_train_loss)}"),
        ("eval loss (before -> after)", f"{_fmt(r.initial_eval_loss)} -> {_fmt(r.final_eval_loss)}"),
        ("time", f"{r.seconds:.1f}s ({r.seconds_per_step:.2f} s/step, load {r.load_seconds:.1f}s)"),
        ("peak RSS", f"{r.peak_rss_mb:,.0f} MB"),
        ("device/dtype", f"{r.device}/{r.dtype}"),
        ("replies that end (generation check)", _gen_summary(r)),
        ("adapter kept", f"step {r.selected_step if r.selected_step is not None else r.steps}"),
    ]
    for k, v in rows:
        table.add_row(k, v)
    return table
