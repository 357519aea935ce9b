"""``local:<name>``: a GGUF model run in-process with llama-cpp-python (the embedded default backend).

The chat template is the one stored in the GGUF (llama-cpp-python's ``create_chat_completion``
reads it). One llama.cpp model is loaded per process and cached; a process-wide lock runs calls
one at a time, because two llama.cpp computations on a small machine slow each other drastically.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from veriagent.config import Settings
from veriagent.llm.base import (
    BackendUnavailable,
    ContextLengthError,
    GenParams,
    LLMError,
    MalformedReply,
    Message,
    Reply,
    Usage,
)

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "llama-cpp-python is not installed; run `make llama` (or `bash scripts/setup_llama.sh .venv/bin/python`)"
)
DEFAULT_N_CTX = 8192

#: Serialises every llama.cpp call (and load) in this process.
LLAMA_LOCK = threading.RLock()
_loaded: dict[str, Any] = {}  # key "path|n_ctx" -> Llama; at most one entry


def default_threads() -> int:
    """Threads for llama.cpp: the cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - non-Linux
        return os.cpu_count() or 1


def _running_in(path: str) -> int:
    try:
        return int(Path(path).read_text().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return 0


def others_running() -> int:
    """Runnable threads of other processes right now (``/proc/loadavg`` minus this process's own)."""
    total = _running_in("/proc/loadavg")
    own = 0
    try:
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError, IndexError):
                stat = (task / "stat").read_text()
                if stat[stat.rindex(")") + 2] == "R":
                    own += 1
    except OSError:
        return 0
    return max(total - own, 0)


class ThreadGovernor:
    """Chooses llama.cpp's thread count while it runs: the cores that other processes leave idle.

    llama.cpp's threads meet at a barrier after every operation; when another process takes one
    of their cores, each barrier waits for a scheduler time slice. On a 2-core machine with other
    work running, 2 threads generate ~20x slower than 1 (measured: 0.3 vs 5.2 tokens/s with the
    0.5B model). So the count is re-chosen every ``every`` decode steps from the run queue, as the
    median of the last 3 samples. ``fixed`` > 0 pins it instead.
    """

    def __init__(
        self, cores: int, fixed: int = 0, every: int = 8, sampler: Callable[[], int] = others_running
    ) -> None:
        self.cores = max(cores, 1)
        self.fixed = fixed
        self.every = every
        self.sampler = sampler
        self.current = 0
        self._samples: list[int] = []
        self._steps = 0

    def choose(self) -> int:
        """The thread count to use now."""
        if self.fixed:
            return self.fixed
        self._samples = [*self._samples[-2:], self.sampler()]
        busy = sorted(self._samples)[len(self._samples) // 2]
        return max(1, self.cores - busy)

    def step(self, ctx: Any, set_threads: Any) -> None:
        """Called before each decode: every ``every`` steps, apply a new count if it changed."""
        if self._steps % self.every == 0:
            n = self.choose()
            if n != self.current:
                set_threads(ctx, n, n)
                if self.current:
                    log.debug("llama.cpp threads %d -> %d", self.current, n)
                self.current = n
        self._steps += 1


def _import_llama() -> Any:
    try:
        import llama_cpp
    except ImportError:
        raise BackendUnavailable(INSTALL_HINT) from None
    return llama_cpp


def load_model(path: Path, *, n_ctx: int = DEFAULT_N_CTX, lora: Path | None = None) -> Any:
    """The llama.cpp model for ``path`` (plus a GGUF LoRA ``lora``), loading it (and dropping any other) when
    needed.

    Raises:
        BackendUnavailable: llama-cpp-python is missing or cannot load the file.
    """
    threads = default_threads()  # per-call counts are set by ThreadGovernor
    key = f"{path}|{n_ctx}|{lora or ''}"
    with LLAMA_LOCK:
        if key in _loaded:
            return _loaded[key]
        llama_cpp = _import_llama()
        _loaded.clear()  # one model at a time: free the previous one before loading
        log.info("loading %s (n_ctx=%d, threads=%d)", path, n_ctx, threads)
        t0 = time.monotonic()
        try:
            model = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                n_batch=512,
                verbose=False,
                **({"lora_path": str(lora)} if lora else {}),
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise BackendUnavailable(f"llama.cpp cannot load {path}: {exc}") from None
        log.info("loaded %s in %.1fs", path.name, time.monotonic() - t0)
        _loaded[key] = model
        return model


def unload() -> None:
    """Drop the cached model (frees its memory once no caller holds it)."""
    with LLAMA_LOCK:
        _loaded.clear()


class LocalGGUFBackend:
    """A GGUF model run in-process by llama.cpp."""

    def __init__(
        self,
        name: str,
        path: Path,
        *,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int = 0,
        adapter: Path | None = None,
    ) -> None:
        self.name = f"local:{name}"
        self.path = path
        self.adapter = adapter  # a llama.cpp GGUF LoRA (``local:NAME+adapter=DIR``)
        self.n_ctx = n_ctx
        self.n_threads = n_threads  # 0 = auto (ThreadGovernor)
        self.last_threads: list[int] = []  # thread counts used by the last call (for diagnostics)

    def chat(self, messages: list[Message], params: GenParams) -> Reply:
        """Run one chat completion with the GGUF's own chat template.

        Raises:
            BackendUnavailable: llama-cpp-python missing or the model cannot be loaded.
            ContextLengthError: prompt plus ``max_tokens`` exceed the context window.
            MalformedReply: llama.cpp returned something without a message.
        """
        with LLAMA_LOCK:
            model = load_model(self.path, n_ctx=self.n_ctx, lora=self.adapter)
            kwargs: dict[str, Any] = {
                "messages": [m.to_dict() for m in messages],
                "temperature": params.temperature,
                "max_tokens": params.max_tokens,
                "stop": list(params.stop) or None,
                "repeat_penalty": params.repeat_penalty,
            }
            if params.seed is not None:
                kwargs["seed"] = params.seed
            llama_cpp = _import_llama()
            governor = ThreadGovernor(default_threads(), self.n_threads)
            used: list[int] = []
            real_eval = model.eval

            def governed_eval(tokens: Any) -> Any:
                governor.step(model.ctx, llama_cpp.llama_set_n_threads)
                if not used or used[-1] != governor.current:
                    used.append(governor.current)
                return real_eval(tokens)

            model.eval = governed_eval  # llama-cpp-python's generate() calls self.eval per decode step
            if params.temperature == 0:
                # greedy decoding must not depend on the previous call: llama-cpp-python would reuse the
                # KV cache of a shared prompt prefix and evaluate only the rest, in other batch shapes,
                # which changes the floats enough to flip near-ties (the same prompt, another reply)
                model.reset()
            t0 = time.monotonic()
            try:
                resp = model.create_chat_completion(**kwargs)
            except ValueError as exc:
                if "context window" in str(exc) or "exceed" in str(exc):
                    raise ContextLengthError(f"{self.name}: {exc}") from None
                raise LLMError(f"{self.name}: {exc}") from None
            finally:
                del model.eval
            latency = time.monotonic() - t0
            self.last_threads = used
        return _to_reply(resp, latency, self.name)

    def chat_batch(self, requests: list[tuple[list[Message], GenParams]]) -> list[Reply]:
        """Several completions decoded together in one llama.cpp batch (see :func:`decode_batch`).

        Falls back to one :meth:`chat` after another for a single request, or when a request sets
        ``stop`` strings or a repeat penalty (not implemented in the batched sampler).

        Raises:
            BackendUnavailable, LLMError: as :meth:`chat`.
        """
        if len(requests) < 2 or any(p.stop or p.repeat_penalty != 1.0 for _, p in requests):
            return [self.chat(m, p) for m, p in requests]
        with LLAMA_LOCK:
            model = load_model(self.path, n_ctx=self.n_ctx, lora=self.adapter)
            if self.adapter is not None:
                return [self.chat(m, p) for m, p in requests]
            prompts = [_prompt_tokens(model, m) for m, _ in requests]
            governor = ThreadGovernor(default_threads(), self.n_threads)
            replies = decode_batch(model, prompts, [p for _, p in requests], governor=governor)
            self.last_threads = [governor.current]
        for r in replies:
            r.model = self.name
        return replies


def _to_reply(resp: Any, latency: float, name: str) -> Reply:
    try:
        choice = resp["choices"][0]
        text = choice["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise MalformedReply(f"{name}: llama.cpp returned no message") from None
    usage = resp.get("usage") or {}
    return Reply(
        text=text,
        usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))),
        latency=latency,
        finish_reason=str(choice.get("finish_reason") or "stop"),
        model=name,
    )


def create(name: str, settings: Settings) -> LocalGGUFBackend:
    """The backend for ``local:<name>`` (a catalogue name or a path to a ``.gguf`` file).

    Raises:
        ModelNotFound: unknown or not pulled (with the pull command).
        BackendUnavailable: llama-cpp-python is not installed (with the install command).
    """
    from veriagent.llm.models import CATALOG, resolve

    name, _, adapter_dir = name.partition("+adapter=")
    adapter = _adapter_gguf(Path(adapter_dir).expanduser()) if adapter_dir else None
    path = resolve(name, settings)
    _import_llama()  # fail now, with the install hint, rather than at the first call
    entry = CATALOG.get(name)
    n_ctx = entry.n_ctx if entry else DEFAULT_N_CTX
    label = Path(name).stem if name.endswith(".gguf") else name
    if adapter is not None:
        label += f"+adapter={adapter_dir}"
    return LocalGGUFBackend(label, path, n_ctx=n_ctx, n_threads=settings.llm_threads, adapter=adapter)


def _adapter_gguf(adapter: Path) -> Path:
    """The llama.cpp LoRA file of ``+adapter=``: a ``.gguf`` file, or ``DIR/adapter.gguf``.

    Raises:
        ModelNotFound: no such file (``veriagent finetune`` on a GGUF base writes ``adapter.gguf``).
    """
    from veriagent.llm.base import ModelNotFound

    path = adapter if adapter.suffix == ".gguf" else adapter / "adapter.gguf"
    if not path.is_file():
        raise ModelNotFound(
            f"no llama.cpp LoRA at {path}; `veriagent finetune` writes adapter.gguf when the base "
            "is a GGUF (or convert with veriagent.train.gguf_lora.convert_adapter)"
        )
    return path


def _prompt_tokens(model: Any, messages: list[Message]) -> list[int]:
    """The prompt of ``messages`` under the GGUF's chat template, tokenized as create_chat_completion does."""
    from llama_cpp import llama_chat_format

    template = model.metadata.get("tokenizer.chat_template")
    if not template:
        raise LLMError("the GGUF has no chat template: batched decoding needs one")
    eos, bos = model.token_eos(), model.token_bos()
    fmt = llama_chat_format.Jinja2ChatFormatter(
        template=template,
        eos_token=model._model.token_get_text(eos) if eos != -1 else "",
        bos_token=model._model.token_get_text(bos) if bos != -1 else "",
    )
    res = fmt(messages=[m.to_dict() for m in messages])  # type: ignore[misc]  # llama_cpp types the formatter loosely
    return list(model.tokenize(res.prompt.encode("utf-8"), add_bos=not res.added_special, special=True))


def decode_batch(  # noqa: C901 (one llama.cpp batch: setup, prefill, decode loop and cleanup share the C handles)
    model: Any,
    prompts: list[list[int]],
    params: list[GenParams],
    *,
    governor: ThreadGovernor,
) -> list[Reply]:
    """Generate one reply per prompt, all sequences in one llama.cpp batch.

    The prompts' common token prefix is evaluated once (sequence 0) and shared with the other
    sequences through the KV cache (``llama_memory_seq_cp``); each sequence's own suffix is then
    evaluated, and every decode step advances all unfinished sequences together in one
    ``llama_decode``. Sampling per sequence: greedy at temperature 0, else top-k 40, top-p 0.95,
    min-p 0.05, temperature, seeded (llama-cpp-python's defaults). The shared prompt is counted once:
    reply 0 carries the prefix's tokens, every reply its own suffix. ``governor`` re-chooses the
    thread count before every decode (as for :meth:`LocalGGUFBackend.chat`).

    Raises:
        LLMError: llama.cpp refused the context or a decode.
    """
    import llama_cpp as lc

    n = len(prompts)
    common = 0
    while all(len(p) > common for p in prompts) and len({p[common] for p in prompts}) == 1:
        common += 1
    common = min(common, min(len(p) for p in prompts) - 1)  # every sequence evaluates >= 1 own token
    n_ctx = common + sum(len(p) - common for p in prompts) + sum(p.max_tokens for p in params) + 64
    cp = lc.llama_context_default_params()
    cp.n_ctx = (n_ctx + 255) // 256 * 256
    cp.n_batch = cp.n_ubatch = 512
    cp.n_seq_max = n
    cp.n_threads = cp.n_threads_batch = max(governor.choose(), 1)
    cp.kv_unified = True
    ctx = lc.llama_init_from_model(model.model, cp)
    if not ctx:
        raise LLMError("llama.cpp could not create a context for batched decoding")
    batch = lc.llama_batch_init(512, 0, n)
    vocab = lc.llama_model_get_vocab(model.model)
    samplers = []
    t0 = time.monotonic()
    try:

        def run(items: list[tuple[int, int, int, bool]]) -> None:
            """Decode (token, pos, seq, wants logits) items in chunks of 512."""
            for lo in range(0, len(items), 512):
                chunk = items[lo : lo + 512]
                for i, (tok, pos, seq, logits) in enumerate(chunk):
                    batch.token[i], batch.pos[i], batch.n_seq_id[i] = tok, pos, 1
                    batch.seq_id[i][0], batch.logits[i] = seq, logits
                batch.n_tokens = len(chunk)
                governor.step(ctx, lc.llama_set_n_threads)
                if lc.llama_decode(ctx, batch) != 0:
                    raise LLMError("llama.cpp: decode failed in batched generation (context full?)")

        run([(t, pos, 0, False) for pos, t in enumerate(prompts[0][:common])])
        mem = lc.llama_get_memory(ctx)
        for s in range(1, n):
            lc.llama_memory_seq_cp(mem, 0, s, -1, -1)
        # each sequence's own tokens but the last, then every last token in one decode (llama.cpp
        # keeps the logits of the latest decode only)
        run([(t, common + k, s, False) for s, p in enumerate(prompts) for k, t in enumerate(p[common:-1])])
        run([(p[-1], len(p) - 1, s, True) for s, p in enumerate(prompts)])
        last = list(range(n))
        for p in params:
            chain = lc.llama_sampler_chain_init(lc.llama_sampler_chain_default_params())
            if p.temperature <= 0:
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_greedy())
            else:
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_top_k(40))
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_top_p(0.95, 1))
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_min_p(0.05, 1))
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_temp(p.temperature))
                seed = p.seed if p.seed is not None else int.from_bytes(os.urandom(4), "little")
                lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_dist(seed & 0xFFFFFFFF))
            samplers.append(chain)
        out: list[list[int]] = [[] for _ in range(n)]
        reason = ["length"] * n
        pos = [len(p) for p in prompts]
        active = list(range(n))
        idx = dict(zip(range(n), last, strict=True))
        while active:
            step: list[tuple[int, int, int, bool]] = []
            for s in list(active):
                tok = lc.llama_sampler_sample(samplers[s], ctx, idx[s])
                if lc.llama_vocab_is_eog(vocab, tok):
                    reason[s] = "stop"
                    active.remove(s)
                    continue
                out[s].append(tok)
                if len(out[s]) >= params[s].max_tokens:
                    active.remove(s)
                    continue
                step.append((tok, pos[s], s, True))
                pos[s] += 1
            if not step:
                break
            idx = {item[2]: i for i, item in enumerate(step)}
            run(step)
    finally:
        for chain in samplers:
            lc.llama_sampler_free(chain)
        lc.llama_batch_free(batch)
        lc.llama_free(ctx)
    latency = time.monotonic() - t0
    replies = []
    for s in range(n):
        text = model.detokenize(out[s]).decode("utf-8", errors="replace")
        own = len(prompts[s]) - common + (common if s == 0 else 0)
        replies.append(
            Reply(text=text, usage=Usage(own, len(out[s])), latency=latency / n, finish_reason=reason[s])
        )
    return replies
